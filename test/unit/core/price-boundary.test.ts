/** The price shown is the published one soon after each interval starts, not the old forecast for a minute. */
import { describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import type { Tariff } from '../../../src-main/core/devices'
import { SiteRuntime } from '../../../src-main/core/site/runtime'
import type { PriceInterval } from '../../../src-shared/model'
import { defaultSettings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'

const FIVE_MIN = 5 * 60_000
const BOUNDARY = Date.parse('2026-01-15T12:05:00+11:00')

function interval(startMs: number): PriceInterval {
  return { kind: 'current', startMs, endMs: startMs + FIVE_MIN, perKwhCents: 23.4, feedInCentsPerKwh: 6.1, descriptor: 'neutral', spikeStatus: 'none', renewablesPct: 41, estimate: false }
}

describe('the tariff around an interval boundary', () => {
  it('is read again half a minute after the current interval ends, then at its usual pace', async () => {
    const clock = manualClock(BOUNDARY - 10_000)
    const readsAt: number[] = []
    const tariff: Tariff = {
      id: 'amber',
      label: 'Amber',
      currency: 'AUD',
      unit: 'c/kWh',
      pollMs: 60_000,
      async readPrices() {
        readsAt.push(clock.now())
        return [interval(Math.floor(clock.now() / FIVE_MIN) * FIVE_MIN)]
      },
    }
    const runtime = new SiteRuntime({ devices: { meter: null, battery: null, tariff, chargers: [] }, clock, logger: memoryLogger(), settings: () => defaultSettings() })
    for (let t = BOUNDARY - 10_000; t <= BOUNDARY + 120_000; t += 10_000) {
      clock.set(t)
      await runtime.tick()
    }
    // 10 s before the boundary, 30 s after it (not 50 s), then a minute on.
    expect(readsAt.map((t) => (t - BOUNDARY) / 1000)).toEqual([-10, 30, 90])
  })
})
