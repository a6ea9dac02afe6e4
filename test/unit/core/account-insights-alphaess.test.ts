import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { invokeChannels } from '../../../src-shared/contract'
import type { AlphaessAccount } from '../../../src-shared/settings'
import { defaultAlphaessFixture as f, startAlphaessFake, type AlphaessFake } from '../../fakes/alphaess/server'
import { insightsRig, type InsightsRig } from './insights-rig'

/** Monday noon in Sydney (the default site time zone): yesterday is Sunday 22 November. */
const MONDAY_NOON = Date.parse('2026-11-23T12:00:00+11:00')

let fake: AlphaessFake
let rig: InsightsRig

function account(overrides: Partial<AlphaessAccount> = {}): AlphaessAccount {
  return { kind: 'alphaess', id: 'home', name: 'Home battery', baseUrl: fake.url, appId: fake.appId, systemSn: f.sysSn, ...overrides }
}

async function start(acc: Partial<AlphaessAccount> = {}, secret: string | null = f.appSecret) {
  rig = insightsRig(MONDAY_NOON, [account(acc)])
  if (secret) await rig.storeSecret('home', 'appSecret', secret)
}

const calls = (endpoint: string) => fake.requests.filter((r) => r.endpoint === endpoint)

beforeEach(async () => {
  let now = () => MONDAY_NOON
  fake = await startAlphaessFake({ now: () => now() })
  // The fake keeps the rig's time once there is a rig.
  now = () => rig?.clock.now() ?? MONDAY_NOON
})
afterEach(async () => fake.close())

