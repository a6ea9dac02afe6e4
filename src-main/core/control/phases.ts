/**
 * 1p/3p switching for chargers that can (evcc's rules): one phase when the sun cannot carry the
 * three-phase minimum (4.1 kW at 6 A), three when one phase cannot take all the sun. Down after
 * the stop delay, up after the start delay, both at once while the car is not charging; after a
 * switch the phases stay put for a while, since each switch pauses the car and flapping between
 * them on small PV is the classic failure (evcc #3543).
 */
import type { PhaseMemory } from './types'

/** After a switch the phases stay as they are for this long. */
export const PHASE_HOLD_MS = 5 * 60_000

export interface PhaseInput {
  activePhases: 1 | 3
  /** Power the car could take from the sun, W. */
  availableW: number
  minA: number
  /** The per-phase ceiling (charger, user, fuse). */
  maxA: number
  voltageV: number
  /** The share of the minimum the sun must cover, 0–1. */
  share: number
  charging: boolean
  startDelayS: number
  stopDelayS: number
  nowMs: number
}

export interface PhaseChoice {
  phases: 1 | 3
  memory: PhaseMemory
  /** Set while a switch is pending, for the popover. */
  pending: string | null
}

export function choosePhases(p: PhaseInput, memory: PhaseMemory | undefined): PhaseChoice {
  const kept: PhaseMemory = { switchedAtMs: memory?.switchedAtMs ?? null, want: null, sinceMs: null }
  const stay = (m: PhaseMemory = kept): PhaseChoice => ({ phases: p.activePhases, memory: m, pending: null })
  if (kept.switchedAtMs !== null && p.nowMs - kept.switchedAtMs < PHASE_HOLD_MS) return stay()

  const threeMinW = 3 * p.minA * p.voltageV
  const oneMaxW = p.maxA * p.voltageV
  const want: 1 | 3 | null =
    p.activePhases === 3 && p.availableW < threeMinW * p.share
      ? 1
      : p.activePhases === 1 && p.availableW >= threeMinW && p.availableW > oneMaxW
        ? 3
        : null
  if (want === null) return stay()

  const sinceMs = memory?.want === want && memory.sinceMs !== null ? memory.sinceMs : p.nowMs
  const delayS = p.charging ? (want === 1 ? p.stopDelayS : p.startDelayS) : 0
  const waitedS = (p.nowMs - sinceMs) / 1000
  if (waitedS < delayS) {
    return { phases: p.activePhases, memory: { ...kept, want, sinceMs }, pending: `switching to ${want === 1 ? 'one phase' : 'three phases'} in ${Math.ceil(delayS - waitedS)} s if the sun stays` }
  }
  return { phases: want, memory: { switchedAtMs: p.nowMs, want: null, sinceMs: null }, pending: null }
}
