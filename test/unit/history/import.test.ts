/**
 * Importing today's history when an account is added, through the vendors' fakes over real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import { alphaessRows, importAlphaess, importAmber } from '../../../src-main/core/history/import'
import type { HistoryStore } from '../../../src-main/core/history/store'
import { AlphaessAccount, AmberAccount } from '../../../src-shared/settings'
import { startAlphaessFake, type AlphaessFake } from '../../fakes/alphaess/server'
import { amberFixture } from '../../fakes/amber/fixture'
import { startAmberFake, type AmberFake } from '../../fakes/amber/server'
import { memoryLogger } from '../helpers/memory-logger'
import { HOUR, openStore } from './helpers'

const ZONE = 'Australia/Sydney'
/** 15:00 in Sydney: the day so far has sun, and yesterday's usage is metered. */
const NOW = Date.parse('2026-11-19T15:00:00+11:00')

let alphaess: AlphaessFake | null = null
let amber: AmberFake | null = null
let store: HistoryStore | null = null
afterEach(async () => {
  await alphaess?.close()
  await amber?.close()
  store?.close()
  alphaess = amber = store = null
})

describe('importing the day when an account is added', () => {
  it('AlphaESS: five-minute power up to now, with the battery from the balance', async () => {
    const clock = manualClock(NOW)
    alphaess = await startAlphaessFake({ now: () => clock.now() })
    store = openStore()
    const account = AlphaessAccount.parse({ kind: 'alphaess', id: 'ess', name: 'Home', appId: alphaess.appId, baseUrl: alphaess.url, systemSn: 'AL7011025010001' })
    const result = await importAlphaess(account, { appSecret: alphaess.appSecret }, { store, deps: { clock, logger: memoryLogger() }, timeZone: ZONE })

    // 00:00 to 15:00 at five minutes.
    expect(result.samples).toBe(15 * 12 + 1)
    const day = Date.parse('2026-11-19T00:00:00+11:00')
    const rows = store.samples(day - HOUR, NOW)
    expect(rows.every((r) => r.src === 1 && r.tier === 1)).toBe(true)
    const noon = rows.find((r) => r.tMs === Date.parse('2026-11-19T12:00:00+11:00'))!
    expect(noon.pvW).toBeGreaterThan(3000)
    // The flow balances: pv + grid + battery = house + car.
    expect(noon.pvW! + noon.gridW! + noon.batteryW!).toBe(noon.houseW! + noon.evW)
    expect(alphaess.requests.filter((r) => r.endpoint === 'getOneDayPowerBySn').map((r) => r.params.queryDate)).toEqual(['2026-11-19'])

    // A second import finds the span covered and adds nothing (after AlphaESS's 10 s per endpoint).
    clock.advance(11_000)
    const again = await importAlphaess(account, { appSecret: alphaess.appSecret }, { store, deps: { clock, logger: memoryLogger() }, timeZone: ZONE })
    expect(again.samples).toBe(0)
  })

  it('Amber: prices and yesterday’s metered usage fill what the loop has not recorded', async () => {
    const clock = manualClock(NOW)
    amber = await startAmberFake({ now: () => clock.now() })
    store = openStore()
    const account = AmberAccount.parse({ kind: 'amber', id: 'amber', name: 'Amber', baseUrl: amber.url, siteId: amberFixture.activeSite.id })
    const result = await importAmber(account, { token: amber.token }, { store, deps: { clock, logger: memoryLogger(), random: () => 0.5 }, timeZone: ZONE })
    expect(result.prices).toBeGreaterThan(200)
    const prices = store.prices(NOW - 2 * 24 * HOUR, NOW + HOUR)
    expect(prices.every((p) => p.startMs <= NOW)).toBe(true)
    expect(prices.at(-1)!.endMs).toBeGreaterThan(NOW)
    // Usage is metered for yesterday only: grid-only rows.
    expect(result.samples).toBeGreaterThan(200)
    const grid = store.samples(NOW - 2 * 24 * HOUR, NOW)
    expect(grid.every((r) => r.gridW !== null && r.pvW === null && r.evW === 0)).toBe(true)
  })

  it('maps AlphaESS samples without inventing numbers it did not send', () => {
    const rows = alphaessRows(
      [
        // load counts everything behind the meter, the pile's 3 kW included, as the live pload does.
        { uploadTime: '2026-11-19 10:05:00', ppv: 4000, load: 3500, cbat: 60, feedIn: 500, gridCharge: 0, pchargingPile: 3000 },
        { uploadTime: '2026-11-19 10:00:00', ppv: null, load: 500, cbat: null, feedIn: null, gridCharge: null, pchargingPile: 0 },
        { uploadTime: null, ppv: 1, load: 1, cbat: 1, feedIn: 0, gridCharge: 0, pchargingPile: 0 },
        { uploadTime: '2026-11-19 23:00:00', ppv: 1, load: 1, cbat: 1, feedIn: 0, gridCharge: 0, pchargingPile: 0 },
      ],
      ZONE,
      NOW,
      () => 20,
    )
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ pvW: null, gridW: null, batteryW: null, socPct: null })
    // 4 kW sun, 0.5 kW house, 3 kW car, 0.5 kW exported: the battery is idle and the car all solar.
    expect(rows[1]).toMatchObject({ tMs: Date.parse('2026-11-19T10:05:00+11:00'), durMs: 300_000, houseW: 500, gridW: -500, batteryW: 0, evW: 3000 })
    expect(rows[1]!.evSolarWh).toBeCloseTo(250, 9)
    expect(rows[1]!.evGridWh).toBe(0)
  })
})
