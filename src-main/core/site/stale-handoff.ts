/**
 * Hand-off when every source the loop depends on has gone quiet. With no meter and no charger
 * data the loop steers blind, and a cloud outage can last hours; past the user's limit each
 * charger is left as its hand-off policy says (the same as sleep or quit), once, and control is
 * taken back when data returns. Pure: the core applies the verdict.
 */
import type { Freshness } from '../../../src-shared/model'

export interface WatchedSource {
  freshness: Freshness
  /** When its last good data came; null when it never gave any. */
  lastOkAtMs: number | null
}

export type StaleVerdict = 'handOff' | 'retake' | 'none'

interface StaleInput {
  /** The meter (when there is one) and every charger. */
  sources: WatchedSource[]
  /** Minutes of silence before handing off; null turns the rule off. */
  afterMin: number | null
  /**
   * When watching began (start, or waking from sleep): silence is counted from here at the
   * earliest, so a laptop that slept all night does not hand off the moment it wakes.
   */
  sinceMs: number
  nowMs: number
  handedOff: boolean
}

const missing = (f: Freshness) => f === 'stale' || f === 'offline'

export function staleVerdict({ sources, afterMin, sinceMs, nowMs, handedOff }: StaleInput): StaleVerdict {
  if (handedOff) {
    // Any source back is enough: the loop's own stale-meter rules take it from there.
    const back = afterMin === null || sources.length === 0 || sources.some((s) => !missing(s.freshness))
    return back ? 'retake' : 'none'
  }
  if (afterMin === null || sources.length === 0) return 'none'
  const afterMs = afterMin * 60_000
  const silent = sources.every((s) => missing(s.freshness) && nowMs - Math.max(s.lastOkAtMs ?? sinceMs, sinceMs) >= afterMs)
  return silent ? 'handOff' : 'none'
}

export function staleHoldReason(afterMin: number): string {
  return `No data from any source for ${afterMin} min, so Sunspill handed this charger off as set on its settings page. It takes control back when data returns.`
}
