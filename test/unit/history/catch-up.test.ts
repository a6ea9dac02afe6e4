/**
 * The daily catch-up: what the import made when an account was added could not have yet (Amber's
 * usage, metered a day late; the rest of AlphaESS's day) is fetched once it exists, within Amber's
 * window and without asking for what the history already holds. Against the fakes over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AmberClient } from '../../../src-main/core/vendors/amber'
import { POLL_REQUESTS_PER_WINDOW } from '../../../src-main/core/vendors/amber/adapter'
import { secretKey } from '../../../src-shared/settings'
import { startHarness, type Harness } from './import-harness'
import { HOUR, MIN, state } from './helpers'

/** Thursday 19 Nov, 15:00 in Sydney: the account is added. */
const ADDED = Date.parse('2026-11-19T15:00:00+11:00')
const at = (iso: string) => Date.parse(`${iso}+11:00`)
/** Amber has metered an interval 16 hours after it ends. */
const USAGE_LAG_MS = 16 * HOUR

let h: Harness | null = null
afterEach(async () => {
  await h?.close()
  h = null
})

const usageAsked = (harness: Harness) =>
  harness.amber!.requests.filter((r) => r.endpoint === 'usage').map((r) => `${r.query.startDate}..${r.query.endDate}`)

/** Grid rows imported over (from, to]: what Amber's usage filled. */
function importedGrid(harness: Harness, from: number, to: number) {
  return harness.history.past(from, to).filter((r) => r.src === 1 && r.gridW !== null)
}

describe('Amber’s usage, metered a day late', () => {
  it('is fetched again each day until Amber has the whole day, and the hole closes', async () => {
    h = await startHarness(ADDED, { alphaess: false, amber: { usageLagMs: USAGE_LAG_MS } })
    h.history.accountsChanged()
    await h.history.idle()
    // Added at 15:00: Amber has metered Wednesday up to about 23:00, Thursday not at all.
    expect(usageAsked(h)).toEqual(['2026-11-18..2026-11-19'])
    const thursdayEvening = { from: at('2026-11-19T18:00:00'), to: at('2026-11-19T23:00:00') }
    expect(importedGrid(h, thursdayEvening.from, thursdayEvening.to)).toHaveLength(0)

    // The same afternoon: Wednesday is still incomplete, so it is asked for (usage only; the
    // prices came with the first import) and then left for three hours.
    h.clock.advance(5 * MIN)
    let reports = await h.history.catchUp()
    expect(reports.get('amber')).toMatchObject({ requests: 1, through: '2026-11-17' })
    expect(usageAsked(h)).toEqual(['2026-11-18..2026-11-19', '2026-11-18..2026-11-18'])
    reports = await h.history.catchUp()
    expect(reports.get('amber')).toMatchObject({ requests: 0 })

    // Friday 10:00: Wednesday is whole, Thursday metered to about 17:00. Sunspill was closed on
    // Thursday evening, so Thursday's prices come along too.
    h.clock.set(at('2026-11-20T10:00:00'))
    reports = await h.history.catchUp()
    expect(reports.get('amber')).toMatchObject({ requests: 2, through: '2026-11-18' })
    expect(usageAsked(h).at(-1)).toBe('2026-11-18..2026-11-19')

    // Saturday 09:00: Thursday is whole; its evening is in the history now.
    h.clock.set(at('2026-11-21T09:00:00'))
    reports = await h.history.catchUp()
    expect(reports.get('amber')).toMatchObject({ through: '2026-11-19' })
    expect(usageAsked(h).at(-1)).toBe('2026-11-19..2026-11-20')
    expect(importedGrid(h, thursdayEvening.from, thursdayEvening.to)).toHaveLength(60)
    expect((await h.history.importView()).sources.find((s) => s.accountId === 'amber')?.caughtUpThrough).toBe('2026-11-19')
  })

  it('carries on with the next account when one account’s credential cannot be read', async () => {
    h = await startHarness(ADDED, { amber: { usageLagMs: USAGE_LAG_MS }, unreadable: [secretKey('ess', 'appSecret')] })
    h.clock.advance(5 * MIN)
    const reports = await h.history.catchUp()
    expect(reports.has('ess')).toBe(false)
    expect(reports.get('amber')?.requests).toBeGreaterThan(0)
    expect(h.logger.lines.some((line) => line.includes('catching up Home battery failed') && line.includes('keyring is not available'))).toBe(true)
  })

  it('asks for nothing on days the loop recorded itself', async () => {
    h = await startHarness(ADDED, { alphaess: false })
    h.history.accountsChanged()
    await h.history.idle()
    const before = h.amber!.requests.length
    // Sunspill ran all Thursday and all Friday (a tick every five minutes, grid known), to the
    // end of Friday's NEM day at 01:00 on Saturday.
    for (let t = at('2026-11-19T00:00:00'); t <= at('2026-11-21T01:05:00'); t += 5 * MIN) {
      h.history.record(state({ atMs: t, pvW: 0, houseW: 400 }))
      await h.history.idle()
    }
    h.clock.set(at('2026-11-21T09:00:00'))
    const report = (await h.history.catchUp()).get('amber')
    expect(report).toMatchObject({ requests: 0, through: '2026-11-20' })
    // The hourly check the recording made on its own found the same: nothing went to Amber.
    expect(h.amber!.requests.slice(before).filter((r) => r.endpoint === 'usage' || r.endpoint === 'prices')).toEqual([])
  })

  it('keeps the price reads’ share of the token’s window: with too little left it waits its turn', async () => {
    h = await startHarness(ADDED, { alphaess: false, amber: { usageLagMs: USAGE_LAG_MS } })
    h.history.accountsChanged()
    await h.history.idle()
    h.clock.set(at('2026-11-20T10:00:00'))
    // Another client on the token (the tariff, a Test click) has used the window down to what
    // the live price reads and the user's reserve need.
    const other = new AmberClient({ token: h.amber!.token, baseUrl: h.amber!.url, clock: h.clock, logger: h.logger })
    for (let i = 0; i < 50 - POLL_REQUESTS_PER_WINDOW - 5; i++) await other.sites({ priority: 'user' })
    const before = usageAsked(h).length
    const report = (await h.history.catchUp()).get('amber')
    expect(report).toMatchObject({ requests: 0, postponed: true })
    expect(usageAsked(h)).toHaveLength(before)
    // The tariff's own reads still have their share.
    expect(other.remaining('background')).toBe(POLL_REQUESTS_PER_WINDOW)

    // Ten minutes later the window has turned and the catch-up goes (usage, and Thursday's prices).
    h.clock.advance(10 * MIN)
    expect((await h.history.catchUp()).get('amber')).toMatchObject({ requests: 2, postponed: false })
    expect(usageAsked(h)).toHaveLength(before + 1)
  })
})

