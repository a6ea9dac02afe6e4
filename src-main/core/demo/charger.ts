/**
 * The demo wallbox: a current setpoint and a pause switch, like the chargers the control loop
 * drives for real. It only reports what it offers; whether the car takes it is the car's business.
 */
import type { ChargerReading } from '../devices'
import type { DemoCar } from './car'

export const CHARGER_MIN_A = 6
export const CHARGER_MAX_A = 32
export const CHARGER_STEP_A = 1

export function validateChargeCurrent(currentA: number): void {
  const valid =
    currentA === 0 || (Number.isInteger(currentA) && currentA >= CHARGER_MIN_A && currentA <= CHARGER_MAX_A)
  if (!valid) {
    throw new Error(
      `The charging current must be 0 A (stop) or a whole number from ${CHARGER_MIN_A} to ${CHARGER_MAX_A} A; got ${currentA}`,
    )
  }
}

export class Wallbox {
  enabled = true
  offeredA = 0
  sessionEnergyWh = 0

  /**
   * @param activePhases phases the car can actually draw on: a three-phase charger on a
   *   single-phase supply only gets one.
   */
  constructor(
    readonly activePhases: 1 | 3,
    private readonly voltageV: number,
  ) {}

  setCurrent(currentA: number): void {
    validateChargeCurrent(currentA)
    this.offeredA = currentA
  }

  /** Power the car draws through this charger now. */
  drawW(car: DemoCar): number {
    if (!car.connected || car.full || !this.enabled || this.offeredA < CHARGER_MIN_A) return 0
    return this.offeredA * this.activePhases * this.voltageV
  }

  deliver(powerW: number, durationS: number): void {
    this.sessionEnergyWh += (powerW * durationS) / 3600
  }

  startSession(): void {
    this.sessionEnergyWh = 0
  }

  reading(car: DemoCar, powerW: number): ChargerReading {
    return {
      connected: car.connected,
      enabled: this.enabled,
      offeredA: this.offeredA,
      powerW,
      activePhases: this.activePhases,
      sessionEnergyWh: Math.round(this.sessionEnergyWh),
      carSocPct: car.connected ? Math.round(car.socPct * 10) / 10 : null,
      carFull: car.connected && car.full,
      setpoint: { on: this.enabled, currentA: this.offeredA },
    }
  }
}
