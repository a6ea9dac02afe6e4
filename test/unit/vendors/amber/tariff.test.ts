import { afterEach, describe, expect, it } from 'vitest'
import type { PriceInterval } from '../../../../src-shared/model'
import { VendorError } from '../../../../src-main/core/errors'
import { amberTariff, POLL_REQUESTS_PER_WINDOW, type AmberTariff } from '../../../../src-main/core/vendors/amber/adapter'
import { amberDriver } from '../../../../src-main/core/vendors/amber'
import { AmberClient } from '../../../../src-main/core/vendors/amber/client'
import { amberFixture, type FakeSite } from '../../../fakes/amber/server'
import { FIVE_MIN_MS, rejection, requestsTo, rig, START_MS, type Rig } from './helpers'

let r: Rig
afterEach(async () => {
  await r?.close()
})

const SITE = amberFixture.activeSite.id

function tariffOf(rig: Rig, siteId = SITE): AmberTariff {
  return amberTariff({ client: rig.client(), siteId, clock: rig.clock, logger: rig.logger, random: () => 0.5, id: 'amber:tariff', label: 'Amber prices' })
}

function nowInterval(prices: PriceInterval[], nowMs: number): PriceInterval | undefined {
  return prices.find((p) => p.startMs <= nowMs && nowMs < p.endMs)
}

/** Most requests the fake saw in any 5-minute window. */
function busiestWindow(times: number[]): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + FIVE_MIN_MS).length))
}

describe('Amber tariff prices', () => {
  it('reads an hour back and a day ahead at the site\'s 5-minute length, mapped to our model', async () => {
    r = await rig()
    const prices = await tariffOf(r).readPrices()

    const query = r.fake.requests.find((req) => req.endpoint === 'prices/current')!.query
    expect(query).toEqual({ previous: '12', next: '288', resolution: '5' })
    expect(prices.filter((p) => p.kind === 'actual')).toHaveLength(12)
    expect(prices.filter((p) => p.kind === 'forecast')).toHaveLength(288)
    expect(prices.map((p) => p.startMs)).toEqual([...prices.map((p) => p.startMs)].sort((a, b) => a - b))

    const now = nowInterval(prices, START_MS)!
    expect(now).toMatchObject({
      kind: 'current',
      startMs: Date.parse('2026-01-28T00:15:00Z'),
      endMs: Date.parse('2026-01-28T00:20:00Z'),
      perKwhCents: amberFixture.current.generalCents,
      feedInCentsPerKwh: amberFixture.current.feedInPaidCents,
      renewablesPct: amberFixture.current.renewablesPct,
      descriptor: 'neutral',
      spikeStatus: 'none',
      estimate: true,
      tariffPeriod: 'shoulder',
    })
    expect(prices.filter((p) => p.kind !== 'current').every((p) => p.estimate === false)).toBe(true)
    expect(prices.every((p) => p.startMs % FIVE_MIN_MS === 0 && p.endMs - p.startMs === FIVE_MIN_MS)).toBe(true)
  })

  it('shows the feed-in price as paid, and forecasts at Amber\'s predicted price', async () => {
    r = await rig()
    r.fake.state.setPrices([
      { generalCents: 23.4, feedInCents: -6.1 },
      { generalCents: 30, feedInCents: -8.3, generalBand: { low: 25, predicted: 27.5, high: 36 }, feedInBand: { low: -7, predicted: -11, high: -15 } },
      { generalCents: 31, feedInCents: 2.5, generalBand: null, feedInBand: null },
    ])
    const prices = await tariffOf(r).readPrices()
    const i = prices.findIndex((p) => p.kind === 'current')
    expect(prices.slice(i, i + 3).map((p) => [p.perKwhCents, p.feedInCentsPerKwh, p.forecastLowCents ?? null, p.forecastHighCents ?? null])).toEqual([
      [23.4, 6.1, 20.9, 26.5],
      [27.5, 11, 25, 36],
      // Positive feed-in from Amber means exporting costs money.
      [31, -2.5, null, null],
    ])
  })

  it('shows a spike the fake is programmed with', async () => {
    r = await rig()
    r.fake.state.setPrices((slot) => (slot.offset === 2 ? { generalCents: 2021.7, feedInCents: -259.9, spikeStatus: 'spike' } : {}))
    const prices = await tariffOf(r).readPrices()
    const spike = prices.find((p) => p.spikeStatus === 'spike')!
    expect(spike).toMatchObject({ kind: 'forecast', descriptor: 'spike', feedInCentsPerKwh: expect.closeTo(272.895, 6) })
    expect(spike.startMs).toBe(Date.parse('2026-01-28T00:25:00Z'))
  })

  it('maps the legacy "negative" descriptor', async () => {
    r = await rig()
    r.fake.state.setPrices([{ generalCents: -3.2, descriptor: 'negative' }])
    expect(nowInterval(await tariffOf(r).readPrices(), START_MS)!.descriptor).toBe('extremelyLow')
  })

  it('gives the same prices whatever order Amber lists the channels in', async () => {
    r = await rig()
    const grouped = await tariffOf(r).readPrices()
    for (const order of ['feedInFirst', 'interleaved'] as const) {
      r.fake.state.order = order
      expect(await tariffOf(r).readPrices()).toEqual(grouped)
    }
  })

  it('has no feed-in price on a site without a feed-in channel', async () => {
    const site: FakeSite = { ...amberFixture.activeSite, channels: [{ identifier: 'E1', type: 'general', tariff: 'EA116' }] }
    r = await rig({ sites: [site] })
    const prices = await tariffOf(r).readPrices()
    expect(prices.length).toBeGreaterThan(0)
    expect(prices.every((p) => p.feedInCentsPerKwh === null)).toBe(true)
  })

  it('reads a 30-minute site at 30 minutes, a day ahead', async () => {
    r = await rig({ sites: [{ ...amberFixture.activeSite, intervalLength: 30 }] })
    const prices = await tariffOf(r).readPrices()
    expect(r.fake.requests.find((req) => req.endpoint === 'prices/current')!.query).toEqual({ previous: '12', next: '48', resolution: '30' })
    expect(prices.every((p) => p.endMs - p.startMs === 30 * 60_000)).toBe(true)
    expect(nowInterval(prices, START_MS)).toMatchObject({ kind: 'current', startMs: Date.parse('2026-01-28T00:00:00Z'), estimate: true })
  })

  it('says which site is missing when the token no longer has it', async () => {
    r = await rig()
    const error = await rejection(tariffOf(r, '01HZZZZZZZZZZZZZZZZZZZZZZZ').readPrices())
    expect(error.kind).toBe('config')
  })

  it('says the token was rejected', async () => {
    r = await rig()
    const tariff = amberTariff({
      client: new AmberClient({ token: 'psk_00000000000000000000000000000000', baseUrl: r.fake.url, clock: r.clock }),
      siteId: SITE,
      clock: r.clock,
      id: 't',
      label: 'Amber',
    })
    const error = await rejection(tariff.readPrices())
    expect(error).toBeInstanceOf(VendorError)
    expect(error.message).toMatch(/^Amber rejected the API token/)
  })
})

