/**
 * The interfaces every vendor adapter implements, small and by capability (evcc's idea): the
 * loop asks what a device can do instead of assuming one fat interface. The demo home implements
 * exactly these, so it goes through the same paths a real vendor will.
 */
import type { BatterySettings, ChargeSchedule, PhaseReading, PriceInterval } from '../../src-shared/model'

export interface MeterReading {
  pvW: number | null
  /** House consumption excluding the EV chargers. */
  houseW: number | null
  /**
   * The vendor's house figure is everything behind its grid meter, the chargers included
   * (AlphaESS's pload is ppv + pbat + pgrid): the runtime takes the chargers' draw out.
   */
  houseIncludesChargers?: boolean
  gridW: number | null
  gridPhases: PhaseReading[] | null
}

/** How often the runtime reads a source; each vendor knows its own cloud's cadence. */
export interface Polled {
  readonly pollMs?: number
  /** How often the vendor's data changes (Amber: every 5 minutes); ages are judged against it. */
  readonly updateEveryMs?: number
  /**
   * When the data a read returns actually came from the vendor, for devices that answer from a
   * cache (rate limits, push updates). The source's age in the popover is measured from it.
   */
  lastUpdatedMs?(): number | null
}

export interface Meter extends Polled {
  readonly id: string
  readonly label: string
  readMeter(): Promise<MeterReading>
}

export interface BatteryReading {
  socPct: number | null
  batteryW: number | null
  capacityWh: number | null
  minSocPct: number | null
  maxSocPct: number | null
  maxChargeW: number | null
  maxDischargeW: number | null
}

/** The battery's own settings (SOC limits, grid-charge and discharge windows). */
export interface BatteryControl {
  readSettings(): Promise<BatterySettings>
  /** Writes, then reads back; rejects with a VendorError when the system did not take it. */
  writeSettings(next: BatterySettings): Promise<BatterySettings>
  /** A sentence on the vendor's write limits, shown next to the form. */
  readonly writeLimits: string | null
}

export interface Battery extends Polled {
  readonly id: string
  readonly label: string
  readBattery(): Promise<BatteryReading>
  readonly control?: BatteryControl
}

export interface Tariff extends Polled {
  readonly id: string
  readonly label: string
  readonly currency: string
  readonly unit: string
  /** Recent actuals, the current interval and the forecast, in time order. */
  readPrices(): Promise<PriceInterval[]>
}

export interface ChargerReading {
  /** A car is plugged in. */
  connected: boolean
  /** The charger's own enable state (unlocked / resumed). */
  enabled: boolean
  /** Current offered to the car, 0 when not offering. */
  offeredA: number
  powerW: number
  /** Phases the car is drawing on now. */
  activePhases: 1 | 3
  sessionEnergyWh: number
  carSocPct: number | null
  /** The car stopped taking energy (full, or its own limit). */
  carFull: boolean
  /** Per-phase currents the charger measures, when it reports them. */
  phaseCurrentsA?: (number | null)[] | null
  /** The charger is locked (no charging until unlocked), when it has a lock. */
  locked?: boolean | null
  /** The vendor's own status word, shown on the charger's settings page. */
  vendorStatus?: string | null
  /**
   * What the charger itself is set to, whatever it is doing now, so that a change Sunspill did not
   * make can be noticed (core/site/ownership.ts). Null while a command of ours is still on its way
   * or the vendor cannot tell; absent for vendors that do not report it, which are never judged.
   */
  setpoint?: ChargerSetpoint | null
}

/** A charger's own setting; null fields are not known and not compared. */
export interface ChargerSetpoint {
  /** Allowed to charge: not paused, locked or switched off. */
  on: boolean | null
  /** The current setting in amps (0 offers nothing). */
  currentA: number | null
}

export interface CurrentSetter {
  readonly minA: number
  readonly maxA: number
  readonly stepA: number
  /** 0 stops offering current. */
  setCurrent(currentA: number): Promise<void>
}

export interface Switchable {
  setEnabled(enabled: boolean): Promise<void>
}

export interface Lockable {
  setLocked(locked: boolean): Promise<void>
}

export interface PhaseSwitcher {
  setPhases(phases: 1 | 3): Promise<void>
}

export type { ChargeSchedule }

