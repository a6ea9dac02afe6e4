import { describe, expect, it } from 'vitest'
import { recordTick, type RecorderState } from '../../../src-main/core/history/recorder'
import { bucketEnd, mergeSamples, retention } from '../../../src-main/core/history/retention'
import type { HistoryStore } from '../../../src-main/core/history/store'
import type { SampleRow } from '../../../src-main/core/history/types'
import { DAY, HOUR, MIN, openStore, state, T0 } from './helpers'

/** Days of 10-second samples with a car charging from late morning, written in hourly batches. */
function recordDays(store: HistoryStore, days: number, start = T0) {
  const memory: RecorderState = { lastMs: null, open: new Map() }
  let batch: SampleRow[] = []
  for (let t = start; t < start + days * DAY; t += 10_000) {
    const h = ((t - start) % DAY) / HOUR
    const pvW = Math.max(0, 6500 * Math.sin(((h - 0.5) / 13) * Math.PI)) + ((t / 10_000) % 13) * 11
    const evW = h > 4 && h < 8 ? 3000 + ((t / 10_000) % 5) * 300 : 0
    const tick = recordTick(memory, state({ atMs: t, pvW, houseW: 450 + ((t / 10_000) % 17) * 20, batteryW: h > 12 ? 900 : -700, priceCents: 10 + (Math.floor(t / 300_000) % 9) * 3.3, chargers: [{ powerW: evW }] }), {
      maxGapMs: 5 * MIN,
    })
    if (tick) batch.push(tick.sample)
    if (batch.length >= 360) {
      store.writeSamples(batch)
      batch = []
    }
  }
  store.writeSamples(batch)
}

const ALL: [number, number] = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]

describe('merging samples', () => {
  it('keeps energy and cost totals and averages power over time', () => {
    const a: SampleRow = { tMs: 10_000, durMs: 10_000, tier: 0, src: 0, pvW: 1000, houseW: null, batteryW: 100, gridW: -500, socPct: 40, priceCents: 10, feedInCents: null, evW: 3600, evSolarWh: 5, evBatteryWh: 1, evGridWh: 4, evCostCents: 0.4, evGridPriceCents: 1 }
    const b: SampleRow = { ...a, tMs: 40_000, durMs: 30_000, pvW: 2000, houseW: 300, batteryW: null, socPct: 41, priceCents: 20, evW: 0, evSolarWh: 0, evBatteryWh: 0, evGridWh: 0, evCostCents: 0, evGridPriceCents: 0 }
    const m = mergeSamples([a, b], 1, 300_000)
    expect(m).toMatchObject({ tMs: 300_000, durMs: 40_000, tier: 1, pvW: 1750, houseW: 300, batteryW: 100, gridW: -500, priceCents: 17.5, feedInCents: null, evW: 900 })
    expect(m.socPct).toBeCloseTo(40.8, 9)
    expect(m.evSolarWh + m.evBatteryWh + m.evGridWh).toBe(10)
    expect(m.evCostCents).toBe(0.4)
  })

  it('names a bucket by its end; a row ending on a boundary belongs to the bucket before', () => {
    expect(bucketEnd(300_000, 300_000)).toBe(300_000)
    expect(bucketEnd(300_001, 300_000)).toBe(600_000)
  })
})

describe('retention and downsampling', () => {
  it('keeps two days at the loop’s cadence, then five minutes, then hours, without losing a watt-hour or a cent', () => {
    const store = openStore()
    recordDays(store, 4)
    const now = T0 + 4 * DAY
    const before = store.totals(...ALL)
    const rawBefore = store.counts().samples[0]
    expect(before.energyWh).toBeGreaterThan(40_000)

    store.maintain(now)
    let counts = store.counts()
    expect(counts.samples[0]).toBeLessThan(rawBefore)
    expect(counts.samples[0]).toBeGreaterThan(0)
    // Nothing at the loop's cadence is older than two days (to the five-minute bucket).
    const oldestRaw = store.samples(...ALL).filter((r) => r.tier === 0)[0]!
    expect(oldestRaw.tMs).toBeGreaterThan(now - retention.rawMs - 5 * MIN)
    expect(store.samples(...ALL).filter((r) => r.tier === 1).every((r) => r.tMs % (5 * MIN) === 0 && r.tMs <= now - retention.rawMs)).toBe(true)
    expectSameTotals(store.totals(...ALL), before)

    // Two months on, everything older is hourly.
    store.maintain(now + retention.fiveMinuteMs)
    counts = store.counts()
    expect(counts.samples[0]).toBe(0)
    expect(counts.samples[1]).toBe(0)
    expect(counts.samples[2]).toBeGreaterThanOrEqual(4 * 24)
    expect(counts.samples[2]).toBeLessThanOrEqual(4 * 24 + 1)
    expectSameTotals(store.totals(...ALL), before)
    // The hourly rows cover the whole span they replaced.
    const covered = store.samples(...ALL).reduce((s, r) => s + r.durMs, 0)
    expect(covered).toBe(4 * DAY - 10_000)

    // Running it again changes nothing; five years on, it is gone.
    store.maintain(now + retention.fiveMinuteMs)
    expectSameTotals(store.totals(...ALL), before)
    store.maintain(now + retention.hourlyMs + DAY)
    expect(store.counts().samples).toEqual({ 0: 0, 1: 0, 2: 0 })
    expect(store.integrityCheck()).toBe('ok')
    store.close()
  })

  it('statistics over a window read the same before and after downsampling', () => {
    const store = openStore()
    recordDays(store, 3)
    // Windows that start and end on the hour, as local days do in Sydney.
    const window: [number, number] = [T0 + 18 * HOUR, T0 + 42 * HOUR]
    const before = store.totals(...window)
    store.maintain(T0 + 3 * DAY + retention.fiveMinuteMs)
    expectSameTotals(store.totals(...window), before)
    store.close()
  })

  it('merges old price intervals into hourly time-weighted averages and prunes old notifications', () => {
    const store = openStore()
    const start = T0 - (T0 % HOUR)
    store.importPricesKeeping(
      Array.from({ length: 24 }, (_, i) => ({
        startMs: start + i * 5 * MIN,
        endMs: start + (i + 1) * 5 * MIN,
        perKwhCents: i < 12 ? 10 : 30,
        feedInCents: i < 12 ? 1 : null,
        descriptor: 'neutral',
        tier: 0 as const,
        demo: false,
      })),
    )
    store.recordNotification({ id: 'n1', atMs: start, kind: 'spike', title: 'Spike', body: '' })
    store.maintain(start + retention.pricesRawMs + 3 * HOUR)
    expect(store.prices(...ALL)).toEqual([
      { startMs: start, endMs: start + HOUR, perKwhCents: 10, feedInCents: 1, descriptor: null, tier: 2, demo: false },
      { startMs: start + HOUR, endMs: start + 2 * HOUR, perKwhCents: 30, feedInCents: null, descriptor: null, tier: 2, demo: false },
    ])
    expect(store.notifications(...ALL)).toHaveLength(1)
    store.maintain(start + retention.notificationsMs + HOUR)
    expect(store.notifications(...ALL)).toHaveLength(0)
    store.close()
  })
})

function expectSameTotals(actual: ReturnType<HistoryStore['totals']>, expected: ReturnType<HistoryStore['totals']>) {
  for (const key of Object.keys(expected) as (keyof typeof expected)[]) expect(actual[key], key).toBeCloseTo(expected[key], 6)
}
