import { afterEach, describe, expect, it } from 'vitest'
import { VendorError } from '../../../../src-main/core/errors'
import { AmberClient, amberBaseUrl } from '../../../../src-main/core/vendors/amber/client'
import { AMBER_TOKEN_REJECTED } from '../../../../src-main/core/vendors/amber/messages'
import type { AmberState } from '../../../../src-main/core/vendors/amber/schemas'
import { amberFixture } from '../../../fakes/amber/server'
import { rejection, requestsTo, rig, START_MS, type Rig } from './helpers'

let r: Rig
afterEach(async () => {
  await r?.close()
})

const SITE = amberFixture.activeSite.id

describe('Amber client operations against the fake', () => {
  it('lists every site on the token with a bearer token, the closed one included', async () => {
    r = await rig()
    const sites = await r.client().sites()
    expect(sites.map((s) => [s.id, s.status, s.intervalLength])).toEqual([
      [amberFixture.closedSite.id, 'closed', 30],
      [SITE, 'active', 5],
    ])
    expect(sites[1]!.channels.map((c) => c.type)).toEqual(['general', 'feedIn'])
    expect(r.fake.requests[0]).toMatchObject({ path: '/sites', authorized: true, status: 200 })
  })

  it('asks for current prices with previous, next and resolution and gets every channel', async () => {
    r = await rig()
    const intervals = await r.client().currentPrices(SITE, { previous: 12, next: 288, resolution: 5 })
    expect(r.fake.requests[0]!.query).toEqual({ previous: '12', next: '288', resolution: '5' })
    const general = intervals.filter((i) => i.channelType === 'general')
    expect(general).toHaveLength(12 + 1 + 288)
    expect(intervals.filter((i) => i.channelType === 'feedIn')).toHaveLength(301)
    expect(general.map((i) => i.type).slice(10, 15)).toEqual([
      'ActualInterval',
      'ActualInterval',
      'CurrentInterval',
      'ForecastInterval',
      'ForecastInterval',
    ])
    const current = general[12]!
    expect(current).toMatchObject({ startTime: '2026-01-28T00:15:01Z', endTime: '2026-01-28T00:20:00Z', nemTime: '2026-01-28T10:20:00+10:00' })
    expect(current.type === 'CurrentInterval' && current.estimate).toBe(true)
  })

  it('refuses more than 2048 intervals with Amber\'s 422', async () => {
    r = await rig()
    const error = await rejection(r.client().currentPrices(SITE, { previous: 1000, next: 1049 }))
    expect(error.kind).toBe('config')
    expect(error.message).toBe('Amber refused the request: next + previous must not exceed 2048. Change the request and try again.')
    expect(r.fake.requests[0]!.status).toBe(422)
  })

  it('gives 30-minute intervals when asked for resolution 30', async () => {
    r = await rig()
    const intervals = await r.client().currentPrices(SITE, { previous: 2, next: 4, resolution: 30 })
    const general = intervals.filter((i) => i.channelType === 'general')
    expect(general.map((i) => i.duration)).toEqual([30, 30, 30, 30, 30, 30, 30])
    expect(general[2]).toMatchObject({ type: 'CurrentInterval', startTime: '2026-01-28T00:00:01Z', endTime: '2026-01-28T00:30:00Z' })
  })

  it('reads price history by NEM day and refuses a range over 7 days with Amber\'s reason', async () => {
    r = await rig()
    const client = r.client()
    const history = await client.prices(SITE, { startDate: '2026-01-20', endDate: '2026-01-21', resolution: 30 })
    expect(history.filter((i) => i.channelType === 'general')).toHaveLength(96)
    expect(history.every((i) => i.type === 'ActualInterval')).toBe(true)

    const error = await rejection(client.prices(SITE, { startDate: '2026-01-01', endDate: '2026-01-20' }))
    expect(error).toBeInstanceOf(VendorError)
    expect(error.kind).toBe('config')
    expect(error.message).toBe('Amber refused the request: The date range must be 7 days or less. Change the request and try again.')
  })

  it('reads usage per channel and refuses more than 7 days', async () => {
    r = await rig()
    const client = r.client()
    const usage = await client.usage(SITE, { startDate: '2026-01-26', endDate: '2026-01-27' })
    expect(new Set(usage.map((u) => u.channelIdentifier))).toEqual(new Set(['E1', 'B1']))
    expect(usage.filter((u) => u.channelType === 'general')).toHaveLength(2 * 288)
    expect(usage[0]).toMatchObject({ type: 'Usage', quality: expect.any(String), cost: expect.any(Number), kwh: expect.any(Number) })
    // Today's usage is not published yet.
    expect(await client.usage(SITE, { startDate: '2026-01-28', endDate: '2026-01-28' })).toEqual([])

    const error = await rejection(client.usage(SITE, { startDate: '2026-01-01', endDate: '2026-01-27' }))
    expect(error.kind).toBe('config')
    expect(error.message).toContain('7 days or less')
  })

  it('reads grid renewables by state without spending the budget', async () => {
    r = await rig()
    const client = r.client()
    const rows = await client.renewables('vic', { previous: 1, next: 2 })
    expect(rows.map((row) => row.type)).toEqual(['ActualRenewable', 'CurrentRenewable', 'ForecastRenewable', 'ForecastRenewable'])
    expect(rows[1]).toMatchObject({ renewables: 41, descriptor: 'ok', duration: 30 })
    expect(client.remaining('user')).toBe(50)
    expect(client.rateLimit()).toBeNull()

    const bad = await rejection(client.renewables('tas' as AmberState))
    expect(bad.kind).toBe('config')
    expect(r.fake.requests).toHaveLength(1)
  })

  it('checks dates and resolutions before spending a request', async () => {
    r = await rig()
    const client = r.client()
    expect((await rejection(client.prices(SITE, { startDate: '28/01/2026' }))).kind).toBe('config')
    expect((await rejection(client.prices(SITE, { startDate: '2026-01-10', endDate: '2026-01-01' }))).kind).toBe('config')
    expect((await rejection(client.currentPrices(SITE, { resolution: 15 as 5 }))).kind).toBe('config')
    expect(r.fake.requests).toHaveLength(0)
  })

  it('normalises the base URL and defaults to Amber\'s own', () => {
    expect(amberBaseUrl('')).toBe('https://api.amber.com.au/v1')
    expect(amberBaseUrl('  http://127.0.0.1:9/v1/  ')).toBe('http://127.0.0.1:9/v1')
  })
})

