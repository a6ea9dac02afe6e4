import { afterEach, describe, expect, it } from 'vitest'
import { backoffDelayMs, defaultBackoff } from '../../../../src-main/core/vendors/shared/backoff'
import { ChargeAmpsClient } from '../../../../src-main/core/vendors/chargeamps/client'
import { API_KEY_MISSING } from '../../../../src-main/core/vendors/chargeamps/messages'
import { CHARGE_AMPS_FIXTURE } from '../../../fakes/chargeamps/server'
import { hits, nextPoll, startHarness, type Harness } from './harness'
import { failure } from '../failure'

const CP = CHARGE_AMPS_FIXTURE.chargePointId
let h: Harness

afterEach(async () => {
  await h?.close()
})

describe('Charge Amps sign-in', () => {
  it('signs in with the apiKey header and reads with a bearer token', async () => {
    h = await startHarness()
    const owned = await h.client.ownedChargePoints()
    expect(owned.map((cp) => cp.id)).toEqual([CP])
    const [login, list] = h.fake.requests
    expect(login).toMatchObject({ method: 'POST', path: '/api/v5/auth/login', apiKey: true, status: 200 })
    expect(list).toMatchObject({ method: 'GET', path: '/api/v5/chargepoints/owned', bearer: true, status: 200 })
    expect(h.client.user?.email).toBe(CHARGE_AMPS_FIXTURE.email)
  })

  it('keeps the fake’s request log free of secrets', async () => {
    h = await startHarness({ fake: { tokenLifetimeS: 60 } })
    await h.client.status(CP)
    h.clock.advance(60_000)
    await h.client.setMaxCurrent(CP, 1, 10)
    const log = JSON.stringify(h.fake.requests)
    expect(h.fake.state.refreshes).toBe(1)
    for (const secret of [h.fake.password, h.fake.apiKey, 'eyJ', 'Bearer', '"refreshToken"', '"password"', '"token"']) expect(log).not.toContain(secret)
  })

  it('refreshes the token before it expires, without signing in again', async () => {
    h = await startHarness({ fake: { tokenLifetimeS: 300 } })
    await h.client.status(CP)
    h.clock.advance(280_000) // 20 s before exp: inside the 30 s refresh margin
    await h.client.status(CP)
    expect(h.fake.state.logins).toBe(1)
    expect(h.fake.state.refreshes).toBe(1)
    expect(h.fake.requests.some((r) => r.status === 401)).toBe(false)
    expect(hits(h, 'POST', '/auth/refreshToken')).toBe(1)
  })

  it('keeps using the token while it is fresh', async () => {
    h = await startHarness({ fake: { tokenLifetimeS: 300 } })
    await h.client.status(CP)
    h.clock.advance(200_000)
    await h.client.status(CP)
    expect(h.fake.state.logins).toBe(1)
    expect(h.fake.state.refreshes).toBe(0)
  })

  it('answers a 401 by refreshing and retrying once', async () => {
    h = await startHarness()
    await h.client.status(CP)
    h.fake.state.expireTokens()
    nextPoll(h)
    const status = await h.client.status(CP)
    expect(status.status).toBe('Online')
    expect(h.fake.state.logins).toBe(1)
    expect(h.fake.state.refreshes).toBe(1)
    expect(h.fake.requests.map((r) => r.status)).toEqual([200, 200, 401, 200, 200])
  })

  it('signs in again when Charge Amps refuses the refresh', async () => {
    h = await startHarness({ fake: { tokenLifetimeS: 120 } })
    await h.client.status(CP)
    h.fake.state.rejectRefresh = true
    h.clock.advance(120_000)
    await h.client.status(CP)
    expect(h.fake.state.logins).toBe(2)
    expect(h.fake.state.refreshes).toBe(0)
    expect(h.fake.requests.find((r) => r.path.toLowerCase().endsWith('/refreshtoken'))?.status).toBe(400)
  })

  it('reports a wrong password as an auth problem', async () => {
    h = await startHarness({ client: { password: 'not-the-password' } })
    const error = await failure(h.client.ownedChargePoints())
    expect(error.kind).toBe('auth')
    expect(error.message).toMatch(/did not accept the sign-in/)
    expect(h.fake.state.logins).toBe(0)
  })

  it('asks for the API key before sending anything when it is missing', async () => {
    h = await startHarness({ client: { apiKey: '' } })
    const error = await failure(h.client.ownedChargePoints())
    expect(error.kind).toBe('config')
    expect(error.message).toBe(API_KEY_MISSING)
    expect(error.message).toMatch(/^Charge Amps needs an API key from their support/)
    expect(h.fake.requests).toHaveLength(0)
  })

  it('names the API key when Charge Amps forbids it', async () => {
    h = await startHarness({ client: { apiKey: 'someone-elses-key' } })
    h.fake.state.badApiKeyStatus = 403
    const error = await failure(h.client.login())
    expect(error.kind).toBe('config')
    expect(error.message).toMatch(/^Charge Amps needs an API key from their support/)
  })

  it('gives up with an auth sentence when a fresh sign-in is still refused', async () => {
    h = await startHarness()
    await h.client.status(CP)
    h.fake.state.expireTokens()
    h.fake.state.rejectRefresh = true
    h.fake.state.faults.push({ path: '/auth/login', status: 401, times: 1 })
    nextPoll(h)
    const error = await failure(h.client.status(CP))
    expect(error.kind).toBe('auth')
  })
})

