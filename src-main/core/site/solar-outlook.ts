/**
 * What the sun is expected to put into the car before it leaves, for the departure planner: grid
 * energy bought overnight is wasted if tomorrow's sun would have filled the car anyway.
 *
 * The forecast is persistence: the same hours on the last days the history holds (a sunny week
 * tends to stay sunny; a change of weather shows within a day). A fifth is held back for a day
 * less sunny than those. Sun below what starts the car counts for nothing, and no car takes more
 * than its full power. Where the history has nothing, nothing is expected: the plan then buys
 * all it needs, as it did without a forecast.
 */
import { DAY_MS, MINUTE_MS } from '../time/durations'

export const OUTLOOK_BUCKET_MS = 15 * MINUTE_MS
export const OUTLOOK_DAYS = 3
/** The share of the persistence forecast the planner counts on. */
export const OUTLOOK_TRUST = 0.8

/** Power samples from the history: PV and the house's own load over [tMs − durMs, tMs]. */
export interface PastSample {
  tMs: number
  durMs: number
  pvW: number | null
  houseW: number | null
}

/** Samples ending in (fromMs, toMs], in time order. */
export type PastReader = (fromMs: number, toMs: number) => PastSample[]

export interface CarSun {
  /** What the car draws at full current, W. */
  fullPowerW: number
  /** The surplus that starts solar charging (the sun's share of the minimum current), W. */
  startW: number
}

export class SolarOutlook {
  /** Per 15-minute bucket start: each past day's mean surplus there (null: no data that day). */
  private readonly buckets = new Map<number, (number | null)[]>()

  constructor(private readonly read: PastReader) {}

  /** Solar energy the car can expect over [fromMs, toMs), Wh. */
  carSolarWh(fromMs: number, toMs: number, car: CarSun): number {
    this.forgetBefore(fromMs - OUTLOOK_BUCKET_MS)
    let wh = 0
    for (let start = Math.floor(fromMs / OUTLOOK_BUCKET_MS) * OUTLOOK_BUCKET_MS; start < toMs; start += OUTLOOK_BUCKET_MS) {
      const overlapMs = Math.min(toMs, start + OUTLOOK_BUCKET_MS) - Math.max(fromMs, start)
      if (overlapMs <= 0) continue
      const days = this.bucket(start).filter((w): w is number => w !== null)
      if (days.length === 0) continue
      const carW = days.reduce((sum, w) => sum + (w >= car.startW ? Math.min(w, car.fullPowerW) : 0), 0) / days.length
      wh += (carW * overlapMs) / 3_600_000
    }
    return wh * OUTLOOK_TRUST
  }

  private bucket(start: number): (number | null)[] {
    const known = this.buckets.get(start)
    if (known) return known
    const days = Array.from({ length: OUTLOOK_DAYS }, (_, i) => meanSurplusW(this.read(start - (i + 1) * DAY_MS, start + OUTLOOK_BUCKET_MS - (i + 1) * DAY_MS)))
    this.buckets.set(start, days)
    return days
  }

  private forgetBefore(ms: number) {
    for (const start of this.buckets.keys()) if (start < ms) this.buckets.delete(start)
  }
}

/** The time-weighted mean of PV left after the house; null when under half the span is covered. */
function meanSurplusW(samples: PastSample[]): number | null {
  let coveredMs = 0
  let energy = 0
  for (const s of samples) {
    if (s.pvW === null || s.houseW === null || s.durMs <= 0) continue
    coveredMs += s.durMs
    energy += Math.max(0, s.pvW - s.houseW) * s.durMs
  }
  return coveredMs >= OUTLOOK_BUCKET_MS / 2 ? energy / coveredMs : null
}