describe('Amber client errors', () => {
  it('turns 401 into the auth sentence without echoing the token', async () => {
    r = await rig()
    const client = new AmberClient({ token: 'psk_ffffffffffffffffffffffffffffffff', baseUrl: r.fake.url, clock: r.clock })
    const error = await rejection(client.sites())
    expect(error.kind).toBe('auth')
    expect(error.message).toBe(
      "Amber rejected the API token: create a new one in Amber's developer settings (app.amber.com.au → Settings → Developer) and paste it here.",
    )
    expect(error.message).not.toContain('psk_')
    expect(r.fake.requests[0]).toMatchObject({ authorized: false, status: 401 })
  })

  it('treats 403 like 401', async () => {
    r = await rig()
    r.fake.state.failNext('sites', { status: 403 })
    const error = await rejection(r.client().sites())
    expect(error.kind).toBe('auth')
    expect(error.message).toBe(AMBER_TOKEN_REJECTED)
  })

  it('names the endpoint when the body is not JSON or not Amber\'s shape, without crashing', async () => {
    r = await rig()
    const client = r.client()
    r.fake.state.setMalformed('prices/current', 'not-json')
    const notJson = await rejection(client.currentPrices(SITE, { next: 2 }))
    expect(notJson.kind).toBe('bad-response')
    expect(notJson.message).toContain('/sites/{siteId}/prices/current')
    expect(notJson.message).toContain('not JSON')

    r.fake.state.setMalformed('prices/current', 'wrong-shape')
    const wrong = await rejection(client.currentPrices(SITE, { next: 2 }))
    expect(wrong.kind).toBe('bad-response')
    expect(wrong.message).toMatch(/\/sites\/\{siteId\}\/prices\/current.*0\.perKwh/)

    r.fake.state.setMalformed('sites', 'wrong-shape')
    expect((await rejection(client.sites())).message).toContain('/sites ')
  })

  it('says which site is unknown to Amber as a settings problem', async () => {
    r = await rig()
    const error = await rejection(r.client().currentPrices('01NOSUCHSITE000000000000000'))
    expect(error.kind).toBe('config')
    expect(error.message).toContain('pick a site again')
  })

  it('retries 5xx with jittered backoff and succeeds', async () => {
    r = await rig()
    r.fake.state.failNext('sites', { status: 503, count: 2 })
    const sites = await r.client({ random: () => 0.5 }).sites()
    expect(sites).toHaveLength(2)
    expect(requestsTo(r.fake, 'sites')).toBe(3)
    // Full jitter: half of 1 s, then half of 2 s.
    expect(r.sleeps).toEqual([500, 1000])
  })

  it('gives up after the last attempt with an offline sentence', async () => {
    r = await rig()
    r.fake.state.failNext('sites', { status: 502, count: 5 })
    const error = await rejection(r.client().sites())
    expect(error.kind).toBe('offline')
    expect(error.message).toBe("Amber's servers answered with an error (HTTP 502). Sunspill keeps trying.")
    expect(requestsTo(r.fake, 'sites')).toBe(3)
  })

  it('reports an unreachable Amber as offline', async () => {
    r = await rig()
    const url = r.fake.url
    await r.fake.close()
    const client = new AmberClient({ token: r.fake.token, baseUrl: url, clock: r.clock, sleep: async () => undefined })
    const error = await rejection(client.sites())
    expect(error.kind).toBe('offline')
    expect(error.message).toMatch(/^Could not reach Amber at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/)
  })
})

