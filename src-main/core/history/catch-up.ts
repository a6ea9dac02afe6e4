/**
 * The daily catch-up: the days the history is still missing from an account's own record are
 * fetched again once the vendor has them.
 * - Amber meters usage about a day late, so the import made when the account was added finds
 *   yesterday partly metered and today empty. Each day not yet complete in the last week is asked
 *   for again (one /usage request for all of them) every few hours until Amber has it whole.
 * - AlphaESS's day imported when the account was added stops at that moment; once the day is over
 *   the rest of it (and any day Sunspill was not running) is fetched.
 * A day the loop recorded itself is never asked for: its own record wins anyway. Amber requests go
 * at background priority and only while the token's window keeps the price reads' share.
 */
import { HOUR_MS, MINUTE_MS } from '../time/durations'
import { amberClientFor, amberSiteData } from '../vendors/amber'
import { POLL_REQUESTS_PER_WINDOW } from '../vendors/amber/adapter'
import type { Secrets } from '../vendors/driver'
import type { Sleep } from '../vendors/shared/backoff'
import { alphaessClientFor, importAlphaessDay, importAmberDays, localDate, type ImportContext } from './import'
import { addDays } from '../../../src-shared/calendar-day'
import { daysFrom, daySpan, nemDaySpan } from './import-dates'
import { choiceOf, type ImportableAccount } from './import-sources'
import type { HistoryStore } from './store'

/** How far back the catch-up looks; older holes are the user's to import. */
export const CATCH_UP_DAYS = 7
/** The history asks itself this often whether an account has a day to catch up (costs no request). */
export const CATCH_UP_CHECK_MS = HOUR_MS
/** An Amber day still incomplete is asked for again after this long. */
export const AMBER_RETRY_MS = 3 * HOUR_MS
/** When the token's window has no room to spare, look again after this long. */
const NO_ROOM_RETRY_MS = 10 * MINUTE_MS
/** A day this much covered counts as whole (a tick or an interval may be missing at the edges). */
const WHOLE_SHARE = 0.98

interface Mark {
  /** Every day up to this one is done: complete, or recorded by the loop, or given up. */
  through: string
  /** Amber: not before this (a day was still incomplete, or the window was full). */
  retryAtMs?: number
}

export interface CatchUpContext extends ImportContext {
  sleep?: Sleep
}

export interface CatchUpReport {
  requests: number
  /** The window had no room for it: nothing was sent. */
  postponed: boolean
  through: string
}

export function catchUpKey(account: ImportableAccount): string {
  return `catchup:${account.id}:${choiceOf(account)}`
}

/** The meta key of the import made when the account was added (./index.ts). */
export function firstImportKey(account: ImportableAccount): string {
  return `import:${account.id}:${choiceOf(account)}`
}

function readMark(store: HistoryStore, account: ImportableAccount): Mark | null {
  try {
    const mark = JSON.parse(store.meta(catchUpKey(account)) ?? 'null') as Mark | null
    return mark && typeof mark.through === 'string' ? mark : null
  } catch {
    return null
  }
}

/** The last day the catch-up has finished for the account; null before it first ran. */
export function caughtUpThrough(store: HistoryStore, account: ImportableAccount): string | null {
  return readMark(store, account)?.through ?? null
}

/**
 * Where the catch-up starts: the day the account was added is the first to look at again (AlphaESS
 * stopped at that moment), and for Amber the day before it too (metered a day late).
 */
function startingMark(store: HistoryStore, account: ImportableAccount, timeZone: string, today: string): Mark {
  const lag = account.kind === 'amber' ? 2 : 1
  try {
    const first = JSON.parse(store.meta(firstImportKey(account)) ?? 'null') as { atMs?: number } | null
    if (first && typeof first.atMs === 'number') return { through: addDays(localDate(timeZone, first.atMs), -lag) }
  } catch {
    // An unreadable note of the first import: start as if it were today's.
  }
  return { through: addDays(today, -lag) }
}

function save(store: HistoryStore, account: ImportableAccount, mark: Mark) {
  store.setMeta(catchUpKey(account), JSON.stringify(mark))
}