describe('Amber tariff polling within the rate limit', () => {
  it('spends few requests over 5 minutes of 60-s polls, and the user\'s click still works', async () => {
    r = await rig()
    const tariff = tariffOf(r)
    const deps = { clock: r.clock, logger: r.logger }
    const account = { kind: 'amber' as const, id: 'amber', name: 'Amber', baseUrl: r.fake.url, siteId: SITE }

    const seenStarts = new Set<number>()
    for (let second = 0; second <= 300; second += 60) {
      r.clock.set(START_MS + second * 1000)
      const prices = await tariff.readPrices()
      const now = nowInterval(prices, r.clock.now())!
      expect(now.kind).toBe('current')
      seenStarts.add(now.startMs)
      if (second === 120) {
        const clicked = await amberDriver.test(account, { token: r.fake.token }, deps)
        expect(clicked.ok).toBe(true)
      }
    }
    // The current interval moved on with the clock, so the tariff did go back to Amber.
    expect(seenStarts.size).toBe(2)
    const polls = r.fake.requests.length - 1
    expect(polls).toBeGreaterThanOrEqual(2)
    expect(polls).toBeLessThanOrEqual(POLL_REQUESTS_PER_WINDOW)
    expect(r.fake.requests.length).toBeLessThan(50)
    expect(r.fake.requests.every((req) => req.status === 200)).toBe(true)
  })

  it('answers forced polls from the cache until Amber can have changed', async () => {
    r = await rig()
    const tariff = tariffOf(r)
    await tariff.readPrices()
    const afterFirst = r.fake.requests.length
    r.clock.advance(5_000)
    const again = await tariff.readPrices()
    expect(r.fake.requests.length).toBe(afterFirst)
    expect(nowInterval(again, r.clock.now())!.perKwhCents).toBe(amberFixture.current.generalCents)
  })

  it('caps polling at 10 requests per 5 minutes even when Amber never locks the price', async () => {
    r = await rig({ estimateMs: Number.POSITIVE_INFINITY })
    const tariff = tariffOf(r)
    for (let second = 0; second < 600; second += 5) {
      r.clock.set(START_MS + second * 1000)
      await tariff.readPrices()
    }
    const times = r.fake.requests.map((req) => req.atMs)
    expect(busiestWindow(times)).toBe(POLL_REQUESTS_PER_WINDOW)
    expect(r.fake.requests.every((req) => req.status === 200)).toBe(true)
  })

  it('leaves the reserve to the user when another app has spent most of the window', async () => {
    r = await rig()
    const tariff = tariffOf(r)
    await tariff.readPrices()

    // A new window on Amber's side, most of it spent by another app on the same token.
    r.clock.set(START_MS + 310_000)
    r.fake.state.consume(44)
    await tariff.readPrices()
    expect(r.fake.requests).toHaveLength(3)
    expect(r.fake.requests.at(-1)!.status).toBe(200)

    // Due (the price is still an estimate), but only the user's reserve is left.
    r.clock.advance(60_000)
    const skipped = await tariff.readPrices()
    expect(r.fake.requests).toHaveLength(3)
    expect(nowInterval(skipped, r.clock.now())!.kind).toBe('current')

    const deps = { clock: r.clock, logger: r.logger }
    const account = { kind: 'amber' as const, id: 'amber', name: 'Amber', baseUrl: r.fake.url, siteId: SITE }
    for (let click = 0; click < 5; click++) expect(await amberDriver.test(account, { token: r.fake.token }, deps)).toMatchObject({ ok: true })
    expect(requestsTo(r.fake, 'sites')).toBe(1 + 5)
    expect(r.fake.requests.every((req) => req.status === 200)).toBe(true)
  })
})

