import { describe, expect, it } from 'vitest'
import { decide } from '../../../src-main/core/control/decide'
import { PHASE_HOLD_MS } from '../../../src-main/core/control/phases'
import type { ChargerInput, ControlConfig, LoopMemory, SiteInput } from '../../../src-main/core/control/types'
import { freshMemory } from '../../../src-main/core/control/types'
import { chargerInput } from './fixtures'

const MIN = 60_000
const config: ControlConfig = { startDelayS: 60, stopDelayS: 180, batteryPrioritySocPct: 80, solarShareMinPct: 50, maxStartsPerHour: 3, voltageV: 230, fuseA: 32, sitePhases: 3 }

/** A three-phase charger that can drop to one phase, drawing what it is offered. */
function switching(activePhases: 1 | 3, offeredA: number, over: Partial<ChargerInput> = {}): ChargerInput {
  return chargerInput({ offeredA, powerW: offeredA * activePhases * 230, activePhases, phases: 3, phaseSwitchable: true, ...over })
}

/** The meter with the sun giving `sunW` beyond the house while the car draws its part. */
const sun = (sunW: number, car: ChargerInput): SiteInput => ({ gridW: car.powerW - sunW, batteryW: 0, socPct: 90, gridPhaseCurrentsA: null, meterFresh: true, hasMeter: true })

function tick(car: ChargerInput, sunW: number, memory: LoopMemory, nowMs: number) {
  return decide({ charger: car, site: sun(sunW, car), config, memory, nowMs })
}

describe('1p/3p switching', () => {
  it('drops to one phase after the stop delay when the sun cannot carry the three-phase minimum', () => {
    const car = switching(3, 6)
    const first = tick(car, 1800, freshMemory(), 0)
    expect(first.phases).toBe(3)
    expect(first.reason).toMatch(/switching to one phase in 180 s if the sun stays$/)
    const later = tick(car, 1800, first.memory, 3 * MIN)
    expect(later.phases).toBe(1)
    // 1.8 kW on one phase is 8 A.
    expect(later.targetA).toBe(8)
  })

  it('goes back to three phases after the start delay when one phase cannot take all the sun', () => {
    const car = switching(1, 32)
    const first = tick(car, 9000, freshMemory(), 0)
    expect(first.phases).toBe(1)
    const later = tick(car, 9000, first.memory, MIN)
    expect(later.phases).toBe(3)
    expect(later.targetA).toBe(13)
  })

  it('does not switch back and forth: after a switch the phases hold', () => {
    const car = switching(1, 8)
    const switched = { ...freshMemory(), phases: { want: null, sinceMs: null, switchedAtMs: 0 } }
    expect(tick(car, 9000, switched, MIN).phases).toBe(1)
    expect(tick(car, 9000, switched, PHASE_HOLD_MS - 1000).phases).toBe(1)
  })

  it('a dip shorter than the delay changes nothing', () => {
    const car = switching(3, 6)
    const dip = tick(car, 1800, freshMemory(), 0)
    const back = tick(car, 5000, dip.memory, MIN)
    expect(back.phases).toBe(3)
    expect(tick(car, 1800, back.memory, 2 * MIN).reason).toMatch(/in 180 s/)
  })

  it('picks the phases at once while the car is not charging, and three for Fast', () => {
    expect(tick(switching(3, 0), 2000, freshMemory(), 0).phases).toBe(1)
    expect(tick(switching(1, 8, { mode: 'fast' }), 0, freshMemory(), 0).phases).toBe(3)
  })

  it('leaves chargers that cannot switch alone', () => {
    expect(tick(switching(3, 6, { phaseSwitchable: false }), 1800, freshMemory(), 0).phases).toBeUndefined()
  })
})
