/**
 * Household consumption without the EV: a wandering base load, a morning and an evening peak,
 * and appliances switching on and off. Everything follows the household's local clock.
 */
import { HOUR_MS, MINUTE_MS } from '../time/durations'
import { localTime, type LocalTime } from '../time/local-time'
import { activeEvent, type SlotEventKind } from './events'
import { rangeNoise, smoothNoise, streamId, unitNoise } from './random'

const BASE = streamId('house-base')
const PEAK_WOBBLE = streamId('house-peak-wobble')
const MORNING_LEVEL = streamId('house-morning')
const EVENING_LEVEL = streamId('house-evening')
const WASH = streamId('house-wash')

const BASE_MIN_W = 250
const BASE_MAX_W = 400
const KETTLE_W = 2200
const MICROWAVE_W = 1100
const WASH_CYCLE_W = 2000

interface Peak {
  startHour: number
  endHour: number
  rampHours: number
  minW: number
  maxW: number
  stream: number
}

const MORNING: Peak = { startHour: 6.5, endHour: 8.5, rampHours: 0.25, minW: 1500, maxW: 2400, stream: MORNING_LEVEL }
const EVENING: Peak = { startHour: 17, endHour: 21, rampHours: 0.5, minW: 2000, maxW: 2900, stream: EVENING_LEVEL }

/** 0 outside the window, 1 on its plateau, linear ramps at both ends inside it. */
function trapezoid(hour: number, startHour: number, endHour: number, rampHours: number): number {
  if (hour <= startHour || hour >= endHour) return 0
  return Math.min(1, (hour - startHour) / rampHours, (endHour - hour) / rampHours)
}

function hourOfSlot(slotStartLocalMs: number): number {
  return (((slotStartLocalMs / HOUR_MS) % 24) + 24) % 24
}

// Kettles cluster around breakfast and dinner and almost never boil at 3 am.
const kettle: SlotEventKind = {
  stream: streamId('house-kettle'),
  slotMs: 30 * MINUTE_MS,
  minDurationMs: 2.5 * MINUTE_MS,
  maxDurationMs: 3.5 * MINUTE_MS,
  probability(slotStartLocalMs) {
    const hour = hourOfSlot(slotStartLocalMs)
    if (hour >= 6 && hour < 9) return 0.5
    if (hour >= 17 && hour < 22) return 0.4
    if (hour >= 9 && hour < 17) return 0.2
    return 0.03
  },
}

const microwave: SlotEventKind = {
  stream: streamId('house-microwave'),
  slotMs: HOUR_MS,
  minDurationMs: 2 * MINUTE_MS,
  maxDurationMs: 5 * MINUTE_MS,
  probability(slotStartLocalMs) {
    const hour = hourOfSlot(slotStartLocalMs)
    if (hour >= 11 && hour < 14) return 0.35
    if (hour >= 17 && hour < 20) return 0.4
    if (hour >= 7 && hour < 23) return 0.1
    return 0
  },
}

export interface HouseLoadOptions {
  timeZone: string
  seed: number
}

export interface HouseLoad {
  houseW(timeMs: number): number
}

export function createHouseLoad(options: HouseLoadOptions): HouseLoad {
  const { timeZone, seed } = options

  const baseW = (timeMs: number): number => BASE_MIN_W + (BASE_MAX_W - BASE_MIN_W) * smoothNoise(seed, BASE, timeMs, HOUR_MS)

  const peakExtraW = (peak: Peak, local: LocalTime, timeMs: number, base: number): number => {
    const shape = trapezoid(local.hourOfDay, peak.startHour, peak.endHour, peak.rampHours)
    if (shape === 0) return 0
    const levelW = rangeNoise(peak.minW, peak.maxW, seed, peak.stream, local.dayIndex)
    const wobble = 0.9 + 0.2 * smoothNoise(seed, PEAK_WOBBLE, timeMs, 10 * MINUTE_MS)
    return Math.max(0, levelW - base) * shape * wobble
  }

  // One washing machine or dishwasher run on most days, while someone is home to start it.
  const washCycleW = (local: LocalTime): number => {
    if (unitNoise(seed, WASH, local.dayIndex, 0) >= 0.75) return 0
    const startHour = 9 + 6 * unitNoise(seed, WASH, local.dayIndex, 1)
    const durationHours = 0.5 + 0.5 * unitNoise(seed, WASH, local.dayIndex, 2)
    if (local.hourOfDay < startHour || local.hourOfDay >= startHour + durationHours) return 0
    return WASH_CYCLE_W * (0.9 + 0.2 * unitNoise(seed, WASH, local.dayIndex, 3))
  }

  return {
    houseW(timeMs) {
      const local = localTime(timeZone, timeMs)
      const base = baseW(timeMs)
      let loadW = base + peakExtraW(MORNING, local, timeMs, base) + peakExtraW(EVENING, local, timeMs, base)
      if (activeEvent(seed, kettle, local.localMs)) loadW += KETTLE_W
      if (activeEvent(seed, microwave, local.localMs)) loadW += MICROWAVE_W
      loadW += washCycleW(local)
      return loadW
    },
  }
}
