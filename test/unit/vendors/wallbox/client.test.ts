import { afterEach, describe, expect, it } from 'vitest'
import { VendorError } from '../../../../src-main/core/errors'
import { wallboxFakeFixture } from '../../../fakes/wallbox/server'
import { startRig, type Rig } from './helpers'

const ID = wallboxFakeFixture.chargerId
let rig: Rig

afterEach(async () => {
  await rig?.close()
})

describe('Wallbox client against the fake cloud', () => {
  it('signs in with Basic auth and the Partner header, then lists the chargers', async () => {
    rig = await startRig()
    const chargers = await rig.client().listChargers()
    expect(chargers).toEqual([{ id: ID, name: wallboxFakeFixture.chargerName, statusId: 182, model: null }])
    expect(rig.fake.state.signIns).toBe(1)
    expect(rig.fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /users/signin 200', 'GET /v3/chargers/groups 200'])
  })

  it('reads the status', async () => {
    rig = await startRig()
    const status = await rig.client().getStatus(ID)
    expect(status.status_id).toBe(182)
    expect(status.config_data?.max_charging_current).toBe(16)
    expect(status.config_data?.locked).toBe(false)
    expect(status.max_available_power).toBe(32)
  })

  it('sets the max charging current and returns the echo; refuses out-of-range values without a request', async () => {
    rig = await startRig()
    const client = rig.client()
    const echo = await client.setMaxChargingCurrent(ID, 10)
    expect(echo?.maxChargingCurrent).toBe(10)
    expect(rig.fake.state.charger.maxChargingCurrentA).toBe(10)
    const sent = rig.fake.requests.length
    await expect(client.setMaxChargingCurrent(ID, 5)).rejects.toMatchObject({ kind: 'not-supported' })
    await expect(client.setMaxChargingCurrent(ID, 33)).rejects.toMatchObject({ kind: 'not-supported' })
    await expect(client.setMaxChargingCurrent(ID, 7.5)).rejects.toMatchObject({ kind: 'not-supported' })
    expect(rig.fake.requests.length).toBe(sent)
    expect(rig.fake.requests.at(-1)).toMatchObject({ method: 'PUT', path: `/v2/charger/${ID}`, body: { maxChargingCurrent: 10 } })
  })

  it('locks and unlocks', async () => {
    rig = await startRig()
    const client = rig.client()
    expect((await client.setLocked(ID, true))?.locked).toBe(true)
    expect(rig.fake.state.charger.locked).toBe(true)
    expect(rig.fake.state.statusId()).toBe(210)
    expect((await client.setLocked(ID, false))?.locked).toBe(false)
    expect(rig.fake.state.charger.locked).toBe(false)
    expect(rig.fake.requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([{ locked: 1 }, { locked: 0 }])
  })

  it('resumes and pauses, and the charger reacts', async () => {
    rig = await startRig()
    const client = rig.client()
    await client.resume(ID)
    expect(rig.fake.state.statusId()).toBe(194)
    expect(rig.fake.state.chargingPowerKw()).toBeCloseTo(16 * 230 / 1000)
    await client.pause(ID)
    expect(rig.fake.state.statusId()).toBe(182)
    expect(rig.fake.state.chargingPowerKw()).toBe(0)
    expect(rig.fake.state.remoteActions).toEqual([1, 2])
  })

  it('resumes the schedule and restarts', async () => {
    rig = await startRig()
    const client = rig.client()
    await client.resumeSchedule(ID)
    expect(rig.fake.state.resumeSchedules).toBe(1)
    await client.restart(ID)
    expect(rig.fake.state.restarts).toBe(1)
    expect(rig.fake.state.statusId()).toBe(163)
    rig.clock.advance(91_000)
    expect(rig.fake.state.statusId()).not.toBe(163)
    expect(rig.fake.state.remoteActions).toEqual([9, 3])
  })

  it('lists sessions within a date range, sent as epoch seconds', async () => {
    rig = await startRig()
    const client = rig.client()
    const now = rig.clock.now()
    const all = await client.getSessions(ID, { fromMs: now - 30 * 86_400_000, toMs: now })
    expect(all.map((s) => s.id)).toEqual(['123456789', '987654321'])
    expect(all[0]).toMatchObject({ energyKwh: 15.06, durationS: 13_577, cost: 6.024, currency: 'EUR' })
    expect(all[0]!.endMs! - all[0]!.startMs).toBe(13_577_000)
    const recent = await client.getSessions(ID, { fromMs: now - 2.5 * 86_400_000, toMs: now })
    expect(recent.map((s) => s.id)).toEqual(['123456789'])
    const query = new URL(`http://x${rig.fake.requests.at(-1)!.path}`).searchParams
    expect(query.get('charger')).toBe(ID)
    expect(Number(query.get('start_date'))).toBeCloseTo((now - 2.5 * 86_400_000) / 1000)
    expect(Number(query.get('end_date'))).toBeCloseTo(now / 1000)
  })

  it('gets and sets the energy cost', async () => {
    rig = await startRig()
    const client = rig.client()
    expect(await client.getEnergyCost(ID)).toEqual({ pricePerKwh: 0.24, currencySymbol: '€', currencyCode: 'EUR' })
    expect(await client.setEnergyCost(ID, 0.31)).toEqual({ pricePerKwh: 0.31, currencySymbol: '€', currencyCode: 'EUR' })
    expect(rig.fake.state.charger.energyPricePerKwh).toBe(0.31)
    expect(rig.fake.requests.at(-1)).toMatchObject({ method: 'POST', path: `/chargers/config/${ID}`, body: { energyCost: 0.31 } })
  })

  it('gets and sets the ICP max current, and reports a charger without Power Boost', async () => {
    rig = await startRig()
    const client = rig.client()
    expect(await client.getIcpMaxCurrent(ID)).toBe(25)
    expect(await client.setIcpMaxCurrent(ID, 40)).toBe(40)
    expect(rig.fake.state.charger.icpMaxCurrentA).toBe(40)
    rig.fake.state.charger.powerBoost = false
    const error = await client.setIcpMaxCurrent(ID, 30).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VendorError)
    expect(error).toMatchObject({ kind: 'not-supported' })
    expect((error as VendorError).message).toContain('Power Boost is not installed')
  })

  it('reads and writes schedules by position', async () => {
    rig = await startRig()
    const client = rig.client()
    const before = await client.getSchedules(ID)
    expect(before).toHaveLength(1)
    expect(before[0]).toMatchObject({ id: 0, enable: false, start: '2100', stop: '0500' })
    await client.setSchedules(ID, [{ ...before[0]!, enable: true, start: '2200' }, { ...before[0]!, id: 1, start: '1200', stop: '1400' }])
    const after = await client.getSchedules(ID)
    expect(after.map((s) => [s.id, s.enable, s.start, s.stop])).toEqual([
      [0, true, '2200', '0500'],
      [1, false, '1200', '1400'],
    ])
    expect(rig.fake.requests.find((r) => r.method === 'POST')?.body).toMatchObject({ schedules: [{ id: 0, enable: 1, chargerId: Number(ID) }, { id: 1, enable: 0 }] })
  })

  it('reports wrong credentials with the sentence the user sees', async () => {
    rig = await startRig()
    const error = await rig.client({ password: 'wrong' }).listChargers().catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'auth' })
    expect((error as Error).message).toMatch(/^Wallbox rejected your e-mail or password/)
    expect(rig.fake.state.signIns).toBe(0)
  })

  it('names an unknown charger', async () => {
    rig = await startRig()
    await expect(rig.client().getStatus('404404')).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('404404') })
  })

  it('reports an unreachable cloud as offline', async () => {
    rig = await startRig()
    const client = rig.client({ apiUrl: 'http://127.0.0.1:9', userApiUrl: 'http://127.0.0.1:9' })
    await expect(client.listChargers()).rejects.toMatchObject({ kind: 'offline' })
  })
})
