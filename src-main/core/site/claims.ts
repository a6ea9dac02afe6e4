/**
 * Two chargers on one site see the same meter. Decided one after the other from the same sample,
 * both would take the same surplus (and import as much again), and both would count the same
 * room under the fuse. So what a charger is about to draw beyond what the meter's sample shows
 * is claimed: the chargers decided after it see that much less export and that much more current
 * on its phases. Only rises are claimed; a charger that lowers frees its share once the meter
 * shows it (evcc reserves power for a starting loadpoint the same way).
 */
import { chargerSupplyPhases } from '../control/fuse'
import type { ChargerInput, ControlConfig, Decision, SiteInput } from '../control/types'

export interface Claim {
  watts: number
  ampsPerPhase: number
  /** Supply phases (0-based) the charger draws on. */
  phases: number[]
}

export function claimOf(input: ChargerInput, decision: Decision, config: ControlConfig): Claim | null {
  if (!input.userEnabled || decision.state !== 'charging' || decision.targetA <= 0) return null
  const carPhases = decision.phases ?? (input.powerW > 0 ? input.activePhases : input.phases)
  // An on/off charger lets the car draw what it likes: its limit is the most it can be.
  const amps = input.current ? decision.targetA : input.limitA
  const extraW = amps * carPhases * config.voltageV - (input.drawAtSampleW ?? input.powerW)
  if (extraW <= 0) return null
  return { watts: extraW, ampsPerPhase: extraW / (carPhases * config.voltageV), phases: chargerSupplyPhases({ ...input, phases: carPhases }, config) }
}

export function withClaim(site: SiteInput, claim: Claim): SiteInput {
  return {
    ...site,
    gridW: site.gridW === null ? null : site.gridW + claim.watts,
    gridPhaseCurrentsA: site.gridPhaseCurrentsA?.map((a, i) => (a !== null && claim.phases.includes(i) ? a + claim.ampsPerPhase : a)) ?? null,
  }
}
