/**
 * AlphaESS reports the house load as everything behind its grid meter, the car included. The
 * popover, the history and the fuse's foresight need the house's own load.
 */
import { describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import type { Charger, Meter, MeterReading } from '../../../src-main/core/devices'
import { SiteRuntime } from '../../../src-main/core/site/runtime'
import { defaultSettings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'

const START = Date.parse('2026-01-15T12:00:00+11:00')

function rig(reading: MeterReading, carW: number, options: { failing?: () => boolean } = {}) {
  const clock = manualClock(START)
  const meter: Meter = { id: 'test:meter', label: 'Meter', readMeter: async () => reading }
  const charger: Charger = {
    id: 'test:charger',
    label: 'Charger',
    phases: 1,
    switchable: { setEnabled: async () => {} },
    readCharger: async () => {
      if (options.failing?.()) throw new Error('cloud down')
      return { connected: true, enabled: true, offeredA: 32, powerW: carW, activePhases: 1, sessionEnergyWh: 0, carSocPct: null, carFull: false }
    },
  }
  const settings = defaultSettings()
  settings.chargers[charger.id] = { mode: 'fast', enabled: true, limitA: 32, phase: 1 }
  return { clock, runtime: new SiteRuntime({ devices: { meter, battery: null, tariff: null, chargers: [charger] }, clock, logger: memoryLogger(), settings: () => settings }) }
}

describe('the house load', () => {
  it('leaves out the car when the meter counts it in', async () => {
    // 5 kW of sun, 3.1 kW imported: 8.1 kW behind the meter, of which the car draws 7.36 kW.
    const { runtime } = rig({ pvW: 5000, houseW: 8100, houseIncludesChargers: true, gridW: 3100, gridPhases: null }, 7360)
    const { snapshot } = await runtime.tick({ forceRead: true })
    expect(snapshot.meter?.houseW).toBe(740)
  })

  it('is taken as it is from a meter that already leaves the chargers out', async () => {
    const { runtime } = rig({ pvW: 5000, houseW: 740, gridW: 3100, gridPhases: null }, 7360)
    const { snapshot } = await runtime.tick({ forceRead: true })
    expect(snapshot.meter?.houseW).toBe(740)
  })

  it('never goes below zero when the charger’s reading is newer than the meter’s', async () => {
    const { runtime } = rig({ pvW: 5000, houseW: 600, houseIncludesChargers: true, gridW: -4400, gridPhases: null }, 7360)
    const { snapshot } = await runtime.tick({ forceRead: true })
    expect(snapshot.meter?.houseW).toBe(0)
  })

  it('keeps the car in it once the charger’s own data has gone stale: its last draw says nothing now', async () => {
    let down = false
    const { runtime, clock } = rig({ pvW: 5000, houseW: 8100, houseIncludesChargers: true, gridW: 3100, gridPhases: null }, 7360, { failing: () => down })
    expect((await runtime.tick({ forceRead: true })).snapshot.meter?.houseW).toBe(740)
    down = true
    clock.set(START + 30 * 60_000)
    expect((await runtime.tick({ forceRead: true })).snapshot.meter?.houseW).toBe(8100)
  })
})
