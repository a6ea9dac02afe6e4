/**
 * Two chargers on one meter (an Aura's two outlets, or two vendors): decided from the same sample,
 * they must not both take the same surplus, nor both count the same room under the fuse.
 */
import { describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import type { Charger, Meter, MeterReading } from '../../../src-main/core/devices'
import { SiteRuntime } from '../../../src-main/core/site/runtime'
import type { ChargeMode } from '../../../src-shared/model'
import { defaultSettings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'

const NOON = Date.parse('2026-01-15T12:00:00+11:00')

function charger(id: string, sent: number[]): Charger {
  let offeredA = 0
  let on = false
  return {
    id,
    label: id,
    phases: 1,
    current: {
      minA: 6,
      maxA: 32,
      stepA: 1,
      setCurrent: async (a) => {
        offeredA = a
        sent.push(a)
      },
    },
    switchable: { setEnabled: async (e) => void (on = e) },
    // The cars have not started drawing yet: the meter's sample is from before any command.
    readCharger: async () => ({ connected: true, enabled: on, offeredA, powerW: 0, activePhases: 1, sessionEnergyWh: 0, carSocPct: null, carFull: false }),
  }
}

async function firstTick(mode: ChargeMode, reading: MeterReading, fuseA = 63, sunFirstChargerId: string | null = null) {
  const sent = { a: [] as number[], b: [] as number[] }
  const meter: Meter = { id: 'm', label: 'Meter', readMeter: async () => reading }
  const chargers = [charger('a', sent.a), charger('b', sent.b)]
  const settings = defaultSettings()
  settings.site.fuseA = fuseA
  settings.control.startDelayS = 0
  settings.control.sunFirstChargerId = sunFirstChargerId
  for (const c of chargers) settings.chargers[c.id] = { mode, enabled: true, limitA: 32, phase: 1 }
  const runtime = new SiteRuntime({ devices: { meter, battery: null, tariff: null, chargers }, clock: manualClock(NOON), logger: memoryLogger(), settings: () => settings })
  const { snapshot } = await runtime.tick({ forceRead: true })
  return { decisions: snapshot.chargers.map((c) => c.decision?.targetA ?? 0), sent }
}

describe('two chargers on one meter', () => {
  it('do not both start on the same surplus', async () => {
    // 3 kW exported: enough for one car at 13 A, not for two.
    const { decisions } = await firstTick('solar', { pvW: 3500, houseW: 500, gridW: -3000, gridPhases: null })
    expect(decisions).toEqual([13, 0])
  })

  it('share a surplus big enough for both, the first taking what it can', async () => {
    // 10 kW exported on a single-phase site: 32 A (7.4 kW) for the first, the rest for the second.
    const { decisions } = await firstTick('solar', { pvW: 10_500, houseW: 500, gridW: -10_000, gridPhases: null })
    expect(decisions).toEqual([32, 11])
  })

  it('the charger the user put first takes the sun first, whatever the list order', async () => {
    const { decisions } = await firstTick('solar', { pvW: 3500, houseW: 500, gridW: -3000, gridPhases: null }, 63, 'b')
    expect(decisions).toEqual([0, 13])
    // A charger that is gone (removed with its account) leaves the list order in charge.
    const gone = await firstTick('solar', { pvW: 3500, houseW: 500, gridW: -3000, gridPhases: null }, 63, 'removed')
    expect(gone.decisions).toEqual([13, 0])
  })

  it('in Fast, stay under the fuse together', async () => {
    // A 40 A fuse with 8 A of house load: 30 A of room (2 A margin), not 30 A for each car.
    const { decisions } = await firstTick('fast', { pvW: 0, houseW: 1840, gridW: 1840, gridPhases: [{ currentA: 8, powerW: 1840, voltageV: 230 }] }, 40)
    expect(decisions[0]).toBe(30)
    expect(decisions[1]).toBe(0)
  })
})
