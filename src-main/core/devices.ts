/**
 * The interfaces every vendor adapter implements, small and by capability (evcc's idea): the
 * loop asks what a device can do instead of assuming one fat interface. The demo home implements
 * exactly these, so it goes through the same paths a real vendor will.
 */
import type { PhaseReading, PriceInterval } from '../../src-shared/model'

export interface MeterReading {
  pvW: number | null
  /** House consumption excluding the EV chargers. */
  houseW: number | null
  gridW: number | null
  gridPhases: PhaseReading[] | null
}

export interface Meter {
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

export interface Battery {
  readonly id: string
  readonly label: string
  readBattery(): Promise<BatteryReading>
}

export interface Tariff {
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

export interface Charger {
  readonly id: string
  readonly label: string
  readonly phases: 1 | 3
  readCharger(): Promise<ChargerReading>
  readonly current?: CurrentSetter
  readonly switchable?: Switchable
}

/** Everything one site is made of, as the runtime sees it. */
export interface SiteDevices {
  meter: Meter
  battery: Battery | null
  tariff: Tariff | null
  chargers: Charger[]
}
