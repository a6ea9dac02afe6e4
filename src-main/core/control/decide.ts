/**
 * Control loop v1: one pure decision per charger per tick. Modes:
 * - off: offer nothing;
 * - solar: charge only from surplus, starting after the surplus for the minimum current has held
 *   for the start delay and stopping after import at the minimum current has held for the stop
 *   delay (the timers keep clouds from wearing out the contactor);
 * - minsolar: never below the minimum current, more when the sun allows;
 * - fast: as much as the charger, the user's limit and the fuse allow.
 * Whole-amp steps, never above the charger's maximum or the site's per-phase fuse.
 */
import { formatCents, formatDuration, formatPower } from '../../../src-shared/format'
import { carCurrentA, chargerSupplyPhases, fuseLimitA, phaseCurrentA } from './fuse'
import { balanceLoad, initialLoadBalancerState } from './load-balancer'
import { decideOnOff } from './on-off'
import { availableForCarW, wattsPerAmp } from './surplus'
import type { ChargerInput, ControlConfig, Decision, LoopMemory, SiteInput } from './types'
import { freshMemory } from './types'

export interface DecideInput {
  charger: ChargerInput
  site: SiteInput
  config: ControlConfig
  memory: LoopMemory
  nowMs: number
}

/** After a fuse cut, give back one amp a minute: cloud chargers apply changes slowly. */
export const FUSE_RESTORE = { stepUpA: 1, holdMs: 60_000 }

export function decide(input: DecideInput): Decision {
  const { charger, site, config, memory, nowMs } = input
  const balance = fuseBalance(input)
  const decision = decideWithin(input, Math.min(fuseLimitA(charger, site, config), balance.limitA))
  return { ...decision, memory: { ...decision.memory, fuseBalance: { state: balance.state, maxA: balance.maxA } } }

  function fuseBalance({ charger, site, config }: DecideInput) {
    const maxA = Math.min(charger.limitA, charger.current?.maxA ?? charger.limitA)
    const minA = charger.current?.minA ?? 6
    const balancer = { fuseA: config.fuseA, marginA: 0, maxA, minA, ...FUSE_RESTORE }
    const supplyPhases = config.sitePhases === 1 ? 1 : 3
    const phaseCurrentsA = Array.from({ length: supplyPhases }, (_, i) => phaseCurrentA(site, i, config))
    // Only a fuse cut is given back slowly; a ceiling the user raised applies at once.
    const previous = memory.fuseBalance
    const cut = previous !== undefined && previous.state.limitA < previous.maxA
    const step = balanceLoad(
      { phaseCurrentsA, chargerPhases: chargerSupplyPhases(charger, config), chargerCurrentA: carCurrentA(charger, config), nowMs },
      balancer,
      cut ? previous.state : initialLoadBalancerState(balancer),
    )
    return { ...step, maxA }
  }
}