export interface Schedulable {
  /**
   * How many schedules the charger keeps. The vendors differ (the A2 has five fixed slots), and the
   * vendor only refuses a longer list after the user pressed Save, so the editor stops at this
   * and charger:saveSchedules refuses more before calling the vendor. At most SCHEDULES_CEILING.
   */
  readonly maxCount: number
  /**
   * Whether a schedule can cap the current (Wallbox `max_current`). Andersen and Charge Amps
   * schedules only switch charging on and off: the editor then shows no cap and a request with
   * one is refused, instead of the cap being dropped silently or refused by the vendor.
   */
  readonly perScheduleCurrent: boolean
  /** Why maxCount is what it is, as a sentence shown in the editor: "The Andersen A2 keeps 5 schedules, one per slot." */
  readonly maxCountReason: string
  readSchedules(): Promise<ChargeSchedule[]>
  /** Replaces the charger's schedules, then reads them back. */
  writeSchedules(schedules: ChargeSchedule[]): Promise<ChargeSchedule[]>
}

/**
 * Everything else a vendor allows on its charger (ICP max current, energy cost, the charger's own
 * solar setting, sessions…), described so the settings window can show it without knowing the
 * vendor. Values are plain JSON.
 */
export interface ChargerField {
  id: string
  label: string
  kind: 'number' | 'boolean' | 'text' | 'select'
  unit?: string
  min?: number
  max?: number
  step?: number
  options?: { value: string; label: string }[]
  help?: string
  read(): Promise<string | number | boolean | null>
  /** Absent for read-only fields. */
  write?(value: string | number | boolean): Promise<void>
}

export interface ChargerAction {
  id: string
  label: string
  /** Asked before running, for costly or disruptive actions (restart); null runs at once. */
  confirm: string | null
  /** Returns the sentence to show when it worked. */
  run(): Promise<string>
  /**
   * Set when the action leaves the charger to run on its own (its schedule, charging now): the
   * loop would otherwise undo it at the next tick. Sunspill then stops commanding the charger,
   * with this sentence in the popover, until the user takes control back.
   */
  handsOver?: string
}

/** Sessions that started from `fromMs` up to, not including, `toMs`. */
export interface SessionRange {
  fromMs: number
  toMs: number
}

export interface ChargerHistoryTable {
  columns: string[]
  rows: (string | number | null)[][]
  /**
   * Set when the vendor could not give the whole range (its API or its request budget stopped
   * short): what the table leaves out, as a sentence the page shows above it.
   */
  note?: string | null
}

/** Charging sessions or other history the vendor keeps, as rows of labelled values. */
export interface ChargerHistory {
  readonly title: string
  /**
   * Without a range, what the charger's page shows first (the vendor's own recent sessions). With
   * one, the sessions that started in it, as far as the vendor's API and its rate budget allow;
   * the control loop's reads keep their share of that budget.
   */
  read(range?: SessionRange): Promise<ChargerHistoryTable>
}

export interface Charger extends Polled {
  readonly id: string
  readonly label: string
  readonly phases: 1 | 3
  readCharger(): Promise<ChargerReading>
  readonly current?: CurrentSetter
  readonly switchable?: Switchable
  readonly lock?: Lockable
  readonly phaseSwitch?: PhaseSwitcher
  readonly schedules?: Schedulable
  readonly fields?: ChargerField[]
  readonly actions?: ChargerAction[]
  readonly history?: ChargerHistory
  /**
   * The shortest time to stay on or off, for chargers switched by start/stop or lock only
   * (Andersen A2): each switch is a cloud round-trip and wears the contactor.
   */
  readonly minSwitchIntervalS?: number
  /**
   * Stopping ends the charging session and it cannot be started again until the car is plugged
   * in anew (the AlphaESS pile goes to Finishing), so surplus dips must not stop it.
   */
  readonly stopEndsSession?: boolean
  /**
   * How long after a command the car draws what it was told (cloud relay plus the car's ramp);
   * the loop does not judge the surplus again before the meter shows that time.
   */
  readonly responseMs?: number
  /**
   * Gives the charger back to its own mode (its schedule, Eco-Smart, solar setting) when
   * Sunspill stops controlling it; absent when the charger has no mode of its own.
   */
  readonly handBack?: { readonly label: string; run(): Promise<void> }
}

/** Everything one site is made of, as the runtime sees it. */
export interface SiteDevices {
  /** Null when no account provides one: the loop then cannot steer by surplus. */
  meter: Meter | null
  battery: Battery | null
  tariff: Tariff | null
  chargers: Charger[]
}
