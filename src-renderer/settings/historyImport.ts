/**
 * Pure helpers for the History page's "Import from your accounts": the range offered first, how
 * an import's progress reads, and what the automatic catch-up has done. No React, no DOM.
 */
import { addDays } from '../../src-shared/calendar-day'
import { importDayLabel, type HistoryImportJob, type HistoryImportSource } from '../../src-shared/history'

/** The last week up to yesterday (today is being recorded), within what the source allows. */
export function defaultRange(source: Pick<HistoryImportSource, 'earliest' | 'latest' | 'maxDays'>): { from: string; to: string } {
  const to = addDays(source.latest, -1) < source.earliest ? source.latest : addDays(source.latest, -1)
  const from = addDays(to, -(Math.min(7, source.maxDays) - 1))
  return { from: from < source.earliest ? source.earliest : from, to }
}

export function isRunning(job: HistoryImportJob | null): boolean {
  return job !== null && (job.state === 'running' || job.state === 'cancelling')
}

/** How far along, 0–1, for the bar. */
export function progressFraction(job: HistoryImportJob): number {
  return job.totalDays > 0 ? Math.min(1, job.counts.days / job.totalDays) : 0
}

/** "Day 3 of 7 · Wed 18 Nov", "Days 8–14 of 30 · Mon 9 Nov to Sun 15 Nov". */
export function progressText(job: HistoryImportJob): string {
  if (job.state === 'cancelling') return 'Cancelling after the request under way…'
  const current = job.current
  if (!current) return `Starting: ${job.totalDays} ${job.totalDays === 1 ? 'day' : 'days'}…`
  const first = job.counts.days + 1
  const count = Math.round((Date.parse(current.to) - Date.parse(current.from)) / 86_400_000) + 1
  const days = count === 1 ? `Day ${first} of ${job.totalDays}` : `Days ${first}–${first + count - 1} of ${job.totalDays}`
  const when = current.from === current.to ? importDayLabel(current.from) : `${importDayLabel(current.from)} to ${importDayLabel(current.to)}`
  if (job.waiting) return `${days} · waiting for Amber's request allowance: the live price reads come first.`
  return `${days} · ${when}`
}

/** What the daily catch-up does for this source, and how far it has got. */
export function catchUpNote(source: Pick<HistoryImportSource, 'kind' | 'caughtUpThrough'>): string {
  const what =
    source.kind === 'amber'
      ? 'Metered usage arrives about a day late: Sunspill fetches it again each day until Amber has published it'
      : 'Days Sunspill was not running are filled in from AlphaESS the day after'
  return source.caughtUpThrough ? `${what}; complete through ${importDayLabel(source.caughtUpThrough)}.` : `${what}.`
}

/** "22 Nov 2025" when the year is not today's, "Sat 22 Nov" when it is. */
export function datedLabel(date: string, today: string): string {
  if (date.slice(0, 4) === today.slice(0, 4)) return importDayLabel(date)
  return new Intl.DateTimeFormat('en-AU', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(Date.parse(`${date}T12:00:00Z`))
}

/** The select's label for a source: its name and what it is. */
export function sourceLabel(source: Pick<HistoryImportSource, 'name' | 'kind'>): string {
  return `${source.name} (${source.kind === 'amber' ? 'Amber site' : 'AlphaESS system'})`
}
