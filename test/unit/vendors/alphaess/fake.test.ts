/** The fake must behave like AlphaESS where our client cannot easily provoke it. */
import { request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signedHeaders } from '../../../../src-main/core/vendors/alphaess/signing'
import { defaultAlphaessFixture as f } from '../../../fakes/alphaess/server'
import { harness, type Harness } from './harness'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => h.close())

async function raw(path: string, headers: Record<string, string>, init: { method?: 'GET' | 'POST'; body?: string } = {}) {
  const response = await request(`${h.fake.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body })
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> }
}

describe('AlphaESS fake', () => {
  it('answers a request without an AppID with 6012, on any path', async () => {
    expect(await raw('/', {})).toMatchObject({ status: 200, body: { code: 6012, msg: 'AppId is empty', data: null } })
    expect(await raw('/getEssList', {})).toMatchObject({ status: 200, body: { code: 6012 } })
  })

  it('answers an unknown path with a Spring 404', async () => {
    const headers = signedHeaders(h.fake.appId, h.fake.appSecret, h.clock.now())
    expect(await raw('/getInChargeConfigInfo', headers)).toMatchObject({ status: 404, body: { status: 404, error: 'Not Found' } })
  })

  it('answers a missing timestamp with 6011, a missing sign with 6010, a bad sign with 6007', async () => {
    const good = signedHeaders(h.fake.appId, h.fake.appSecret, h.clock.now())
    const { timeStamp: _t, ...noStamp } = good
    const { sign: _s, ...noSign } = good
    expect((await raw('/getEssList', noStamp)).body.code).toBe(6011)
    expect((await raw('/getEssList', noSign)).body.code).toBe(6010)
    expect((await raw('/getEssList', { ...good, sign: 'f'.repeat(128) })).body).toMatchObject({
      code: 6007,
      msg: 'Sign check error',
    })
    expect((await raw('/getEssList', { ...good, appId: 'alpha0000000000000000' })).body.code).toBe(6007)
  })

  it('rate-limits each endpoint to one call per 10 s unless told not to', async () => {
    const headers = () => signedHeaders(h.fake.appId, h.fake.appSecret, h.clock.now())
    expect((await raw('/getEssList', headers())).body.code).toBe(200)
    expect((await raw('/getEssList', headers())).body).toMatchObject({ code: 6053, msg: 'The maximum number of requests has been reached' })
    h.clock.advance(10_000)
    expect((await raw('/getEssList', headers())).body.code).toBe(200)
    h.fake.state.enforceRateLimit = false
    expect((await raw('/getEssList', headers())).body.code).toBe(200)
  })

  it('validates the periodic write before the entitlement check, as live', async () => {
    const headers = signedHeaders(h.fake.appId, h.fake.appSecret, h.clock.now())
    const post = (body: unknown) => raw('/setTimeChargeBySn', headers, { method: 'POST', body: JSON.stringify(body) })
    expect((await post({ sysSn: f.sysSn, executeCycleType: 0, chargeTimeList: [] })).body.code).toBe(10001)
    h.clock.advance(10_000)
    expect((await post({ sysSn: f.sysSn, executeCycleType: 0, chargeTimeList: [], dischargeTimeList: [] })).body).toMatchObject({
      code: 6001,
      expMsg: 'time list is null',
    })
    h.clock.advance(10_000)
    const period = { beginTime: '01:00', endTime: '05:00', chargeLimit: 90 }
    expect((await post({ sysSn: f.sysSn, executeCycleType: 0, chargeTimeList: [period], dischargeTimeList: [{ ...period, beginTime: '17:00', endTime: '21:00' }] })).body.code).toBe(6017)
  })

  it('starts with the documented default numbers', async () => {
    const headers = signedHeaders(h.fake.appId, h.fake.appSecret, h.clock.now())
    const { body } = await raw(`/getLastPowerData?sysSn=${f.sysSn}`, headers)
    expect(body.data).toMatchObject({ ppv: f.ppv, pload: f.pload, pgrid: f.pgrid, pbat: f.pbat, soc: f.soc })
    // The fixture balances: PV + grid + battery = house.
    expect(f.ppv + f.pgrid + f.pbat).toBe(f.pload)
  })
})
