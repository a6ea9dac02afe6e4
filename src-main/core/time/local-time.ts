/**
 * Local wall-clock time in the site's zone. Quiet hours, departure times, daily history and the
 * demo household all follow the household's clock, not UTC. The demo simulation asks for local
 * time on every 10 s step, so the formatter is cached per zone and the UTC offset per quarter
 * hour (zone transitions fall on quarter-hour boundaries).
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from './durations'

const OFFSET_BUCKET_MS = 15 * MINUTE_MS
const MAX_CACHED_OFFSETS = 20_000
/** 1970-01-01 was a Thursday. */
const EPOCH_WEEKDAY = 4

export interface LocalTime {
  /** Milliseconds on a timeline that reads like UTC but shows local wall-clock time. */
  localMs: number
  /** Whole local days since 1970-01-01: a stable key for "today's" random choices. */
  dayIndex: number
  /** 0–24, fractional: 7.75 is 07:45. */
  hourOfDay: number
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
}

interface ZoneCache {
  formatter: Intl.DateTimeFormat
  offsetByBucket: Map<number, number>
}

const zones = new Map<string, ZoneCache>()

function zoneCache(timeZone: string): ZoneCache {
  let cache = zones.get(timeZone)
  if (!cache) {
    cache = {
      formatter: new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
      offsetByBucket: new Map(),
    }
    zones.set(timeZone, cache)
  }
  return cache
}

function computeOffsetMs(formatter: Intl.DateTimeFormat, utcMs: number): number {
  const fields: Record<string, number> = {}
  for (const part of formatter.formatToParts(utcMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value)
  }
  const wallAsUtc = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  )
  return wallAsUtc - Math.floor(utcMs / 1000) * 1000
}

/** Local minus UTC, in ms (+11 h for Sydney in summer). */
export function utcOffsetMs(timeZone: string, utcMs: number): number {
  const cache = zoneCache(timeZone)
  const bucket = Math.floor(utcMs / OFFSET_BUCKET_MS)
  let offset = cache.offsetByBucket.get(bucket)
  if (offset === undefined) {
    if (cache.offsetByBucket.size >= MAX_CACHED_OFFSETS) cache.offsetByBucket.clear()
    offset = computeOffsetMs(cache.formatter, bucket * OFFSET_BUCKET_MS)
    cache.offsetByBucket.set(bucket, offset)
  }
  return offset
}

export function localTime(timeZone: string, utcMs: number): LocalTime {
  const localMs = utcMs + utcOffsetMs(timeZone, utcMs)
  const dayIndex = Math.floor(localMs / DAY_MS)
  const hourOfDay = (localMs - dayIndex * DAY_MS) / HOUR_MS
  const weekday = (((dayIndex + EPOCH_WEEKDAY) % 7) + 7) % 7
  return { localMs, dayIndex, hourOfDay, weekday }
}

export function localHourOfDay(timeZone: string, utcMs: number): number {
  return localTime(timeZone, utcMs).hourOfDay
}

export function localWeekday(timeZone: string, utcMs: number): number {
  return localTime(timeZone, utcMs).weekday
}

export function isWeekday(weekday: number): boolean {
  return weekday >= 1 && weekday <= 5
}

export interface WallClockTime {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour?: number
  minute?: number
}

/** The UTC instant at which the zone's clocks show the given wall time. */
export function zonedTimeToMs(timeZone: string, wall: WallClockTime): number {
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0)
  // Two rounds settle the offset except inside a DST gap, where any nearby instant will do.
  let guess = wallAsUtc - utcOffsetMs(timeZone, wallAsUtc)
  guess = wallAsUtc - utcOffsetMs(timeZone, guess)
  return guess
}