describe('Amber tariff failures', () => {
  it('throws bad-response for a malformed body, then answers from the cache on the next read', async () => {
    r = await rig()
    const tariff = tariffOf(r)
    const good = await tariff.readPrices()

    r.fake.state.setMalformed('prices/current', 'not-json')
    r.clock.advance(FIVE_MIN_MS)
    const error = await rejection(tariff.readPrices())
    expect(error.kind).toBe('bad-response')
    expect(error.message).toContain('/sites/{siteId}/prices/current')
    const sent = r.fake.requests.length

    r.clock.advance(10_000)
    expect(await tariff.readPrices()).toEqual(good)
    expect(r.fake.requests.length).toBe(sent)

    r.fake.state.setMalformed('prices/current', null)
    r.clock.advance(120_000)
    const fresh = await tariff.readPrices()
    expect(r.fake.requests.length).toBe(sent + 1)
    expect(nowInterval(fresh, r.clock.now())!.kind).toBe('current')
  })

  it('after a 429 says so once, then serves the cache without asking Amber until the reset', async () => {
    r = await rig()
    const tariff = tariffOf(r)
    await tariff.readPrices()
    r.fake.state.consume(50)
    r.clock.advance(60_000)

    const error = await rejection(tariff.readPrices())
    expect(error.kind).toBe('rate-limited')
    expect(error.message).toMatch(/^Amber is limiting requests from this token/)
    const sent = r.fake.requests.length

    // Amber's window opened with the first read, so it resets 300 s after START_MS.
    for (let i = 0; i < 3; i++) {
      r.clock.advance(60_000)
      const cached = await tariff.readPrices()
      expect(nowInterval(cached, r.clock.now())).toBeDefined()
    }
    expect(r.fake.requests.length).toBe(sent)

    r.clock.advance(61_000)
    await tariff.readPrices()
    expect(r.fake.requests.length).toBe(sent + 1)
    expect(r.fake.requests.at(-1)!.status).toBe(200)
  })

  it('does not hide a failure behind prices that no longer describe now', async () => {
    r = await rig()
    const tariff = tariffOf(r)
    await tariff.readPrices()
    r.fake.state.failNext('prices/current', { status: 500, count: 100 })
    r.clock.advance(25 * 3_600_000)
    const error = await rejection(tariff.readPrices())
    expect(error.kind).toBe('offline')
    r.clock.advance(10_000)
    expect((await rejection(tariff.readPrices())).kind).toBe('offline')
  })
})
