import { afterEach, describe, expect, it } from 'vitest'
import { wallboxFakeFixture } from '../../../fakes/wallbox/server'
import { startRig, type Rig } from './helpers'

const ID = wallboxFakeFixture.chargerId
const MINUTE = 60_000
let rig: Rig

afterEach(async () => {
  await rig?.close()
})

describe('Wallbox sign-in and token refresh', () => {
  it('refreshes the token before it expires instead of signing in again', async () => {
    rig = await startRig({ tokenTtlMs: 5 * MINUTE })
    const client = rig.client()
    for (let i = 0; i < 12; i++) {
      await client.getStatus(ID)
      rig.clock.advance(2 * MINUTE)
    }
    expect(rig.fake.state.signIns).toBe(1)
    // 24 minutes with 5-minute tokens renewed a minute early: a refresh every 4 minutes or so.
    expect(rig.fake.state.refreshes).toBeGreaterThanOrEqual(4)
    expect(rig.fake.requests.filter((r) => r.status === 401)).toEqual([])
  })

  it('answers a 401 on an expired token with one refresh, then retries', async () => {
    rig = await startRig()
    const client = rig.client()
    await client.getStatus(ID)
    rig.fake.state.expireAccessTokens()
    rig.clock.advance(MINUTE)
    const status = await client.getStatus(ID)
    expect(status.status_id).toBe(182)
    expect(rig.fake.state.signIns).toBe(1)
    expect(rig.fake.state.refreshes).toBe(1)
    expect(rig.fake.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/users/signin 200',
      `/chargers/status/${ID} 200`,
      `/chargers/status/${ID} 401`,
      '/users/refresh-token 200',
      `/chargers/status/${ID} 200`,
    ])
  })

  it('signs in once more when Wallbox rejects the refresh token', async () => {
    rig = await startRig({ tokenTtlMs: 5 * MINUTE })
    const client = rig.client()
    await client.getStatus(ID)
    rig.fake.state.rejectRefreshTokens = true
    rig.clock.advance(6 * MINUTE)
    await client.getStatus(ID)
    expect(rig.fake.state.signIns).toBe(2)
    expect(rig.fake.requests.filter((r) => r.path === '/users/refresh-token').map((r) => r.status)).toEqual([401])
  })

  it('gives up with the credentials sentence when the API keeps answering 401', async () => {
    rig = await startRig()
    const client = rig.client()
    await client.getStatus(ID)
    rig.clock.advance(MINUTE)
    rig.fake.state.overrides.push({ path: '/chargers/status/', status: 401, body: '{"error":"Unauthorized"}', times: 2 })
    const error = await client.getStatus(ID).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'auth', message: expect.stringMatching(/^Wallbox rejected your e-mail or password/) })
    expect(rig.fake.state.refreshes).toBe(1)
    expect(rig.fake.state.signIns).toBe(1)
  })

  it('shares one sign-in between clients of the same account', async () => {
    rig = await startRig()
    await rig.client().listChargers()
    await rig.client().getStatus(ID)
    expect(rig.fake.state.signIns).toBe(1)
  })

  it('hands the password and every token to the logger to redact, and never logs them', async () => {
    rig = await startRig({ tokenTtlMs: 5 * MINUTE })
    const client = rig.client()
    await client.getStatus(ID)
    rig.clock.advance(5 * MINUTE)
    rig.fake.state.expireAccessTokens()
    await client.getStatus(ID)
    // Distinct values, so a token registered twice cannot stand in for a second pair.
    const redacted = new Set(rig.logger.redacted)
    expect(redacted.has(rig.fake.password)).toBe(true)
    const jwts = [...redacted].filter((v) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(v))
    // Two pairs: the sign-in's and the refresh's.
    expect(jwts.length).toBeGreaterThanOrEqual(4)
    rig.logger.warn(`leak test ${[...redacted].join(' ')}`)
    const all = rig.logger.lines.join('\n')
    for (const secret of redacted) expect(all).not.toContain(secret)
  })
})
