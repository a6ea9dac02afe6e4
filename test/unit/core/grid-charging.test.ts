import { describe, expect, it } from 'vitest'
import type { Decision } from '../../../src-main/core/control/types'
import { freshMemory } from '../../../src-main/core/control/types'
import type { Charger, ChargerReading } from '../../../src-main/core/devices'
import { gridChargingOf } from '../../../src-main/core/site/grid-charging'

const device = (id: string): Charger => ({ id, label: `Charger ${id}`, phases: 1, readCharger: async () => reading(0) })
const reading = (powerW: number): ChargerReading => ({ connected: true, enabled: true, offeredA: 16, powerW, activePhases: 1, sessionEnergyWh: 0, carSocPct: null, carFull: false })
const decision = (over: Partial<Decision>): Decision => ({ targetA: 16, state: 'charging', reason: '', memory: freshMemory(), ...over })
const steering = { holdReason: () => null }

describe('which car charges from the grid on purpose', () => {
  it('names the first car drawing power on Fast, a plan or cheap power', () => {
    const snapshot = {
      chargers: [
        { device: device('a'), reading: reading(3600), decision: decision({}) },
        { device: device('b'), reading: reading(3600), decision: decision({ gridIntent: 'plan' }) },
      ],
    }
    expect(gridChargingOf(snapshot, steering)).toEqual({ label: 'Charger b', intent: 'plan' })
  })

  it('ignores a car that takes nothing, a stopped charger and one controlled elsewhere', () => {
    const full = { device: device('a'), reading: reading(0), decision: decision({ gridIntent: 'fast' }) }
    const stopped = { device: device('b'), reading: reading(3600), decision: decision({ gridIntent: 'cheap', state: 'full', targetA: 0 }) }
    const yielded = { device: device('c'), reading: reading(3600), decision: decision({ gridIntent: 'fast' }) }
    const elsewhere = { holdReason: (id: string) => (id === 'c' ? 'Changed in the Wallbox app' : null) }
    expect(gridChargingOf({ chargers: [full, stopped, yielded] }, elsewhere)).toBeNull()
  })
})
