/**
 * The Charge Amps seed's per-phase load balancer: when any phase the charger uses nears the main
 * fuse, lower the charger's current at once; when the phases have room again, give it back one
 * step at a time, each step only after a hold time, until the charger is back at its normal
 * current.
 *
 * The loop's fuse limit (fuse.ts) predicts the ceiling from scratch every tick; decide() takes the
 * lower of the two. This one remembers: cloud chargers take 30–60 s to apply a change, so a
 * pending cut is counted before cutting again, and restoring is slow, so a kettle switching on
 * and off does not make the car's current saw-tooth.
 *
 * Pure: the caller keeps the state between ticks and passes the time in.
 */

export interface LoadBalancerConfig {
  /** The main fuse, per phase. */
  fuseA: number
  /** Balancing starts this far below the fuse (the seed: 25 A fuse, balancing from 24 A). */
  marginA: number
  /** The charger's current when nothing limits it (the seed's "ChargeAt", 16 A). */
  maxA: number
  /** The charger's minimum; a limit below it pauses charging (0 A). */
  minA: number
  /** Amps given back per step. */
  stepUpA: number
  /** Time after any change before the next step up. */
  holdMs: number
}

export interface LoadBalancerState {
  /** The current the charger may use now. */
  limitA: number
  /** When the limit last changed. */
  changedAtMs: number | null
}

export interface LoadBalancerInput {
  /** Current through the main fuse on L1, L2, L3 (the whole home, the charger included); null when unknown. */
  phaseCurrentsA: readonly (number | null)[]
  /** The phases (0-based) the charger draws on: [0, 1, 2] for three-phase, e.g. [1] for one on L2. */
  chargerPhases: readonly number[]
  /** What the charger draws now per phase: its own measurement, 0 when idle. */
  chargerCurrentA: number
  nowMs: number
}

export interface LoadBalancerStep {
  limitA: number
  state: LoadBalancerState
  action: 'cut' | 'restore' | 'hold'
  /** One sentence for the popover. */
  reason: string
}

export function initialLoadBalancerState(config: LoadBalancerConfig): LoadBalancerState {
  return { limitA: config.maxA, changedAtMs: null }
}

export function balanceLoad(input: LoadBalancerInput, config: LoadBalancerConfig, previous: LoadBalancerState): LoadBalancerStep {
  const state = { ...previous, limitA: Math.min(previous.limitA, config.maxA) }
  const thresholdA = config.fuseA - config.marginA
  const phases = input.chargerPhases.map((index) => ({ index, currentA: input.phaseCurrentsA[index] ?? null }))
  const known = phases.filter((p): p is { index: number; currentA: number } => p.currentA !== null)
  if (known.length === 0) return hold(state, `No per-phase readings: holding the charger at ${state.limitA} A`)

  const worst = known.reduce((a, b) => (b.currentA > a.currentA ? b : a))
  const drawA = Math.max(0, input.chargerCurrentA)
  // A cut the charger has not applied yet (the cloud is slow) will still relieve every phase it uses.
  const pendingA = Math.max(0, drawA - state.limitA)
  const overA = worst.currentA - pendingA - thresholdA

  if (overA > 0) {
    const wanted = Math.floor(Math.min(state.limitA, drawA) - overA + 1e-9)
    const limitA = wanted < config.minA ? 0 : wanted
    if (limitA >= state.limitA) return hold(state, `${phaseName(worst.index)} is near the fuse; the charger is already held at ${state.limitA} A`)
    return {
      limitA,
      state: { limitA, changedAtMs: input.nowMs },
      action: 'cut',
      reason: `${phaseName(worst.index)} at ${worst.currentA.toFixed(1)} A is near the ${config.fuseA} A fuse: charger ${limitA === 0 ? 'paused' : `lowered to ${limitA} A`}`,
    }
  }

  if (state.limitA >= config.maxA) return hold(state, `Phases have room: charger at its full ${config.maxA} A`)
  if (known.length < phases.length) return hold(state, `A phase reading is missing: holding the charger at ${state.limitA} A`)
  const heldMs = state.changedAtMs === null ? Number.POSITIVE_INFINITY : input.nowMs - state.changedAtMs
  if (heldMs < config.holdMs) {
    return hold(state, `Holding the charger at ${state.limitA} A for ${Math.ceil((config.holdMs - heldMs) / 1000)} s before stepping up`)
  }
  const nextA = state.limitA < config.minA ? config.minA : Math.min(config.maxA, state.limitA + config.stepUpA)
  // The car may take the whole new limit, not just the step, if it was drawing less than allowed.
  const neededA = Math.max(0, nextA - drawA)
  const roomA = thresholdA - worst.currentA
  if (roomA < neededA) {
    return hold(state, `${phaseName(worst.index)} has ${Math.max(0, roomA).toFixed(1)} A to spare: holding the charger at ${state.limitA} A`)
  }
  return {
    limitA: nextA,
    state: { limitA: nextA, changedAtMs: input.nowMs },
    action: 'restore',
    reason: `Phases have room again: charger raised to ${nextA} A`,
  }
}

function hold(state: LoadBalancerState, reason: string): LoadBalancerStep {
  return { limitA: state.limitA, state, action: 'hold', reason }
}

function phaseName(index: number): string {
  return `L${index + 1}`
}
