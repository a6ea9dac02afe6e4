/**
 * Importing a range of past days from an account, as the History page asks for it: through the
 * history's own import channels, against the AlphaESS and Amber fakes over real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { historyHandlers } from '../../../src-main/core/handlers/history'
import type { PriceInterval } from '../../../src-shared/model'
import { ContractError } from '../../../src-shared/contract'
import { AmberClient } from '../../../src-main/core/vendors/amber'
import { HistoryStore } from '../../../src-main/core/history/store'
import { join } from 'node:path'
import { importEnded, startHarness, type Harness } from './import-harness'
import { DAY, MIN, state } from './helpers'

/** Thursday 15:00 in Sydney. */
const NOW = Date.parse('2026-11-19T15:00:00+11:00')
const day = (date: string, time = '00:00') => Date.parse(`${date}T${time}:00+11:00`)

let h: Harness | null = null
afterEach(async () => {
  await h?.close()
  h = null
})

/** The loop's own record of a whole day, a tick every five minutes (a different shape from AlphaESS's). */
function recordOwnDay(harness: Harness, date: string, extra: Partial<Parameters<typeof state>[0]> = {}) {
  for (let t = day(date); t <= day(date) + DAY; t += 5 * MIN) harness.history.record(state({ atMs: t, pvW: 1234, houseW: 600, ...extra }))
}

