/**
 * The control loop: one pure decision per charger per tick. Modes:
 * - off: offer nothing;
 * - solar: charge from surplus, starting once the sun has covered the user's share of the
 *   minimum current for the start delay, following it to the nearest amp, and stopping after it
 *   covered less for the stop delay (the timers and a starts-per-hour cap keep clouds from
 *   wearing out the contactor);
 * - minsolar: never below the minimum current, more when the sun allows;
 * - fast: as much as the charger, the user's limit and the fuse allow.
 * Before the sun come the departure plan and the price rules; the fuse caps every mode.
 */
import { formatCents, formatDuration, formatEnergy, formatPower } from '../../../src-shared/format'
import { carCurrentA, chargerSupplyPhases, fuseLimitA, fuseMarginA, phaseCurrentA } from './fuse'
import { balanceLoad, initialLoadBalancerState } from './load-balancer'
import { curtailedSurplusHidden } from './curtailment'
import { decideOnOff } from './on-off'
import { choosePhases, type PhaseChoice } from './phases'
import { startCapWaitS } from './start-cap'
import { availableForCarW, wattsPerAmp } from './surplus'
import type { ChargerInput, ControlConfig, Decision, GridIntent, LoopMemory, SiteInput } from './types'
import { freshMemory } from './types'

export interface DecideInput {
  charger: ChargerInput
  site: SiteInput
  config: ControlConfig
  memory: LoopMemory
  nowMs: number
}

/** How often the loop steps up into sun hidden by curtailment, and after a step found none. */
const PROBE_EVERY_MS = 2 * 60_000
const PROBE_AFTER_MISS_MS = 15 * 60_000

/** The longest a car is held at the minimum, after the stop delay, because it could not restart. */
const MAX_RIDE_OUT_S = 10 * 60

/** After a fuse cut, give back one amp a minute: cloud chargers apply changes slowly. */
export const FUSE_RESTORE = { stepUpA: 1, holdMs: 60_000 }

