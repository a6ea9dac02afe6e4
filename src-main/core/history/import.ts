/**
 * A vendor's own record of past days, copied into the history: AlphaESS's five-minute power for a
 * day (getOneDayPowerBySn), Amber's price history and metered usage for up to a week. Used when an
 * account is added (today; Amber from yesterday, as it meters usage about a day late), by the
 * import the user asks for (./range-import.ts) and by the daily catch-up (./catch-up.ts).
 * Imported rows only fill spans the loop has not recorded, and they never create sessions (the
 * vendors do not say which charger drew what).
 */
import type { AlphaessAccount, AmberAccount } from '../../../src-shared/settings'
import { DAY_MS, HOUR_MS } from '../time/durations'
import { zonedTimeToMs } from '../time/local-time'
import { AlphaessClient } from '../vendors/alphaess'
import { amberSiteDataFor, type AmberSiteData } from '../vendors/amber'
import type { DriverDeps, Secrets } from '../vendors/driver'
import type { Sleep } from '../vendors/shared/backoff'
import { attributeEv } from './attribution'
import { daysFrom, localDate } from './import-dates'
import type { HistoryStore } from './store'
import type { PriceRow, SampleRow } from './types'

export { localDate }

const FIVE_MINUTES_MS = 5 * 60_000
/** A sample further from its neighbour than this only covers five minutes. */
const MAX_IMPORTED_SPAN_MS = 15 * 60_000

/** "2026-11-18 09:55:00" in the site's zone. */
function parseLocal(text: string | null, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec((text ?? '').trim())
  if (!match) return null
  const [, y, mo, d, h, mi, s] = match
  return zonedTimeToMs(timeZone, { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi) }) + Number(s ?? 0) * 1000
}

export interface ImportContext {
  store: HistoryStore
  deps: DriverDeps
  timeZone: string
}

export interface ImportResult {
  samples: number
  prices: number
}

export interface AlphaessDayPoint {
  uploadTime: string | null
  ppv: number | null
  load: number | null
  cbat: number | null
  feedIn: number | null
  gridCharge: number | null
  pchargingPile: number | null
}

/**
 * AlphaESS day samples as rows: grid = purchase − feed-in; the battery is whatever balances the
 * flow. `load` is everything behind the grid meter, as the live `pload` is (ppv + pbat + pgrid), so
 * the AlphaESS pile's own draw is taken out for the house.
 */
export function alphaessRows(points: AlphaessDayPoint[], timeZone: string, nowMs: number, priceAt: (ms: number) => number | null): SampleRow[] {
  const timed = points
    .map((p) => ({ p, t: parseLocal(p.uploadTime, timeZone) }))
    .filter((x): x is { p: AlphaessDayPoint; t: number } => x.t !== null && x.t <= nowMs)
    .sort((a, b) => a.t - b.t)
  return timed.map(({ p, t }, i) => {
    const previous = timed[i - 1]?.t
    const durMs = previous !== undefined && t - previous <= MAX_IMPORTED_SPAN_MS ? t - previous : FIVE_MINUTES_MS
    const pvW = p.ppv
    const evW = Math.max(0, p.pchargingPile ?? 0)
    const houseW = p.load === null ? null : Math.max(0, p.load - evW)
    const gridW = p.gridCharge === null && p.feedIn === null ? null : (p.gridCharge ?? 0) - (p.feedIn ?? 0)
    const batteryW = pvW === null || p.load === null || gridW === null ? null : p.load - pvW - gridW
    const sources = attributeEv({ pvW, houseW, batteryW, gridW }, evW)
    const hours = durMs / 3_600_000
    const price = priceAt(t - durMs / 2)
    return {
      tMs: t,
      durMs,
      tier: 1,
      src: 1,
      pvW: pvW === null ? null : Math.round(pvW),
      houseW: houseW === null ? null : Math.round(houseW),
      batteryW: batteryW === null ? null : Math.round(batteryW),
      gridW: gridW === null ? null : Math.round(gridW),
      socPct: p.cbat,
      priceCents: price,
      feedInCents: null,
      evW,
      evSolarWh: sources.solarW * hours,
      evBatteryWh: sources.batteryW * hours,
      evGridWh: sources.gridW * hours,
      evCostCents: price === null ? 0 : (sources.gridW * hours * price) / 1000,
      evGridPriceCents: price === null ? 0 : (evW * hours * price) / 1000,
    } satisfies SampleRow
  })
}

/** What one request's worth of a vendor's record did to the history. */
export interface UnitResult {
  samples: number
  prices: number
  /** Days (as the vendor dates them: NEM days for Amber) that gained metered grid usage. */
  usageDates: string[]
  /** Days on which the loop's own record was kept in place of the vendor's. */
  keptDates: string[]
  /** Amber: days asked for whose usage Amber has not (yet) metered whole. */
  unmeteredDates: string[]
}

/** Amber's usage for a range: the history's changes, and how much of each NEM day Amber metered. */
export interface AmberUnitResult extends UnitResult {
  /** Grid rows the usage added or completed. */
  usageRows: number
  usageCoveredMs: Map<string, number>
}

/** The days rows ending at these times belong to: a row covers (t - dur, t], so one ending at midnight is the day before's. */
function datesOf(dayOf: (ms: number) => string, endsMs: number[]): string[] {
  return [...new Set(endsMs.map((t) => dayOf(t - 1)))]
}

