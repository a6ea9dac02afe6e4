import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { endpoints } from '../../../../src-main/core/vendors/alphaess/endpoints'
import { defaultAlphaessFixture as f } from '../../../fakes/alphaess/server'
import { harness, type Harness } from './harness'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => h.close())

describe('AlphaESS client: every endpoint against the fake', () => {
  it('getEssList returns the bound systems with their own field names', async () => {
    const systems = await h.client().getEssList()
    expect(systems).toEqual([
      {
        sysSn: f.sysSn,
        popv: 5,
        poinv: 5,
        cobat: 10.1,
        surplusCobat: 6.5,
        usCapacity: 90,
        mbat: 'SMILE-BAT-10.1P',
        minv: 'SMILE5-INV',
        emsStatus: 'Normal',
      },
    ])
    expect(h.calls('getEssList')[0]).toMatchObject({ method: 'GET', params: {} })
  })

  it('getLastPowerData reads live power, per-phase grid and pile power', async () => {
    const data = await h.client().getLastPowerData(f.sysSn)
    expect(data).toMatchObject({ ppv: 4321, pload: 876, pgrid: -1234, pbat: -2211, soc: 64.5, pev: 0 })
    expect(data.pgridDetail).toEqual({ pmeterL1: -411, pmeterL2: -411, pmeterL3: -412 })
    expect(data.pevDetail).toEqual({ ev1Power: 0, ev2Power: null, ev3Power: null, ev4Power: null })
    expect(h.calls('getLastPowerData')[0]).toMatchObject({ method: 'GET', params: { sysSn: f.sysSn } })
  })

  it('getOneDayPowerBySn and getOneDateEnergyBySn take queryDate as yyyy-MM-dd', async () => {
    const client = h.client()
    const samples = await client.getOneDayPowerBySn(f.sysSn, '2026-11-18')
    expect(samples).toHaveLength(288)
    expect(samples[144]).toMatchObject({ sysSn: f.sysSn, uploadTime: '2026-11-18 12:00:00' })
    expect(samples[144]!.ppv).toBeGreaterThan(3000)
    expect(typeof samples[144]!.cbat).toBe('number')
    expect(samples[144]!.pchargingPile).toBe(0)
    const energy = await client.getOneDateEnergyBySn(f.sysSn, '2026-11-18')
    expect(energy).toMatchObject({ theDate: '2026-11-18', epv: 24.6, eCharge: 12.2, eInput: 4.41, eOutput: 6.42 })
    expect(h.calls('getOneDateEnergyBySn')[0]!.params).toEqual({ sysSn: f.sysSn, queryDate: '2026-11-18' })
  })

  it('getSumDataForCustomer keeps nulls as nulls and fractions as fractions', async () => {
    const sum = await h.client().getSumDataForCustomer(f.sysSn)
    expect(sum).toMatchObject({ epvtoday: 24.6, todayIncome: null, totalIncome: null, eselfConsumption: 0.74, moneyType: 'AUD' })
  })

  it('charge config: GET reads, POST replaces all seven fields in a JSON body', async () => {
    const client = h.client()
    expect(await client.getChargeConfigInfo(f.sysSn)).toEqual({
      gridCharge: 0,
      batHighCap: 95,
      timeChaf1: '00:00',
      timeChae1: '00:00',
      timeChaf2: '00:00',
      timeChae2: '00:00',
    })
    const next = { batHighCap: 90, gridCharge: 1 as const, timeChaf1: '01:00', timeChae1: '05:00', timeChaf2: '00:00', timeChae2: '00:00' }
    await client.updateChargeConfigInfo(f.sysSn, next)
    expect(h.calls('updateChargeConfigInfo')[0]).toMatchObject({ method: 'POST', params: { sysSn: f.sysSn, ...next } })
    expect(await client.getChargeConfigInfo(f.sysSn)).toEqual(next)
  })

  it('discharge config: GET reads, POST replaces all seven fields', async () => {
    const client = h.client()
    expect(await client.getDisChargeConfigInfo(f.sysSn)).toMatchObject({ batUseCap: 10, ctrDis: 0 })
    const next = { batUseCap: 20, ctrDis: 1 as const, timeDisf1: '17:00', timeDise1: '21:00', timeDisf2: '00:00', timeDise2: '00:00' }
    await client.updateDisChargeConfigInfo(f.sysSn, next)
    expect(h.calls('updateDisChargeConfigInfo')[0]).toMatchObject({ method: 'POST', params: { sysSn: f.sysSn, ...next } })
    expect(await client.getDisChargeConfigInfo(f.sysSn)).toEqual(next)
  })

  it('periodic schedule: set then get on an entitled system', async () => {
    h.fake.state.systems[f.sysSn]!.timeChargeEntitled = true
    const client = h.client()
    await client.setTimeChargeBySn(f.sysSn, {
      executeCycleType: 1,
      gridChargeCycle: 1,
      ctrDisCycle: 1,
      chargeTimeList: [{ beginTime: '01:00', endTime: '05:00', weeks: [1, 2, 3, 4, 5], chargePower: 5000, chargeLimit: 90 }],
      dischargeTimeList: [{ beginTime: '17:00', endTime: '21:00', weeks: [1, 2, 3, 4, 5], chargePower: 5000, chargeLimit: 20 }],
    })
    const schedule = await client.getTimeChargeBySn(f.sysSn)
    expect(schedule).toMatchObject({ executeCycleType: 1, gridChargeCycle: 1, ctrDisCycle: 1 })
    expect(schedule!.chargeTimeList[0]).toMatchObject({ beginTime: '01:00', endTime: '05:00', weeks: [1, 2, 3, 4, 5], strategyType: 0, chargeLimit: 90 })
    expect(schedule!.dischargeTimeList[0]).toMatchObject({ beginTime: '17:00', strategyType: 1, chargeLimit: 20 })
  })

  it('binding: getVerificationCode is a GET with the check code, bindSn and unBindSn are POSTs', async () => {
    const client = h.client()
    await client.getVerificationCode(f.unboundSysSn, f.unboundCheckCode)
    expect(h.fake.state.emails).toEqual([{ sysSn: f.unboundSysSn, code: f.verificationCode }])
    expect(await client.bindSn(f.unboundSysSn, f.verificationCode)).toEqual({ alreadyBound: false })
    expect((await client.getEssList()).map((s) => s.sysSn)).toEqual([f.sysSn, f.unboundSysSn])
    await client.unBindSn(f.unboundSysSn)
    expect(h.fake.state.systems[f.unboundSysSn]!.bound).toBe(false)
    expect(h.calls('getVerificationCode')[0]).toMatchObject({ method: 'GET', params: { sysSn: f.unboundSysSn, checkCode: f.unboundCheckCode } })
    expect(h.calls('bindSn')[0]).toMatchObject({ method: 'POST', params: { sysSn: f.unboundSysSn, code: f.verificationCode } })
    expect(h.calls('unBindSn')[0]).toMatchObject({ method: 'POST', path: '/api/unBindSn', params: { sysSn: f.unboundSysSn } })
  })

  it('bindSn on a system that is already bound counts as success (6003)', async () => {
    await expect(h.client().bindSn(f.sysSn, 'anything')).resolves.toEqual({ alreadyBound: true })
    expect(h.calls('bindSn')[0]!.code).toBe(6003)
  })

  it('EV charger: list, current setting, status and start/stop', async () => {
    const client = h.client()
    expect(await client.getEvChargerConfigList(f.sysSn)).toEqual([{ evchargerSn: f.evchargerSn, evchargerModel: 'SMILE-EVCT11' }])
    expect(await client.getEvChargerCurrentsBySn(f.sysSn)).toEqual({ currentsetting: 16 })
    await client.setEvChargerCurrentsBySn(f.sysSn, 10)
    expect(h.calls('setEvChargerCurrentsBySn')[0]).toMatchObject({ method: 'POST', params: { sysSn: f.sysSn, currentsetting: 10 } })
    expect(await client.getEvChargerCurrentsBySn(f.sysSn)).toEqual({ currentsetting: 10 })
    expect(await client.getEvChargerStatusBySn(f.sysSn, f.evchargerSn)).toEqual({ evchargerStatus: 2 })
    await client.remoteControlEvCharger(f.sysSn, f.evchargerSn, 1)
    expect(h.calls('remoteControlEvCharger')[0]).toMatchObject({
      method: 'POST',
      params: { sysSn: f.sysSn, evchargerSn: f.evchargerSn, controlMode: 1 },
    })
    expect(await client.getEvChargerStatusBySn(f.sysSn, f.evchargerSn)).toEqual({ evchargerStatus: 3 })
    // Charging at 10 A on three phases now shows in the live data.
    expect((await client.getLastPowerData(f.sysSn)).pev).toBe(10 * 230 * 3)
  })

  it('a system without a pile answers an empty list, not an error', async () => {
    h.fake.state.systems[f.sysSn]!.chargers = []
    await expect(h.client().getEvChargerConfigList(f.sysSn)).resolves.toEqual([])
  })

  it('accepts the status as a one-element list, since the portal documents List<data>', async () => {
    h.fake.state.faults.push({
      endpoint: 'getEvChargerStatusBySn',
      reply: { body: JSON.stringify({ code: 200, msg: 'Success', data: [{ evchargerStatus: 5 }] }) },
    })
    await expect(h.client().getEvChargerStatusBySn(f.sysSn, f.evchargerSn)).resolves.toEqual({ evchargerStatus: 5 })
  })

  it('accepts `info` instead of `msg` and numbers sent as strings', async () => {
    h.fake.state.faults.push({
      endpoint: 'getChargeConfigInfo',
      reply: {
        body: JSON.stringify({
          code: 200,
          info: 'Success',
          data: { gridCharge: '1', batHighCap: '95', timeChaf1: '01:00', timeChae1: '05:00', timeChaf2: '00:00', timeChae2: '00:00' },
        }),
      },
    })
    await expect(h.client().getChargeConfigInfo(f.sysSn)).resolves.toMatchObject({ gridCharge: 1, batHighCap: 95 })
  })

  it('uses the verb from the endpoint table for every endpoint it called', async () => {
    const client = h.client()
    await client.getEssList()
    await client.getVerificationCode(f.unboundSysSn, f.unboundCheckCode)
    await client.bindSn(f.unboundSysSn, f.verificationCode)
    await client.remoteControlEvCharger(f.sysSn, f.evchargerSn, 1)
    for (const request of h.fake.requests) {
      expect(request.httpStatus).toBe(200)
      expect(request.method).toBe(endpoints[request.endpoint as keyof typeof endpoints].verb)
    }
  })

  it('never sends the AppSecret or the sign where the fake logs requests', async () => {
    const client = h.client()
    await client.getEssList()
    await client.getLastPowerData(f.sysSn)
    const logged = JSON.stringify(h.fake.requests)
    expect(logged).not.toContain(h.fake.appSecret)
    expect(logged).not.toContain('sign')
  })
})
