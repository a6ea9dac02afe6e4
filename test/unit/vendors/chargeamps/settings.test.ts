import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { clampCurrent } from '../../../../src-main/core/vendors/chargeamps/client'
import { CHARGE_AMPS_FIXTURE } from '../../../fakes/chargeamps/server'
import { hits, startHarness, type Harness } from './harness'

const CP = CHARGE_AMPS_FIXTURE.chargePointId
let h: Harness

afterEach(async () => {
  await h?.close()
})

/** A connector whose settings differ from every server default, plus a field our schema does not know. */
function customise(harness: Harness) {
  harness.fake.state.connector().settings = {
    chargePointId: CP,
    connectorId: 1,
    maxCurrent: 16,
    rfidLock: true,
    mode: 'Schedule',
    cableLock: true,
    loadBalancingGroup: 'garage',
  }
}

describe('Charge Amps connector settings, read-modify-write', () => {
  it('changes maxCurrent and keeps every other field the charger stored', async () => {
    h = await startHarness()
    customise(h)
    await h.client.setMaxCurrent(CP, 1, 10)
    expect(h.fake.state.connector().settings).toEqual({
      chargePointId: CP,
      connectorId: 1,
      maxCurrent: 10,
      rfidLock: true,
      mode: 'Schedule',
      cableLock: true,
      loadBalancingGroup: 'garage',
    })
    const put = h.fake.state.connectorPuts[0] as Record<string, unknown>
    expect(put).not.toHaveProperty('installationCurrent')
    const order = h.fake.requests.filter((r) => r.path.endsWith('/connectors/1/settings')).map((r) => r.method)
    expect(order).toEqual(['GET', 'PUT'])
  })

  it('is needed: the fake resets what a partial PUT leaves out, as Charge Amps does', async () => {
    h = await startHarness()
    customise(h)
    const { token } = (await (
      await request(`${h.fake.url}/api/v5/auth/login`, {
        method: 'POST',
        headers: { apiKey: h.fake.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ email: h.fake.email, password: h.fake.password }),
      })
    ).body.json()) as { token: string }
    const res = await request(`${h.fake.url}/api/v5/chargepoints/${CP}/connectors/1/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ chargePointId: CP, connectorId: 1, maxCurrent: 10 }),
    })
    await res.body.text()
    expect(res.statusCode).toBe(200)
    expect(h.fake.state.connector().settings).toMatchObject({ mode: 'Off', rfidLock: false, cableLock: false })
  })

  it('reads afresh before writing, so a change made in the Charge Amps app survives', async () => {
    h = await startHarness()
    await h.client.connectorSettings(CP, 1) // cached: cableLock false
    h.fake.state.connector().settings.cableLock = true // the owner flips it in the app
    await h.client.setMode(CP, 1, 'Off')
    expect(h.fake.state.connector().settings).toMatchObject({ mode: 'Off', cableLock: true, maxCurrent: 16 })
  })

  it('serves the written settings from the cache without another read', async () => {
    h = await startHarness()
    await h.client.connectorSettings(CP, 1)
    await h.client.setMaxCurrent(CP, 1, 8)
    const reads = hits(h, 'GET', '/connectors/1/settings')
    expect((await h.client.connectorSettings(CP, 1)).maxCurrent).toBe(8)
    expect(hits(h, 'GET', '/connectors/1/settings')).toBe(reads)
  })

  it('clamps to the installation current and pauses with 0 A', async () => {
    h = await startHarness()
    await h.client.setMaxCurrent(CP, 1, 20)
    expect(h.fake.state.connector().settings.maxCurrent).toBe(16)
    await h.client.setMaxCurrent(CP, 1, 0)
    expect(h.fake.state.connector().settings.maxCurrent).toBe(0)
    await h.client.setMaxCurrent(CP, 1, 9.7)
    expect(h.fake.state.connector().settings.maxCurrent).toBe(9)
  })

  it('serialises two changes to one connector so neither is lost', async () => {
    h = await startHarness()
    await Promise.all([h.client.setMaxCurrent(CP, 1, 7), h.client.setMode(CP, 1, 'Off')])
    expect(h.fake.state.connector().settings).toMatchObject({ maxCurrent: 7, mode: 'Off' })
  })

  it('writes the chargepoint light settings whole as well', async () => {
    h = await startHarness()
    h.fake.state.chargePoint().settings = { id: CP, dimmer: 'High', downLight: true, maxCurrent: 16 }
    await h.client.updateChargePointSettings(CP, () => ({ dimmer: 'Low' }))
    expect(h.fake.state.chargePoint().settings).toEqual({ id: CP, dimmer: 'Low', downLight: true, maxCurrent: 16 })
  })
})

describe('clampCurrent', () => {
  it('keeps 0 and whole amps from 6 to the installation current', () => {
    expect(clampCurrent(0, 16)).toBe(0)
    expect(clampCurrent(5.9, 16)).toBe(0)
    expect(clampCurrent(6, 16)).toBe(6)
    expect(clampCurrent(12.8, 16)).toBe(12)
    expect(clampCurrent(32, 16)).toBe(16)
    expect(clampCurrent(32, null)).toBe(32)
    expect(clampCurrent(Number.NaN, 16)).toBe(0)
  })
})