export function alphaessClientFor(account: AlphaessAccount, secrets: Secrets, deps: DriverDeps, sleep?: Sleep): AlphaessClient {
  const appSecret = (secrets.appSecret ?? '').trim()
  if (appSecret) deps.logger.redact(appSecret)
  return new AlphaessClient({
    appId: account.appId,
    appSecret,
    baseUrl: account.baseUrl,
    clock: deps.clock,
    logger: deps.logger,
    random: deps.random,
    sleep,
  })
}

/** One day of AlphaESS's five-minute power (getOneDayPowerBySn), up to now. */
export async function importAlphaessDay(client: AlphaessClient, systemSn: string, date: string, ctx: ImportContext): Promise<UnitResult> {
  const points = await client.getOneDayPowerBySn(systemSn, date)
  const rows = alphaessRows(points, ctx.timeZone, ctx.deps.clock.now(), (ms) => ctx.store.priceAt(ms))
  const outcome = ctx.store.importSamplesDetailed(rows)
  return { samples: outcome.addedMs.length, prices: 0, usageDates: [], keptDates: datesOf((ms) => localDate(ctx.timeZone, ms), outcome.keptOwnMs), unmeteredDates: [] }
}

/**
 * Amber's record of some days (at most 7: one request each for prices and usage): prices that
 * have begun, and metered usage as grid power (general and controlled load in, feed-in out).
 */
export async function importAmberDays(
  data: AmberSiteData,
  range: { from: string; to: string },
  ctx: ImportContext,
  what: { prices: boolean; usage: boolean } = { prices: true, usage: true },
): Promise<AmberUnitResult> {
  const nowMs = ctx.deps.clock.now()
  let prices = 0
  if (what.prices) {
    const intervals = await data.priceHistory({ startDate: range.from, endDate: range.to })
    const rows: PriceRow[] = intervals
      .filter((p) => p.startMs <= nowMs && p.kind !== 'forecast')
      .map((p) => ({ startMs: p.startMs, endMs: p.endMs, perKwhCents: p.perKwhCents, feedInCents: p.feedInCentsPerKwh, descriptor: p.descriptor, tier: 0, demo: false }))
    prices = ctx.store.importPricesKeeping(rows)
  }
  if (!what.usage) return { samples: 0, prices, usageDates: [], keptDates: [], unmeteredDates: [], usageRows: 0, usageCoveredMs: new Map() }

  const usage = await data.usage({ startDate: range.from, endDate: range.to })
  const byInterval = new Map<number, { startMs: number; endMs: number; netWh: number }>()
  for (const u of usage) {
    if (u.endMs > nowMs) continue
    const entry = byInterval.get(u.startMs) ?? { startMs: u.startMs, endMs: u.endMs, netWh: 0 }
    entry.netWh += u.channelType === 'feedIn' ? -u.energyWh : u.energyWh
    byInterval.set(u.startMs, entry)
  }
  const usageCoveredMs = new Map<string, number>()
  for (const u of byInterval.values()) {
    const day = nemDate(u.startMs)
    usageCoveredMs.set(day, (usageCoveredMs.get(day) ?? 0) + (u.endMs - u.startMs))
  }
  const grid = [...byInterval.values()].map((u) => ({
    tMs: u.endMs,
    durMs: u.endMs - u.startMs,
    gridW: (u.netWh * 3_600_000) / Math.max(1, u.endMs - u.startMs),
  }))
  const outcome = ctx.store.importGridDetailed(grid)
  return {
    samples: 0,
    prices,
    // Amber's days are NEM days: counted as Amber dates them, so a week asked for is a week reported.
    usageDates: datesOf(nemDate, outcome.addedMs),
    keptDates: datesOf(nemDate, outcome.keptOwnMs),
    unmeteredDates: daysFrom(range.from, range.to).filter((day) => (usageCoveredMs.get(day) ?? 0) < DAY_MS),
    usageRows: outcome.addedMs.length,
    usageCoveredMs,
  }
}

/** The NEM day (+10:00) that contains ms. */
function nemDate(ms: number): string {
  return new Date(ms + 10 * HOUR_MS).toISOString().slice(0, 10)
}

/** Today's AlphaESS power, when the account is added. */
export async function importAlphaess(account: AlphaessAccount, secrets: Secrets, ctx: ImportContext): Promise<ImportResult> {
  if (!account.systemSn) return { samples: 0, prices: 0 }
  const client = alphaessClientFor(account, secrets, ctx.deps)
  try {
    const result = await importAlphaessDay(client, account.systemSn, localDate(ctx.timeZone, ctx.deps.clock.now()), ctx)
    return { samples: result.samples, prices: 0 }
  } finally {
    await client.close()
  }
}

/** Amber's prices and usage for yesterday and today, when the account is added. */
export async function importAmber(account: AmberAccount, secrets: Secrets, ctx: ImportContext): Promise<ImportResult> {
  if (!account.siteId) return { samples: 0, prices: 0 }
  const nowMs = ctx.deps.clock.now()
  // Amber meters usage a day late, so yesterday comes along: today alone is usually empty.
  const range = { from: localDate(ctx.timeZone, nowMs - DAY_MS), to: localDate(ctx.timeZone, nowMs) }
  const result = await importAmberDays(amberSiteDataFor(account, secrets, ctx.deps), range, ctx)
  return { samples: result.usageRows, prices: result.prices }
}
