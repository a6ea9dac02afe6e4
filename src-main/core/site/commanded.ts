/**
 * What the loop believes a charger draws right after it was commanded. Cloud chargers answer
 * from caches and apply changes in 10–60 s, while the meter already sees the new draw: taking the
 * stale charger power next to the fresh meter made the loop overcorrect and hunt between its
 * minimum and maximum. Until the charger reports data newer than the command, or the settle
 * window ends, the car is assumed to draw what it was told, scaled from what it drew before.
 */
import type { Charger, ChargerReading } from '../devices'

/** Time a cloud takes to pass a command to the charger and the car to follow. */
const CLOUD_LAG_MS = 30_000

export interface Command {
  atMs: number
  reading: ChargerReading
}

export function expectedReading(before: ChargerReading, targetA: number, on: boolean, voltageV: number): ChargerReading {
  if (!on || targetA <= 0) return { ...before, enabled: false, offeredA: 0, powerW: 0 }
  const drewBefore = before.enabled && before.offeredA > 0 && before.powerW > 0
  const powerW = drewBefore ? (before.powerW * targetA) / before.offeredA : targetA * before.activePhases * voltageV
  return { ...before, enabled: true, offeredA: targetA, powerW: Math.round(powerW) }
}

/** The reading to steer by: the commanded expectation while it is newer than what the charger says. */
export function effectiveReading(charger: Charger, actual: ChargerReading, command: Command | undefined, nowMs: number, fallbackPollMs: number): ChargerReading {
  if (!command) return actual
  const settleMs = (charger.pollMs ?? fallbackPollMs) + CLOUD_LAG_MS
  const dataAtMs = charger.lastUpdatedMs?.() ?? null
  const superseded = nowMs - command.atMs >= settleMs || (dataAtMs !== null && dataAtMs > command.atMs)
  return superseded ? actual : command.reading
}
