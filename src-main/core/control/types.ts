import type { LoadBalancerState } from './load-balancer'
import type { ChargeMode } from '../../../src-shared/model'

/** What the loop remembers between ticks for one charger: its start and stop timers. */
export interface LoopMemory {
  enableSinceMs: number | null
  disableSinceMs: number | null
  /** When an on/off-only charger last switched, to hold its minimum on or off time. */
  lastSwitchMs?: number | null
  /** What an on/off-only charger drew the last time it charged: the surplus it needs to start. */
  onPowerW?: number | null
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
  /** The supply phase a single-phase charger is wired to (1–3). */
  supplyPhase: 1 | 2 | 3
  /** For chargers switched only on and off: the shortest time to stay in either state. */
  minSwitchIntervalS: number
  /** Stopping ends the session until the car is replugged: hold the minimum instead. */
  stopEndsSession?: boolean
  /** When the loop started the car within the last hour, for the starts-per-hour cap. */
  recentStartsMs?: number[]
  /** The departure plan's verdict for this tick, when the user set one. */
  plan?: { chargeNow: boolean; late: boolean; slotCents?: number | null; readyBy: string; missingWh: number } | null
  /** Seconds from the meter's sample until a change sent now reaches the car: what the fuse must foresee. */
  fuseLeadS?: number
  /** What the car drew when the site's data was measured (the meter includes it); powerW if absent. */
  drawAtSampleW?: number
  /** The site's data predates the car following the last command: hold until it shows it. */
  settling?: boolean
}

export interface SiteInput {
  gridW: number | null
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
  /** How fast the house's own load rose between the last two meter samples, W/s (0 when falling). */
  houseRiseWPerS?: number
}

export interface ControlConfig {
  startDelayS: number
  stopDelayS: number
  batteryPrioritySocPct: number
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
}
