import { describe, expect, it } from 'vitest'
import { decide } from '../../../src-main/core/control/decide'
import { FUSE_MARGIN_A } from '../../../src-main/core/control/fuse'
import type { ChargerInput, ControlConfig, LoopMemory } from '../../../src-main/core/control/types'
import { freshMemory } from '../../../src-main/core/control/types'

const config: ControlConfig = { startDelayS: 60, stopDelayS: 180, batteryPrioritySocPct: 80, voltageV: 230, fuseA: 40, sitePhases: 1 }

/** Fast charging on a 40 A fuse while other loads come and go; the car draws what it is offered. */
function run(otherLoadA: (t: number) => number, seconds: number, limitA: (t: number) => number = () => 32) {
  let memory: LoopMemory = freshMemory()
  let offeredA = 0
  const targets: { t: number; targetA: number; phaseA: number }[] = []
  for (let t = 0; t < seconds; t += 10) {
    const phaseA = otherLoadA(t) + offeredA
    const charger: ChargerInput = {
      mode: 'fast',
      userEnabled: true,
      limitA: limitA(t),
      connected: true,
      carFull: false,
      offeredA,
      powerW: offeredA * 230,
      activePhases: 1,
      phases: 1,
      current: { minA: 6, maxA: 32, stepA: 1 },
      supplyPhase: 1,
      minSwitchIntervalS: 0,
    }
    const d = decide({
      charger,
      site: { gridW: phaseA * 230, batteryW: 0, socPct: 50, gridPhaseCurrentsA: [phaseA], meterFresh: true, hasMeter: true },
      config,
      memory,
      nowMs: t * 1000,
    })
    memory = d.memory
    offeredA = d.targetA
    targets.push({ t, targetA: d.targetA, phaseA })
  }
  return targets
}

describe('fuse cut and slow restore', () => {
  it('cuts at once when a load lands on the phase, then gives back an amp a minute', () => {
    // A 20 A oven runs from 2 to 4 minutes.
    const run1 = run((t) => (t >= 120 && t < 240 ? 25 : 5), 1200)
    const at = (t: number) => run1.find((r) => r.t === t)!.targetA
    expect(at(110)).toBe(32)
    // 40 A fuse: 25 A of other load leaves 15 A, less the margin kept free.
    expect(at(120)).toBe(15 - FUSE_MARGIN_A)
    expect(run1.filter((r) => r.t >= 130).every((r) => r.phaseA <= 40)).toBe(true)
    // Oven off at 240 s: the predictive cap alone would jump straight back to 32 A.
    expect(at(250)).toBeLessThanOrEqual(16)
    expect(at(250 + 5 * 60)).toBeLessThanOrEqual(21)
    expect(at(1190)).toBeGreaterThan(at(250 + 5 * 60))
  })

  it('does not ramp when the user raises their own limit', () => {
    const run2 = run(() => 5, 120, (t) => (t < 60 ? 10 : 32))
    expect(run2.find((r) => r.t === 50)!.targetA).toBe(10)
    expect(run2.find((r) => r.t === 60)!.targetA).toBe(32)
  })
})
