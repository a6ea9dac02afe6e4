import { describe, expect, it } from 'vitest'
import { priceAlerts, quietMemory, type PriceAlertMemory } from '../../../src-main/core/notify/price-rules'
import type { NotificationEvent, PriceInterval } from '../../../src-shared/model'
import { NotificationSettings } from '../../../src-shared/settings'

const settings = NotificationSettings.parse({ spikeThresholdCents: 100 })

function interval(perKwhCents: number, index: number): PriceInterval {
  const startMs = index * 300_000
  return {
    kind: 'current',
    startMs,
    endMs: startMs + 300_000,
    perKwhCents,
    feedInCentsPerKwh: 5,
    descriptor: 'neutral',
    spikeStatus: 'none',
    renewablesPct: 40,
    estimate: false,
  }
}

/** Feeds a price series through the rules tick by tick, as the runtime does every 10 s. */
function run(prices: number[], ticksPerInterval = 30, s = settings): NotificationEvent[] {
  let memory: PriceAlertMemory = quietMemory()
  const events: NotificationEvent[] = []
  prices.forEach((price, i) => {
    for (let t = 0; t < ticksPerInterval; t++) {
      const result = priceAlerts(interval(price, i), s, memory, i * 300_000 + t * 10_000)
      memory = result.memory
      events.push(...result.events)
    }
  })
  return events
}

describe('price notifications', () => {
  it('fires once when the price crosses the spike threshold, not once per tick', () => {
    const events = run([30, 40, 150, 190, 220, 160, 40])
    expect(events.map((e) => e.kind)).toEqual(['spike'])
    expect(events[0]!.title).toBe('Price spike: 150 c/kWh')
    expect(events[0]!.body).toContain('100 c/kWh')
  })

  it('does not fire again while the price hovers around the threshold', () => {
    const events = run([120, 95, 105, 90, 110])
    expect(events).toHaveLength(1)
  })

  it('fires again for a second spike after the price clearly fell', () => {
    const events = run([150, 30, 30, 200])
    expect(events.map((e) => e.kind)).toEqual(['spike', 'spike'])
    expect(new Set(events.map((e) => e.id)).size).toBe(2)
  })

  it('fires once when the price turns negative', () => {
    const events = run([12, 3, -2, -6, -4, 0.5, -1, 8])
    expect(events.map((e) => e.kind)).toEqual(['negative'])
    expect(events[0]!.title).toBe('Negative price: -2.0 c/kWh')
  })

  it('stays silent when notifications are off, or negative alerts are off', () => {
    expect(run([150, -5], 3, { ...settings, enabled: false })).toEqual([])
    expect(run([150, -5], 3, { ...settings, negativePrice: false }).map((e) => e.kind)).toEqual(['spike'])
  })

  it('follows the user threshold', () => {
    expect(run([60, 80], 3, { ...settings, spikeThresholdCents: 75 })).toHaveLength(1)
    expect(run([60, 80], 3, { ...settings, spikeThresholdCents: 85 })).toHaveLength(0)
  })
})
