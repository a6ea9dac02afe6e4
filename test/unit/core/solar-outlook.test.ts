import { describe, expect, it } from 'vitest'
import { OUTLOOK_TRUST, SolarOutlook, type PastSample } from '../../../src-main/core/site/solar-outlook'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const NOON = Date.parse('2026-01-15T12:00:00+11:00')
const car = { fullPowerW: 7360, startW: 690 }

/** A history of one-minute samples: pv and house as functions of the time of day, for these past days. */
function history(days: number[], pvW: (ms: number) => number | null, houseW = 500, more: Partial<PastSample> = {}) {
  const calls: [number, number][] = []
  const read = (fromMs: number, toMs: number): PastSample[] => {
    calls.push([fromMs, toMs])
    const rows: PastSample[] = []
    for (let t = Math.floor(fromMs / MIN) * MIN + MIN; t <= toMs; t += MIN) {
      const daysBack = Math.round((NOON - t) / DAY)
      if (days.includes(daysBack)) rows.push({ tMs: t, durMs: MIN, pvW: pvW(t), houseW, ...more })
    }
    return rows
  }
  return { read, calls }
}

describe('the solar outlook', () => {
  it('expects the last days’ surplus at the same hours, a fifth held back', () => {
    const { read } = history([1, 2, 3], () => 4500)
    // An hour of 4 kW surplus on each past day.
    expect(new SolarOutlook(read).carSolarWh(NOON, NOON + HOUR, car)).toBeCloseTo(4000 * OUTLOOK_TRUST, 0)
  })

  it('averages the days it has, and expects nothing where the history is empty', () => {
    const { read } = history([1], () => 2500)
    expect(new SolarOutlook(read).carSolarWh(NOON, NOON + HOUR, car)).toBeCloseTo(2000 * OUTLOOK_TRUST, 0)
    expect(new SolarOutlook(history([], () => 2500).read).carSolarWh(NOON, NOON + HOUR, car)).toBe(0)
  })

  it('counts no sun below what starts the car, and no more than the car can take', () => {
    expect(new SolarOutlook(history([1, 2, 3], () => 1000).read).carSolarWh(NOON, NOON + HOUR, car)).toBe(0)
    expect(new SolarOutlook(history([1, 2, 3], () => 12_000).read).carSolarWh(NOON, NOON + HOUR, car)).toBeCloseTo(7360 * OUTLOOK_TRUST, 0)
  })

  it('weighs each past day on its own: one sunny day among grey ones is a third of a sunny hour', () => {
    const sunnyYesterday = (t: number) => (NOON - t < 1.5 * DAY ? 8000 : 800)
    const wh = new SolarOutlook(history([1, 2, 3], sunnyYesterday).read).carSolarWh(NOON, NOON + HOUR, car)
    expect(wh).toBeCloseTo((7360 / 3) * OUTLOOK_TRUST, 0)
  })

  it('ignores a day whose quarter-hour is mostly missing', () => {
    const gappy = (t: number) => (NOON - t < 1.5 * DAY && ((t / MIN) % 15) > 5 ? null : 4500)
    const wh = new SolarOutlook(history([1, 2], gappy).read).carSolarWh(NOON, NOON + 15 * MIN, car)
    // Only the day before yesterday counts: a full 4 kW quarter-hour.
    expect(wh).toBeCloseTo(1000 * OUTLOOK_TRUST, 0)
  })

  it('counts what was exported or went to the car, not what a home battery took first', () => {
    // 4.5 kW of sun, 500 W of house, the battery filling at 3 kW below its priority: 1 kW exported.
    const battery = history([1, 2, 3], () => 4500, 500, { gridW: -1000, evSolarWh: 0 })
    expect(new SolarOutlook(battery.read).carSolarWh(NOON, NOON + HOUR, car)).toBeCloseTo(1000 * OUTLOOK_TRUST, 0)
    // Nothing exported, but the car took 2 kW from the sun: that sun comes again.
    const carCharged = history([1, 2, 3], () => 4500, 500, { gridW: 0, evSolarWh: 2000 / 60 })
    expect(new SolarOutlook(carCharged.read).carSolarWh(NOON, NOON + HOUR, car)).toBeCloseTo(2000 * OUTLOOK_TRUST, 0)
  })

  it('lowers what is still expected when today’s sun so far falls short of the past days’', () => {
    // Past days: 4.5 kW all day; today (day 0) only 1.5 kW over the morning.
    const { read } = history([0, 1, 2, 3], (t) => (NOON - t < 12 * HOUR ? 1500 : 4500))
    const wh = new SolarOutlook(read).carSolarWh(NOON, NOON + HOUR, car)
    // A third of the past days' sun: 1.5 kW less 500 W of house, an hour of it.
    expect(wh).toBeCloseTo(1000 * OUTLOOK_TRUST, 0)
  })

  it('counts a sunnier today for at most a fifth more, and says nothing before there is sun to compare', () => {
    const bright = history([0, 1, 2, 3], (t) => (NOON - t < 12 * HOUR ? 9000 : 4500))
    expect(new SolarOutlook(bright.read).carSolarWh(NOON, NOON + HOUR, car)).toBeCloseTo((4500 * 1.2 - 500) * OUTLOOK_TRUST, 0)
    // At dawn the past days had 300 W: today's 0 W is no evidence of a grey day.
    const beforeNoon = (t: number) => (((t - NOON) % DAY) + DAY) % DAY > 12 * HOUR
    const dawn = history([0, 1, 2, 3], (t) => (!beforeNoon(t) ? 4500 : NOON - t < 12 * HOUR ? 0 : 300))
    expect(new SolarOutlook(dawn.read).carSolarWh(NOON, NOON + HOUR, car)).toBeCloseTo(4000 * OUTLOOK_TRUST, 0)
  })

  it('reads each quarter-hour of history once, however often the planner asks', () => {
    const { read, calls } = history([1, 2, 3], () => 4500)
    const outlook = new SolarOutlook(read)
    outlook.carSolarWh(NOON, NOON + HOUR, car)
    const first = calls.length
    outlook.carSolarWh(NOON + 10 * MIN, NOON + HOUR, car)
    // Four quarter-hours ahead and eight behind (today's comparison), each on three past days, and today's eight.
    expect(first).toBe(4 * 3 + 8 * 3 + 8)
    expect(calls.length).toBe(first)
  })
})
