import { describe, expect, it } from 'vitest'
import type { PriceDescriptor, PriceInterval } from '../../../src-shared/model'
import { at, DAY_MS, HOUR_MS, localHour, makeHome, mean, MINUTE_MS, SUMMER_WEDNESDAY } from './helpers'

const INTERVAL_MS = 5 * MINUTE_MS

function expectedDescriptor(perKwhCents: number): PriceDescriptor {
  if (perKwhCents < 0) return 'extremelyLow'
  if (perKwhCents < 10) return 'veryLow'
  if (perKwhCents < 20) return 'low'
  if (perKwhCents < 35) return 'neutral'
  if (perKwhCents < 100) return 'high'
  return 'spike'
}

async function feedAt(timeMs: number): Promise<PriceInterval[]> {
  return makeHome(timeMs).home.tariff.readPrices()
}

function inLocalHours(intervals: PriceInterval[], from: number, to: number): PriceInterval[] {
  return intervals.filter((i) => localHour(i.startMs) >= from && localHour(i.startMs) < to)
}

describe('demo price feed', () => {
  it('gives an hour of actuals, the current interval and at least 24 h of contiguous forecast', async () => {
    const nowMs = at(SUMMER_WEDNESDAY, 13, 7) + 42_000
    const feed = await feedAt(nowMs)
    const kinds = feed.map((i) => i.kind)
    const current = feed.find((i) => i.kind === 'current')!
    expect(kinds.filter((k) => k === 'current')).toHaveLength(1)
    expect(kinds.indexOf('current')).toBe(kinds.lastIndexOf('actual') + 1)
    expect(kinds.slice(kinds.indexOf('current') + 1).every((k) => k === 'forecast')).toBe(true)
    expect(current.startMs).toBeLessThanOrEqual(nowMs)
    expect(current.endMs).toBeGreaterThan(nowMs)
    expect(feed[0]!.startMs).toBeLessThanOrEqual(current.startMs - HOUR_MS)
    expect(feed.at(-1)!.endMs).toBeGreaterThanOrEqual(nowMs + DAY_MS)
    for (const [index, interval] of feed.entries()) {
      expect(interval.startMs % INTERVAL_MS).toBe(0)
      expect(interval.endMs - interval.startMs).toBe(INTERVAL_MS)
      if (index > 0) expect(interval.startMs).toBe(feed[index - 1]!.endMs)
    }
  })

  it('has a negative midday stretch and an evening spike in the forecast for the day', async () => {
    const feed = await feedAt(at(SUMMER_WEDNESDAY, 0))
    const forecast = feed.filter((i) => i.kind === 'forecast')
    const midday = inLocalHours(forecast, 11, 14)
    expect(midday.length).toBeGreaterThan(30)
    for (const interval of midday) {
      expect(interval.perKwhCents).toBeLessThan(0)
      expect(interval.descriptor).toBe('extremelyLow')
      expect(interval.feedInCentsPerKwh).toBeLessThan(0)
      expect(interval.feedInCentsPerKwh).toBeGreaterThanOrEqual(-8)
    }
    const spikes = forecast.filter((i) => i.spikeStatus === 'spike')
    expect(spikes.length).toBeGreaterThanOrEqual(6)
    for (const interval of spikes) {
      expect(localHour(interval.startMs)).toBeGreaterThanOrEqual(17)
      expect(localHour(interval.startMs)).toBeLessThan(19)
      expect(interval.perKwhCents).toBeGreaterThanOrEqual(100)
      expect(interval.descriptor).toBe('spike')
      expect(interval.feedInCentsPerKwh).toBeGreaterThanOrEqual(80)
    }
  })

  it('prices the day like a solar-heavy market: cheap nights, a morning peak, a dear evening', async () => {
    const feed = await feedAt(at(SUMMER_WEDNESDAY, 0))
    const prices = (from: number, to: number) => inLocalHours(feed, from, to).map((i) => i.perKwhCents)
    const overnight = mean(prices(0, 6))
    expect(overnight).toBeGreaterThan(15)
    expect(overnight).toBeLessThan(27)
    expect(mean(prices(7, 9))).toBeGreaterThan(overnight + 8)
    expect(mean(prices(15, 16.5))).toBeGreaterThan(20)
    expect(mean(prices(15, 16.5))).toBeLessThan(35)
    for (const interval of inLocalHours(feed, 0, 6)) {
      expect(interval.feedInCentsPerKwh).toBeGreaterThanOrEqual(4)
      expect(interval.feedInCentsPerKwh).toBeLessThanOrEqual(9)
    }
  })

  it('warns of a potential spike in the hour before it, at high prices', async () => {
    const feed = await feedAt(at(SUMMER_WEDNESDAY, 18, 25))
    const actuals = feed.filter((i) => i.kind === 'actual' || i.kind === 'current')
    const firstSpike = actuals.findIndex((i) => i.spikeStatus === 'spike')
    expect(firstSpike).toBeGreaterThan(0)
    const potential = actuals.filter((i) => i.spikeStatus === 'potential')
    expect(potential.length).toBeGreaterThan(0)
    for (const interval of potential) {
      expect(interval.startMs).toBeLessThan(actuals[firstSpike]!.startMs)
      expect(interval.startMs).toBeGreaterThanOrEqual(actuals[firstSpike]!.startMs - HOUR_MS)
      expect(interval.perKwhCents).toBeGreaterThanOrEqual(60)
      expect(interval.perKwhCents).toBeLessThanOrEqual(100)
    }
    for (const interval of actuals.filter((i) => i.spikeStatus === 'spike')) {
      expect(interval.perKwhCents).toBeGreaterThanOrEqual(150)
      expect(interval.perKwhCents).toBeLessThanOrEqual(300)
    }
  })

  it('labels every interval with the descriptor its price deserves', async () => {
    for (const hour of [0, 6, 12, 18]) {
      for (const interval of await feedAt(at(SUMMER_WEDNESDAY, hour))) {
        expect(interval.descriptor).toBe(expectedDescriptor(interval.perKwhCents))
        if (interval.spikeStatus === 'none') expect(interval.perKwhCents).toBeLessThan(100)
      }
    }
  })

  it('shows more renewables at midday than at night', async () => {
    const feed = await feedAt(at(SUMMER_WEDNESDAY, 0))
    const renewables = (from: number, to: number) => inLocalHours(feed, from, to).map((i) => i.renewablesPct ?? NaN)
    expect(mean(renewables(11, 14))).toBeGreaterThan(55)
    expect(mean(renewables(0, 4))).toBeLessThan(40)
    expect(Math.min(...renewables(11, 14))).toBeGreaterThan(Math.max(...renewables(0, 4)))
  })

  it('marks the current price as an estimate only in its first 30 seconds', async () => {
    const start = at(SUMMER_WEDNESDAY, 13, 5)
    const test = makeHome(start + 10_000)
    const current = async () => (await test.home.tariff.readPrices()).find((i) => i.kind === 'current')!
    expect((await current()).estimate).toBe(true)
    test.clock.set(start + 31_000)
    expect((await current()).estimate).toBe(false)
    expect((await current()).startMs).toBe(start)
  })

  it('forecasts within 10 % of what the price turns out to be', async () => {
    const nowMs = at(SUMMER_WEDNESDAY, 2)
    const test = makeHome(nowMs)
    const forecast = (await test.home.tariff.readPrices()).filter((i) => i.kind === 'forecast')
    const actualByStart = new Map<number, number>()
    for (let hour = 1; hour <= 25; hour++) {
      test.clock.set(nowMs + hour * HOUR_MS)
      for (const interval of await test.home.tariff.readPrices()) {
        if (interval.kind === 'actual') actualByStart.set(interval.startMs, interval.perKwhCents)
      }
    }
    let compared = 0
    let differing = 0
    for (const interval of forecast) {
      const actual = actualByStart.get(interval.startMs)
      if (actual === undefined) continue
      compared++
      if (interval.perKwhCents !== actual) differing++
      expect(Math.abs(interval.perKwhCents - actual)).toBeLessThanOrEqual(Math.abs(actual) * 0.1 + 0.01)
    }
    expect(compared).toBeGreaterThan(250)
    expect(differing).toBeGreaterThan(compared / 2)
  })
})
