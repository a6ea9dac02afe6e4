/**
 * A 429 on sign-in or token refresh holds renewal off for the account: the charger keeps being
 * polled, but Wallbox is not asked again before the Retry-After, each read in between says how
 * long Sunspill waits, and sign-in works again after.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { VendorError } from '../../../../src-main/core/errors'
import { wallboxFakeFixture } from '../../../fakes/wallbox/server'
import { failure } from '../failure'
import { START_MS, startRig, type Rig } from './helpers'

const ID = wallboxFakeFixture.chargerId
const MINUTE = 60_000
let rig: Rig

afterEach(async () => {
  await rig?.close()
})

const log = () => rig.fake.requests.map((r) => `${(r.atMs - START_MS) / 1000} ${r.path} ${r.status}`)

describe('Wallbox sign-in throttling', () => {
  it('a 429 with Retry-After: 300 on sign-in is waited out, however often the charger is read', async () => {
    rig = await startRig()
    rig.fake.state.overrides.push({ path: '/users/signin', status: 429, body: '{"error":"Too Many Requests"}', headers: { 'retry-after': '300' } })
    const charger = rig.charger()

    const first = await failure(charger.readCharger())
    expect(first).toMatchObject({ kind: 'rate-limited', retryAfterMs: 300_000 })
    expect(first.message).toContain('Sunspill waits 5 min before signing in again')

    const errors: VendorError[] = []
    for (rig.clock.advance(charger.pollMs); rig.clock.now() < START_MS + 5 * MINUTE; rig.clock.advance(charger.pollMs)) {
      errors.push(await failure(charger.readCharger()))
    }
    expect(errors).toHaveLength(4)
    expect(errors.map((e) => e.retryAfterMs)).toEqual([240_000, 180_000, 120_000, 60_000])
    expect(errors.at(-1)!.message).toContain('Sunspill waits 60 s')
    expect(log()).toEqual(['0 /users/signin 429'])

    expect((await charger.readCharger()).connected).toBe(true)
    expect(log()).toEqual(['0 /users/signin 429', '300 /users/signin 200', `300 /chargers/status/${ID} 200`])
  })

  it('without a Retry-After it waits a minute, then twice as long while the 429s go on', async () => {
    rig = await startRig()
    rig.fake.state.overrides.push({ path: '/users/signin', status: 429, body: '{}', times: 2 })
    const client = rig.client()

    expect((await failure(client.getStatus(ID))).retryAfterMs).toBe(MINUTE)
    rig.clock.advance(30_000)
    await failure(client.getStatus(ID))
    rig.clock.advance(30_000)
    expect((await failure(client.getStatus(ID))).retryAfterMs).toBe(2 * MINUTE)
    rig.clock.advance(2 * MINUTE)
    expect((await client.getStatus(ID)).status_id).toBe(182)
    expect(log()).toEqual(['0 /users/signin 429', '60 /users/signin 429', '180 /users/signin 200', `180 /chargers/status/${ID} 200`])
  })

  it('a throttled refresh keeps the token while it lasts, then waits out the Retry-After', async () => {
    rig = await startRig({ tokenTtlMs: 5 * MINUTE })
    const client = rig.client()
    await client.getStatus(ID)
    rig.clock.advance(4.5 * MINUTE) // inside the minute before expiry, when the token is renewed
    rig.fake.state.overrides.push({ path: '/users/refresh-token', status: 429, body: '{}', headers: { 'retry-after': '600' } })

    expect((await client.getStatus(ID)).status_id).toBe(182)
    rig.clock.advance(MINUTE) // the token has lapsed now
    const held = await failure(client.getStatus(ID))
    expect(held).toMatchObject({ kind: 'rate-limited', retryAfterMs: 9 * MINUTE })
    expect(held.message).toContain('Sunspill waits 9 min')

    rig.clock.advance(9 * MINUTE)
    expect((await client.getStatus(ID)).status_id).toBe(182)
    expect(log()).toEqual([
      '0 /users/signin 200',
      `0 /chargers/status/${ID} 200`,
      '270 /users/refresh-token 429',
      `270 /chargers/status/${ID} 200`,
      '870 /users/refresh-token 200',
      `870 /chargers/status/${ID} 200`,
    ])
  })
})
