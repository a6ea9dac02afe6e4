import { afterEach, describe, expect, it } from 'vitest'
import { wallboxFakeFixture } from '../../../fakes/wallbox/server'
import { startRig, type Rig } from './helpers'

const ID = wallboxFakeFixture.chargerId
let rig: Rig

afterEach(async () => {
  await rig?.close()
})

const badResponse = { kind: 'bad-response', message: expect.stringMatching(/^Wallbox sent an answer Sunspill does not understand/) }

describe('Wallbox answers that make no sense', () => {
  it.each([
    ['not JSON', '<html>Gateway</html>'],
    ['no status_id', JSON.stringify({ name: 'x', charging_power: 0 })],
    ['a status_id that is not a number', JSON.stringify({ status_id: 'charging' })],
    ['an array', '[]'],
  ])('a status that is %s is a bad-response', async (_what, body) => {
    rig = await startRig()
    rig.fake.state.overrides.push({ path: '/chargers/status/', status: 200, body })
    await expect(rig.client().getStatus(ID)).rejects.toMatchObject(badResponse)
  })

  it('tolerates odd descriptive fields and still reads the status', async () => {
    rig = await startRig()
    rig.fake.state.overrides.push({
      path: '/chargers/status/',
      status: 200,
      body: JSON.stringify({ status_id: 194, charging_power: 3.6, config_data: { timezone: 7, locked: true, max_charging_current: 16, plan: 'x' } }),
    })
    const reading = await rig.charger().readCharger()
    expect(reading).toMatchObject({ connected: true, powerW: 3600, locked: true, enabled: false })
  })

  it('a sign-in without a token is a bad-response', async () => {
    rig = await startRig()
    rig.fake.state.overrides.push({ path: '/users/signin', status: 200, body: JSON.stringify({ data: { attributes: { error: 'true' } } }) })
    await expect(rig.client().listChargers()).rejects.toMatchObject(badResponse)
  })

  it('a charger list of the wrong shape is a bad-response', async () => {
    rig = await startRig()
    rig.fake.state.overrides.push({ path: '/v3/chargers/groups', status: 200, body: JSON.stringify({ result: { groups: [{ chargers: [{ id: 'abc' }] }] } }) })
    await expect(rig.client().listChargers()).rejects.toMatchObject(badResponse)
  })

  it('a session of a known type with missing fields is a bad-response; unknown types are skipped', async () => {
    rig = await startRig()
    const now = rig.clock.now()
    rig.fake.state.overrides.push({
      path: '/v4/sessions/stats',
      status: 200,
      body: JSON.stringify({ data: [{ type: 'something_else', id: '1' }, { type: 'charger_log_session', id: '2', attributes: { energy: 1 } }] }),
    })
    await expect(rig.client().getSessions(ID, { fromMs: now - 86_400_000, toMs: now })).rejects.toMatchObject(badResponse)
    rig.fake.state.overrides.push({ path: '/v4/sessions/stats', status: 200, body: JSON.stringify({ data: [{ type: 'something_else', id: '1' }] }) })
    await expect(rig.client().getSessions(ID, { fromMs: now - 86_400_000, toMs: now })).resolves.toEqual([])
  })

  it('schedules with times that are not HHMM are a bad-response', async () => {
    rig = await startRig()
    rig.fake.state.overrides.push({ path: `/chargers/${ID}/schedules`, status: 200, body: JSON.stringify({ schedules: [{ id: 0, enable: 1, start: '9pm', stop: '0500', days: {} }] }) })
    await expect(rig.client().getSchedules(ID)).rejects.toMatchObject(badResponse)
  })

  it('a server error is offline, not a crash', async () => {
    rig = await startRig()
    rig.fake.state.overrides.push({ path: '/chargers/status/', status: 502, body: 'Bad Gateway' })
    await expect(rig.client().getStatus(ID)).rejects.toMatchObject({ kind: 'offline', message: expect.stringContaining('HTTP 502') })
  })

  it('a write whose echo is unreadable still counts as done', async () => {
    rig = await startRig()
    rig.fake.state.overrides.push({ method: 'PUT', path: '/v2/charger/', status: 200, body: 'OK' })
    await expect(rig.client().setMaxChargingCurrent(ID, 12)).resolves.toBeNull()
  })
})
