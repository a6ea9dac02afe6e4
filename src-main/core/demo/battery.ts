/**
 * A home battery that behaves like an AlphaESS in self-consumption mode: it soaks up surplus and
 * covers deficits, within its power limits and SOC window.
 */
import type { BatteryReading } from '../devices'

export const BATTERY_MIN_SOC_PCT = 10
export const BATTERY_MAX_SOC_PCT = 100
export const BATTERY_MAX_CHARGE_W = 5000
export const BATTERY_MAX_DISCHARGE_W = 5000
export const BATTERY_START_SOC_PCT = 50
/** Losses are booked on the way in, so the meter sees the full charging power. */
export const BATTERY_CHARGE_EFFICIENCY = 0.95

export class HomeBattery {
  readonly capacityWh: number
  private energyWh: number

  constructor(capacityKwh: number) {
    this.capacityWh = capacityKwh * 1000
    this.energyWh = (this.capacityWh * BATTERY_START_SOC_PCT) / 100
  }

  get socPct(): number {
    return (this.energyWh / this.capacityWh) * 100
  }

  private get minEnergyWh(): number {
    return (this.capacityWh * BATTERY_MIN_SOC_PCT) / 100
  }

  private get maxEnergyWh(): number {
    return (this.capacityWh * BATTERY_MAX_SOC_PCT) / 100
  }

  /**
   * What the battery does for a given surplus (pv − house − ev), held for horizonS. Power tapers
   * as the SOC nears a bound, so one step can land exactly on it and never overshoot.
   */
  powerFor(surplusW: number, horizonS: number): number {
    if (surplusW > 0) {
      const headroomW = ((this.maxEnergyWh - this.energyWh) * 3600) / (horizonS * BATTERY_CHARGE_EFFICIENCY)
      return -Math.max(0, Math.min(surplusW, BATTERY_MAX_CHARGE_W, headroomW))
    }
    if (surplusW < 0) {
      const availableW = ((this.energyWh - this.minEnergyWh) * 3600) / horizonS
      return Math.max(0, Math.min(-surplusW, BATTERY_MAX_DISCHARGE_W, availableW))
    }
    return 0
  }

  apply(batteryW: number, durationS: number): void {
    const energyWh = (batteryW * durationS) / 3600
    const storedWh = batteryW < 0 ? -energyWh * BATTERY_CHARGE_EFFICIENCY : -energyWh
    this.energyWh = Math.min(this.maxEnergyWh, Math.max(this.minEnergyWh, this.energyWh + storedWh))
  }

  reading(batteryW: number): BatteryReading {
    return {
      socPct: Math.round(this.socPct * 10) / 10,
      batteryW,
      capacityWh: this.capacityWh,
      minSocPct: BATTERY_MIN_SOC_PCT,
      maxSocPct: BATTERY_MAX_SOC_PCT,
      maxChargeW: BATTERY_MAX_CHARGE_W,
      maxDischargeW: BATTERY_MAX_DISCHARGE_W,
    }
  }
}