export function decide(input: DecideInput): Decision {
  const { charger, site, config, memory, nowMs } = input
  const balance = fuseBalance(input)
  const ceilingA = Math.min(fuseLimitA(charger, site, config), balance.limitA)
  const phaseChoice = phasesFor(input, ceilingA)
  const steered = phaseChoice ? { ...input, charger: { ...charger, phases: phaseChoice.phases, activePhases: phaseChoice.phases } } : input
  const decided = decideWithin(steered, ceilingA)
  const decision = withPlanNote(phaseChoice?.pending ? { ...decided, reason: `${decided.reason}; ${phaseChoice.pending}` } : decided, charger)
  const probe = decision.memory.probe ?? memory.probe ?? null
  const kept = { ...decision.memory, probe, phases: phaseChoice?.memory ?? memory.phases, fuseBalance: { state: balance.state, maxA: balance.maxA } }
  return { ...decision, memory: kept, ...(phaseChoice ? { phases: phaseChoice.phases } : {}) }

  function fuseBalance({ charger, site, config }: DecideInput) {
    const maxA = Math.min(charger.limitA, charger.current?.maxA ?? charger.limitA)
    const minA = charger.current?.minA ?? 6
    const balancer = { fuseA: config.fuseA, marginA: fuseMarginA(charger, site, config), maxA, minA, ...FUSE_RESTORE }
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

/** Less expected sun than this is not worth a word in the plan's sentence. */
const SUN_NOTE_MIN_WH = 500

/** While the car waits, the popover says first when the plan will charge it (the status line keeps two lines). */
function withPlanNote(decision: Decision, charger: ChargerInput): Decision {
  const plan = charger.plan
  if (!plan || plan.chargeNow || decision.state !== 'waiting') return decision
  const goal = `Plan: ${formatEnergy(plan.missingWh)} by ${plan.readyBy}`
  const sunWh = plan.solarWh ?? 0
  const note =
    sunWh < SUN_NOTE_MIN_WH
      ? `${goal}${plan.nextAt ? `, charging from ${plan.nextAt}` : ''}.`
      : sunWh >= plan.missingWh
        ? `${goal}, expected from the sun.`
        : `${goal}: ${formatEnergy(sunWh)} expected from the sun${plan.nextAt ? `, the rest charging from ${plan.nextAt}` : ''}.`
  return { ...decision, reason: `${note} ${decision.reason}` }
}

/** The phases to charge on, for chargers that switch; null for those that cannot. */
function phasesFor({ charger, site, config, memory, nowMs }: DecideInput, ceilingA: number): PhaseChoice | null {
  if (!charger.phaseSwitchable || !charger.current) return null
  const keep: PhaseChoice = { phases: charger.activePhases, memory: memory.phases ?? { want: null, sinceMs: null, switchedAtMs: null }, pending: null }
  if (!charger.connected || !charger.userEnabled || charger.mode === 'off' || charger.settling) return keep
  const minA = charger.current.minA
  const charging = charger.offeredA >= minA
  // Fast and planned charging want all the power there is.
  const availableW =
    charger.mode === 'fast' || charger.plan?.chargeNow ? Number.POSITIVE_INFINITY : site.meterFresh ? availableForCarW(site, charger.powerW, config) : null
  if (availableW === null) return keep
  return choosePhases(
    {
      activePhases: charger.activePhases,
      availableW,
      minA,
      maxA: ceilingA,
      voltageV: config.voltageV,
      share: (config.solarShareMinPct ?? 100) / 100,
      charging: charging && availableW !== Number.POSITIVE_INFINITY,
      startDelayS: config.startDelayS,
      stopDelayS: config.stopDelayS,
      nowMs,
    },
    memory.phases,
  )
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
    const targetA = raiseOnceMeasured(ceilingA)
    return full(gridRun('fast', targetA, `Fast: charging at ${targetA} A${limitNote(targetA, charger)}`))
  }

  const plan = charger.plan
  if (plan?.chargeNow) {
    const targetA = raiseOnceMeasured(ceilingA)
    const why = plan.late ? `Plan: ${targetA} A; ${formatEnergy(plan.missingWh)} by ${plan.readyBy} may not make it` : `Plan: ${targetA} A in a cheap slot; ${formatEnergy(plan.missingWh)} to go by ${plan.readyBy}`
    return full(gridRun('plan', targetA, why))
  }

  const price = priceRule(charger, site, config, ceilingA, minA) ?? planExportRule(charger, site, minA)
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
  if (charger.settling) return full(hold(charger, memory, minA, ceilingA))
  // Above this price Min + Solar takes nothing from the grid: it behaves like Solar.
  const gridTooDear = config.neverAboveCents != null && site.priceCents != null && site.priceCents > config.neverAboveCents
  const mode = charger.mode === 'minsolar' && gridTooDear ? 'solar' : charger.mode

  if (!charger.current && mode === 'solar') return full(decideOnOff(charger, available, config, memory, nowMs))

  // The nearest step: flooring left up to a whole step (690 W on three phases) to export.
  const solarA = Math.min(ceilingA, roundToStep(available / perAmpW, charger.current?.stepA ?? 1))
  const solarShare = `${formatPower(Math.max(0, available))} of surplus`
  const minW = minA * perAmpW

  if (mode === 'solar' && curtailedSurplusHidden(site)) {
    if (!charging) return full(startAfterDelay(Math.max(minA, solarA), 'Export is curtailed at a negative feed-in price: starting at the minimum to find the hidden sun'))
    // A step that found more sun is followed soon by the next; one that had to be taken back
    // means the edge is found, and it is tried again only after a while.
    const { probe } = memory
    const pauseMs = probe && charger.offeredA < probe.toA ? PROBE_AFTER_MISS_MS : PROBE_EVERY_MS
    if (probe && nowMs - probe.atMs < pauseMs) {
      return full(run(charger.offeredA, memory, `Export is curtailed at a negative feed-in price: ${charger.offeredA} A takes the sun there is`))
    }
    const probeA = Math.min(ceilingA, charger.offeredA + (charger.current?.stepA ?? 1))
    return full(run(probeA, { ...freshMemory(), probe: { atMs: nowMs, toA: probeA } }, `Export is curtailed at a negative feed-in price: raising to ${probeA} A while the grid stays at zero`))
  }

  if (mode === 'minsolar') {
    const targetA = Math.max(minA, solarA)
    const why = solarA >= minA ? `Min + Solar: ${targetA} A from ${solarShare}` : `Min + Solar: ${minA} A minimum, topped up from the grid`
    return full(run(targetA, freshMemory(), why))
  }

  // Charging at the minimum with part of it from the grid catches sun that would otherwise be
  // exported, and rides out a passing cloud without a contactor cycle.
  const sharePct = config.solarShareMinPct ?? 100
  const enoughW = (minW * sharePct) / 100
  const solarRun = () => {
    const targetA = Math.max(minA, solarA)
    if (solarA >= minA) return run(targetA, freshMemory(), `Solar: ${targetA} A from ${solarShare}`)
    const pct = Math.max(0, Math.min(100, Math.round((available / minW) * 100)))
    return run(targetA, freshMemory(), `Solar: ${targetA} A minimum, ${pct} % of it from the sun`)
  }
  if (!charging) {
    if (available < enoughW) {
      return stop('waiting', `Waiting: ${formatPower(enoughW - available)} more surplus needed to start`)
    }
    const since = memory.enableSinceMs ?? nowMs
    const waitedS = (nowMs - since) / 1000
    const capWaitS = startCapWaitS(charger, config, nowMs)
    const waitS = Math.max(config.startDelayS - waitedS, capWaitS)
    if (waitS > 0) {
      const why = capWaitS > 0 && capWaitS >= waitS ? `${config.maxStartsPerHour} starts in the last hour; starting in ${formatDuration(waitS)} to spare the contactor` : `Starting in ${formatDuration(waitS)} if surplus holds`
      return { targetA: 0, state: 'waiting', reason: why, memory: { enableSinceMs: since, disableSinceMs: null } }
    }
    return full(solarRun())
  }

  if (available >= enoughW) return full(solarRun())

  if (charger.stopEndsSession) {
    return full(run(minA, freshMemory(), `Low surplus: holding ${minA} A, since stopping would end the session until the car is plugged in again`))
  }
  const buffer = config.batteryBufferSocPct
  if (buffer != null && site.socPct !== null && site.socPct > buffer) {
    return full(run(minA, freshMemory(), `Low surplus: holding ${minA} A from the home battery while it is above ${buffer} %`))
  }
  const since = memory.disableSinceMs ?? nowMs
  const lowS = (nowMs - since) / 1000
  // With this hour's starts used up, a stop now could not restart when the cloud passes: riding
  // it out at the minimum catches the sun after it, for a while.
  const rideOut = lowS >= config.stopDelayS && startCapWaitS(charger, config, nowMs) > 0 && lowS - config.stopDelayS < MAX_RIDE_OUT_S
  if (lowS >= config.stopDelayS && !rideOut) {
    return stop('waiting', `Stopped: surplus stayed below ${formatPower(enoughW)} for ${formatDuration(lowS)}`)
  }
  const why = rideOut
    ? `Low surplus: holding ${minA} A through the cloud, since this hour’s starts are used up`
    : `Low surplus: stopping in ${formatDuration(config.stopDelayS - lowS)} unless the sun returns`
  return { targetA: minA, state: 'charging', reason: why, memory: { enableSinceMs: null, disableSinceMs: since } }

  /** A raise waits until the meter has measured the last change: the fuse's room is not known before. */
  function raiseOnceMeasured(targetA: number): number {
    return charger.settling && charger.offeredA >= minA ? Math.min(targetA, charger.offeredA) : targetA
  }

  function startAfterDelay(targetA: number, why: string): Decision {
    const since = memory.enableSinceMs ?? nowMs
    const waitS = Math.max(config.startDelayS - (nowMs - since) / 1000, startCapWaitS(charger, config, nowMs))
    if (waitS > 0) return { targetA: 0, state: 'waiting', reason: `Starting in ${formatDuration(waitS)}: ${why.charAt(0).toLowerCase()}${why.slice(1)}`, memory: { enableSinceMs: since, disableSinceMs: null } }
    return run(targetA, freshMemory(), why)
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
    return gridRun('cheap', ceilingA, `Cheap power at ${formatCents(priceCents)}: charging at ${ceilingA} A`)
  }
  if (config.exportAboveCents != null && feedInCents != null && feedInCents >= config.exportAboveCents) {
    const why = `feed-in pays ${formatCents(feedInCents)}`
    if (charger.mode === 'minsolar') return run(minA, freshMemory(), `Min + Solar: ${minA} A minimum; exporting the rest, ${why}`)
    return stop('waiting', `Exporting instead: ${why}`)
  }
  return null
}

/**
 * Solar in the car now saves buying that energy in the plan's slots later; when export pays more
 * than those slots cost (a negative-price afternoon ahead), the sun is worth more sold.
 */
function planExportRule(charger: ChargerInput, site: SiteInput, minA: number): Decision | null {
  const slotCents = charger.plan?.slotCents
  const { feedInCents } = site
  if (slotCents == null || feedInCents == null || feedInCents <= slotCents) return null
  const why = `feed-in pays ${formatCents(feedInCents)}, the plan's slots cost ${formatCents(slotCents)}`
  if (charger.mode === 'minsolar') return run(minA, freshMemory(), `Min + Solar: ${minA} A minimum; exporting the rest, ${why}`)
  return stop('waiting', `Exporting for now: ${why}`)
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

/**
 * The meter has not yet measured the car at its last setting: judging the surplus now would count
 * the last change twice. Timers keep running from where they were.
 */
function hold(charger: ChargerInput, memory: LoopMemory, minA: number, ceilingA: number): Decision {
  const on = charger.offeredA > 0
  if (!on) return { targetA: 0, state: 'waiting', reason: 'Waiting for the meter to show the charger stopped', memory }
  // A fuse cut does not wait for the meter.
  const targetA = charger.current ? Math.min(ceilingA, Math.max(minA, charger.offeredA)) : charger.limitA
  const what = charger.current ? `${targetA} A` : 'on'
  return run(targetA, memory, `Charging at ${what}; waiting for the meter to show the change`)
}

function stop(state: Decision['state'], reason: string): Decision {
  return { targetA: 0, state, reason, memory: freshMemory() }
}

function run(targetA: number, memory: LoopMemory, reason: string): Decision {
  return { targetA, state: 'charging', reason, memory }
}

function gridRun(gridIntent: GridIntent, targetA: number, reason: string): Decision {
  return { ...run(targetA, freshMemory(), reason), gridIntent }
}

function roundToStep(amps: number, stepA: number): number {
  if (!Number.isFinite(amps) || amps <= 0) return 0
  return Math.round(amps / stepA) * stepA
}

function limitNote(targetA: number, charger: ChargerInput): string {
  if (charger.current && targetA < Math.min(charger.limitA, charger.current.maxA)) return ' (held back by the fuse)'
  return ''
}
