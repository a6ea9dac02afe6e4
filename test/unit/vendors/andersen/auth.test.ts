import { afterEach, describe, expect, it } from 'vitest'
import { startRig, type Rig } from './helpers'
import { failure } from '../failure'

let rig: Rig | null = null
afterEach(async () => {
  await rig?.close()
  rig = null
})

const cognitoCalls = (r: Rig) => r.fake.requests.filter((q) => q.kind === 'cognito').map((q) => q.name)

describe('Andersen sign-in', () => {
  it('maps the e-mail to the username, signs in with SRP the fake verifies, and the IdToken opens GraphQL', async () => {
    rig = await startRig()
    const devices = await rig.api.currentUserDevices()
    expect(devices.map((d) => d.id)).toEqual([rig.fake.deviceId])
    expect(rig.fake.count('pending-user')).toBe(1)
    expect(cognitoCalls(rig)).toEqual(['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'ConfirmDevice'])
    expect(rig.fake.requests.find((q) => q.kind === 'graphql')?.authorized).toBe(true)
    // The pool confirmed the device the library registered.
    expect([...rig.fake.state.cognito.devices.values()].map((d) => d.confirmed)).toEqual([true])
    expect(await rig.auth.lookupUsername()).toBe('7d1f5c8e-2b4a-4c6e-9f10-3a5b7c9d1e2f:1')
  })

  it('says the password is wrong, and does not ask Cognito again straight away', async () => {
    rig = await startRig({}, 'not-the-password')
    const error = await failure(rig.auth.idToken())
    expect(error.kind).toBe('auth')
    expect(error.message).toContain('did not accept the password for driver@example.com')
    expect(cognitoCalls(rig)).toEqual(['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER'])

    const again = await failure(rig.auth.idToken())
    expect(again.message).toBe(error.message)
    expect(cognitoCalls(rig)).toHaveLength(2)
  })

  it('says when Andersen has no account for the e-mail, before any Cognito call', async () => {
    rig = await startRig({}, undefined, 'someone.else@example.com')
    const error = await failure(rig.auth.idToken())
    expect(error.kind).toBe('auth')
    expect(error.message).toContain('no Konnect+ account for someone.else@example.com')
    expect(rig.fake.count('pending-user')).toBe(1)
    expect(cognitoCalls(rig)).toEqual([])
  })

  it('refreshes with the device key before the token runs out, without a new SRP login', async () => {
    rig = await startRig({ tokenTtlS: 3600 })
    await rig.api.currentUserDevices()
    rig.clock.advance(3_400_000) // inside the five-minute renewal margin of a one-hour token
    await rig.api.currentUserDevices()

    expect(cognitoCalls(rig).filter((c) => c === 'InitiateAuth:USER_SRP_AUTH')).toHaveLength(1)
    const refresh = rig.fake.requests.find((q) => q.name === 'InitiateAuth:REFRESH_TOKEN_AUTH')
    expect(refresh?.parameters).toEqual(['REFRESH_TOKEN', 'DEVICE_KEY'])
    expect(rig.fake.requests.filter((q) => q.kind === 'graphql').every((q) => q.authorized)).toBe(true)

    // Past the new token's life too: a second refresh, still no password.
    rig.clock.advance(3_600_000)
    await rig.api.currentUserDevices()
    expect(rig.fake.count('cognito', 'InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(2)
    expect(rig.fake.count('cognito', 'InitiateAuth:USER_SRP_AUTH')).toBe(1)
  })

  it('renews once and repeats the call when GraphQL answers UNAUTHENTICATED', async () => {
    rig = await startRig()
    await rig.api.currentUserDevices()
    rig.fake.expireTokens()
    const devices = await rig.api.currentUserDevices()

    expect(devices).toHaveLength(1)
    const calls = rig.fake.requests.filter((q) => q.kind === 'graphql').map((q) => q.authorized)
    expect(calls).toEqual([true, false, true])
    expect(rig.fake.count('cognito', 'InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(1)
  })

  it('treats an HTTP 401 like UNAUTHENTICATED', async () => {
    rig = await startRig({ unauthenticatedStatus: 401 })
    await rig.api.currentUserDevices()
    rig.fake.expireTokens()
    await rig.api.solar(rig.fake.deviceId)
    expect(rig.fake.requests.filter((q) => q.kind === 'graphql').map((q) => q.authorized)).toEqual([true, false, true])
  })

  it('signs in again with the password when Cognito refuses the refresh token', async () => {
    rig = await startRig({ refreshWorks: false })
    await rig.api.currentUserDevices()
    rig.fake.expireTokens()
    await rig.api.currentUserDevices()
    expect(cognitoCalls(rig).filter((c) => c !== 'ConfirmDevice')).toEqual([
      'InitiateAuth:USER_SRP_AUTH',
      'RespondToAuthChallenge:PASSWORD_VERIFIER',
      'InitiateAuth:REFRESH_TOKEN_AUTH',
      'InitiateAuth:USER_SRP_AUTH',
      'RespondToAuthChallenge:PASSWORD_VERIFIER',
    ])
    // The username lookup is remembered.
    expect(rig.fake.count('pending-user')).toBe(1)
  })

  it('gives up with a sentence when even a fresh token is refused', async () => {
    rig = await startRig()
    await rig.api.currentUserDevices()
    rig.fake.failNext('graphql', { body: JSON.stringify({ errors: [{ message: 'Context creation failed: Invalid/expired login token', extensions: { code: 'UNAUTHENTICATED' } }] }) })
    rig.fake.failNext('graphql', { body: JSON.stringify({ errors: [{ message: 'Context creation failed: Invalid/expired login token', extensions: { code: 'UNAUTHENTICATED' } }] }) })
    const error = await failure(rig.api.currentUserDevices())
    expect(error.kind).toBe('auth')
    expect(error.message).toContain('refused the sign-in even after signing in again')
  })

  it('hands the password and every token to the logger to redact', async () => {
    rig = await startRig()
    const redacted: string[] = []
    const original = rig.logger.redact
    rig.logger.redact = (value) => {
      redacted.push(value)
      original(value)
    }
    // The auth registered the password when it was built, before this spy: check through the text.
    rig.logger.info(`probe ${rig.fake.password}`)
    const token = await rig.auth.idToken()
    expect(redacted).toContain(token)
    expect(rig.logger.lines.join('\n')).not.toContain(rig.fake.password)
    expect(rig.logger.lines.join('\n')).not.toContain(token)
  })
})
