/**
 * The household's EV: a commuter that leaves on weekday mornings and is plugged in the rest of
 * the time, with its own charge limit like a real car.
 */
import { isWeekday, localTime } from '../time/local-time'
import { rangeNoise, streamId } from './random'

export const CAR_CAPACITY_WH = 60_000
/** The car's own limit: it stops taking energy here whatever the charger offers. */
export const CAR_CHARGE_LIMIT_PCT = 80
export const CAR_CHARGE_EFFICIENCY = 0.9
export const CAR_START_SOC_PCT = 35
export const CAR_LEAVES_HOUR = 7.75
export const CAR_RETURNS_HOUR = 9.5

const TRIP = streamId('car-trip')

export function carIsHome(timeZone: string, timeMs: number): boolean {
  const local = localTime(timeZone, timeMs)
  if (!isWeekday(local.weekday)) return true
  return local.hourOfDay < CAR_LEAVES_HOUR || local.hourOfDay >= CAR_RETURNS_HOUR
}

export type CarMovement = 'left' | 'arrived' | null

export class DemoCar {
  /** Kept while away so the car comes back with what it left with, minus the trip. */
  private socPctValue = CAR_START_SOC_PCT
  private home: boolean

  constructor(
    private readonly timeZone: string,
    private readonly seed: number,
    startMs: number,
  ) {
    this.home = carIsHome(timeZone, startMs)
  }

  get connected(): boolean {
    return this.home
  }

  get socPct(): number {
    return this.socPctValue
  }

  get full(): boolean {
    return this.socPctValue >= CAR_CHARGE_LIMIT_PCT
  }

  /** Moves the car to where the schedule says it is at timeMs. */
  followSchedule(timeMs: number): CarMovement {
    const shouldBeHome = carIsHome(this.timeZone, timeMs)
    if (shouldBeHome === this.home) return null
    this.home = shouldBeHome
    if (!shouldBeHome) return 'left'
    const tripDay = localTime(this.timeZone, timeMs).dayIndex
    const usedPct = rangeNoise(8, 15, this.seed, TRIP, tripDay)
    this.socPctValue = Math.max(0, this.socPctValue - usedPct)
    return 'arrived'
  }

  /** Energy from the charger at the wall, held for durationS. */
  absorb(powerW: number, durationS: number): void {
    const storedWh = (powerW * durationS * CAR_CHARGE_EFFICIENCY) / 3600
    this.socPctValue = Math.min(CAR_CHARGE_LIMIT_PCT, this.socPctValue + (storedWh / CAR_CAPACITY_WH) * 100)
  }
}
