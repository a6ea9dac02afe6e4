/**
 * An Amber-like 5-minute price feed with the days a user should see the app react to: cheap
 * nights, a morning peak, a negative midday "solar soak", and an evening spike.
 */
import type { PriceDescriptor, PriceInterval, SpikeStatus } from '../../../src-shared/model'
import { HOUR_MS } from '../time/durations'
import { localTime, type LocalTime } from '../time/local-time'
import { rangeNoise, smoothNoise, streamId, unitNoise } from './random'

export const INTERVAL_MS = 5 * 60_000
export const ACTUAL_INTERVALS = 12
export const FORECAST_INTERVALS = 288
/** Amber marks the current price as an estimate until it locks in. */
const ESTIMATE_MS = 30_000
const MAX_FORECAST_ERROR = 0.1
const FORECAST_ERROR_FULL_HOURS = 12

const JITTER = streamId('price-jitter')
const MORNING = streamId('price-morning')
const SOAK_DEPTH = streamId('price-soak')
const SPIKE_LEVEL = streamId('price-spike')
const FEED_IN = streamId('price-feed-in')
const FORECAST_ERROR = streamId('price-forecast-error')
const RENEWABLES_BASE = streamId('renewables-base')
const RENEWABLES_SUN = streamId('renewables-sun')

export const SOLAR_SOAK_START_HOUR = 10.5
export const SOLAR_SOAK_END_HOUR = 14.5
export const SPIKE_START_HOUR = 17.5
export const SPIKE_END_HOUR = 18.5
const POTENTIAL_START_HOUR = SPIKE_START_HOUR - 1

export function describePrice(perKwhCents: number): PriceDescriptor {
  if (perKwhCents < 0) return 'extremelyLow'
  if (perKwhCents < 10) return 'veryLow'
  if (perKwhCents < 20) return 'low'
  if (perKwhCents < 35) return 'neutral'
  if (perKwhCents < 100) return 'high'
  return 'spike'
}

export function spikeStatusAt(hourOfDay: number): SpikeStatus {
  if (hourOfDay >= SPIKE_START_HOUR && hourOfDay < SPIKE_END_HOUR) return 'spike'
  if (hourOfDay >= POTENTIAL_START_HOUR && hourOfDay < SPIKE_START_HOUR) return 'potential'
  return 'none'
}

function lerp(from: number, to: number, fraction: number): number {
  return from + (to - from) * fraction
}

interface IntervalPrice {
  perKwhCents: number
  renewablesPct: number
  spikeStatus: SpikeStatus
  inSolarSoak: boolean
}

/** The price the interval starting at startMs settles at. */
export function actualPrice(seed: number, timeZone: string, startMs: number): IntervalPrice {
  const local = localTime(timeZone, startMs)
  const hour = local.hourOfDay
  const interval = Math.floor(startMs / INTERVAL_MS)
  const jitter = unitNoise(seed, JITTER, interval)
  const overnight = 18 + 6 * (0.5 * smoothNoise(seed, JITTER, startMs, 2 * HOUR_MS) + 0.5 * jitter)
  const morningLevel = rangeNoise(36, 43, seed, MORNING, local.dayIndex) + 2 * jitter

  let perKwhCents: number
  if (hour < 6.5) perKwhCents = overnight
  else if (hour < 7) perKwhCents = lerp(overnight, morningLevel, (hour - 6.5) / 0.5)
  else if (hour < 9) perKwhCents = morningLevel
  else if (hour < SOLAR_SOAK_START_HOUR) perKwhCents = lerp(35, 8, (hour - 9) / (SOLAR_SOAK_START_HOUR - 9)) + jitter
  else if (hour < SOLAR_SOAK_END_HOUR) {
    const deepestCents = rangeNoise(5, 10, seed, SOAK_DEPTH, local.dayIndex)
    const shape = Math.sin((Math.PI * (hour - SOLAR_SOAK_START_HOUR)) / (SOLAR_SOAK_END_HOUR - SOLAR_SOAK_START_HOUR))
    perKwhCents = -(2 + (deepestCents - 2) * shape * (0.85 + 0.15 * jitter))
  } else if (hour < POTENTIAL_START_HOUR) perKwhCents = 25 + 5 * jitter
  else if (hour < SPIKE_START_HOUR) perKwhCents = 60 + 35 * (hour - POTENTIAL_START_HOUR) + 5 * jitter
  else if (hour < SPIKE_END_HOUR) perKwhCents = rangeNoise(170, 280, seed, SPIKE_LEVEL, local.dayIndex) * (0.9 + 0.1 * jitter)
  else if (hour < 21) perKwhCents = lerp(45, 26, (hour - SPIKE_END_HOUR) / (21 - SPIKE_END_HOUR)) + 2 * jitter
  else perKwhCents = overnight

  return {
    perKwhCents,
    renewablesPct: renewablesPct(seed, local, startMs),
    spikeStatus: spikeStatusAt(hour),
    inSolarSoak: hour >= SOLAR_SOAK_START_HOUR && hour < SOLAR_SOAK_END_HOUR,
  }
}

