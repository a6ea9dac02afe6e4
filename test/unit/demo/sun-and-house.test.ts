import { getPosition, getTimes } from 'suncalc'
import { describe, expect, it } from 'vitest'
import { at, DAY_MS, HOUR_MS, localHour, makeHome, mean, MINUTE_MS, SUMMER_WEDNESDAY, sydney } from './helpers'

const PV_KWP = 6.6

function sunAltitudeDeg(timeMs: number): number {
  return getPosition(new Date(timeMs), sydney.latitude, sydney.longitude).altitude
}

async function pvSeries(startMs: number, endMs: number, stepMs: number) {
  const test = makeHome(startMs, { account: { pvKwp: PV_KWP } })
  const series: { atMs: number; pvW: number }[] = []
  for (let t = startMs; t <= endMs; t += stepMs) {
    test.clock.set(t)
    series.push({ atMs: t, pvW: (await test.home.meter.readMeter()).pvW ?? NaN })
  }
  return series
}

describe('demo PV', () => {
  it('is zero while the sun is down and never above the array size', async () => {
    const series = await pvSeries(at(SUMMER_WEDNESDAY, 0), at(SUMMER_WEDNESDAY, 0) + 3 * DAY_MS, 5 * MINUTE_MS)
    for (const { atMs, pvW } of series) {
      expect(pvW).toBeGreaterThanOrEqual(0)
      expect(pvW).toBeLessThanOrEqual(PV_KWP * 1000)
      if (sunAltitudeDeg(atMs) <= 0) expect(pvW).toBe(0)
    }
    expect(Math.max(...series.map((s) => s.pvW))).toBeGreaterThan(PV_KWP * 1000 * 0.6)
  })

  it('peaks around solar noon', async () => {
    const startMs = at(SUMMER_WEDNESDAY, 0)
    const series = await pvSeries(startMs, startMs + DAY_MS, MINUTE_MS)
    const solarNoonMs = getTimes(new Date(at(SUMMER_WEDNESDAY, 12)), sydney.latitude, sydney.longitude).solarNoon.getTime()
    const hourlyMeansW = Array.from({ length: 24 }, (_, hour) =>
      mean(series.filter((s) => s.atMs >= startMs + hour * HOUR_MS && s.atMs < startMs + (hour + 1) * HOUR_MS).map((s) => s.pvW)),
    )
    const bestHour = hourlyMeansW.indexOf(Math.max(...hourlyMeansW))
    const bestHourMidMs = startMs + (bestHour + 0.5) * HOUR_MS
    expect(Math.abs(bestHourMidMs - solarNoonMs)).toBeLessThanOrEqual(2.5 * HOUR_MS)
    const nearNoon = series.filter((s) => Math.abs(s.atMs - solarNoonMs) <= HOUR_MS).map((s) => s.pvW)
    const earlyMorning = series.filter((s) => s.atMs - solarNoonMs < -5 * HOUR_MS && sunAltitudeDeg(s.atMs) > 0).map((s) => s.pvW)
    expect(mean(nearNoon)).toBeGreaterThan(2 * mean(earlyMorning))
  })

  it('dips under passing clouds, and some days are cloudier than others', async () => {
    const startMs = at(SUMMER_WEDNESDAY, 0)
    const series = await pvSeries(startMs, startMs + 5 * DAY_MS, MINUTE_MS)
    const cloudyMinutesByDay = [0, 0, 0, 0, 0]
    series.forEach((s, i) => {
      const hour = localHour(s.atMs)
      if (hour < 10 || hour > 16) return
      // Clear sky barely changes over 15 minutes at midday; a sharp dip below both sides is a cloud.
      const neighbourW = Math.max(series[i - 15]?.pvW ?? 0, series[i + 15]?.pvW ?? 0)
      if (s.pvW < 0.7 * neighbourW) cloudyMinutesByDay[Math.floor((s.atMs - startMs) / DAY_MS)]! += 1
    })
    expect(cloudyMinutesByDay.every((minutes) => minutes > 0)).toBe(true)
    expect(new Set(cloudyMinutesByDay).size).toBeGreaterThan(1)
  })
})

describe('demo house load', () => {
  async function houseSeries(days: number) {
    const startMs = at(SUMMER_WEDNESDAY, 0)
    const test = makeHome(startMs)
    const series: { hour: number; houseW: number }[] = []
    for (let t = startMs; t < startMs + days * DAY_MS; t += MINUTE_MS) {
      test.clock.set(t)
      series.push({ hour: localHour(t), houseW: (await test.home.meter.readMeter()).houseW ?? NaN })
    }
    return series
  }

  it('has a morning and an evening peak well above the overnight base', async () => {
    const series = await houseSeries(3)
    const between = (from: number, to: number) => series.filter((s) => s.hour >= from && s.hour < to).map((s) => s.houseW)
    const overnightW = mean(between(0, 5))
    expect(overnightW).toBeGreaterThanOrEqual(250)
    expect(overnightW).toBeLessThan(600)
    expect(mean(between(6.75, 8.25))).toBeGreaterThan(1400)
    expect(mean(between(17.5, 20.5))).toBeGreaterThan(1900)
    expect(mean(between(6.75, 8.25))).toBeGreaterThan(3 * overnightW)
    expect(mean(between(17.5, 20.5))).toBeGreaterThan(4 * overnightW)
  })

  it('switches appliances on and off during the day', async () => {
    const series = await houseSeries(3)
    const daytime = series.filter((s) => s.hour >= 9 && s.hour < 16)
    const jumpsW = daytime.slice(1).map((s, i) => s.houseW - (daytime[i]?.houseW ?? 0))
    expect(jumpsW.filter((jump) => jump > 1000).length).toBeGreaterThanOrEqual(3)
    expect(jumpsW.filter((jump) => jump < -1000).length).toBeGreaterThanOrEqual(3)
  })
})
