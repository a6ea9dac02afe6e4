/**
 * How long each resolution is kept, and how rows are merged into coarser ones. Merging keeps the
 * car's energy and cost exactly (they are totals) and averages the powers over time, so a year of
 * statistics reads the same from hourly rows as it did from the 10-second ones.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../time/durations'
import { DEMO_SRC, type SampleRow, type Tier } from './types'

export const retention = {
  /** The loop's own samples (every 10 s): today and yesterday in full detail. */
  rawMs: 2 * DAY_MS,
  /** Then five-minute averages, for two months. */
  fiveMinuteMs: 60 * DAY_MS,
  /** Then hourly averages, for five years. */
  hourlyMs: 5 * 365 * DAY_MS,
  /** The retailer's own price intervals, then hourly averages for as long as the power. */
  pricesRawMs: 60 * DAY_MS,
  notificationsMs: 2 * 365 * DAY_MS,
  /** Sessions are kept for ever: a few hundred small rows a year. */
} as const

export const bucketMs: Record<Exclude<Tier, 0>, number> = { 1: 5 * MINUTE_MS, 2: HOUR_MS }

/** Rows cover (t - dur, t], so a row belongs to the bucket its end falls in; buckets are named by their end. */
export function bucketEnd(tMs: number, size: number): number {
  return Math.ceil(tMs / size) * size
}

type AveragedKey = 'pvW' | 'houseW' | 'batteryW' | 'gridW' | 'socPct' | 'priceCents' | 'feedInCents'
const averaged: AveragedKey[] = ['pvW', 'houseW', 'batteryW', 'gridW', 'socPct', 'priceCents', 'feedInCents']
const summed = ['evSolarWh', 'evBatteryWh', 'evGridWh', 'evCostCents', 'evGridPriceCents'] as const

/** Time-weighted mean of the known values; a row with no duration still counts when nothing else does. */
function mean(rows: SampleRow[], key: AveragedKey | 'evW'): number | null {
  let weighted = 0
  let weight = 0
  let plain = 0
  let count = 0
  for (const row of rows) {
    const value = row[key]
    if (value === null) continue
    weighted += value * row.durMs
    weight += row.durMs
    plain += value
    count++
  }
  if (count === 0) return null
  return weight > 0 ? weighted / weight : plain / count
}

/** One row for a whole bucket. The rows are assumed to lie in it. */
export function mergeSamples(rows: SampleRow[], tier: Tier, tMs: number): SampleRow {
  const merged: SampleRow = {
    tMs,
    durMs: rows.reduce((sum, r) => sum + r.durMs, 0),
    tier,
    src: rows.every((r) => r.src === 1) ? 1 : rows.every((r) => r.src === DEMO_SRC) ? DEMO_SRC : 0,
    pvW: null,
    houseW: null,
    batteryW: null,
    gridW: null,
    socPct: null,
    priceCents: null,
    feedInCents: null,
    evW: mean(rows, 'evW') ?? 0,
    evSolarWh: 0,
    evBatteryWh: 0,
    evGridWh: 0,
    evCostCents: 0,
    evGridPriceCents: 0,
  }
  for (const key of averaged) {
    const value = mean(rows, key)
    merged[key] = value === null ? null : key === 'socPct' ? Math.round(value * 10) / 10 : key.endsWith('Cents') ? Math.round(value * 100) / 100 : Math.round(value)
  }
  for (const key of summed) merged[key] = rows.reduce((sum, r) => sum + r[key], 0)
  return merged
}

/**
 * The rows one merged row is made of: where the demo home's simulated rows share a bucket with the
 * user's own (the hour an account was added), only the user's own are kept, so simulated energy
 * never blends into a real total. A bucket of the demo's alone stays whole.
 */
export function ownWhereMixed<T>(rows: T[], isDemo: (row: T) => boolean): T[] {
  const own = rows.filter((r) => !isDemo(r))
  return own.length > 0 ? own : rows
}

/** Groups rows by the bucket their end falls in, in time order. */
export function groupByBucket<T extends { tMs: number }>(rows: T[], size: number): Map<number, T[]> {
  const groups = new Map<number, T[]>()
  for (const row of rows) {
    const end = bucketEnd(row.tMs, size)
    const group = groups.get(end)
    if (group) group.push(row)
    else groups.set(end, [row])
  }
  return groups
}