function decideWithin({ charger, site, config, memory, nowMs }: DecideInput, fuseCeilingA: number): Decision {
  if (!charger.connected) return stop('unplugged', 'No car plugged in')
  if (!charger.userEnabled) return stop('paused', 'Paused: turn the charger on to let it charge')
  if (charger.mode === 'off') return stop('off', 'Off: not charging')

  const minA = charger.current?.minA ?? 6
  const ceilingA = Math.min(charger.limitA, charger.current?.maxA ?? charger.limitA, fuseCeilingA)
  if (ceilingA < minA) {
    return full(stop('waiting', `Waiting: the ${config.fuseA} A fuse leaves only ${Math.max(0, ceilingA)} A, below the ${minA} A minimum`))
  }

  if (charger.mode === 'fast') {
    return full(run(ceilingA, freshMemory(), `Fast: charging at ${ceilingA} A${limitNote(ceilingA, charger)}`))
  }

  const price = priceRule(charger, site, config, ceilingA, minA)
  if (price) return full(price)

  if (!site.hasMeter) {
    if (charger.mode === 'minsolar') return full(run(minA, freshMemory(), `Min + Solar: ${minA} A minimum; no meter to see the sun`))
    return stop('waiting', 'Solar needs a meter to see the surplus: add an AlphaESS account, or choose Fast or Min + Solar')
  }

  const phases = charger.offeredA > 0 && charger.powerW > 0 ? charger.activePhases : charger.phases
  const perAmpW = wattsPerAmp(phases, config)
  const available = site.meterFresh ? availableForCarW(site, charger.powerW, config) : null
  const charging = charger.offeredA >= minA

  if (available === null) return full(staleRule(charger, site, config, memory, minA, charging))
  // Above this price Min + Solar takes nothing from the grid: it behaves like Solar.
  const gridTooDear = config.neverAboveCents != null && site.priceCents != null && site.priceCents > config.neverAboveCents
  const mode = charger.mode === 'minsolar' && gridTooDear ? 'solar' : charger.mode

  if (!charger.current && mode === 'solar') return full(decideOnOff(charger, available, config, memory, nowMs))

  const solarA = Math.min(ceilingA, floorToStep(available / perAmpW, charger.current?.stepA ?? 1))
  const solarShare = `${formatPower(Math.max(0, available))} of surplus`

  if (mode === 'minsolar') {
    const targetA = Math.max(minA, solarA)
    const why = solarA >= minA ? `Min + Solar: ${targetA} A from ${solarShare}` : `Min + Solar: ${minA} A minimum, topped up from the grid`
    return full(run(targetA, freshMemory(), why))
  }

  const minW = minA * perAmpW
  if (!charging) {
    if (available < minW) {
      return stop('waiting', `Waiting: ${formatPower(minW - available)} more surplus needed to start`)
    }
    const since = memory.enableSinceMs ?? nowMs
    const waitedS = (nowMs - since) / 1000
    if (waitedS < config.startDelayS) {
      return {
        targetA: 0,
        state: 'waiting',
        reason: `Starting in ${formatDuration(config.startDelayS - waitedS)} if surplus holds`,
        memory: { enableSinceMs: since, disableSinceMs: null },
      }
    }
    return full(run(Math.max(minA, solarA), freshMemory(), `Solar: ${Math.max(minA, solarA)} A from ${solarShare}`))
  }

  if (available >= minW) return full(run(Math.max(minA, solarA), freshMemory(), `Solar: ${Math.max(minA, solarA)} A from ${solarShare}`))

  if (charger.stopEndsSession) {
    return full(run(minA, freshMemory(), `Low surplus: holding ${minA} A, since stopping would end the session until the car is plugged in again`))
  }
  const since = memory.disableSinceMs ?? nowMs
  const lowS = (nowMs - since) / 1000
  if (lowS >= config.stopDelayS) {
    return stop('waiting', `Stopped: surplus stayed below ${formatPower(minW)} for ${formatDuration(config.stopDelayS)}`)
  }
  return {
    targetA: minA,
    state: 'charging',
    reason: `Low surplus: stopping in ${formatDuration(config.stopDelayS - lowS)} unless the sun returns`,
    memory: { enableSinceMs: null, disableSinceMs: since },
  }

  function full(decision: Decision): Decision {
    if (!charger.carFull) return decision
    return { ...decision, state: 'full', reason: 'Connected: the car is full' }
  }
}

/**
 * Prices before surplus: cheap power (a negative price pays) is taken at full current; when
 * export earns more than the user's threshold, the surplus is left to export.
 */
function priceRule(charger: ChargerInput, site: SiteInput, config: ControlConfig, ceilingA: number, minA: number): Decision | null {
  const { priceCents, feedInCents } = site
  if (config.cheapBelowCents != null && priceCents != null && priceCents <= config.cheapBelowCents) {
    return run(ceilingA, freshMemory(), `Cheap power at ${formatCents(priceCents)}: charging at ${ceilingA} A`)
  }
  if (config.exportAboveCents != null && feedInCents != null && feedInCents >= config.exportAboveCents) {
    const why = `feed-in pays ${formatCents(feedInCents)}`
    if (charger.mode === 'minsolar') return run(minA, freshMemory(), `Min + Solar: ${minA} A minimum; exporting the rest, ${why}`)
    return stop('waiting', `Exporting instead: ${why}`)
  }
  return null
}

/**
 * Without fresh meter data the loop never guesses upwards: while the data is only late it holds
 * the current it has, once stale it falls back to the minimum, and after a long outage it stops.
 */
function staleRule(charger: ChargerInput, site: SiteInput, config: ControlConfig, memory: LoopMemory, minA: number, charging: boolean): Decision {
  const ageS = site.meterAgeS ?? null
  const age = ageS === null ? 'no power data yet' : `power data is ${formatDuration(ageS)} old`
  if (ageS !== null && ageS >= (config.staleStopAfterS ?? 600) && charger.mode === 'solar') {
    return stop('waiting', `Stopped: ${age}; solar charging resumes when it returns`)
  }
  if (charger.mode === 'minsolar') return run(minA, memory, `Min + Solar: holding the minimum; ${age}`)
  if (!charging) return stop('waiting', `Waiting: ${age}`)
  if (site.meterFreshness === 'late') return run(charger.offeredA, memory, `Holding ${charger.offeredA} A: ${age}`)
  return run(minA, memory, `Holding the minimum current: ${age}`)
}

function stop(state: Decision['state'], reason: string): Decision {
  return { targetA: 0, state, reason, memory: freshMemory() }
}

function run(targetA: number, memory: LoopMemory, reason: string): Decision {
  return { targetA, state: 'charging', reason, memory }
}

function floorToStep(amps: number, stepA: number): number {
  if (!Number.isFinite(amps) || amps <= 0) return 0
  return Math.floor(amps / stepA) * stepA
}

function limitNote(targetA: number, charger: ChargerInput): string {
  if (charger.current && targetA < Math.min(charger.limitA, charger.current.maxA)) return ' (held back by the fuse)'
  return ''
}
