import type { PriceInterval } from '../../src-shared/model'
import { isSpike } from '../lib/priceLevel'

export interface PricePoint {
  x: number
  y: number | null
}

export interface PriceSeries {
  /** One point per interval start plus the last end, drawn as steps ("after"). */
  price: PricePoint[]
  /** Only the spike intervals, with null gaps between stretches. */
  spike: PricePoint[]
  /** Stretches of negative price as [startMs, endMs], merged when adjacent. */
  negative: [number, number][]
  minMs: number
  maxMs: number
}

export function priceSeries(intervals: readonly PriceInterval[]): PriceSeries | null {
  const first = intervals[0]
  const last = intervals[intervals.length - 1]
  if (!first || !last) return null

  const price: PricePoint[] = intervals.map((i) => ({ x: i.startMs, y: i.perKwhCents }))
  price.push({ x: last.endMs, y: last.perKwhCents })

  const spike: PricePoint[] = []
  intervals.forEach((interval, index) => {
    if (!isSpike(interval)) return
    spike.push({ x: interval.startMs, y: interval.perKwhCents })
    const next = intervals[index + 1]
    const stretchEnds = !next || !isSpike(next) || next.startMs !== interval.endMs
    if (stretchEnds) spike.push({ x: interval.endMs, y: interval.perKwhCents }, { x: interval.endMs, y: null })
  })

  const negative: [number, number][] = []
  for (const interval of intervals) {
    if (interval.perKwhCents >= 0) continue
    const previous = negative[negative.length - 1]
    if (previous && previous[1] === interval.startMs) previous[1] = interval.endMs
    else negative.push([interval.startMs, interval.endMs])
  }

  return { price, spike, negative, minMs: first.startMs, maxMs: last.endMs }
}

/**
 * The y range that keeps ordinary prices readable: a 186 c/kWh spike would flatten a 10–30 c day
 * into a line, so the scale follows the ordinary intervals and a spike runs off the top, marked
 * red and labelled with its price instead.
 */
export function priceRange(intervals: readonly PriceInterval[]): { min: number; max: number; clippedMax: number | null } {
  const ordinary = intervals.filter((i) => !isSpike(i)).map((i) => i.perKwhCents)
  const all = intervals.map((i) => i.perKwhCents)
  const highest = Math.max(0, ...all)
  const base = ordinary.length ? Math.max(...ordinary) : highest
  const max = Math.max(20, Math.ceil((base * 1.15) / 10) * 10)
  const min = Math.min(0, Math.floor(Math.min(0, ...all) / 10) * 10)
  return { min, max, clippedMax: highest > max ? highest : null }
}

/** Hour ticks on the site's clock (not UTC), every `everyHours`, so half-hour zones still read "15:00". */
export function hourTicks(minMs: number, maxMs: number, timeZone: string, everyHours = 3): number[] {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
  const ticks: number[] = []
  const step = 15 * 60_000
  for (let t = Math.ceil(minMs / step) * step; t <= maxMs; t += step) {
    const p = parts.formatToParts(t)
    const hour = Number(p.find((x) => x.type === 'hour')?.value)
    const minute = Number(p.find((x) => x.type === 'minute')?.value)
    if (minute === 0 && hour % everyHours === 0) ticks.push(t)
  }
  return ticks
}

/** One sentence for screen readers, since a canvas has no text of its own. */
export function describePrices(intervals: readonly PriceInterval[], format: (c: number) => string, clock: (ms: number) => string): string {
  if (intervals.length === 0) return 'No price forecast yet.'
  let low = intervals[0]!
  let high = intervals[0]!
  for (const i of intervals) {
    if (i.perKwhCents < low.perKwhCents) low = i
    if (i.perKwhCents > high.perKwhCents) high = i
  }
  const spikes = intervals.filter(isSpike).length
  const negative = intervals.filter((i) => i.perKwhCents < 0).length
  return [
    `Price forecast to ${clock(intervals[intervals.length - 1]!.endMs)}:`,
    `lowest ${format(low.perKwhCents)} at ${clock(low.startMs)},`,
    `highest ${format(high.perKwhCents)} at ${clock(high.startMs)}.`,
    spikes ? `${spikes} spike interval${spikes === 1 ? '' : 's'}.` : '',
    negative ? `${negative} negative-price interval${negative === 1 ? '' : 's'}.` : '',
  ]
    .filter(Boolean)
    .join(' ')
}
