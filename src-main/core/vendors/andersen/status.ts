/**
 * What Andersen's device status means for the control loop. The decisions, because the sources
 * leave them open:
 *
 * - evseState (OpenEVSE-like, int or string): 1 ready/no car, 2 car connected, 3 charging, 4 error,
 *   254 sleeping, 255 disabled (user- or schedule-locked). 255 hides whether a car is plugged in.
 * - Plug state while locked is not guessed from the lock: the last state seen while unlocked is
 *   kept, an "unplugged" only for PLUG_MEMORY_MS; after that, and with nothing seen yet, a car is
 *   assumed. Wrongly assuming a car costs one unlock that shows the truth; wrongly assuming none
 *   would stop solar charging for good, because a locked A2 never shows a car arriving.
 * - Power units are undocumented: lwsrbrts reads chargeStatus.chargePower as W but other fields as
 *   kW. The A2 cannot draw more than 22 kW, so a value above 25 must be W, and a fraction at or
 *   below 25 must be kW; whole numbers up to 25 follow whatever that field showed before (kW
 *   until it has shown W). Each field calibrates on its own.
 * - Energy: chargeEnergyTotal is kWh (9.128312 for a night), unless it is over 1000 (then Wh).
 */
import type { ChargerReading } from '../../devices'
import type { DeviceStatus } from './schemas'

export const EVSE_READY = 1
export const EVSE_CONNECTED = 2
export const EVSE_CHARGING = 3
export const EVSE_ERROR = 4
export const EVSE_SLEEPING = 254
export const EVSE_DISABLED = 255

/** How long an "unplugged" seen while unlocked is believed once the charger is locked again. */
export const PLUG_MEMORY_MS = 30 * 60_000
/** A car connected but not drawing for this long, while allowed to charge, counts as full. */
export const CAR_FULL_AFTER_MS = 3 * 60_000
/** Above this a power figure can only be watts. */
const KW_CEILING = 25

export function evseStateCode(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value)
  return null
}

/** Reads one power field in watts, learning whether that field is in W or kW. */
export class PowerUnitGuess {
  private unit: 'W' | 'kW' | null = null

  watts(value: number | null | undefined): number | null {
    if (value === null || value === undefined || !Number.isFinite(value)) return null
    const size = Math.abs(value)
    if (size === 0) return 0
    if (size > KW_CEILING) {
      this.unit = 'W'
      return value
    }
    if (!Number.isInteger(value)) this.unit = 'kW'
    return this.unit === 'W' ? value : value * 1000
  }
}

export function energyWh(kwh: number | null | undefined): number | null {
  if (kwh === null || kwh === undefined || !Number.isFinite(kwh)) return null
  return kwh > 1000 ? kwh : kwh * 1000
}

/** What the adapter remembers between readings. */
export class StatusMemory {
  plugged: { value: boolean; atMs: number } | null = null
  idleSinceMs: number | null = null
  private readonly units = new Map<string, PowerUnitGuess>()

  watts(field: string, value: number | null | undefined): number | null {
    let guess = this.units.get(field)
    if (!guess) this.units.set(field, (guess = new PowerUnitGuess()))
    return guess.watts(value)
  }
}

export interface LockView {
  /** Our own lock, with a command not yet reflected by the cloud taking precedence. */
  userLocked: boolean | null
}

/** The charger's power in W from the best field it sends (W or kW, see above). */
export function chargePowerW(status: DeviceStatus, memory: StatusMemory): number | null {
  const direct =
    memory.watts('chargeStatus.chargePower', status.chargeStatus?.chargePower) ?? memory.watts('sysChargePower', status.sysChargePower)
  if (direct !== null) return direct
  const phases = [status.sysPowerA, status.sysPowerB, status.sysPowerC].map((p, i) => memory.watts(`sysPower${'ABC'[i]}`, p))
  if (phases.some((p) => p !== null)) return phases.reduce<number>((sum, p) => sum + (p ?? 0), 0)
  const volts = [status.sysVoltageA, status.sysVoltageB, status.sysVoltageC]
  const amps = [status.sysAmpA, status.sysAmpB, status.sysAmpC]
  if (amps.some((a) => typeof a === 'number')) return amps.reduce<number>((sum, a, i) => sum + (a ?? 0) * (volts[i] ?? 230), 0)
  return null
}

