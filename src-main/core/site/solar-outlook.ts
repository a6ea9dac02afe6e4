/**
 * What the sun is expected to put into the car before it leaves, for the departure planner: grid
 * energy bought overnight is wasted if tomorrow's sun would have filled the car anyway.
 *
 * The forecast is persistence: the same hours on the last days the history holds (a sunny week
 * tends to stay sunny), scaled by how today's sun compares with theirs over the last two hours
 * (a grey morning lowers the rest of the day). A fifth is held back for a day less sunny still.
 * The sun the car could have had is what was exported plus what the car took from the sun: a
 * home battery filling below its priority takes its share first, as it will again. (Where the
 * history has no grid figure, PV less the house stands in.) Sun below what starts the car counts for nothing, and no car takes more
 * than its full power. Where the history has nothing, nothing is expected: the plan then buys
 * all it needs, as it did without a forecast.
 */
import { DAY_MS, MINUTE_MS } from '../time/durations'

const OUTLOOK_BUCKET_MS = 15 * MINUTE_MS
const OUTLOOK_DAYS = 3
/** The share of the persistence forecast the planner counts on. */
export const OUTLOOK_TRUST = 0.8

/** Power samples from the history, over [tMs − durMs, tMs]; grid import is positive. */
export interface PastSample {
  tMs: number
  durMs: number
  pvW: number | null
  houseW: number | null
  gridW?: number | null
  /** Solar energy the car took in the sample, Wh. */
  evSolarWh?: number
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
  /** Per 15-minute bucket start: each past day's mean PV and house load there (null: no data that day). */
  private readonly pastDays = new Map<number, (Quarter | null)[]>()
  /** Per 15-minute bucket start, for quarter-hours already over: today's own record. */
  private readonly today = new Map<number, Quarter | null>()

  constructor(private readonly read: PastReader) {}

  /** Solar energy the car can expect over [fromMs, toMs), Wh, seen from nowMs (default fromMs). */
  carSolarWh(fromMs: number, toMs: number, car: CarSun, nowMs = fromMs): number {
    this.forgetBefore(nowMs - TODAY_WINDOW_MS - OUTLOOK_BUCKET_MS)
    const ratio = this.todayRatio(nowMs)
    let wh = 0
    for (let start = bucketOf(fromMs); start < toMs; start += OUTLOOK_BUCKET_MS) {
      const overlapMs = Math.min(toMs, start + OUTLOOK_BUCKET_MS) - Math.max(fromMs, start)
      if (overlapMs <= 0) continue
      const days = this.pastDay(start, nowMs).filter((q): q is Quarter => q !== null)
      if (days.length === 0) continue
      const carW =
        days.reduce((sum, q) => {
          // Sun lost today is lost to the car first: the house and the battery keep their share.
          const surplusW = Math.max(0, q.availableW + (ratio - 1) * q.pvW)
          return sum + (surplusW >= car.startW ? Math.min(surplusW, car.fullPowerW) : 0)
        }, 0) / days.length
      wh += (carW * overlapMs) / 3_600_000
    }
    return wh * OUTLOOK_TRUST
  }

  /**
   * Today's sun so far against the past days' at the same hours: a grey morning after a sunny
   * week lowers what is still expected, and the plan buys the difference while it is cheap.
   * 1 while the past days had too little sun in those hours to compare (night, early morning).
   */
  private todayRatio(nowMs: number): number {
    let expectedWh = 0
    let actualWh = 0
    for (let start = bucketOf(nowMs) - TODAY_WINDOW_MS; start < bucketOf(nowMs); start += OUTLOOK_BUCKET_MS) {
      const today = this.todayQuarter(start)
      const days = this.pastDay(start, nowMs).filter((q): q is Quarter => q !== null)
      if (!today || days.length === 0) continue
      expectedWh += days.reduce((sum, q) => sum + q.pvW, 0) / days.length
      actualWh += today.pvW
    }
    if (expectedWh < MIN_COMPARABLE_W * (TODAY_WINDOW_MS / OUTLOOK_BUCKET_MS)) return 1
    return Math.min(MAX_RATIO, actualWh / expectedWh)
  }

  private pastDay(start: number, nowMs: number): (Quarter | null)[] {
    const known = this.pastDays.get(start)
    if (known) return known
    const days = Array.from({ length: OUTLOOK_DAYS }, (_, i) => quarterOf(this.read(start - (i + 1) * DAY_MS, start + OUTLOOK_BUCKET_MS - (i + 1) * DAY_MS)))
    // A quarter-hour whose yesterday is still under way is read again next time.
    if (start + OUTLOOK_BUCKET_MS - DAY_MS <= nowMs) this.pastDays.set(start, days)
    return days
  }

  private todayQuarter(start: number): Quarter | null {
    if (this.today.has(start)) return this.today.get(start)!
    const quarter = quarterOf(this.read(start, start + OUTLOOK_BUCKET_MS))
    this.today.set(start, quarter)
    return quarter
  }

  private forgetBefore(ms: number) {
    for (const start of this.pastDays.keys()) if (start < ms) this.pastDays.delete(start)
    for (const start of this.today.keys()) if (start < ms) this.today.delete(start)
  }
}

/** How far back today's sun is compared with the past days'. */
const TODAY_WINDOW_MS = 2 * 60 * MINUTE_MS
/** Below this mean PV over the window the comparison says nothing (a dawn is a dawn). */
const MIN_COMPARABLE_W = 500
/** A day sunnier than the past ones is not counted on for more than this. */
const MAX_RATIO = 1.2

interface Quarter {
  pvW: number
  /** What the car could have had from the sun. */
  availableW: number
}

const bucketOf = (ms: number) => Math.floor(ms / OUTLOOK_BUCKET_MS) * OUTLOOK_BUCKET_MS

/** Time-weighted means; null when under half the quarter-hour is covered. */
function quarterOf(samples: PastSample[]): Quarter | null {
  let coveredMs = 0
  let pv = 0
  let available = 0
  for (const s of samples) {
    const availableW = availableToCarW(s)
    if (s.pvW === null || availableW === null || s.durMs <= 0) continue
    coveredMs += s.durMs
    pv += s.pvW * s.durMs
    available += availableW * s.durMs
  }
  return coveredMs >= OUTLOOK_BUCKET_MS / 2 ? { pvW: pv / coveredMs, availableW: available / coveredMs } : null
}

function availableToCarW(s: PastSample): number | null {
  if (s.gridW != null) return Math.max(0, -s.gridW) + ((s.evSolarWh ?? 0) * 3_600_000) / s.durMs
  if (s.pvW === null || s.houseW === null) return null
  return Math.max(0, s.pvW - s.houseW)
}
