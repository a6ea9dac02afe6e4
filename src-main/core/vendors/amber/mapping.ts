/**
 * From Amber's payloads to Sunspill's model. This is the one place Amber's feed-in sign is
 * converted: Amber quotes feed-in as a price the household pays (negative = paid), Sunspill's
 * feedInCentsPerKwh is what the household earns (positive = paid).
 */
import type { PriceDescriptor, PriceInterval, SpikeStatus } from '../../../../src-shared/model'
import { VendorError } from '../../errors'
import { MINUTE_MS } from '../../time/durations'
import type { AmberInterval, AmberRenewable, AmberUsage } from './schemas'

const DESCRIPTORS: readonly string[] = ['extremelyLow', 'veryLow', 'low', 'neutral', 'high', 'spike'] satisfies PriceDescriptor[]
const SPIKE_STATUSES: readonly string[] = ['none', 'potential', 'spike'] satisfies SpikeStatus[]

/** startTime carries :01 past the boundary; intervals are compared on the boundary. */
export function boundaryMs(iso: string): number {
  return Math.floor(Date.parse(iso) / MINUTE_MS) * MINUTE_MS
}

/** Amber's price for feed-in, turned into what the household earns; never -0. */
export function feedInEarnedCents(amberPerKwh: number): number {
  return amberPerKwh === 0 ? 0 : -amberPerKwh
}

export function spikeStatusOf(raw: string): SpikeStatus {
  return SPIKE_STATUSES.includes(raw) ? (raw as SpikeStatus) : 'none'
}

export function descriptorOf(raw: string, spikeStatus: SpikeStatus): PriceDescriptor {
  if (raw === 'negative') return 'extremelyLow'
  if (DESCRIPTORS.includes(raw)) return raw as PriceDescriptor
  return spikeStatus === 'spike' ? 'spike' : 'neutral'
}

const KINDS = { ActualInterval: 'actual', CurrentInterval: 'current', ForecastInterval: 'forecast' } as const

/** evcc's rule: a forecast's single best number is Amber's predicted price, when it gives one. */
function chargedPerKwh(interval: AmberInterval): number {
  if (interval.type === 'ForecastInterval' && interval.advancedPrice) return interval.advancedPrice.predicted
  return interval.perKwh
}

function byStart(intervals: AmberInterval[], channelType: string): Map<number, AmberInterval> {
  const map = new Map<number, AmberInterval>()
  for (const interval of intervals) if (interval.channelType === channelType) map.set(boundaryMs(interval.startTime), interval)
  return map
}

/**
 * Pairs each general-channel interval with the feed-in interval of the same start, whatever the
 * order Amber sent them in; the feed-in price is null when the site has no feed-in channel.
 */
export function toPriceIntervals(intervals: AmberInterval[]): PriceInterval[] {
  if (intervals.length === 0) return []
  const general = byStart(intervals, 'general')
  const feedIn = byStart(intervals, 'feedIn')
  if (general.size === 0)
    throw new VendorError('not-supported', 'Amber sent no general-usage prices for this site, so Sunspill has no price to follow.')

  return [...general.entries()]
    .sort(([a], [b]) => a - b)
    .map(([startMs, interval]) => {
      const feed = feedIn.get(startMs)
      const spikeStatus = spikeStatusOf(interval.spikeStatus)
      const band = interval.type === 'ActualInterval' ? null : interval.advancedPrice
      return {
        kind: KINDS[interval.type],
        startMs,
        endMs: boundaryMs(interval.endTime),
        perKwhCents: chargedPerKwh(interval),
        feedInCentsPerKwh: feed ? feedInEarnedCents(chargedPerKwh(feed)) : null,
        descriptor: descriptorOf(interval.descriptor, spikeStatus),
        spikeStatus,
        renewablesPct: interval.renewables,
        estimate: interval.type === 'CurrentInterval' ? interval.estimate : false,
        forecastLowCents: band?.low ?? null,
        forecastHighCents: band?.high ?? null,
        tariffPeriod: interval.tariffInformation?.period ?? null,
      }
    })
}

/** One channel's metered energy and cost for one interval. */
export interface UsageInterval {
  channelType: string
  channelIdentifier: string
  startMs: number
  endMs: number
  /** Always ≥ 0: imported on general and controlled load, exported on feed-in. */
  energyWh: number
  /** Cents incl. GST; > 0 the household paid, < 0 it was paid. */
  costCents: number
  /** What a kWh cost on an import channel; null on feed-in. */
  perKwhCents: number | null
  /** What a kWh earned on feed-in (> 0 = paid); null on import channels. */
  feedInCentsPerKwh: number | null
  spikeStatus: SpikeStatus
  descriptor: PriceDescriptor
  renewablesPct: number
  /** Amber's billing quality: estimated or billable. */
  quality: string
}

/**
 * Amber's spec says generation kWh is negative while live data shows it positive, so feed-in is
 * read by magnitude and its cost takes the sign of its price.
 */
export function toUsageIntervals(rows: AmberUsage[]): UsageInterval[] {
  return rows
    .map((row) => {
      const isFeedIn = row.channelType === 'feedIn'
      const spikeStatus = spikeStatusOf(row.spikeStatus)
      return {
        channelType: row.channelType,
        channelIdentifier: row.channelIdentifier,
        startMs: boundaryMs(row.startTime),
        endMs: boundaryMs(row.endTime),
        energyWh: Math.abs(row.kwh) * 1000,
        costCents: isFeedIn ? Math.sign(row.perKwh) * Math.abs(row.cost) : row.cost,
        perKwhCents: isFeedIn ? null : row.perKwh,
        feedInCentsPerKwh: isFeedIn ? feedInEarnedCents(row.perKwh) : null,
        spikeStatus,
        descriptor: descriptorOf(row.descriptor, spikeStatus),
        renewablesPct: row.renewables,
        quality: row.quality,
      }
    })
    .sort((a, b) => a.startMs - b.startMs || a.channelIdentifier.localeCompare(b.channelIdentifier))
}

export interface RenewablesInterval {
  kind: 'actual' | 'current' | 'forecast'
  startMs: number
  endMs: number
  renewablesPct: number
  /** Amber's words: best, great, ok, notGreat or worst. */
  descriptor: string
}

const RENEWABLE_KINDS = { ActualRenewable: 'actual', CurrentRenewable: 'current', ForecastRenewable: 'forecast' } as const

export function toRenewablesIntervals(rows: AmberRenewable[]): RenewablesInterval[] {
  return rows
    .map((row) => ({
      kind: RENEWABLE_KINDS[row.type],
      startMs: boundaryMs(row.startTime),
      endMs: boundaryMs(row.endTime),
      renewablesPct: row.renewables,
      descriptor: row.descriptor,
    }))
    .sort((a, b) => a.startMs - b.startMs)
}
