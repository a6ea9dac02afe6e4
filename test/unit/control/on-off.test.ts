import { describe, expect, it } from 'vitest'
import { decide } from '../../../src-main/core/control/decide'
import type { ChargerInput, ControlConfig, Decision, LoopMemory } from '../../../src-main/core/control/types'
import { freshMemory } from '../../../src-main/core/control/types'
import { chargerInput } from './fixtures'

const config: ControlConfig = { startDelayS: 60, stopDelayS: 180, batteryPrioritySocPct: 80, voltageV: 230, fuseA: 63, sitePhases: 1 }
/** What an Andersen A2 pulls from a car that takes 32 A on one phase. */
const CAR_W = 7360

/** An Andersen A2: switched only, with its five-minute minimum either way. */
const andersen = (over: Partial<ChargerInput>): ChargerInput => chargerInput({ current: null, minSwitchIntervalS: 300, ...over })

/** Ticks every 10 s through a surplus profile (W the house would export without the car). */
function simulate(profile: { surplusW: number; seconds: number }[]): { t: number; on: boolean; decision: Decision }[] {
  let memory: LoopMemory = freshMemory()
  let on = false
  let t = 0
  const out: { t: number; on: boolean; decision: Decision }[] = []
  for (const step of profile) {
    for (let s = 0; s < step.seconds; s += 10) {
      const carW = on ? CAR_W : 0
      const decision = decide({
        charger: andersen({ offeredA: on ? 32 : 0, powerW: carW }),
        site: { gridW: carW - step.surplusW, batteryW: 0, socPct: 90, gridPhaseCurrentsA: null, meterFresh: true, hasMeter: true },
        config,
        memory,
        nowMs: t * 1000,
      })
      memory = decision.memory
      on = decision.targetA > 0
      out.push({ t, on, decision })
      t += 10
    }
  }
  return out
}

const switches = (run: { on: boolean }[]) => run.filter((r, i) => i > 0 && r.on !== run[i - 1]!.on).length

describe('on/off surplus control for chargers without a current setpoint', () => {
  it('starts on the minimum charging power at first, then waits for what the car really draws', () => {
    const first = simulate([{ surplusW: 1000, seconds: 600 }])
    expect(first.every((r) => !r.on)).toBe(true)
    expect(first[0]!.decision.reason).toBe('Waiting: 380 W more surplus needed to start')
    // It started on 4 kW, learnt the car takes 7.4 kW, and after a stop waits for that much.
    const learnt = simulate([
      { surplusW: 4000, seconds: 600 },
      { surplusW: 500, seconds: 900 },
      { surplusW: 4000, seconds: 900 },
    ])
    expect(learnt.find((r) => r.on)!.t).toBe(300)
    const stoppedAt = learnt.find((r) => r.t > 600 && !r.on)!.t
    expect(learnt.filter((r) => r.t > stoppedAt).every((r) => !r.on)).toBe(true)
    expect(learnt.at(-1)!.decision.reason).toBe('Waiting: 3.4 kW more surplus needed to start')
  })

  it('starts only after the longer of the start delay and the minimum switch interval', () => {
    const run = simulate([{ surplusW: 8000, seconds: 600 }])
    expect(run.find((r) => r.on)!.t).toBe(300)
  })

  it('rides out a cloud shorter than the minimum on time, then stops after a long one', () => {
    const run = simulate([
      { surplusW: 8000, seconds: 400 },
      { surplusW: 2000, seconds: 120 },
      { surplusW: 8000, seconds: 200 },
      { surplusW: 2000, seconds: 600 },
    ])
    const startT = run.find((r) => r.on)!.t
    const firstCloudEnd = 400 + 120
    expect(run.filter((r) => r.t >= startT && r.t < firstCloudEnd + 200).every((r) => r.on)).toBe(true)
    const offAt = run.find((r) => r.t > firstCloudEnd + 200 && !r.on)!
    expect(offAt.t - (firstCloudEnd + 200)).toBe(300)
    expect(offAt.decision.reason).toContain('Stopped')
  })

  it('switches at most a few times an hour in flickering sun', () => {
    const profile = Array.from({ length: 36 }, (_, i) => ({ surplusW: i % 2 === 0 ? 9000 : 1000, seconds: 100 }))
    const run = simulate(profile)
    expect(switches(run)).toBeLessThanOrEqual(6)
  })

  it('Fast simply switches it on', () => {
    const d = decide({
      charger: andersen({ mode: 'fast' }),
      site: { gridW: 2000, batteryW: 0, socPct: 50, gridPhaseCurrentsA: null, meterFresh: true, hasMeter: true },
      config,
      memory: freshMemory(),
      nowMs: 0,
    })
    expect(d.targetA).toBeGreaterThan(0)
  })
})