describe('AlphaESS’s day imported mid-day', () => {
  it('the rest of that day, and a day Sunspill was not running, come the next time it looks; a recorded day is not asked for', async () => {
    h = await startHarness(ADDED, { amber: false })
    h.history.accountsChanged()
    await h.history.idle()
    const dayPower = () => h!.alphaess!.requests.filter((r) => r.endpoint === 'getOneDayPowerBySn').map((r) => r.params.queryDate)
    expect(dayPower()).toEqual(['2026-11-19'])
    const thursdayEvening = h.history.past(at('2026-11-19T15:05:00'), at('2026-11-20T00:00:00'))
    expect(thursdayEvening).toHaveLength(0)

    // Sunspill ran all Friday; it was closed Thursday evening and all Saturday.
    for (let t = at('2026-11-20T00:00:00'); t <= at('2026-11-21T00:00:00'); t += 5 * MIN) h.history.record(state({ atMs: t, pvW: 2000, houseW: 500 }))
    h.clock.set(at('2026-11-22T08:00:00'))
    const report = (await h.history.catchUp()).get('ess')
    expect(report).toMatchObject({ requests: 2, through: '2026-11-21' })
    expect(dayPower()).toEqual(['2026-11-19', '2026-11-19', '2026-11-21'])
    // Thursday from 15:05 to midnight: 107 five-minute samples that were missing.
    expect(h.history.past(at('2026-11-19T15:00:00'), at('2026-11-19T23:55:00')).filter((r) => r.src === 1)).toHaveLength(107)
    // All of Saturday but its first five minutes, which the loop's last tick of Friday had.
    expect(h.history.past(at('2026-11-21T00:00:00'), at('2026-11-22T00:00:00') - 5 * MIN).filter((r) => r.src === 1)).toHaveLength(287)
    // The loop's Friday is untouched.
    expect(h.history.past(at('2026-11-20T00:05:00'), at('2026-11-21T00:00:00')).every((r) => r.src === 0)).toBe(true)

    // Nothing is left: the next look asks AlphaESS for nothing.
    expect((await h.history.catchUp()).get('ess')).toMatchObject({ requests: 0 })
  })

  it('runs by itself as the loop records, about once an hour', async () => {
    h = await startHarness(ADDED, { amber: false })
    h.history.accountsChanged()
    await h.history.idle()
    h.clock.set(at('2026-11-20T07:00:00'))
    const asked = () => h!.alphaess!.requests.filter((r) => r.endpoint === 'getOneDayPowerBySn').length
    for (let t = h.clock.now(); t <= h.clock.now() + 2 * HOUR; t += 10 * MIN) {
      h.history.record(state({ atMs: t }))
      await h.history.idle()
    }
    // Thursday's rest was fetched once, not once per check.
    expect(asked()).toBe(2)
  })
})