export function phaseCurrentsA(status: DeviceStatus): number[] | null {
  const [a, b, c] = [status.sysAmpA, status.sysAmpB, status.sysAmpC]
  if (a == null && b == null && c == null) return null
  if (!b && !c) return [a ?? 0]
  return [a ?? 0, b ?? 0, c ?? 0]
}

export function vendorStatus(status: DeviceStatus, userLocked: boolean | null): string {
  if (status.online === false) return 'Offline'
  const code = evseStateCode(status.evseState)
  switch (code) {
    case EVSE_READY:
      return 'Ready, no car'
    case EVSE_CONNECTED:
      return 'Car connected, not charging'
    case EVSE_CHARGING:
      return 'Charging'
    case EVSE_ERROR:
      return status.sysFaultCode ? `Error (fault ${status.sysFaultCode})` : 'Error'
    case EVSE_SLEEPING:
      return 'Sleeping'
    case EVSE_DISABLED:
      if (userLocked) return 'Locked (a car cannot be seen while locked)'
      if (status.sysScheduleLock) return 'Locked by a schedule (a car cannot be seen while locked)'
      return 'Disabled'
    default:
      return code === null ? 'Unknown state' : `State ${code}`
  }
}

/**
 * The reading the control loop sees. `enabled` is "charging allowed by us" (not user-locked);
 * a schedule lock shows in vendorStatus, not in `enabled`, so the loop does not fight a schedule
 * by unlocking over and over.
 */
export function toReading(status: DeviceStatus, memory: StatusMemory, lock: LockView, nowMs: number): ChargerReading {
  const code = evseStateCode(status.evseState)
  const rawPowerW = chargePowerW(status, memory)
  const userLocked = lock.userLocked ?? status.sysUserLock ?? (code === EVSE_DISABLED ? true : null)
  const scheduleLocked = status.sysScheduleLock === true

  let seen: boolean | null = null
  if (code === EVSE_READY) seen = false
  else if (code === EVSE_CONNECTED || code === EVSE_CHARGING || (rawPowerW ?? 0) > 0) seen = true
  if (seen !== null) memory.plugged = { value: seen, atMs: nowMs }
  const remembered = memory.plugged && (memory.plugged.value || nowMs - memory.plugged.atMs < PLUG_MEMORY_MS) ? memory.plugged.value : true
  const connected = seen ?? remembered

  // Energy flows only while charging; anything else reported is standby noise or a stale figure.
  const flowing = code === null ? (rawPowerW ?? 0) > 0 : code === EVSE_CHARGING
  const powerW = flowing ? Math.max(0, Math.round(rawPowerW ?? 0)) : 0

  const allowed = userLocked !== true && !scheduleLocked
  const idle = code === EVSE_CONNECTED && allowed
  if (!idle) memory.idleSinceMs = null
  else memory.idleSinceMs ??= nowMs
  const carFull = memory.idleSinceMs !== null && nowMs - memory.idleSinceMs >= CAR_FULL_AFTER_MS

  const limitA = status.evseChargeAmpCurrentLimit ?? status.cfgChargeAmpMax ?? 0
  const energy = energyWh(status.chargeStatus?.chargeEnergyTotal)

  return {
    connected,
    enabled: userLocked !== true,
    offeredA: connected && allowed ? limitA : 0,
    powerW,
    activePhases: 1,
    sessionEnergyWh: energy === null ? 0 : Math.round(energy),
    carSocPct: null,
    carFull,
    phaseCurrentsA: phaseCurrentsA(status),
    locked: userLocked,
    vendorStatus: vendorStatus(status, userLocked),
    // The A2 has no current setting; its user lock is what Sunspill switches.
    setpoint: { on: userLocked === null ? null : !userLocked, currentA: null },
  }
}
