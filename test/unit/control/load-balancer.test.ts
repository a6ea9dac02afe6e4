import { describe, expect, it } from 'vitest'
import {
  balanceLoad,
  initialLoadBalancerState,
  type LoadBalancerConfig,
  type LoadBalancerState,
} from '../../../src-main/core/control/load-balancer'

/** The seed's home: 25 A main fuse, balancing from 24 A, the charger normally at 16 A. */
const config: LoadBalancerConfig = { fuseA: 25, marginA: 1, maxA: 16, minA: 6, stepUpA: 1, holdMs: 60_000 }
const THREE_PHASE = [0, 1, 2]

interface Tick {
  atS: number
  phases: (number | null)[]
  /** What the charger draws now (it follows a new limit only after the cloud's delay). */
  drawA: number
  expectA: number
  expectAction: 'cut' | 'restore' | 'hold'
}

function run(ticks: Tick[], chargerPhases = THREE_PHASE, start: LoadBalancerState = initialLoadBalancerState(config)) {
  let state = start
  return ticks.map((t) => {
    const step = balanceLoad({ phaseCurrentsA: t.phases, chargerPhases, chargerCurrentA: t.drawA, nowMs: t.atS * 1000 }, config, state)
    state = step.state
    return { atS: t.atS, limitA: step.limitA, action: step.action, reason: step.reason }
  })
}

function expectScript(ticks: Tick[], chargerPhases = THREE_PHASE) {
  const steps = run(ticks, chargerPhases)
  expect(steps.map((s) => [s.atS, s.limitA, s.action])).toEqual(ticks.map((t) => [t.atS, t.expectA, t.expectAction]))
  return steps
}

describe('per-phase load balancer', () => {
  it('cuts at once when a phase nears the fuse, then restores a step per hold time', () => {
    const steps = expectScript([
      { atS: 0, phases: [20, 18, 19], drawA: 16, expectA: 16, expectAction: 'hold' },
      // The kettle on L1 takes it to 25.5 A: 1.5 A over the 24 A threshold, so 16 → 14 A now.
      { atS: 10, phases: [25.5, 18, 19], drawA: 16, expectA: 14, expectAction: 'cut' },
      // The cloud has not applied the cut yet; the pending 2 A already covers the excess, so no second cut.
      { atS: 20, phases: [25.5, 18, 19], drawA: 16, expectA: 14, expectAction: 'hold' },
      { atS: 50, phases: [23.5, 16, 17], drawA: 14, expectA: 14, expectAction: 'hold' },
      // Kettle off: room again, but the hold time since the cut (at 10 s) has not passed.
      { atS: 60, phases: [16, 16, 17], drawA: 14, expectA: 14, expectAction: 'hold' },
      { atS: 70, phases: [16, 16, 17], drawA: 14, expectA: 15, expectAction: 'restore' },
      { atS: 100, phases: [17, 17, 18], drawA: 15, expectA: 15, expectAction: 'hold' },
      { atS: 130, phases: [17, 17, 18], drawA: 15, expectA: 16, expectAction: 'restore' },
      { atS: 200, phases: [18, 18, 19], drawA: 16, expectA: 16, expectAction: 'hold' },
    ])
    expect(steps[1]!.reason).toBe('L1 at 25.5 A is near the 25 A fuse: charger lowered to 14 A')
    expect(steps[8]!.reason).toMatch(/full 16 A/)
  })

  it('pauses when even the minimum would overload a phase, and restarts at the minimum only with room for it', () => {
    expectScript([
      { atS: 0, phases: [35, 20, 20], drawA: 16, expectA: 0, expectAction: 'cut' },
      { atS: 30, phases: [19, 10, 10], drawA: 0, expectA: 0, expectAction: 'hold' },
      // After the hold the phase has only 5 A to spare: not enough for the 6 A minimum.
      { atS: 60, phases: [19, 10, 10], drawA: 0, expectA: 0, expectAction: 'hold' },
      { atS: 70, phases: [17, 10, 10], drawA: 0, expectA: 6, expectAction: 'restore' },
      { atS: 80, phases: [23, 16, 16], drawA: 6, expectA: 6, expectAction: 'hold' },
    ])
  })

  it('does not step up while the car would take more than the room left', () => {
    const start: LoadBalancerState = { limitA: 12, changedAtMs: 0 }
    // The car draws 8 A of its 12 A limit; raising to 13 A could add 5 A on a phase with 3 A spare.
    const [step] = run([{ atS: 120, phases: [21, 15, 15], drawA: 8, expectA: 12, expectAction: 'hold' }], THREE_PHASE, start)
    expect(step).toMatchObject({ limitA: 12, action: 'hold' })
    expect(step!.reason).toMatch(/L1 has 3.0 A to spare/)
  })

  it('only watches the phase a single-phase charger is on', () => {
    expectScript(
      [
        { atS: 0, phases: [30, 18, 19], drawA: 16, expectA: 16, expectAction: 'hold' },
        { atS: 10, phases: [18, 26, 19], drawA: 16, expectA: 14, expectAction: 'cut' },
      ],
      [1],
    )
  })

  it('holds without per-phase readings, and does not restore while one is missing', () => {
    expectScript([
      { atS: 0, phases: [null, null, null], drawA: 16, expectA: 16, expectAction: 'hold' },
      { atS: 10, phases: [26, null, 19], drawA: 16, expectA: 14, expectAction: 'cut' },
      { atS: 200, phases: [10, null, 10], drawA: 14, expectA: 14, expectAction: 'hold' },
      { atS: 210, phases: [10, 10, 10], drawA: 14, expectA: 15, expectAction: 'restore' },
    ])
  })

  it('never allows more than the normal current, even if the state says so', () => {
    const step = balanceLoad(
      { phaseCurrentsA: [5, 5, 5], chargerPhases: THREE_PHASE, chargerCurrentA: 10, nowMs: 0 },
      { ...config, maxA: 10 },
      { limitA: 16, changedAtMs: null },
    )
    expect(step.limitA).toBe(10)
  })
})
