/**
 * A home battery that behaves like an AlphaESS in self-consumption mode: it soaks up surplus and
 * covers deficits, within its power limits, its SOC limits and the charge and discharge windows
 * of its own settings.
 */
import type { BatterySettings, TimeWindow } from '../../../src-shared/model'
import type { BatteryReading } from '../devices'
import { inClockWindow } from '../time/clock-window'

export const BATTERY_MIN_SOC_PCT = 10
export const BATTERY_MAX_SOC_PCT = 100
export const BATTERY_MAX_CHARGE_W = 5000
export const BATTERY_MAX_DISCHARGE_W = 5000
export const BATTERY_START_SOC_PCT = 50
/** Losses are booked on the way in, so the meter sees the full charging power. */
export const BATTERY_CHARGE_EFFICIENCY = 0.95

const UNUSED_WINDOW: TimeWindow = { start: '00:00', end: '00:00' }

/** What a new AlphaESS does out of the box: plain self-consumption, no timed control. */
const DEFAULT_BATTERY_SETTINGS: BatterySettings = {
  minSocPct: BATTERY_MIN_SOC_PCT,
  maxSocPct: BATTERY_MAX_SOC_PCT,
  gridCharge: { enabled: false, windows: [UNUSED_WINDOW, UNUSED_WINDOW] },
  discharge: { enabled: false, windows: [UNUSED_WINDOW, UNUSED_WINDOW] },
}


export class HomeBattery {
  readonly capacityWh: number
  private energyWh: number
  private current: BatterySettings = structuredClone(DEFAULT_BATTERY_SETTINGS)

  constructor(
    capacityKwh: number,
    /** The windows are the household's wall-clock times. */
    private readonly timeZone: string,
  ) {
    this.capacityWh = capacityKwh * 1000
    this.energyWh = (this.capacityWh * BATTERY_START_SOC_PCT) / 100
  }

  get socPct(): number {
    return (this.energyWh / this.capacityWh) * 100
  }

  get settings(): BatterySettings {
    return structuredClone(this.current)
  }

  /** Takes effect from the next step; the caller has already simulated up to now. */
  configure(settings: BatterySettings): void {
    this.current = structuredClone(settings)
  }

  private get minEnergyWh(): number {
    return (this.capacityWh * this.current.minSocPct) / 100
  }

  private get maxEnergyWh(): number {
    return (this.capacityWh * this.current.maxSocPct) / 100
  }

  /** AlphaESS marks an unused window by start == end: an empty window. */
  private anyWindowCovers(windows: TimeWindow[], timeMs: number): boolean {
    return windows.some((window) => inClockWindow(window, timeMs, this.timeZone))
  }

  private gridChargingAt(timeMs: number): boolean {
    const { enabled, windows } = this.current.gridCharge
    return enabled && this.anyWindowCovers(windows, timeMs)
  }

  /** With discharge time control on, the battery discharges only inside its discharge windows. */
  private dischargeAllowedAt(timeMs: number): boolean {
    const { enabled, windows } = this.current.discharge
    return !enabled || this.anyWindowCovers(windows, timeMs)
  }

  /** Clamped at 0, so a battery already past a newly moved limit just stops in that direction. */
  private chargeHeadroomW(horizonS: number): number {
    return Math.max(0, ((this.maxEnergyWh - this.energyWh) * 3600) / (horizonS * BATTERY_CHARGE_EFFICIENCY))
  }

  private dischargeAvailableW(horizonS: number): number {
    return Math.max(0, ((this.energyWh - this.minEnergyWh) * 3600) / horizonS)
  }

  /**
   * What the battery does at timeMs for a given surplus (pv − house − ev), held for horizonS.
   * Power tapers as the SOC nears a limit, so one step can land exactly on it and never overshoot.
   */
  powerFor(surplusW: number, horizonS: number, timeMs: number): number {
    // A grid-charge window fills the battery at full power whatever the surplus, then holds it
    // full: the point of charging in that window is to have the energy for later.
    if (this.gridChargingAt(timeMs)) return -Math.min(BATTERY_MAX_CHARGE_W, this.chargeHeadroomW(horizonS))
    if (surplusW > 0) return -Math.min(surplusW, BATTERY_MAX_CHARGE_W, this.chargeHeadroomW(horizonS))
    if (surplusW < 0 && this.dischargeAllowedAt(timeMs)) return Math.min(-surplusW, BATTERY_MAX_DISCHARGE_W, this.dischargeAvailableW(horizonS))
    return 0
  }

  apply(batteryW: number, durationS: number): void {
    const energyWh = (batteryW * durationS) / 3600
    const storedWh = batteryW < 0 ? -energyWh * BATTERY_CHARGE_EFFICIENCY : -energyWh
    const nextWh = this.energyWh + storedWh
    // Rounding to whole watts may overshoot a limit by a hair; a battery already past a limit
    // (the limit was just moved) stays where it is rather than being pulled onto it.
    this.energyWh =
      storedWh > 0 ? Math.min(nextWh, Math.max(this.energyWh, this.maxEnergyWh)) : Math.max(nextWh, Math.min(this.energyWh, this.minEnergyWh))
  }

  reading(batteryW: number): BatteryReading {
    return {
      socPct: Math.round(this.socPct * 10) / 10,
      batteryW,
      capacityWh: this.capacityWh,
      minSocPct: this.current.minSocPct,
      maxSocPct: this.current.maxSocPct,
      maxChargeW: BATTERY_MAX_CHARGE_W,
      maxDischargeW: BATTERY_MAX_DISCHARGE_W,
    }
  }
}
