import { afterEach, describe, expect, it } from 'vitest'
import { amberDriver } from '../../../src-main/core/vendors/amber'
import { AMBER_TOKEN_REJECTED } from '../../../src-main/core/vendors/amber/messages'
import type { AmberAccount } from '../../../src-shared/settings'
import { amberFixture, startAmberFake, type AmberFake } from '../../fakes/amber/server'
import { insightsRig, type InsightsRig } from './insights-rig'

/** 11:15:10 in Sydney: Amber's current renewables interval is the half hour from 11:00. */
const START_MS = Date.parse('2026-01-28T00:15:10Z')

let fake: AmberFake
let rig: InsightsRig

function account(overrides: Partial<AmberAccount> = {}): AmberAccount {
  return { kind: 'amber', id: 'amber', name: 'Amber', baseUrl: fake.url, siteId: amberFixture.activeSite.id, ...overrides }
}

async function start(options: { token?: string | null; timeZone?: string } = {}) {
  const clock = { now: () => rig?.clock.now() ?? START_MS }
  fake = await startAmberFake({ now: () => clock.now() })
  rig = insightsRig(START_MS, [account()])
  if (options.timeZone) rig.settings.site.timeZone = options.timeZone
  const token = options.token === undefined ? fake.token : options.token
  if (token) await rig.storeSecret('amber', 'token', token)
}

const metered = () => fake.requests.filter((r) => r.endpoint !== 'renewables').length

afterEach(async () => fake?.close())

describe('accounts:insights for an Amber account', () => {
  it("shows the grid's renewables now, before and after, for the state of the site's time zone", async () => {
    await start()
    const seen = await rig.insights({ accountId: 'amber', parts: ['renewables'] })

    expect(seen.state).toBe('nsw')
    expect(seen.renewables).toMatchObject({ ok: true, value: { state: 'nsw' } })
    const intervals = seen.renewables!.ok ? seen.renewables!.value.intervals : []
    expect(intervals.map((i) => i.kind)).toEqual(['actual', 'actual', 'current', 'forecast', 'forecast'])
    const now = intervals[2]!
    expect(now).toEqual({
      kind: 'current',
      startMs: Date.parse('2026-01-28T00:00:00Z'),
      endMs: Date.parse('2026-01-28T00:30:00Z'),
      renewablesPct: amberFixture.renewablesPct,
      descriptor: 'ok',
    })
    expect(intervals.map((i) => i.startMs! - now.startMs!)).toEqual([-3_600_000, -1_800_000, 0, 1_800_000, 3_600_000])
    expect(fake.requests).toMatchObject([{ path: '/state/nsw/renewables/current', query: { previous: '2', next: '2' } }])
  })

  it('reads the state the user picks, and defaults to the one of a Melbourne site', async () => {
    await start({ timeZone: 'Australia/Melbourne' })
    expect((await rig.insights({ accountId: 'amber', parts: ['renewables'] })).state).toBe('vic')
    expect((await rig.insights({ accountId: 'amber', parts: ['renewables'], state: 'sa' })).state).toBe('sa')
    expect(fake.requests.map((r) => r.path)).toEqual(['/state/vic/renewables/current', '/state/sa/renewables/current'])
  })

  it('shows the allowance from the headers Amber last sent, without spending a request', async () => {
    await start()
    // The tariff's poll, the Test button or history: any earlier answer for this token counts.
    await amberDriver.test(account(), { token: fake.token }, { clock: rig.clock, logger: rig.logger })
    expect(metered()).toBe(1)
    rig.clock.advance(60_000)

    const seen = await rig.insights({ accountId: 'amber' })
    expect(seen.allowance).toEqual({ ok: true, value: { limit: 50, remaining: 49, resetInS: 240, windowS: 300, seenAgoS: 60 } })
    expect(metered()).toBe(1)
  })

  it('spends exactly one request when no answer has been seen yet, and none the next time', async () => {
    await start()
    const first = await rig.insights({ accountId: 'amber', parts: ['allowance'] })
    expect(first.allowance).toEqual({ ok: true, value: { limit: 50, remaining: 49, resetInS: 300, windowS: 300, seenAgoS: 0 } })
    expect(fake.requests.map((r) => r.endpoint)).toEqual(['sites'])

    rig.clock.advance(301_000)
    const again = await rig.insights({ accountId: 'amber', parts: ['allowance'] })
    // The window has turned over since; what was seen is shown as seen, with its age.
    expect(again.allowance).toEqual({ ok: true, value: { limit: 50, remaining: 49, resetInS: 0, windowS: 300, seenAgoS: 301 } })
    expect(fake.requests).toHaveLength(1)
  })

  it('shows a spent allowance as none left with its reset, not as a failure', async () => {
    await start()
    fake.state.consume(50)
    const seen = await rig.insights({ accountId: 'amber', parts: ['allowance'] })
    expect(seen.allowance).toMatchObject({ ok: true, value: { limit: 50, remaining: 0 } })
    const value = seen.allowance!.ok ? seen.allowance!.value : null
    expect(value!.resetInS).toBeGreaterThan(0)
  })

  it('says when to press Refresh again when Amber answers renewables with 429', async () => {
    await start()
    fake.state.failNext('renewables', { status: 429, count: 3, headers: { 'Retry-After': '120' } })
    const seen = await rig.insights({ accountId: 'amber', parts: ['renewables'] })
    expect(seen.renewables).toEqual({ ok: false, message: 'Amber is turning requests away for now (too many in a short time). Press Refresh again in 2 min.' })
  })

  it('keeps showing renewables with a revoked token (they need none) and says how to replace the token', async () => {
    const revoked = 'psk_00000000000000000000000000000000'
    await start({ token: revoked })
    const seen = await rig.insights({ accountId: 'amber' })

    expect(seen.renewables).toMatchObject({ ok: true })
    expect(seen.allowance).toEqual({ ok: false, message: AMBER_TOKEN_REJECTED })
    expect(JSON.stringify(seen)).not.toContain(revoked)
  })

  it('shows values Amber garbles as unknown and keeps the times', async () => {
    await start()
    fake.state.setMalformed('renewables', 'wrong-shape')
    const seen = await rig.insights({ accountId: 'amber', parts: ['renewables'] })
    const intervals = seen.renewables!.ok ? seen.renewables!.value.intervals : []
    expect(intervals).toHaveLength(5)
    expect(intervals.every((i) => i.renewablesPct === null && i.startMs !== null && i.kind !== null)).toBe(true)
  })

  it('reports an answer that is not JSON as a sentence with a next step', async () => {
    await start()
    fake.state.setMalformed('renewables', 'not-json')
    const seen = await rig.insights({ accountId: 'amber', parts: ['renewables'] })
    expect(seen.renewables).toEqual({
      ok: false,
      message: 'Amber sent an answer from /state/{state}/renewables/current that Sunspill cannot read (not JSON). Press Refresh to try again.',
    })
  })

  it('says to check the connection when Amber cannot be reached', async () => {
    await start()
    await fake.close()
    const seen = await rig.insights({ accountId: 'amber' })
    for (const part of [seen.renewables, seen.allowance])
      expect(part).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^Could not reach Amber at 127\.0\.0\.1:\d+ \(.+\)\. Check the internet connection\. Press Refresh to try again\.$/),
      })
  })

  it('asks for the token before calling Amber', async () => {
    await start({ token: null })
    expect((await rig.insights({ accountId: 'amber' })).message).toBe("Save the account's API token first.")
    expect(fake.requests).toHaveLength(0)
  })
})
