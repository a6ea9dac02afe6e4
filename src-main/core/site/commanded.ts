/**
 * What the car draws at the instant the site's meter measured, and whether that measurement
 * already shows the car following the last command.
 *
 * Cloud meters publish samples that are 30 s to minutes old, and cloud chargers follow a command
 * 10–60 s after it is sent. Pairing a meter sample taken before a command with the draw the car
 * has after it counts the change twice: the loop then overshoots, corrects, and hunts between its
 * minimum and maximum. So after each command the surplus is not re-judged until the meter (and
 * battery) show data measured after the charger had time to follow; the car's draw is paired with
 * that sample by time.
 */
import type { Charger, ChargerReading } from '../devices'

/** For chargers that do not declare it: a cloud relays and a car ramps within this. */
export const DEFAULT_RESPONSE_MS = 20_000

export interface Command {
  atMs: number
  /** The charger as it was when commanded: what the car drew in site data measured before. */
  before: ChargerReading
  /** What the charger should report once it follows. */
  reading: ChargerReading
  /** From then on the car draws what it was told. */
  followedAtMs: number
}

export function commandOf(charger: Charger, atMs: number, before: ChargerReading, expected: ChargerReading): Command {
  return { atMs, before, reading: expected, followedAtMs: atMs + (charger.responseMs ?? DEFAULT_RESPONSE_MS) }
}

export function expectedReading(before: ChargerReading, targetA: number, on: boolean, voltageV: number): ChargerReading {
  if (!on || targetA <= 0) return { ...before, enabled: false, offeredA: 0, powerW: 0 }
  const drewBefore = before.enabled && before.offeredA > 0 && before.powerW > 0
  const powerW = drewBefore ? (before.powerW * targetA) / before.offeredA : targetA * before.activePhases * voltageV
  return { ...before, enabled: true, offeredA: targetA, powerW: Math.round(powerW) }
}

interface Steering {
  /** The charger as the loop should see it at the site sample's time. */
  reading: ChargerReading
  /** The site's data was measured after the car followed the last command. */
  settled: boolean
  /** What the car drew when the site's data was measured, for the fuse: the meter's phases include it. */
  drawAtSampleW: number
  /** The command is fully reflected in both the site's and the charger's data: forget it. */
  done: boolean
}

/**
 * @param actualAtMs when the charger's own data was measured
 * @param siteAtMs when the meter (and battery) data the loop steers by was measured; null if unknown
 */
export function steering(actual: ChargerReading, actualAtMs: number | null, command: Command | undefined, siteAtMs: number | null): Steering {
  if (!command) return { reading: actual, settled: true, done: true, drawAtSampleW: actual.powerW }
  const chargerCaughtUp = actualAtMs !== null && actualAtMs >= command.followedAtMs
  // Without a meter there is nothing to wait for (and the stale-data rule covers one that never answered).
  const settled = siteAtMs === null || siteAtMs >= command.followedAtMs
  const reading = chargerCaughtUp ? actual : command.reading
  // Between the command and the car following, the draw is unknown. The higher guess leaves a cut
  // that was just sent from being cut again before the meter could show it (the balancer's rule for
  // pending cuts); an overload that remains shows once the meter catches up.
  const drawAtSampleW = settled ? reading.powerW : Math.max(command.before.powerW, siteAtMs !== null && siteAtMs > command.atMs ? reading.powerW : 0)
  return { reading, settled, done: settled && chargerCaughtUp, drawAtSampleW }
}
