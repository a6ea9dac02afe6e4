/**
 * The sentences an import ends with: what it brought, what it kept of Sunspill's own record, and
 * when it stopped, why and what to do next. Made in the core so every window (and the headless
 * API) reads the same words.
 */
import { importDayLabel as dayLabel, type HistoryImportCounts, type ImportKind } from '../../../src-shared/history'
import { VendorError } from '../errors'
import { waitPhrase } from '../vendors/shared/wait-phrase'
import { addDays } from '../../../src-shared/calendar-day'

export interface JobFacts {
  kind: ImportKind
  accountName: string
  from: string
  to: string
  totalDays: number
  counts: HistoryImportCounts
  today: string
  /** Amber's days in the range it has not metered whole. */
  unmetered: string[]
}

const VENDOR: Record<ImportKind, string> = { alphaess: 'AlphaESS', amber: 'Amber' }

/** 2016 → "2 016" (a space that does not break between the digits). */
export function grouped(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`
}

function rangeLabel(from: string, to: string): string {
  return from === to ? dayLabel(from) : `${dayLabel(from)} to ${dayLabel(to)}`
}

/** What went in, as a list: "2 016 power samples" or "336 prices, 7 days of metered usage". */
function brought(kind: ImportKind, c: HistoryImportCounts): string {
  if (kind === 'alphaess') return plural(c.samples, 'power sample')
  return `${plural(c.prices, 'price')}, ${plural(c.usageDays, 'day')} of metered usage`
}

function addedAnything(c: HistoryImportCounts): boolean {
  return c.samples + c.prices + c.usageDays > 0
}

function keptClause(c: HistoryImportCounts): string {
  if (c.keptDays === 0) return ''
  return `; ${plural(c.keptDays, 'day')} already recorded by Sunspill ${c.keptDays === 1 ? 'was' : 'were'} kept`
}

/** Amber's usage for the last day or two is not out yet: say it will follow rather than leave a silent hole. */
function usageLagNote(f: JobFacts): string {
  const recent = addDays(f.today, -2)
  if (f.kind !== 'amber' || !f.unmetered.some((day) => day >= recent)) return ''
  return ' Usage for the latest days follows by itself once Amber publishes it (about a day late).'
}

export function doneSentence(f: JobFacts): string {
  const c = f.counts
  if (!addedAnything(c)) {
    const why = c.keptDays > 0 ? 'Sunspill had recorded those days itself, and its own record was kept.' : 'those days were already in the history, or it has nothing for them.'
    return `Nothing new from ${f.accountName} for ${rangeLabel(f.from, f.to)}: ${why}${usageLagNote(f)}`
  }
  return `Imported ${plural(c.days, 'day')} from ${f.accountName}: ${brought(f.kind, c)}${keptClause(c)}.${usageLagNote(f)}`
}

function soFar(f: JobFacts): string {
  const c = f.counts
  if (!addedAnything(c)) return 'Nothing had been imported yet.'
  return `Imported before it stopped, and kept: ${c.days} of ${plural(f.totalDays, 'day')} (${brought(f.kind, c)}).`
}

export function cancelledSentence(f: JobFacts): string {
  const c = f.counts
  if (!addedAnything(c)) return `Import cancelled before anything was imported.`
  return `Import cancelled after ${c.days} of ${plural(f.totalDays, 'day')}; what it brought stays: ${brought(f.kind, c)}${keptClause(c)}.`
}

/** A reason of the import's own for stopping, already a sentence. */
export class ImportStop extends Error {
  override name = 'ImportStop'
}

/** The vendor's sentence without "Sunspill keeps trying": this import does not, the user does. */
function reasonOf(error: unknown, vendor: string): string {
  if (error instanceof ImportStop) return error.message
  if (error instanceof VendorError) {
    if (error.kind === 'rate-limited') return `${vendor} is limiting requests right now.`
    return error.message
      .replace(/;\s*Sunspill keeps trying\.?\s*$/, '.')
      .replace(/\s*Sunspill keeps trying\.?\s*$/, '')
      .trim()
  }
  const detail = error instanceof Error ? error.message : String(error)
  return `Something went wrong reading ${vendor}'s record (${detail}).`
}

function nextStep(error: unknown): string {
  const skip = 'days already in the history are skipped.'
  if (error instanceof VendorError) {
    if (error.kind === 'rate-limited') return `Import again in ${waitPhrase(error.retryAfterMs ?? 5 * 60_000)}: ${skip}`
    if (error.kind === 'offline') return `Import again once it answers: ${skip}`
    if (error.kind === 'auth' || error.kind === 'config' || error.kind === 'clock') return `Then import again: ${skip}`
  }
  return `Import again later: ${skip}`
}

export function failedSentence(f: JobFacts, at: { from: string; to: string } | null, error: unknown): string {
  const where = at ? ` at ${rangeLabel(at.from, at.to)}` : ''
  return `Import stopped${where}. ${reasonOf(error, VENDOR[f.kind])} ${soFar(f)} ${nextStep(error)}`
}
