/** The loop's inputs as the tests of its rules build them: a 6–32 A single-phase charger in Solar. */
import type { ChargerInput } from '../../../src-main/core/control/types'

export function chargerInput(over: Partial<ChargerInput> = {}): ChargerInput {
  return {
    mode: 'solar',
    userEnabled: true,
    limitA: 32,
    connected: true,
    carFull: false,
    offeredA: 0,
    powerW: 0,
    activePhases: 1,
    phases: 1,
    current: { minA: 6, maxA: 32, stepA: 1 },
    supplyPhase: 1,
    minSwitchIntervalS: 0,
    ...over,
  }
}
