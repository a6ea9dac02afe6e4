import { describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import type { Tariff } from '../../../src-main/core/devices'
import { createFileLogger } from '../../../src-main/core/log'
import { SiteRuntime } from '../../../src-main/core/site/runtime'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultSettings } from '../../../src-shared/settings'

/** A tariff that, like a rate-limited cloud client, keeps answering from its cache. */
function cachingTariff(clock: { now(): number }) {
  let fetchedAtMs: number | null = null
  let cloudUp = true
  const tariff: Tariff = {
    id: 'amber:tariff',
    label: 'Amber',
    currency: 'AUD',
    unit: 'c/kWh',
    pollMs: 60_000,
    updateEveryMs: 300_000,
    lastUpdatedMs: () => fetchedAtMs,
    async readPrices() {
      if (cloudUp) fetchedAtMs = clock.now()
      return []
    },
  }
  return { tariff, setCloudUp: (up: boolean) => (cloudUp = up) }
}

describe('source age', () => {
  it('follows when the vendor data arrived, not when the cache answered, against the vendor cadence', async () => {
    const clock = manualClock(Date.parse('2026-11-23T12:00:00+11:00'))
    const { tariff, setCloudUp } = cachingTariff(clock)
    const logger = createFileLogger(join(mkdtempSync(join(tmpdir(), 'sunspill-age-')), 'log'))
    const runtime = new SiteRuntime({ devices: { meter: null, battery: null, tariff, chargers: [] }, clock, logger, settings: defaultSettings })
    const freshness = () => runtime.snapshot().trackers.find((t) => t.id === 'amber:tariff')!.status(clock.now())

    await runtime.tick()
    expect(freshness().freshness).toBe('fresh')
    setCloudUp(false)
    for (let minute = 1; minute <= 9; minute++) {
      clock.advance(60_000)
      await runtime.tick()
    }
    // Nine minutes on cached prices: still within two 5-minute updates.
    expect(freshness()).toMatchObject({ freshness: 'fresh', ageS: 540 })
    for (let minute = 10; minute <= 30; minute++) {
      clock.advance(60_000)
      await runtime.tick()
    }
    expect(freshness()).toMatchObject({ freshness: 'stale', ageS: 1800 })
    setCloudUp(true)
    clock.advance(60_000)
    await runtime.tick()
    expect(freshness()).toMatchObject({ freshness: 'fresh', ageS: 0 })
  })
})