function renewablesPct(seed: number, local: LocalTime, startMs: number): number {
  const nightPct = 20 + 15 * smoothNoise(seed, RENEWABLES_BASE, startMs, 3 * HOUR_MS)
  const sunShare = Math.max(0, Math.sin((Math.PI * (local.hourOfDay - 6)) / 13))
  const solarPct = rangeNoise(45, 55, seed, RENEWABLES_SUN, local.dayIndex)
  return Math.min(100, nightPct + sunShare * solarPct)
}

/** Our sign: positive means the household is paid for exporting. */
function feedInCentsPerKwh(seed: number, startMs: number, perKwhCents: number, price: IntervalPrice): number {
  if (price.spikeStatus === 'spike') return Math.max(80, 0.65 * perKwhCents)
  if (price.inSolarSoak) {
    // Exporting costs money while the grid is flooded with solar: −2 c at the edges, −8 c at worst.
    const depth = Math.min(1, Math.max(0, (-perKwhCents - 2) / 8))
    return -(2 + 6 * depth)
  }
  if (price.spikeStatus === 'potential') return 10 + 0.15 * perKwhCents
  return 5 + 3 * unitNoise(seed, FEED_IN, Math.floor(startMs / INTERVAL_MS))
}

/**
 * Forecasts drift further from the outcome the further ahead they look, but only in size, never
 * in sign, so the midday negative stretch and the spike show up in the forecast too.
 */
function forecastFactor(seed: number, startMs: number, currentStartMs: number): number {
  const hoursAhead = Math.max(0, (startMs - currentStartMs) / HOUR_MS)
  const spread = MAX_FORECAST_ERROR * Math.min(1, hoursAhead / FORECAST_ERROR_FULL_HOURS)
  return 1 + spread * (2 * unitNoise(seed, FORECAST_ERROR, Math.floor(startMs / INTERVAL_MS)) - 1)
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}

function buildInterval(
  seed: number,
  timeZone: string,
  startMs: number,
  kind: PriceInterval['kind'],
  nowMs: number,
  currentStartMs: number,
): PriceInterval {
  const price = actualPrice(seed, timeZone, startMs)
  const forecastError = kind === 'forecast' ? forecastFactor(seed, startMs, currentStartMs) : 1
  const perKwhCents = round2(price.perKwhCents * forecastError)
  return {
    kind,
    startMs,
    endMs: startMs + INTERVAL_MS,
    perKwhCents,
    feedInCentsPerKwh: round2(feedInCentsPerKwh(seed, startMs, perKwhCents, price)),
    descriptor: describePrice(perKwhCents),
    spikeStatus: price.spikeStatus,
    renewablesPct: Math.round(price.renewablesPct * 10) / 10,
    // As in Amber's feed, only the current interval carries the flag; a forecast is one by kind.
    estimate: kind === 'current' && nowMs - startMs < ESTIMATE_MS,
  }
}

/** An hour of actuals, the current interval and 24 h of forecast, in time order. */
export function priceFeed(seed: number, timeZone: string, nowMs: number): PriceInterval[] {
  const currentStartMs = Math.floor(nowMs / INTERVAL_MS) * INTERVAL_MS
  const intervals: PriceInterval[] = []
  for (let i = -ACTUAL_INTERVALS; i <= FORECAST_INTERVALS; i++) {
    const kind = i < 0 ? 'actual' : i === 0 ? 'current' : 'forecast'
    intervals.push(buildInterval(seed, timeZone, currentStartMs + i * INTERVAL_MS, kind, nowMs, currentStartMs))
  }
  return intervals
}
