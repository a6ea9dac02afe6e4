/**
 * When an account is added, its own record of today is copied in, so the charts are not empty on
 * the first day: AlphaESS's five-minute power for the day (getOneDayPowerBySn), Amber's price
 * history and metered usage (from yesterday on: Amber meters usage about a day late). Imported rows only fill spans the loop has not recorded, and they
 * never create sessions (the vendors do not say which charger drew what).
 */
import type { AlphaessAccount, AmberAccount } from '../../../src-shared/settings'
import { DAY_MS } from '../time/durations'
import { localTime, zonedTimeToMs } from '../time/local-time'
import { AlphaessClient } from '../vendors/alphaess'
import { amberSiteDataFor } from '../vendors/amber'
import type { DriverDeps, Secrets } from '../vendors/driver'
import { attributeEv } from './attribution'
import type { HistoryStore } from './store'
import type { PriceRow, SampleRow } from './types'

const FIVE_MINUTES_MS = 5 * 60_000
/** A sample further from its neighbour than this only covers five minutes. */
const MAX_IMPORTED_SPAN_MS = 15 * 60_000

/** yyyy-MM-dd of the site's calendar day that contains ms. */
export function localDate(timeZone: string, ms: number): string {
  const day = new Date(localTime(timeZone, ms).dayIndex * DAY_MS)
  return day.toISOString().slice(0, 10)
}

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

export async function importAlphaess(account: AlphaessAccount, secrets: Secrets, ctx: ImportContext): Promise<ImportResult> {
  if (!account.systemSn) return { samples: 0, prices: 0 }
  const appSecret = (secrets.appSecret ?? '').trim()
  if (appSecret) ctx.deps.logger.redact(appSecret)
  const client = new AlphaessClient({
    appId: account.appId,
    appSecret,
    baseUrl: account.baseUrl,
    clock: ctx.deps.clock,
    logger: ctx.deps.logger,
    random: ctx.deps.random,
  })
  try {
    const nowMs = ctx.deps.clock.now()
    const points = await client.getOneDayPowerBySn(account.systemSn, localDate(ctx.timeZone, nowMs))
    const rows = alphaessRows(points, ctx.timeZone, nowMs, (ms) => ctx.store.priceAt(ms))
    return { samples: ctx.store.importSamples(rows), prices: 0 }
  } finally {
    await client.close()
  }
}

export async function importAmber(account: AmberAccount, secrets: Secrets, ctx: ImportContext): Promise<ImportResult> {
  if (!account.siteId) return { samples: 0, prices: 0 }
  const data = amberSiteDataFor(account, secrets, ctx.deps)
  const nowMs = ctx.deps.clock.now()
  const today = localDate(ctx.timeZone, nowMs)
  // Amber meters usage a day late, so yesterday comes along: today alone is usually empty.
  const yesterday = localDate(ctx.timeZone, nowMs - DAY_MS)
  const intervals = await data.priceHistory({ startDate: yesterday, endDate: today })
  const prices: PriceRow[] = intervals
    .filter((p) => p.startMs <= nowMs && p.kind !== 'forecast')
    .map((p) => ({ startMs: p.startMs, endMs: p.endMs, perKwhCents: p.perKwhCents, feedInCents: p.feedInCentsPerKwh, descriptor: p.descriptor, tier: 0, demo: false }))
  ctx.store.importPrices(prices)

  // Metered usage: the general (and controlled-load) channels imported, feed-in exported.
  const usage = await data.usage({ startDate: yesterday, endDate: today })
  const byInterval = new Map<number, { startMs: number; endMs: number; netWh: number }>()
  for (const u of usage) {
    if (u.endMs > nowMs) continue
    const entry = byInterval.get(u.startMs) ?? { startMs: u.startMs, endMs: u.endMs, netWh: 0 }
    entry.netWh += u.channelType === 'feedIn' ? -u.energyWh : u.energyWh
    byInterval.set(u.startMs, entry)
  }
  const grid = [...byInterval.values()].map((u) => ({
    tMs: u.endMs,
    durMs: u.endMs - u.startMs,
    gridW: (u.netWh * 3_600_000) / Math.max(1, u.endMs - u.startMs),
  }))
  return { samples: ctx.store.importGrid(grid), prices: prices.length }
}