describe('accounts:insights for an AlphaESS account', () => {
  it("shows the system's lifetime summary and yesterday's energy totals when the page opens", async () => {
    await start()
    const seen = await rig.insights({ accountId: 'home' })

    expect(seen.message).toBeNull()
    expect(seen.today).toBe('2026-11-23')
    expect(seen.date).toBe('2026-11-22')
    expect(seen.lifetime).toEqual({ ok: true, value: { pvKwh: 17003.14, co2SavedKg: 14622.7004, trees: 2911.1488, income: null, currency: 'AUD' } })
    expect(seen.day).toEqual({
      ok: true,
      value: {
        date: '2026-11-22',
        pvKwh: 24.6,
        // 24.6 from the sun + 4.41 bought + 7.1 from the battery − 6.42 sold − 12.2 into the battery
        houseKwh: 17.49,
        gridImportKwh: 4.41,
        gridExportKwh: 6.42,
        batteryChargeKwh: 12.2,
        batteryDischargeKwh: 7.1,
      },
    })
    expect(calls('getOneDateEnergyBySn')[0]!.params).toEqual({ sysSn: f.sysSn, queryDate: '2026-11-22' })
    expect(seen.renewables).toBeNull()
    expect(seen.allowance).toBeNull()
  })

  it('reads the day picked, today included, and only that part when asked', async () => {
    await start()
    fake.state.systems[f.sysSn]!.dayEnergy['2026-11-23'] = { sysSn: f.sysSn, theDate: '2026-11-23', epv: 9.3, eInput: 0.2, eOutput: 1.1, eCharge: 4, eDischarge: 0 }
    const seen = await rig.insights({ accountId: 'home', parts: ['day'], date: '2026-11-23' })

    expect(seen.lifetime).toBeNull()
    expect(calls('getSumDataForCustomer')).toHaveLength(0)
    expect(seen.day).toMatchObject({ ok: true, value: { date: '2026-11-23', pvKwh: 9.3, houseKwh: 4.4, gridExportKwh: 1.1 } })
  })

  it('asks nothing of AlphaESS for a day that has not come yet, and says which days can be picked', async () => {
    await start()
    const seen = await rig.insights({ accountId: 'home', parts: ['day'], date: '2026-11-24' })
    expect(seen.day).toEqual({ ok: false, message: "2026-11-24 has not happened yet in the site's calendar: pick a day up to today (2026-11-23)." })
    expect(calls('getOneDateEnergyBySn')).toHaveLength(0)
  })

  it('refuses a day the calendar does not have before anything reaches the core', () => {
    const request = invokeChannels['accounts:insights'].req
    expect(request.safeParse({ accountId: 'home', date: '2026-02-28' }).success).toBe(true)
    for (const date of ['2026-02-30', '2026-13-01', '0000-01-01']) {
      expect(request.safeParse({ accountId: 'home', date }).error?.issues[0]?.message).toMatch(/exists on the calendar/)
    }
  })

  it('shows a garbled or missing field as unknown and keeps the rest', async () => {
    await start()
    const sum = fake.state.systems[f.sysSn]!.sumData!
    sum.treeNum = 'lots'
    delete sum.carbonNum
    sum.totalIncome = 4263.64
    fake.state.systems[f.sysSn]!.dayEnergy['2026-11-22'] = { epv: 20, eInput: '1.5', eOutput: { kWh: 3 }, eCharge: 5, eDischarge: null }
    const seen = await rig.insights({ accountId: 'home' })

    expect(seen.lifetime).toEqual({ ok: true, value: { pvKwh: 17003.14, co2SavedKg: null, trees: null, income: 4263.64, currency: 'AUD' } })
    // Without the export and the discharge there is no balance, so no house figure either.
    expect(seen.day).toEqual({
      ok: true,
      value: { date: '2026-11-22', pvKwh: 20, houseKwh: null, gridImportKwh: 1.5, gridExportKwh: null, batteryChargeKwh: 5, batteryDischargeKwh: null },
    })
  })

  it('leaves the house unknown when the totals do not balance, rather than showing a negative house', async () => {
    await start()
    fake.state.systems[f.sysSn]!.dayEnergy['2026-11-22'] = { epv: 1, eInput: 0, eOutput: 5, eCharge: 0, eDischarge: 0 }
    const seen = await rig.insights({ accountId: 'home', parts: ['day'] })
    expect(seen.day).toMatchObject({ ok: true, value: { pvKwh: 1, gridExportKwh: 5, houseKwh: null } })
  })

  it('reports an unreadable answer as a sentence with a next step, and still shows the other part', async () => {
    await start()
    fake.state.faults.push({ endpoint: 'getOneDateEnergyBySn', reply: { body: '{"code":200,"msg":"Success","data":"n/a"}' } })
    const seen = await rig.insights({ accountId: 'home' })

    expect(seen.day).toEqual({
      ok: false,
      message:
        'AlphaESS sent an answer to getOneDateEnergyBySn that Sunspill does not understand (unexpected payload). Press Refresh to try again; if this persists, please report it.',
    })
    expect(seen.lifetime).toMatchObject({ ok: true, value: { pvKwh: 17003.14 } })
  })

  it('says to copy the AppSecret again when AlphaESS no longer accepts it, and never echoes it', async () => {
    const revoked = 'ffffffffffffffffffffffffffffffff'
    await start({}, revoked)
    const seen = await rig.insights({ accountId: 'home' })

    const rejected = `AlphaESS rejected the AppSecret for AppID ${f.appId}. Copy the AppSecret again from open.alphaess.com → Developer information and paste it into the account.`
    expect(seen.lifetime).toEqual({ ok: false, message: rejected })
    expect(seen.day).toEqual({ ok: false, message: rejected })
    expect(JSON.stringify(seen)).not.toContain(revoked)
    expect(rig.logger.lines.join('\n')).not.toContain(revoked)
  })

  it('says to check the connection and press Refresh when AlphaESS cannot be reached', async () => {
    await start()
    await fake.close()
    const seen = await rig.insights({ accountId: 'home', parts: ['lifetime'] })
    expect(seen.lifetime).toMatchObject({ ok: false })
    const message = (seen.lifetime as { message: string }).message
    expect(message).toMatch(/^Could not reach AlphaESS at 127\.0\.0\.1:\d+ \(.+\)\. Check the internet connection\. Press Refresh to try again\.$/)
  })

  it('says when to press Refresh again when AlphaESS keeps answering 429', async () => {
    await start()
    fake.state.faults.push({ endpoint: 'getSumDataForCustomer', times: Infinity, reply: { httpStatus: 429 } })
    const seen = await rig.insights({ accountId: 'home', parts: ['lifetime'] })
    expect(seen.lifetime).toMatchObject({ ok: false, message: expect.stringMatching(/^AlphaESS is turning requests away for now \(too many in a short time\)\. Press Refresh again in .+\.$/) })
  })

  it('asks for the missing secret or system before calling AlphaESS', async () => {
    await start({}, null)
    expect((await rig.insights({ accountId: 'home' })).message).toBe("Save the account's AppSecret first.")

    await start({ systemSn: null })
    expect((await rig.insights({ accountId: 'home' })).message).toBe(
      'Pick a system: press Test on the AlphaESS account and choose the inverter Sunspill should read and control.',
    )
    expect(fake.requests).toHaveLength(0)
  })

  it('names an account that is gone instead of failing', async () => {
    await start()
    const seen = await rig.insights({ accountId: 'removed' })
    expect(seen).toMatchObject({ message: 'There is no account removed; it may have been removed.', lifetime: null, day: null })
  })
})