describe('Charge Amps errors and pacing', () => {
  it('waits out a 429 with its Retry-After, then succeeds', async () => {
    h = await startHarness()
    await h.client.login()
    h.fake.state.faults.push({ path: '/status', status: 429, retryAfterS: 5, times: 1 })
    const status = await h.client.status(CP)
    expect(status.id).toBe(CP)
    expect(h.sleeps).toHaveLength(1)
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(5_000)
  })

  it('backs off with jitter on 5xx for reads', async () => {
    h = await startHarness()
    await h.client.login()
    h.fake.state.faults.push({ path: '/status', status: 503, times: 2 })
    await h.client.status(CP)
    expect(h.sleeps).toEqual([backoffDelayMs(0, defaultBackoff, () => 0.5), backoffDelayMs(1, defaultBackoff, () => 0.5)])
    expect(h.sleeps[1]).toBeGreaterThan(h.sleeps[0]!)
    expect(hits(h, 'GET', '/status')).toBe(3)
  })

  it('reports a cloud that keeps failing as offline after the last attempt', async () => {
    h = await startHarness()
    await h.client.login()
    h.fake.state.faults.push({ path: '/status', status: 502, times: 99 })
    const error = await failure(h.client.status(CP))
    expect(error.kind).toBe('offline')
    expect(error.message).toMatch(/HTTP 502/)
    expect(hits(h, 'GET', '/status')).toBe(defaultBackoff.attempts)
  })

  it('does not repeat a restart after a 5xx: the charger may already be restarting', async () => {
    h = await startHarness()
    await h.client.login()
    h.fake.state.faults.push({ path: '/reboot', status: 500, times: 1 })
    const error = await failure(h.client.reboot(CP))
    expect(error.kind).toBe('offline')
    expect(hits(h, 'PUT', '/reboot')).toBe(1)
    expect(h.sleeps).toEqual([])
  })

  it('turns a malformed body into bad-response', async () => {
    h = await startHarness()
    await h.client.login()
    h.fake.state.faults.push({ path: '/status', status: 200, body: '{"id":"2103001234","status":', times: 1 })
    const error = await failure(h.client.status(CP))
    expect(error.kind).toBe('bad-response')
    expect(error.message).toMatch(/not JSON/)
  })

  it('turns a body of the wrong shape into bad-response naming the field', async () => {
    h = await startHarness()
    await h.client.login()
    h.fake.state.faults.push({ path: '/status', status: 200, body: '{"id":"2103001234","status":"Sleeping"}', times: 1 })
    const error = await failure(h.client.status(CP))
    expect(error.kind).toBe('bad-response')
    expect(error.message).toMatch(/status/)
  })

  it('reads the status at most once per 30 s and shares the cached answer', async () => {
    h = await startHarness()
    await Promise.all([h.client.status(CP), h.client.status(CP)])
    h.clock.advance(29_000)
    await h.client.status(CP)
    expect(hits(h, 'GET', '/status')).toBe(1)
    h.clock.advance(1_000)
    await h.client.status(CP)
    expect(hits(h, 'GET', '/status')).toBe(2)
  })

  it('says which charger Charge Amps does not know', async () => {
    h = await startHarness()
    const error = await failure(h.client.status('9999999999'))
    expect(error.kind).toBe('config')
    expect(error.message).toMatch(/9999999999/)
  })

  it('explains a read-only charger when a write is forbidden', async () => {
    h = await startHarness()
    h.fake.state.chargePoint().ownerReadOnly = true
    const error = await failure(h.client.setMaxCurrent(CP, 1, 10))
    expect(error.kind).toBe('auth')
    expect(error.message).toMatch(/read-only/)
  })

  it('reports an unreachable cloud as offline, naming the host', async () => {
    h = await startHarness()
    const url = h.fake.url
    await h.fake.close()
    const client = new ChargeAmpsClient({ baseUrl: url, email: 'a@b.c', password: 'pw-123456', apiKey: 'key-123456', now: () => h.clock.now() })
    const error = await failure(client.ownedChargePoints())
    await client.close()
    expect(error.kind).toBe('offline')
    expect(error.message).toContain(new URL(url).host)
  })
})

describe('Charge Amps commands', () => {
  it('reboots, stops and starts with the bodies the API expects', async () => {
    h = await startHarness()
    await h.client.reboot(CP)
    expect(h.fake.state.chargePoint().reboots).toBe(1)
    h.clock.advance(61_000)
    await h.client.remoteStop(CP, 1)
    expect(h.fake.state.connector().session?.stopped).toBe(true)
    await h.client.remoteStart(CP, 1, { rfidLength: 4, rfidFormat: 'Hex', rfid: 'A1B2C3D4' })
    expect(h.fake.state.connector().session).toMatchObject({ stopped: false, authorized: true })
    const start = h.fake.requests.find((r) => r.path.endsWith('/remotestart'))
    expect(start?.body).toEqual({ rfidLength: 4, rfidFormat: 'Hex', rfid: 'A1B2C3D4' })
  })

  it('overrides a schedule and reads the override status', async () => {
    h = await startHarness()
    await h.client.overrideSchedule(CP, 1)
    expect(await h.client.scheduleOverrideStatus(CP)).toEqual([{ connectorId: 1, isOverridden: true }])
  })

  it('lists charging sessions, newest first', async () => {
    h = await startHarness()
    await h.client.status(CP) // the fake starts a session for the plugged-in car
    h.clock.advance(3_600_000)
    h.fake.state.unplug()
    h.fake.state.plugIn()
    h.clock.advance(60_000)
    const sessions = await h.client.chargingSessions(CP, 1)
    expect(sessions).toHaveLength(2)
    expect(sessions[0]!.endTime ?? null).toBeNull()
    expect(sessions[1]!.totalConsumptionKwh).toBeCloseTo((16 * (231 + 230.2 + 232.1)) / 1000, 2)
  })
})
