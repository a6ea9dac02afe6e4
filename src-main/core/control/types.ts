import type { LoadBalancerState } from './load-balancer'
import type { PlanStep } from './planner'
import type { ChargeMode } from '../../../src-shared/model'

/** A 1p/3p switch the loop waits to make, and when it last switched. */
export interface PhaseMemory {
  want: 1 | 3 | null
  sinceMs: number | null
  switchedAtMs: number | null
}

/** What the loop remembers between ticks for one charger: its start and stop timers. */
export interface LoopMemory {
  enableSinceMs: number | null
  disableSinceMs: number | null
  /** When an on/off-only charger last switched, to hold its minimum on or off time. */
  lastSwitchMs?: number | null
  /** What an on/off-only charger drew the last time it charged: the surplus it needs to start. */
  onPowerW?: number | null
  /** 1p/3p switching, for chargers that can. */
  phases?: PhaseMemory
  /** When the loop last stepped up to find sun hidden by curtailment, and to what. */
  probe?: { atMs: number; toA: number } | null
  /** The fuse balancer's ceiling after a cut, given back slowly, and the ceiling it worked to. */
  fuseBalance?: { state: LoadBalancerState; maxA: number }
}

export const freshMemory = (): LoopMemory => ({ enableSinceMs: null, disableSinceMs: null })

export interface ChargerInput {
  mode: ChargeMode
  /** The user's on/off toggle. */
  userEnabled: boolean
  /** The user's ceiling for this charger. */
  limitA: number
  connected: boolean
  carFull: boolean
  offeredA: number
  powerW: number
  activePhases: 1 | 3
  phases: 1 | 3
  current: { minA: number; maxA: number; stepA: number } | null
  /** The charger can switch between one and three phases (PhaseSwitcher). */
  phaseSwitchable?: boolean
  /** The supply phase a single-phase charger is wired to (1–3). */
  supplyPhase: 1 | 2 | 3
  /** For chargers switched only on and off: the shortest time to stay in either state. */
  minSwitchIntervalS: number
  /** Stopping ends the session until the car is replugged: hold the minimum instead. */
  stopEndsSession?: boolean
  /** When the loop started the car within the last hour, for the starts-per-hour cap. */
  recentStartsMs?: number[]
  /** The departure plan's verdict for this tick (the planner's step, its next slot as a clock time), when the user set one. */
  plan?:
    | (Pick<PlanStep, 'chargeNow' | 'late'> &
        Partial<Pick<PlanStep, 'slotCents'>> & {
          nextAt?: string | null
          readyBy: string
          missingWh: number
          /** The part of missingWh the sun is expected to bring before departure. */
          solarWh?: number
        })
    | null
  /** Seconds from the meter's sample until a change sent now reaches the car: what the fuse must foresee. */
  fuseLeadS?: number
  /** What the car drew when the site's data was measured (the meter includes it); powerW if absent. */
  drawAtSampleW?: number
  /** The site's data predates the car following the last command: hold until it shows it. */
  settling?: boolean
}

export interface SiteInput {
  gridW: number | null
  /** What the panels give now, when the meter says; curtailment hides the rest. */
  pvW?: number | null
  batteryW: number | null
  socPct: number | null
  /** Per supply phase, import positive; null when the meter does not report phases. */
  gridPhaseCurrentsA: (number | null)[] | null
  /** The meter's data is recent enough to steer by. */
  meterFresh: boolean
  /** False when no account measures the house at all (a charger-only setup). */
  hasMeter: boolean
  /** How the meter's data ages: late never raises current, stale falls back to the minimum. */
  meterFreshness?: 'fresh' | 'late' | 'stale' | 'offline'
  /** Seconds since the meter last gave good data; null if it never did. */
  meterAgeS?: number | null
  /** The import price now and what export earns now, when a tariff says. */
  priceCents?: number | null
  feedInCents?: number | null
  /** When the meter (and battery) data was measured. */
  sampledAtMs?: number | null
  /** How fast the house's own load rose lately between meter samples (W/s), and its largest step (W). */
  houseRise?: { wPerS: number; stepW: number }
}

export interface ControlConfig {
  startDelayS: number
  stopDelayS: number
  batteryPrioritySocPct: number
  /** Above this SOC a charging car keeps the minimum from the home battery through low surplus. */
  batteryBufferSocPct?: number | null
  /** Solar starts and holds the minimum while the sun covers this share of it, 10–100. */
  solarShareMinPct?: number
  maxStartsPerHour?: number
  cheapBelowCents?: number | null
  neverAboveCents?: number | null
  exportAboveCents?: number | null
  staleStopAfterS?: number
  voltageV: number
  fuseA: number
  sitePhases: 1 | 3
}

export type DecisionState = 'off' | 'paused' | 'unplugged' | 'full' | 'waiting' | 'charging'

export interface Decision {
  /** Current to offer; 0 means stop offering. */
  targetA: number
  state: DecisionState
  /** One sentence a person can read, shown in the popover. */
  reason: string
  memory: LoopMemory
  /** For chargers that switch phases: the phases to charge on. */
  phases?: 1 | 3
  /**
   * Why the car charges whatever the sun does: Fast, the departure plan's slot, or cheap power.
   * The home battery should not empty into it then (core/site/battery-hold.ts).
   */
  gridIntent?: GridIntent
}

export type GridIntent = 'fast' | 'plan' | 'cheap'