describe('Amber rate limits', () => {
  it('parses the RateLimit headers of every metered answer', async () => {
    r = await rig()
    const client = r.client()
    await client.sites()
    r.clock.advance(20_000)
    await client.sites()
    expect(client.rateLimit()).toEqual({
      limit: 50,
      remaining: 48,
      resetAtMs: START_MS + 20_000 + 280_000,
      policy: '50;w=300',
      windowS: 300,
      seenAtMs: START_MS + 20_000,
    })
  })

  it('trusts Amber\'s count when another app spends the same token, keeping the reserve for the user', async () => {
    r = await rig()
    r.fake.state.consume(44)
    const client = r.client()
    await client.sites({ priority: 'background' })
    expect(client.rateLimit()?.remaining).toBe(5)

    const skipped = await rejection(client.sites({ priority: 'background' }))
    expect(skipped.kind).toBe('rate-limited')
    expect(skipped.message).toContain("Sunspill has used this token's Amber allowance")
    expect(requestsTo(r.fake, 'sites')).toBe(1)

    for (let click = 0; click < 5; click++) await client.sites({ priority: 'user' })
    expect(requestsTo(r.fake, 'sites')).toBe(6)
    expect((await rejection(client.sites({ priority: 'user' }))).kind).toBe('rate-limited')
    expect(r.fake.requests.every((req) => req.status === 200)).toBe(true)
  })

  it('blocks every call after a 429 until the reset, then works again', async () => {
    r = await rig()
    r.fake.state.consume(50)
    const client = r.client()
    const error = await rejection(client.sites({ priority: 'user' }))
    expect(error.kind).toBe('rate-limited')
    expect(error.retryAfterMs).toBe(300_000)
    expect(error.message).toBe(
      'Amber is limiting requests from this token (50 every 5 minutes); Sunspill waits 5 min before asking again.',
    )
    expect(r.fake.requests[0]!.status).toBe(429)

    r.clock.advance(240_000)
    const blocked = await rejection(r.client().currentPrices(SITE, {}, { priority: 'user' }))
    expect(blocked.kind).toBe('rate-limited')
    expect(blocked.message).toContain('waits 60 s')
    expect(r.fake.requests).toHaveLength(1)

    r.clock.advance(61_000)
    expect(await client.sites({ priority: 'user' })).toHaveLength(2)
  })

  it('sends the 429 exactly as API Gateway does', async () => {
    r = await rig()
    r.fake.state.consume(50)
    const response = await fetch(`${r.fake.url}/sites`, { headers: { authorization: `Bearer ${r.fake.token}` } })
    expect(response.status).toBe(429)
    expect(response.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException')
    expect(response.headers.get('content-length')).toBe('31')
    expect(response.headers.get('ratelimit-remaining')).toBe('0')
    expect(await response.text()).toHaveLength(31)
  })

  it('honours Retry-After when Amber sends it', async () => {
    r = await rig()
    r.fake.state.failNext('sites', { status: 429, headers: { 'RateLimit-Remaining': '0', 'Retry-After': '42' } })
    const error = await rejection(r.client().sites({ priority: 'user' }))
    expect(error.retryAfterMs).toBe(42_000)
  })

  it('tolerates one load-shedding 429 that comes with quota left', async () => {
    r = await rig()
    r.fake.state.failNext('sites', { status: 429 })
    expect(await r.client().sites()).toHaveLength(2)
    expect(r.fake.requests.map((req) => req.status)).toEqual([429, 200])
    expect(r.sleeps).toHaveLength(1)
  })

  it('shares one budget between clients of the same token', async () => {
    r = await rig()
    r.fake.state.consume(50)
    await rejection(r.client().sites({ priority: 'user' }))
    const other = r.client()
    expect(other.remaining('user')).toBe(0)
    expect((await rejection(other.sites({ priority: 'user' }))).kind).toBe('rate-limited')
    expect(r.fake.requests).toHaveLength(1)
  })
})
