import { describe, expect, it } from 'vitest'
import {
  CHARGED_MIN_MS,
  chargerAlerts,
  STOP_CONFIRM_MS,
  type ChargerAlertMemory,
  type ChargerObservation,
} from '../../../src-main/core/notify/charger-rules'
import type { NotificationEvent } from '../../../src-shared/model'

const TICK_MS = 10_000
const MIN = 60_000

const charging: ChargerObservation = {
  id: 'wb',
  label: 'Garage',
  reporting: true,
  connected: true,
  carFull: false,
  powerW: 7200,
  carSocPct: 62,
  sessionEnergyWh: 12_400,
  wantsCharge: true,
}

/** What the car does for a while: a partial observation held for durationMs, read every 10 s. */
type Phase = [durationMs: number, change: Partial<ChargerObservation>]

const full: Partial<ChargerObservation> = { carFull: true, powerW: 0, carSocPct: 80 }
const stalled: Partial<ChargerObservation> = { powerW: 0 }
const unplugged: Partial<ChargerObservation> = { connected: false, powerW: 0 }

function run(phases: Phase[], memory: ChargerAlertMemory = {}): NotificationEvent[] {
  const events: NotificationEvent[] = []
  let nowMs = 1_000_000
  for (const [durationMs, change] of phases) {
    for (let t = 0; t < durationMs; t += TICK_MS) {
      const result = chargerAlerts([{ ...charging, ...change }], memory, nowMs)
      memory = result.memory
      events.push(...result.events)
      nowMs += TICK_MS
    }
  }
  return events
}

const kinds = (events: NotificationEvent[]) => events.map((e) => e.kind)

describe('car finished', () => {
  it('fires once when a car that charged is full, however long it stays plugged in', () => {
    const events = run([
      [30 * MIN, {}],
      [3 * 60 * MIN, full],
    ])
    expect(kinds(events)).toEqual(['carFinished'])
    expect(events[0]!.title).toBe('Car charged on Garage')
    expect(events[0]!.body).toBe('The car is full at 80 % after 12.4 kWh this session. It can be unplugged.')
    expect(events[0]!.target).toEqual({ view: 'popover' })
  })

  it('does not count a car plugged in already full, or a short blip, as a finished charge', () => {
    expect(run([[60 * MIN, full]])).toEqual([])
    expect(run([[CHARGED_MIN_MS - 2 * TICK_MS, {}], [10 * MIN, full]])).toEqual([])
  })

  it('does not fire again for balancing top-ups while it stays plugged in', () => {
    const topUp: Phase[] = [[MIN, { powerW: 900 }], [20 * MIN, full]]
    expect(kinds(run([[30 * MIN, {}], [20 * MIN, full], ...topUp, ...topUp, ...topUp]))).toEqual(['carFinished'])
  })

  it('re-arms when the car is unplugged, or after a real second charge', () => {
    expect(kinds(run([[30 * MIN, {}], [5 * MIN, full], [5 * MIN, unplugged], [30 * MIN, {}], [5 * MIN, full]]))).toEqual([
      'carFinished',
      'carFinished',
    ])
    expect(kinds(run([[30 * MIN, {}], [5 * MIN, full], [20 * MIN, {}], [5 * MIN, full]]))).toEqual(['carFinished', 'carFinished'])
  })

  it('each event has its own id', () => {
    const events = run([[30 * MIN, {}], [5 * MIN, full], [5 * MIN, unplugged], [30 * MIN, {}], [5 * MIN, full]])
    expect(new Set(events.map((e) => e.id)).size).toBe(2)
  })
})

describe('charging stopped unexpectedly', () => {
  it('fires once when the car stops drawing while the loop wants it charging, after the stop has held', () => {
    const events = run([
      [20 * MIN, {}],
      [60 * MIN, stalled],
    ])
    expect(kinds(events)).toEqual(['chargingStopped'])
    expect(events[0]!.title).toBe('Charging stopped on Garage')
    expect(events[0]!.body).toMatch(/^The car stopped taking power 2 min ago although Sunspill wants it charging and it is not full \(62 %\)\./)
    expect(events[0]!.target).toEqual({ view: 'popover' })
  })

  it('ignores short pauses', () => {
    expect(run([[20 * MIN, {}], [STOP_CONFIRM_MS - TICK_MS, stalled], [20 * MIN, {}]])).toEqual([])
  })

  it('is not unexpected when the loop stopped it, the user paused it, the car is full or unplugged', () => {
    expect(run([[20 * MIN, {}], [30 * MIN, { powerW: 0, wantsCharge: false }]])).toEqual([])
    expect(kinds(run([[20 * MIN, {}], [30 * MIN, full]]))).toEqual(['carFinished'])
    expect(run([[20 * MIN, {}], [30 * MIN, unplugged]])).toEqual([])
  })

  it('says nothing while the charger does not report (the source rules speak then)', () => {
    expect(run([[20 * MIN, {}], [30 * MIN, { powerW: 0, reporting: false }]])).toEqual([])
  })

  it('does not count a car that never started as a stop', () => {
    expect(run([[30 * MIN, stalled]])).toEqual([])
  })

  it('re-arms only once the car has charged again for a while, or was unplugged', () => {
    const flapping: Phase[] = [[3 * MIN, stalled], [MIN, {}]]
    expect(kinds(run([[20 * MIN, {}], ...flapping, ...flapping, ...flapping]))).toEqual(['chargingStopped'])
    expect(kinds(run([[20 * MIN, {}], [5 * MIN, stalled], [10 * MIN, {}], [5 * MIN, stalled]]))).toEqual(['chargingStopped', 'chargingStopped'])
    expect(kinds(run([[20 * MIN, {}], [5 * MIN, stalled], [MIN, unplugged], [MIN, {}], [5 * MIN, stalled]]))).toEqual([
      'chargingStopped',
      'chargingStopped',
    ])
  })

  it('keeps each charger apart and forgets chargers that are gone', () => {
    let memory: ChargerAlertMemory = {}
    const other = { ...charging, id: 'ca', label: 'Carport' }
    const events: NotificationEvent[] = []
    for (let t = 0; t < 40; t++) {
      const stop = t >= 20
      const result = chargerAlerts([{ ...charging, powerW: stop ? 0 : 7200 }, other], memory, t * TICK_MS)
      memory = result.memory
      events.push(...result.events)
    }
    expect(events.map((e) => e.title)).toEqual(['Charging stopped on Garage'])
    expect(Object.keys(chargerAlerts([other], memory, 41 * TICK_MS).memory)).toEqual(['ca'])
  })
})
