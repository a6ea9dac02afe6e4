/**
 * An account whose devices could not be built for a reason that passes (the vendor's cloud down
 * or throttling, a clock not yet synced after boot) would otherwise stay out of the site until the user saves
 * settings or restarts. The site is built again after a minute, then at doubling intervals up to
 * half an hour, for as long as some account still fails; a rebuild without failures starts over.
 */
import { MINUTE_MS } from '../time/durations'
import type { SiteProblem } from './compose'

export const RETRY_FIRST_MS = MINUTE_MS
const RETRY_MAX_MS = 30 * MINUTE_MS

export class AccountRetry {
  private atMs: number | null = null
  private delayMs = RETRY_FIRST_MS

  /** After each build of the site; `retried` when the build was this schedule's own retry. */
  built(problems: readonly SiteProblem[], nowMs: number, retried: boolean): void {
    if (!problems.some((p) => p.retryable)) {
      this.atMs = null
      this.delayMs = RETRY_FIRST_MS
      return
    }
    this.delayMs = retried ? Math.min(RETRY_MAX_MS, this.delayMs * 2) : RETRY_FIRST_MS
    this.atMs = nowMs + this.delayMs
  }

  due(nowMs: number): boolean {
    return this.atMs !== null && nowMs >= this.atMs
  }
}