const whole = (covered: number, span: { fromMs: number; toMs: number }) => covered >= WHOLE_SHARE * (span.toMs - span.fromMs)

export async function catchUpAccount(account: ImportableAccount, secrets: Secrets, ctx: CatchUpContext): Promise<CatchUpReport> {
  const nowMs = ctx.deps.clock.now()
  const today = localDate(ctx.timeZone, nowMs)
  const yesterday = addDays(today, -1)
  const mark = readMark(ctx.store, account) ?? startingMark(ctx.store, account, ctx.timeZone, today)
  const oldest = addDays(today, -CATCH_UP_DAYS)
  const first = addDays(mark.through, 1) > oldest ? addDays(mark.through, 1) : oldest
  const days = daysFrom(first, yesterday)
  const report: CatchUpReport = { requests: 0, postponed: false, through: mark.through }
  if (days.length === 0) {
    save(ctx.store, account, mark)
    return report
  }
  if (account.kind === 'alphaess') return catchUpAlphaess(account, secrets, ctx, days, mark, report)
  if (mark.retryAtMs !== undefined && nowMs < mark.retryAtMs) return report
  return catchUpAmber(account, secrets, ctx, days, mark, report)
}

async function catchUpAlphaess(
  account: ImportableAccount & { kind: 'alphaess' },
  secrets: Secrets,
  ctx: CatchUpContext,
  days: string[],
  mark: Mark,
  report: CatchUpReport,
): Promise<CatchUpReport> {
  const client = alphaessClientFor(account, secrets, ctx.deps, ctx.sleep)
  try {
    for (const day of days) {
      const span = daySpan(ctx.timeZone, day)
      if (!whole(ctx.store.coveredMs(span.fromMs, span.toMs, 'power'), span)) {
        report.requests++
        await importAlphaessDay(client, account.systemSn, day, ctx)
      }
      // Saved day by day: a failure later on does not ask for these again.
      mark.through = day
      save(ctx.store, account, mark)
    }
  } finally {
    await client.close()
  }
  report.through = mark.through
  return report
}

async function catchUpAmber(
  account: ImportableAccount & { kind: 'amber' },
  secrets: Secrets,
  ctx: CatchUpContext,
  days: string[],
  mark: Mark,
  report: CatchUpReport,
): Promise<CatchUpReport> {
  const nowMs = ctx.deps.clock.now()
  const missing = days.filter((day) => {
    const span = nemDaySpan(day)
    return !whole(ctx.store.coveredMs(span.fromMs, span.toMs), span)
  })
  let complete = (day: string) => !missing.includes(day)
  if (missing.length > 0) {
    // Prices too, only where the loop was not running to record them.
    const prices = missing.some((day) => {
      const span = nemDaySpan(day)
      return !whole(ctx.store.priceCoveredMs(span.fromMs, span.toMs), span)
    })
    const data = amberSiteData(amberClientFor(account, secrets, ctx.deps, ctx.sleep ? { sleep: ctx.sleep } : {}), account.siteId, 'background')
    const needed = prices ? 2 : 1
    // Background requests already leave the user's reserve; this leaves the price reads theirs too.
    if (data.requestsLeft() < needed + POLL_REQUESTS_PER_WINDOW) {
      save(ctx.store, account, { ...mark, retryAtMs: nowMs + NO_ROOM_RETRY_MS })
      return { ...report, postponed: true }
    }
    const range = { from: missing[0]!, to: missing.at(-1)! }
    report.requests += needed
    const result = await importAmberDays(data, range, ctx, { prices, usage: true })
    complete = (day) => {
      const span = nemDaySpan(day)
      return !missing.includes(day) || whole(result.usageCoveredMs.get(day) ?? 0, span) || whole(ctx.store.coveredMs(span.fromMs, span.toMs), span)
    }
  }
  // Only a run of complete days moves the mark: a day Amber has not finished is asked for again.
  let through = mark.through
  for (const day of days) {
    if (!complete(day)) break
    through = day
  }
  const next: Mark = { through }
  if (through < days.at(-1)!) next.retryAtMs = nowMs + AMBER_RETRY_MS
  save(ctx.store, account, next)
  return { ...report, through }
}