describe('importing past days from AlphaESS', () => {
  it('brings one day per request at AlphaESS’s pace, and keeps the day Sunspill recorded itself', async () => {
    h = await startHarness(NOW, { amber: false })
    recordOwnDay(h, '2026-11-17')
    const started = await h.history.startImport({ accountId: 'ess', from: '2026-11-16', to: '2026-11-18' })
    expect(started.job).toMatchObject({ state: 'running', totalDays: 3, accountName: 'Home battery' })

    const job = await importEnded(h.history)
    expect(job.state).toBe('done')
    // Two whole days of five-minute samples (less the one ending on the instant the loop's first
    // tick of the 17th holds); the 17th stayed the loop's own.
    expect(job.counts).toMatchObject({ days: 3, samples: 2 * 288 - 1, keptDays: 1 })
    expect(job.message).toBe('Imported 3 days from Home battery: 575 power samples; 1 day already recorded by Sunspill was kept.')

    const asked = h.alphaess!.requests.filter((r) => r.endpoint === 'getOneDayPowerBySn')
    expect(asked.map((r) => r.params.queryDate)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18'])
    // The fake answers 6053 to anything faster than 10 s: none did.
    expect(asked.every((r) => r.code === 200)).toBe(true)

    const own = h.history.exportCsv({ from: day('2026-11-17'), to: day('2026-11-18'), kind: 'samples' })
    expect(own.csv).not.toContain('imported')
    const noon16 = h.history.past(day('2026-11-16', '11:55'), day('2026-11-16', '12:00'))
    expect(noon16).toHaveLength(1)
    expect(noon16[0]).toMatchObject({ src: 1 })
    expect(noon16[0]!.pvW).toBeGreaterThan(3000)
  })

  it('importing the same days again adds nothing and says so', async () => {
    h = await startHarness(NOW, { amber: false })
    await h.history.startImport({ accountId: 'ess', from: '2026-11-18', to: '2026-11-18' })
    await importEnded(h.history)
    await h.history.startImport({ accountId: 'ess', from: '2026-11-18', to: '2026-11-18' })
    const again = await importEnded(h.history)
    expect(again.counts.samples).toBe(0)
    expect(again.message).toBe('Nothing new from Home battery for Wed 18 Nov: those days were already in the history, or it has nothing for them.')
  })

  it('cancel stops between days; what came in stays', async () => {
    h = await startHarness(NOW, { amber: false })
    let paces = 0
    // AlphaESS's 10 s pace is the wait before each day after the first: cancel during the third's.
    h.onSleep = () => {
      if (++paces === 2) void h!.history.cancelImport()
    }
    await h.history.startImport({ accountId: 'ess', from: '2026-11-14', to: '2026-11-18' })
    const job = await importEnded(h.history)
    expect(job.state).toBe('cancelled')
    expect(job.counts).toMatchObject({ days: 2, samples: 576 })
    expect(job.message).toBe('Import cancelled after 2 of 5 days; what it brought stays: 576 power samples.')
    expect(h.alphaess!.requests.filter((r) => r.endpoint === 'getOneDayPowerBySn')).toHaveLength(2)
    // A day's samples run from its midnight to 23:55.
    expect(h.history.past(day('2026-11-14') - 5 * MIN, day('2026-11-16') - 5 * MIN)).toHaveLength(576)
  })

  it('a dropped connection stops the import with what to do, and keeps the days before it', async () => {
    h = await startHarness(NOW, { amber: false })
    let paces = 0
    h.onSleep = () => {
      // The network goes away while the second day waits for its turn.
      if (++paces === 1) void h!.alphaess!.close()
    }
    await h.history.startImport({ accountId: 'ess', from: '2026-11-17', to: '2026-11-18' })
    const job = await importEnded(h.history)
    expect(job.state).toBe('failed')
    expect(job.counts).toMatchObject({ days: 1, samples: 288 })
    expect(job.message).toMatch(/^Import stopped at Wed 18 Nov\. Could not reach AlphaESS at 127\.0\.0\.1:\d+ \(.+\)\. Check the internet connection\./)
    expect(job.message).toContain('Imported before it stopped, and kept: 1 of 2 days (288 power samples).')
    expect(job.message).toMatch(/Import again once it answers: days already in the history are skipped\.$/)
    expect(h.history.past(day('2026-11-17') - 5 * MIN, day('2026-11-18') - 5 * MIN)).toHaveLength(288)
  })
})

describe('importing past days from Amber', () => {
  it('asks for a week per request, keeps the prices Sunspill recorded, and counts the metered days', async () => {
    h = await startHarness(NOW, { alphaess: false })
    h.amber!.state.setPrices(() => ({ generalCents: 20 }))
    // The loop recorded one interval itself; Amber's answer for it must not replace it.
    const own: PriceInterval = {
      kind: 'actual',
      startMs: day('2026-11-12', '12:00'),
      endMs: day('2026-11-12', '12:05'),
      perKwhCents: 99.9,
      feedInCentsPerKwh: 1,
      descriptor: 'high',
      spikeStatus: 'none',
      renewablesPct: null,
      estimate: false,
    }
    const tick = state({ atMs: day('2026-11-12', '12:05') })
    h.history.record({ ...tick, price: { ...tick.price, intervals: [own] } })

    await h.history.startImport({ accountId: 'amber', from: '2026-11-09', to: '2026-11-18' })
    const job = await importEnded(h.history)
    expect(job.state).toBe('done')

    const asked = h.amber!.requests.filter((r) => r.endpoint === 'prices' || r.endpoint === 'usage')
    expect(asked.map((r) => `${r.endpoint} ${r.query.startDate}..${r.query.endDate}`)).toEqual([
      'prices 2026-11-09..2026-11-15',
      'usage 2026-11-09..2026-11-15',
      'prices 2026-11-16..2026-11-18',
      'usage 2026-11-16..2026-11-18',
    ])
    // Ten NEM days of five-minute prices, less the one the loop had recorded.
    expect(job.counts).toMatchObject({ days: 10, prices: 10 * 288 - 1, usageDays: 10 })
    expect(job.message).toBe('Imported 10 days from Amber: 2\u00a0879 prices, 10 days of metered usage.')
    await h.history.close()
    const store = HistoryStore.open(join(h.dir, 'history.sqlite'))
    try {
      expect(store.prices(own.startMs, own.endMs).map((p) => p.perKwhCents)).toEqual([99.9])
      // Its neighbours are Amber's.
      expect(store.prices(own.endMs, own.endMs + 5 * MIN).map((p) => p.perKwhCents)).toEqual([20])
    } finally {
      store.close()
    }
  })

  it('a range reaching today says that its usage follows once Amber has metered it', async () => {
    h = await startHarness(NOW, { alphaess: false })
    await h.history.startImport({ accountId: 'amber', from: '2026-11-18', to: '2026-11-19' })
    const job = await importEnded(h.history)
    expect(job.counts.usageDays).toBe(1)
    expect(job.message).toMatch(/^Imported 2 days from Amber: [\d\s]+ prices, 1 day of metered usage\. Usage for the latest days follows by itself once Amber publishes it \(about a day late\)\.$/)
  })

  it('a token revoked part-way stops with Amber’s sentence; the first week stays', async () => {
    h = await startHarness(NOW, { alphaess: false })
    const amber = h.amber!
    // The token is revoked while Amber answers the second week's prices.
    amber.state.setPrices((slot) => {
      if (slot.startMs >= Date.parse('2026-11-16T00:00:00+10:00')) amber.state.token = 'psk_revoked'
      return { generalCents: 20 }
    })
    await h.history.startImport({ accountId: 'amber', from: '2026-11-09', to: '2026-11-18' })
    const job = await importEnded(h.history)
    expect(job.state).toBe('failed')
    // The second week's prices had arrived before the token went: they count, and they stay.
    expect(job.counts).toMatchObject({ days: 7, usageDays: 7, prices: 10 * 288 })
    expect(job.message).toContain("Amber rejected the API token: create a new one in Amber's developer settings")
    expect(job.message).toContain('Imported before it stopped, and kept: 7 of 10 days')
    expect(job.message).toMatch(/Then import again: days already in the history are skipped\.$/)
    expect(h.history.exportCsv({ from: day('2026-11-09'), to: day('2026-11-16'), kind: 'samples' }).rows).toBeGreaterThan(6 * 288)
  })

  it('a 429 stops the import and says when to try again', async () => {
    h = await startHarness(NOW, { alphaess: false })
    // Amber's own answer: the client lets one 429 within quota pass, not two.
    h.amber!.state.failNext('prices', { status: 429, count: 2, headers: { 'RateLimit-Reset': '240' } })
    await h.history.startImport({ accountId: 'amber', from: '2026-11-16', to: '2026-11-18' })
    const job = await importEnded(h.history)
    expect(job.state).toBe('failed')
    expect(job.message).toBe(
      'Import stopped at Mon 16 Nov to Wed 18 Nov. Amber is limiting requests right now. Nothing had been imported yet. Import again in 4 min: days already in the history are skipped.',
    )
  })

  it('waits while the token’s window is needed for the live price reads, then carries on', async () => {
    h = await startHarness(NOW, { alphaess: false })
    // Another client on the same token and clock (the tariff, the Test button) has used most of the window.
    const other = new AmberClient({ token: h.amber!.token, baseUrl: h.amber!.url, clock: h.clock, logger: h.logger })
    for (let i = 0; i < 40; i++) await other.sites({ priority: 'user' })
    let waitedAt: number | null = null
    h.onSleep = () => {
      waitedAt ??= h!.amber!.requests.length
    }
    await h.history.startImport({ accountId: 'amber', from: '2026-11-18', to: '2026-11-18' })
    const job = await importEnded(h.history)
    expect(job.state).toBe('done')
    // Nothing was sent while it waited, and the prices went only once the window had turned.
    expect(waitedAt).toBe(40)
    const prices = h.amber!.requests.find((r) => r.endpoint === 'prices')!
    expect(prices.atMs - h.amber!.requests[0]!.atMs).toBeGreaterThanOrEqual(5 * MIN)
  })
})

describe('what the import refuses', () => {
  it('a range longer than the vendor allows is a bad request with a sentence', async () => {
    h = await startHarness(NOW, { amber: false })
    const handlers = historyHandlers(h.history)
    const error = await handlers['history:import']({ accountId: 'ess', from: '2026-09-01', to: '2026-11-18' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractError)
    expect(error).toMatchObject({ kind: 'bad-request', message: 'Home battery can import at most 31 days at a time; this range has 79. Import it in parts.' })
    expect(h.alphaess!.requests).toHaveLength(0)
  })

  it('lists only accounts that can import, with their limits, and one import at a time', async () => {
    h = await startHarness(NOW)
    const view = await h.history.importView()
    expect(view.today).toBe('2026-11-19')
    expect(view.sources.map((s) => [s.accountId, s.kind, s.earliest, s.maxDays])).toEqual([
      ['ess', 'alphaess', '2025-11-19', 31],
      ['amber', 'amber', '2026-08-21', 90],
    ])
    await h.history.startImport({ accountId: 'ess', from: '2026-11-17', to: '2026-11-18' })
    await expect(h.history.startImport({ accountId: 'amber', from: '2026-11-17', to: '2026-11-18' })).rejects.toThrow(
      'An import from Home battery is still running: wait for it to finish, or cancel it.',
    )
    await importEnded(h.history)
  })

  it('two imports asked for at the same moment (two windows) start one, and refuse the other', async () => {
    h = await startHarness(NOW)
    const [first, second] = await Promise.allSettled([
      h.history.startImport({ accountId: 'ess', from: '2026-11-17', to: '2026-11-18' }),
      h.history.startImport({ accountId: 'amber', from: '2026-11-17', to: '2026-11-18' }),
    ])
    expect(first.status).toBe('fulfilled')
    expect(second).toMatchObject({ status: 'rejected', reason: { message: 'An import is still running: wait for it to finish, or cancel it.' } })
    await importEnded(h.history)
    expect(h.amber!.requests.filter((r) => r.path.includes('/prices') || r.path.includes('/usage'))).toEqual([])
  })
})
