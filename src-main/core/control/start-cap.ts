/**
 * Every start is a contactor cycle and a handshake with the car; passing clouds could otherwise
 * start the car a dozen times an hour. Charge HQ waits 15 minutes after a stop; a rolling cap per
 * hour allows quick restarts when they are rare and holds back only when clouds line up.
 */
import type { ChargerInput, ControlConfig } from './types'

/** The rolling window the cap counts starts in; the runtime keeps the starts within it. */
export const START_CAP_WINDOW_MS = 3_600_000

/** Seconds until the cap allows another start; 0 when it does now. */
export function startCapWaitS(charger: ChargerInput, config: ControlConfig, nowMs: number): number {
  const cap = config.maxStartsPerHour
  const starts = charger.recentStartsMs ?? []
  if (cap === undefined || starts.length < cap) return 0
  const sorted = [...starts].sort((a, b) => a - b)
  const freedAtMs = sorted[sorted.length - cap]! + START_CAP_WINDOW_MS
  return Math.max(0, (freedAtMs - nowMs) / 1000)
}
