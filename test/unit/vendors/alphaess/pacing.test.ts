import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { VendorError } from '../../../../src-main/core/errors'
import { defaultAlphaessFixture as f } from '../../../fakes/alphaess/server'
import { harness, type Harness } from './harness'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => h.close())

const times = (requests: { atMs: number }[]) => requests.map((r) => r.atMs - requests[0]!.atMs)

describe('AlphaESS pacing and backoff', () => {
  it('6053 backs off with jitter, waits out the endpoint gap, then succeeds', async () => {
    h.fake.state.faults.push({ endpoint: 'getLastPowerData', reply: { code: 6053 } })
    const data = await h.client().getLastPowerData(f.sysSn)
    expect(data.ppv).toBe(4321)
    const calls = h.calls('getLastPowerData')
    expect(calls.map((r) => r.code)).toEqual([6053, 200])
    // Jitter: random 0.5 of the 1 s base; then the rest of the 10 s gap.
    expect(h.sleeps).toEqual([500, 9_500])
    expect(times(calls)[1]).toBe(10_000)
    expect(h.logger.lines.some((l) => l.includes('getLastPowerData failed; trying again'))).toBe(true)
  })

  it('a second call to one endpoint within 10 s waits instead of tripping 6053', async () => {
    const client = h.client()
    await client.getEssList()
    h.clock.advance(3_000)
    await client.getEssList()
    expect(h.sleeps).toEqual([7_000])
    const calls = h.calls('getEssList')
    expect(calls.map((r) => r.code)).toEqual([200, 200])
    expect(times(calls)).toEqual([0, 10_000])
  })

  it('concurrent calls to one endpoint queue 10 s apart; other endpoints do not wait', async () => {
    const client = h.client()
    const results = await Promise.all([client.getLastPowerData(f.sysSn), client.getLastPowerData(f.sysSn), client.getEssList()])
    expect(results[0].soc).toBe(64.5)
    expect(results[1].soc).toBe(64.5)
    expect(h.calls('getLastPowerData').map((r) => r.code)).toEqual([200, 200])
    expect(times(h.calls('getLastPowerData'))).toEqual([0, 10_000])
    // The only wait was the second getLastPowerData's: getEssList went at once.
    expect(h.sleeps).toEqual([10_000])
    expect(h.calls('getEssList')[0]!.code).toBe(200)
  })

  it('without the gap the fake does answer 6053, so the gap is what keeps us under the limit', async () => {
    const client = h.client({ pacing: { endpointGapMs: 0 }, backoff: { baseMs: 1000, maxMs: 1000, attempts: 1 } })
    await client.getEssList()
    const error = await client.getEssList().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VendorError)
    expect((error as VendorError).kind).toBe('rate-limited')
  })

  it('writes are at least 10 s apart, and a config write waits 30 s for its own endpoint', async () => {
    const client = h.client()
    await client.setEvChargerCurrentsBySn(f.sysSn, 10)
    await client.remoteControlEvCharger(f.sysSn, f.evchargerSn, 1)
    const charge = { batHighCap: 90, gridCharge: 0 as const, timeChaf1: '00:00', timeChae1: '00:00', timeChaf2: '00:00', timeChae2: '00:00' }
    await client.updateChargeConfigInfo(f.sysSn, charge)
    await client.updateChargeConfigInfo(f.sysSn, { ...charge, batHighCap: 85 })
    const writes = h.fake.requests.filter((r) => r.method === 'POST')
    expect(writes.map((r) => r.code)).toEqual([200, 200, 200, 200])
    expect(times(writes)).toEqual([0, 10_000, 20_000, 50_000])
  })

  it('two clients for the same AppID share the gap (Test, then the devices)', async () => {
    await h.client().getEssList()
    await h.client().getEssList()
    expect(h.calls('getEssList').map((r) => r.code)).toEqual([200, 200])
    expect(h.sleeps).toEqual([10_000])
  })
})
