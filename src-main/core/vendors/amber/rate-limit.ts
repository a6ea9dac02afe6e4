/**
 * Amber allows 50 requests per 5 minutes per token and says so in IETF draft RateLimit-* headers
 * (absent on some responses, e.g. renewables). One budget per token and clock is shared by every
 * client built for it, so the test button, the site picker and the tariff poll all see the same
 * window, and a 429 seen by one blocks the others.
 */
import { createHash } from 'node:crypto'
import type { Clock } from '../../clock'
import { RequestBudget } from '../shared/budget'

export const AMBER_REQUESTS_PER_WINDOW = 50
export const AMBER_WINDOW_MS = 300_000
/** Requests background polling leaves for the user's own clicks (test, site picker, history). */
export const AMBER_USER_RESERVE = 5

export interface AmberRateLimit {
  limit: number | null
  remaining: number | null
  /** When Amber's window resets, on our clock; null when Amber did not say. */
  resetAtMs: number | null
  /** The raw policy, e.g. "50;w=300". */
  policy: string | null
  /** The window the policy names, in seconds. */
  windowS: number | null
  seenAtMs: number
}

export type HeaderLookup = (name: string) => string | undefined

const EPOCH_SECONDS_FLOOR = 1_000_000_000

function integer(value: string | undefined): number | null {
  if (value === undefined) return null
  const match = /^\s*(\d+)/.exec(value)
  return match ? Number(match[1]) : null
}

/** "50;w=300", or the later draft's `"default";q=50;w=300`; a list keeps its first policy. */
export function parsePolicy(policy: string | undefined): { limit: number | null; windowS: number | null } {
  if (!policy) return { limit: null, windowS: null }
  const first = policy.split(',')[0] ?? ''
  const window = /(?:^|;)\s*w=(\d+)/.exec(first)
  const quota = /(?:^|;)\s*q=(\d+)/.exec(first) ?? /^\s*(\d+)/.exec(first)
  return { limit: quota ? Number(quota[1]) : null, windowS: window ? Number(window[1]) : null }
}

/**
 * Seconds until reset as Amber sends them; a value that looks like an epoch is turned into a
 * delay using the response's own Date, so a skewed local clock does not stretch the wait.
 */
function resetDelayMs(get: HeaderLookup, nowMs: number): number | null {
  const reset = integer(get('ratelimit-reset'))
  if (reset === null) return null
  if (reset < EPOCH_SECONDS_FLOOR) return reset * 1000
  const serverNow = Date.parse(get('date') ?? '')
  return Math.max(0, reset * 1000 - (Number.isNaN(serverNow) ? nowMs : serverNow))
}

/** Null when the response carried no rate-limit header at all. */
export function parseRateLimitHeaders(get: HeaderLookup, nowMs: number): AmberRateLimit | null {
  const policy = get('ratelimit-policy') ?? null
  const limitHeader = integer(get('ratelimit-limit'))
  const remaining = integer(get('ratelimit-remaining'))
  const delayMs = resetDelayMs(get, nowMs)
  if (policy === null && limitHeader === null && remaining === null && delayMs === null) return null
  const parsed = parsePolicy(policy ?? undefined)
  return {
    limit: limitHeader ?? parsed.limit,
    remaining,
    resetAtMs: delayMs === null ? null : nowMs + delayMs,
    policy,
    windowS: parsed.windowS,
    seenAtMs: nowMs,
  }
}

/** How long a 429 asks us to wait: Retry-After (seconds or a date), else RateLimit-Reset. */
export function retryAfterMs(get: HeaderLookup, nowMs: number): number | null {
  const retryAfter = get('retry-after')
  if (retryAfter !== undefined) {
    const seconds = integer(retryAfter)
    if (seconds !== null && /^\s*\d+\s*$/.test(retryAfter)) return seconds * 1000
    const at = Date.parse(retryAfter)
    if (!Number.isNaN(at)) {
      const serverNow = Date.parse(get('date') ?? '')
      return Math.max(0, at - (Number.isNaN(serverNow) ? nowMs : serverNow))
    }
  }
  return resetDelayMs(get, nowMs)
}

/** What one token may still do, and what Amber last told us about it. */
export class AmberRateState {
  readonly budget: RequestBudget
  last: AmberRateLimit | null = null
  private blockedUntilMs = 0

  constructor(private readonly clock: Clock) {
    this.budget = new RequestBudget(AMBER_REQUESTS_PER_WINDOW, AMBER_WINDOW_MS, () => clock.now())
  }

  /** Trusts Amber's count over ours: another app on the same token spends the same window. */
  observe(get: HeaderLookup): AmberRateLimit | null {
    const nowMs = this.clock.now()
    const seen = parseRateLimitHeaders(get, nowMs)
    if (!seen) return null
    this.last = seen
    if (seen.remaining !== null && seen.resetAtMs !== null) {
      const resetInMs = Math.max(0, seen.resetAtMs - nowMs)
      this.budget.syncRemaining(seen.remaining, resetInMs)
      if (seen.remaining === 0 && resetInMs > 0) this.budget.blockFor(resetInMs)
    }
    return seen
  }

  /** Amber answered 429: nothing goes to it, user clicks included, until the wait is over. */
  block(ms: number): void {
    this.blockedUntilMs = Math.max(this.blockedUntilMs, this.clock.now() + ms)
    this.budget.blockFor(ms)
  }

  blockedForMs(): number {
    return Math.max(0, this.blockedUntilMs - this.clock.now())
  }
}

const states = new WeakMap<Clock, Map<string, AmberRateState>>()

/** Keyed by a hash so the token itself is not kept in one more place. */
export function rateStateFor(clock: Clock, baseUrl: string, token: string): AmberRateState {
  let byToken = states.get(clock)
  if (!byToken) {
    byToken = new Map()
    states.set(clock, byToken)
  }
  const key = createHash('sha256').update(`${baseUrl}\n${token}`).digest('hex')
  let state = byToken.get(key)
  if (!state) {
    state = new AmberRateState(clock)
    byToken.set(key, state)
  }
  return state
}
