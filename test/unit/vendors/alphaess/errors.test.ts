import { createServer } from 'node:net'
import { request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signedHeaders } from '../../../../src-main/core/vendors/alphaess/signing'
import { defaultAlphaessFixture as f } from '../../../fakes/alphaess/server'
import { harness, type Harness } from './harness'
import { failure } from '../failure'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => h.close())

describe('AlphaESS errors: each code family has its kind and sentence', () => {
  it('clock skew beyond 300 s (6006) asks the user to fix the clock', async () => {
    const client = h.client({ clock: { now: () => h.clock.now() - 301_000, speed: 1 } })
    const error = await failure(client.getEssList())
    expect(error.kind).toBe('clock')
    expect(error.message).toMatch(/^Your computer's clock is off by more than 5 minutes/)
    expect(h.calls('getEssList')[0]!.code).toBe(6006)
  })

  it('6009, live-worded as a timestamp problem, is also the clock (and mentions the whitelist)', async () => {
    h.fake.state.skewCode = 6009
    const client = h.client({ clock: { now: () => h.clock.now() + 600_000, speed: 1 } })
    const error = await failure(client.getEssList())
    expect(error.kind).toBe('clock')
    expect(error.message).toContain("Your computer's clock is off by more than 5 minutes")
    expect(error.message).toContain('whitelist')
  })

  it('a wrong AppSecret (6007) is an auth error naming where to copy it from', async () => {
    const error = await failure(h.client({ appSecret: '00000000000000000000000000000000' }).getEssList())
    expect(error.kind).toBe('auth')
    expect(error.message).toContain(`AlphaESS rejected the AppSecret for AppID ${f.appId}`)
    expect(error.message).toContain('open.alphaess.com')
    expect(h.calls('getEssList')).toHaveLength(1)
  })

  it('an SN not bound to the AppID (6005) is a config error that says how to bind', async () => {
    const error = await failure(h.client().getLastPowerData(f.unboundSysSn))
    expect(error.kind).toBe('config')
    expect(error.message).toContain(`AppID ${f.appId} is not bound to system ${f.unboundSysSn}`)
    expect(error.message).toMatch(/Request code .* then Bind/)
  })

  it('an SN with no owner (6002) and an unknown SN (6038) are config errors', async () => {
    h.fake.state.systems[f.unboundSysSn]!.registered = false
    const client = h.client()
    const unowned = await failure(client.getVerificationCode(f.unboundSysSn, f.unboundCheckCode))
    expect(unowned.kind).toBe('config')
    expect(unowned.message).toContain('not registered to an owner')
    h.clock.advance(10_000)
    const unknown = await failure(client.getVerificationCode('AL0000000000000', 'ABC123'))
    expect(unknown.kind).toBe('config')
    expect(unknown.message).toContain('does not know a system with serial number AL0000000000000')
  })

  it('a wrong check code (6004) and a wrong verification code (6046) say which code is meant', async () => {
    const client = h.client()
    const check = await failure(client.getVerificationCode(f.unboundSysSn, 'WRONG1'))
    expect(check.message).toContain("printed on the inverter's label")
    const verification = await failure(client.bindSn(f.unboundSysSn, '000000'))
    expect(verification.kind).toBe('config')
    expect(verification.message).toContain('The verification code is wrong or has expired')
  })

  it('an offline system (6042) is retried with backoff, then reported as offline', async () => {
    h.fake.state.systems[f.sysSn]!.offline = true
    const error = await failure(h.client().getLastPowerData(f.sysSn))
    expect(error.kind).toBe('offline')
    expect(error.message).toContain(`AlphaESS reports system ${f.sysSn} as offline`)
    expect(h.calls('getLastPowerData')).toHaveLength(3)
  })

  it('too many requests (6053) that never clear end as rate-limited with a retry time', async () => {
    h.fake.state.faults.push({ endpoint: 'getEssList', times: Infinity, reply: { code: 6053 } })
    const error = await failure(h.client().getEssList())
    expect(error.kind).toBe('rate-limited')
    expect(error.retryAfterMs).toBe(10_000)
    expect(h.calls('getEssList')).toHaveLength(3)
  })

  it('a refused write (6053) explains the write limits', async () => {
    h.fake.state.writeIntervalMs = 600_000
    const client = h.client({ backoff: { baseMs: 1000, maxMs: 1000, attempts: 1 } })
    await client.setEvChargerCurrentsBySn(f.sysSn, 10)
    const error = await failure(client.setEvChargerCurrentsBySn(f.sysSn, 12))
    expect(error.kind).toBe('rate-limited')
    expect(error.message).toContain('once every 10 minutes')
  })

  it('a write the device rejects (6008) says it was not applied and why that happens', async () => {
    h.fake.state.writeIntervalMs = 600_000
    h.fake.state.writeLimitCode = 6008
    const client = h.client()
    await client.setEvChargerCurrentsBySn(f.sysSn, 10)
    const error = await failure(client.setEvChargerCurrentsBySn(f.sysSn, 12))
    expect(error.message).toContain('did not apply the charger current setting (set failed)')
    expect(error.message).toContain('once every 10 minutes')
    // Not transient: one attempt only.
    expect(h.calls('setEvChargerCurrentsBySn')).toHaveLength(2)
  })

  it('a feature the system is not entitled to (6017) is not-supported and never asked again', async () => {
    const client = h.client()
    const first = await failure(client.getTimeChargeBySn(f.sysSn))
    expect(first.kind).toBe('not-supported')
    expect(first.message).toContain('Sunspill will not ask for it again')
    h.clock.advance(60_000)
    const second = await failure(client.getTimeChargeBySn(f.sysSn))
    expect(second.message).toBe(first.message)
    expect(h.calls('getTimeChargeBySn')).toHaveLength(1)
  })

  it('a bad parameter (6001, 10001) carries expMsg', async () => {
    h.fake.state.systems[f.sysSn]!.timeChargeEntitled = true
    const client = h.client()
    const empty = await failure(client.setTimeChargeBySn(f.sysSn, { executeCycleType: 0, chargeTimeList: [], dischargeTimeList: [] }))
    expect(empty.kind).toBe('config')
    expect(empty.message).toContain('time list is null')
    h.fake.state.faults.push({ endpoint: 'getOneDayPowerBySn', reply: { code: 10001, msg: 'Parameter Error' } })
    const malformed = await failure(client.getOneDayPowerBySn(f.sysSn, '2026-11-18'))
    expect(malformed.message).toContain('code 10001: Parameter Error')
  })

  it("AlphaESS's own hiccups (6026, 6029) are retried and then succeed", async () => {
    h.fake.state.faults.push({ endpoint: 'getEssList', reply: { code: 6026, msg: '404 NOT_FOUND' } })
    h.fake.state.faults.push({ endpoint: 'getEssList', reply: { code: 6029 } })
    await expect(h.client().getEssList()).resolves.toHaveLength(1)
    expect(h.calls('getEssList').map((r) => r.code)).toEqual([6026, 6029, 200])
  })

  it('an unknown code is a bad response that quotes it', async () => {
    h.fake.state.faults.push({ endpoint: 'getEssList', reply: { code: 6999, msg: '服务异常' } })
    const error = await failure(h.client().getEssList())
    expect(error.kind).toBe('bad-response')
    expect(error.message).toContain('code 6999 (服务异常)')
  })
})

describe('AlphaESS errors: HTTP and transport', () => {
  it('the fake answers a wrong verb with a Spring 405 page and no code', async () => {
    const headers = signedHeaders(h.fake.appId, h.fake.appSecret, h.clock.now())
    const response = await request(`${h.fake.url}/getVerificationCode`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ sysSn: f.unboundSysSn, checkCode: f.unboundCheckCode }),
    })
    expect(response.statusCode).toBe(405)
    const body = (await response.body.json()) as Record<string, unknown>
    expect(body).toMatchObject({ status: 405, error: 'Method Not Allowed', path: '/api/getVerificationCode' })
    expect(body).not.toHaveProperty('code')
    const get = await request(`${h.fake.url}/bindSn?sysSn=${f.unboundSysSn}&code=1`, { method: 'GET', headers })
    expect(get.statusCode).toBe(405)
    await get.body.text()
  })

  it('a 405 reaches the caller as a clear bad-response, not retried', async () => {
    h.fake.state.faults.push({
      endpoint: 'getVerificationCode',
      reply: { httpStatus: 405, body: '{"timestamp":"2026-08-04T10:43:44.424+00:00","status":405,"error":"Method Not Allowed","path":"/api/getVerificationCode"}' },
    })
    const error = await failure(h.client().getVerificationCode(f.unboundSysSn, f.unboundCheckCode))
    expect(error.kind).toBe('bad-response')
    expect(error.message).toContain('refused the HTTP method used for getVerificationCode (405 Method Not Allowed)')
    expect(h.calls('getVerificationCode')).toHaveLength(1)
  })

  it('an address without the API (404) says to clear the custom address', async () => {
    const error = await failure(h.client({ baseUrl: h.fake.url.replace(/\/api$/, '/v2') }).getEssList())
    expect(error.kind).toBe('bad-response')
    expect(error.message).toContain('404 Not Found')
    expect(error.message).toContain('clear it to use the default')
  })

  it('a 502 from the gateway is offline, retried, and recovers', async () => {
    h.fake.state.faults.push({ endpoint: 'getEssList', reply: { httpStatus: 502, body: '<html>Bad Gateway</html>' } })
    await expect(h.client().getEssList()).resolves.toHaveLength(1)
    expect(h.calls('getEssList').map((r) => r.httpStatus)).toEqual([502, 200])
  })

  it('a 502 that persists ends as offline with a sentence', async () => {
    h.fake.state.faults.push({ endpoint: 'getEssList', times: Infinity, reply: { httpStatus: 502 } })
    const error = await failure(h.client().getEssList())
    expect(error.kind).toBe('offline')
    expect(error.message).toContain('HTTP 502')
  })

  it('a connection refused is offline, with the host named', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number }
        probe.close(() => resolve(port))
      })
    })
    const error = await failure(h.client({ baseUrl: `http://127.0.0.1:${port}/api` }).getEssList())
    expect(error.kind).toBe('offline')
    expect(error.message).toContain(`Could not reach AlphaESS at 127.0.0.1:${port}`)
    expect(h.sleeps.length).toBeGreaterThan(0)
  })

  it('a body that is not JSON is a bad response naming the endpoint', async () => {
    h.fake.state.faults.push({ endpoint: 'getLastPowerData', reply: { body: '<html>maintenance</html>' } })
    const error = await failure(h.client().getLastPowerData(f.sysSn))
    expect(error.kind).toBe('bad-response')
    expect(error.message).toContain('answer to getLastPowerData that Sunspill does not understand (not JSON)')
  })

  it('a payload of the wrong shape is a bad response naming the endpoint and field', async () => {
    h.fake.state.faults.push({
      endpoint: 'getLastPowerData',
      reply: { body: JSON.stringify({ code: 200, msg: 'Success', data: { ppv: 'lots', soc: 50 } }) },
    })
    const error = await failure(h.client().getLastPowerData(f.sysSn))
    expect(error.kind).toBe('bad-response')
    expect(error.message).toContain('getLastPowerData')
    expect(error.message).toContain('field ppv')
  })

  it('an envelope without a code is a bad response', async () => {
    h.fake.state.faults.push({ endpoint: 'getEssList', reply: { body: '{"data":[]}' } })
    const error = await failure(h.client().getEssList())
    expect(error.message).toContain('answer to getEssList that Sunspill does not understand (no return code)')
  })
})
