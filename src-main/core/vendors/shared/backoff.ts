/**
 * Exponential backoff with full jitter (AWS's recommendation): retries from many clients do not
 * arrive in lockstep, and a struggling cloud is not hammered.
 */
export interface BackoffPolicy {
  baseMs: number
  maxMs: number
  attempts: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000, attempts: 4 }

export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt)
  return Math.round(random() * ceiling)
}

/** Waits in real time, or not at all in tests that pass their own sleeper. */
export type Sleep = (ms: number) => Promise<void>
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
