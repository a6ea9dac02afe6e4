import { describe, expect, it } from 'vitest'
import { manualClock } from '../../../../src-main/core/clock'
import { AmberRateState, parsePolicy, parseRateLimitHeaders, retryAfterMs } from '../../../../src-main/core/vendors/amber/rate-limit'

const NOW = Date.parse('2026-01-28T00:15:10Z')
const headers = (values: Record<string, string>) => (name: string) => values[name.toLowerCase()]

describe('Amber RateLimit headers', () => {
  it('reads the four headers Amber sends', () => {
    const seen = parseRateLimitHeaders(
      headers({ 'ratelimit-limit': '50', 'ratelimit-remaining': '42', 'ratelimit-reset': '180', 'ratelimit-policy': '50;w=300' }),
      NOW,
    )
    expect(seen).toEqual({ limit: 50, remaining: 42, resetAtMs: NOW + 180_000, policy: '50;w=300', windowS: 300, seenAtMs: NOW })
  })

  it('is null when there are none, and copes with only some', () => {
    expect(parseRateLimitHeaders(headers({}), NOW)).toBeNull()
    expect(parseRateLimitHeaders(headers({ 'ratelimit-policy': '50;w=300' }), NOW)).toMatchObject({ limit: 50, remaining: null, resetAtMs: null })
  })

  it('understands the later draft\'s policy syntax and lists', () => {
    expect(parsePolicy('"default";q=50;w=300')).toEqual({ limit: 50, windowS: 300 })
    expect(parsePolicy('50;w=300, 1000;w=86400')).toEqual({ limit: 50, windowS: 300 })
    expect(parsePolicy('nonsense')).toEqual({ limit: null, windowS: null })
  })

  it('measures an epoch-style reset and a dated Retry-After from the server\'s own Date', () => {
    const serverDate = new Date(NOW - 7_000).toUTCString() // our clock runs 7 s ahead
    const epoch = String(Math.floor((NOW - 7_000) / 1000) + 60)
    expect(parseRateLimitHeaders(headers({ 'ratelimit-reset': epoch, date: serverDate }), NOW)!.resetAtMs).toBe(NOW + 60_000)
    const at = new Date(NOW - 7_000 + 90_000).toUTCString()
    expect(retryAfterMs(headers({ 'retry-after': at, date: serverDate }), NOW)).toBe(90_000)
    expect(retryAfterMs(headers({ 'retry-after': '12' }), NOW)).toBe(12_000)
    expect(retryAfterMs(headers({ 'ratelimit-reset': '30' }), NOW)).toBe(30_000)
    expect(retryAfterMs(headers({}), NOW)).toBeNull()
  })

  it('lowers our budget to Amber\'s count, and stops at zero until the reset', () => {
    const clock = manualClock(NOW)
    const state = new AmberRateState(clock)
    state.observe(headers({ 'ratelimit-remaining': '7', 'ratelimit-reset': '100', 'ratelimit-limit': '50' }))
    expect(state.budget.remaining()).toBe(7)
    state.observe(headers({ 'ratelimit-remaining': '0', 'ratelimit-reset': '100' }))
    expect(state.budget.remaining()).toBe(0)
    clock.advance(100_001)
    expect(state.budget.remaining()).toBe(50)
  })
})
