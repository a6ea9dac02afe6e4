import { describe, expect, it } from 'vitest'
import { priceAlerts, quietMemory, type PriceAlertMemory } from '../../../src-main/core/notify/price-rules'
import { deliverable } from '../../../src-main/core/notify/quiet-hours'
import type { NotificationEvent, PriceInterval } from '../../../src-shared/model'
import { NotificationSettings } from '../../../src-shared/settings'

const settings = NotificationSettings.parse({ spikeThresholdCents: 100 })
const FIVE_MIN = 300_000

type Step = number | Partial<PriceInterval>

function interval(step: Step, index: number): PriceInterval {
  const startMs = index * FIVE_MIN
  const base: PriceInterval = {
    kind: 'forecast',
    startMs,
    endMs: startMs + FIVE_MIN,
    perKwhCents: 20,
    feedInCentsPerKwh: 5,
    descriptor: 'neutral',
    spikeStatus: 'none',
    renewablesPct: 40,
    estimate: false,
  }
  return typeof step === 'number' ? { ...base, perKwhCents: step } : { ...base, ...step }
}

/** Feeds a price series through the rules tick by tick (every 10 s), with the rest as forecast. */
function run(steps: Step[], s = settings, ticksPerInterval = 30): NotificationEvent[] {
  const intervals = steps.map(interval)
  let memory: PriceAlertMemory = quietMemory()
  const events: NotificationEvent[] = []
  intervals.forEach((_, i) => {
    for (let t = 0; t < ticksPerInterval; t++) {
      const result = priceAlerts({ intervals, nowMs: i * FIVE_MIN + t * 10_000, timeZone: 'Australia/Sydney', settings: s, memory })
      memory = result.memory
      events.push(...result.events)
    }
  })
  return events
}

const kinds = (events: NotificationEvent[]) => events.map((e) => e.kind)

describe('price notifications', () => {
  it('fires once when the price crosses the spike threshold, not once per tick', () => {
    const events = run([30, 40, 150, 190, 220, 160, 40], settings).filter((e) => e.kind === 'spike')
    expect(events).toHaveLength(1)
    expect(events[0]!.title).toBe('Price spike: 150 c/kWh')
    expect(events[0]!.body).toContain('100 c/kWh')
  })

  it('warns once, ahead of a spike in the forecast, then once more when it arrives', () => {
    const events = run([20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 250, 260, 20])
    expect(kinds(events)).toEqual(['potential', 'spike'])
    expect(events[0]!.title).toMatch(/^Price spike likely around \d\d:\d\d$/)
    expect(events[0]!.body).toContain('250 c/kWh')
  })

  it('follows Amber: spikeStatus and descriptor count as a spike below the user threshold', () => {
    expect(kinds(run([20, { perKwhCents: 80, spikeStatus: 'spike' }, 20], settings, 3))).toContain('spike')
    expect(kinds(run([20, { perKwhCents: 90, descriptor: 'spike' }, 20], settings, 3))).toContain('spike')
    expect(kinds(run([{ spikeStatus: 'potential', perKwhCents: 60 }], settings, 3))).toEqual(['potential'])
  })

  it('does not fire again while the price hovers around the threshold', () => {
    expect(run([120, 95, 105, 90, 110]).filter((e) => e.kind === 'spike')).toHaveLength(1)
  })

  it('fires again for a second spike after the price clearly fell', () => {
    const events = run([150, ...Array(14).fill(30), 200]).filter((e) => e.kind === 'spike')
    expect(events).toHaveLength(2)
    expect(new Set(events.map((e) => e.id)).size).toBe(2)
  })

  it('fires once when the price turns negative', () => {
    const events = run([12, 3, -2, -6, -4, 0.5, -1, 8])
    expect(kinds(events)).toEqual(['negative'])
    expect(events[0]!.title).toBe('Negative price: -2.0 c/kWh')
  })

  it('stays silent when notifications are off, or negative alerts are off', () => {
    const heard = (s: NotificationSettings) => deliverable(run([150, -5], s, 3), s, 0, 'Australia/Sydney')
    expect(heard({ ...settings, enabled: false })).toEqual([])
    expect(kinds(heard({ ...settings, kinds: { ...settings.kinds, negative: false } }))).toEqual(['spike'])
  })

  it('points every price notification at the popover', () => {
    const events = run([20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 250, -3, 12])
    expect(kinds(events)).toEqual(['potential', 'spike', 'negative'])
    expect(events.every((e) => e.target?.view === 'popover')).toBe(true)
  })

  it('follows the user threshold', () => {
    expect(run([60, 80], { ...settings, spikeThresholdCents: 75 }, 3).filter((e) => e.kind === 'spike')).toHaveLength(1)
    expect(run([60, 80], { ...settings, spikeThresholdCents: 85 }, 3).filter((e) => e.kind === 'spike')).toHaveLength(0)
  })
})
