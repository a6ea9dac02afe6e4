/**
 * When Andersen says slow down, the charger's status poll waits: no GraphQL or Cognito request
 * until the wait is over, each read in between fails at once saying how long Sunspill waits, and
 * the status comes back after. The socket is off here, so polling is the only source of status.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { VendorError } from '../../../../src-main/core/errors'
import type { AndersenCharger } from '../../../../src-main/core/vendors/andersen/adapter'
import { failure } from '../failure'
import { chargerOn, startRig, type Rig } from './helpers'

let rig: Rig
let charger: AndersenCharger
afterEach(async () => {
  await charger?.close()
  await rig?.close()
})

const requests = () => rig.fake.requests.filter((r) => r.kind === 'graphql' || r.kind === 'cognito').length

/** Reads every pollMs for `forMs`, returning the failures; every one must be a failure. */
async function pollThrough(forMs: number): Promise<VendorError[]> {
  const errors: VendorError[] = []
  for (let elapsed = charger.pollMs; elapsed < forMs; elapsed += charger.pollMs) {
    rig.clock.advance(charger.pollMs)
    errors.push(await failure(charger.readCharger()))
  }
  rig.clock.advance(forMs - errors.length * charger.pollMs)
  return errors
}

describe('Andersen throttling', () => {
  it('a GraphQL 429 with Retry-After: 300 holds the status poll for 5 minutes, then it reads again', async () => {
    rig = await startRig()
    charger = chargerOn(rig, false)
    await charger.readCharger()
    rig.clock.advance(60_000)
    rig.fake.failNext('graphql', { status: 429, body: '{"errors":[{"message":"Too Many Requests"}]}', headers: { 'retry-after': '300' } })

    const first = await failure(charger.readCharger())
    expect(first).toMatchObject({ kind: 'rate-limited', retryAfterMs: 300_000 })
    expect(first.message).toContain('Sunspill waits 5 min')
    const sent = requests()

    const errors = await pollThrough(300_000)
    expect(errors).toHaveLength(9)
    expect(errors.every((e) => e.kind === 'rate-limited')).toBe(true)
    expect(errors.at(-1)!.message).toContain('Sunspill waits 30 s')
    expect(requests()).toBe(sent)

    expect(await charger.readCharger()).toMatchObject({ connected: true, powerW: 7680 })
    expect(rig.fake.count('graphql', 'getDeviceStatus')).toBe(3)
  })

  it('a throttled token refresh (TooManyRequestsException) is not asked again for 5 minutes', async () => {
    rig = await startRig({ tokenTtlS: 3600 })
    charger = chargerOn(rig, false)
    await charger.readCharger()
    rig.clock.advance(3_400_000) // inside the renewal margin of the one-hour token
    rig.fake.failNext('cognito', { body: '{"__type":"TooManyRequestsException","message":"Rate exceeded"}' })

    const first = await failure(charger.readCharger())
    expect(first).toMatchObject({ kind: 'rate-limited', retryAfterMs: 300_000 })
    expect(first.message).toContain('Sunspill waits 5 min')
    const sent = requests()

    const errors = await pollThrough(300_000)
    expect(errors.every((e) => e.kind === 'rate-limited')).toBe(true)
    expect(requests()).toBe(sent)

    expect((await charger.readCharger()).connected).toBe(true)
    expect(rig.fake.count('cognito', 'InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(2)
  })
})
