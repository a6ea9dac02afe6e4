/**
 * A Cognito user pool as Andersen runs it, speaking the IDP JSON API (X-Amz-Target
 * AWSCognitoIdentityProviderService.*): USER_SRP_AUTH → PASSWORD_VERIFIER checked with real SRP
 * (./srp.ts), device tracking (NewDeviceMetadata, ConfirmDevice) and REFRESH_TOKEN_AUTH, which
 * refuses a refresh without the device key when the device was confirmed. USER_PASSWORD_AUTH is
 * refused, as no Andersen client uses it.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { SrpServerSession, makeVerifier, type Verifier } from './srp'

export const FAKE_POOL_ID = 'eu-west-1_t5HV3bFjl'
export const FAKE_CLIENT_ID = '23s0olnnniu5472ons0d9uoqt9'
const POOL_NAME = FAKE_POOL_ID.split('_')[1]!
const TIMESTAMP = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2} \d{2}:\d{2}:\d{2} UTC \d{4}$/

export interface CognitoUserRecord {
  email: string
  username: string
  password: string
}

export interface IssuedToken {
  kind: 'id' | 'access'
  username: string
  expiresAtMs: number
}

export interface CognitoOptions {
  tokenTtlS: number
  deviceTracking: boolean
  refreshWorks: boolean
  now: () => number
}

export interface CognitoAnswer {
  status: number
  body: unknown
}

const fail = (type: string, message: string, status = 400): CognitoAnswer => ({ status, body: { __type: type, message } })

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

export class FakeCognito {
  readonly tokens = new Map<string, IssuedToken>()
  private readonly verifier: Verifier
  private readonly srpSessions = new Map<string, { srp: SrpServerSession; username: string }>()
  private readonly refreshTokens = new Map<string, { username: string; deviceKey: string | null }>()
  /** Device keys handed out, and whether the client confirmed them. */
  readonly devices = new Map<string, { username: string; confirmed: boolean; name: string | null }>()

  constructor(
    readonly user: CognitoUserRecord,
    readonly options: CognitoOptions,
  ) {
    this.verifier = makeVerifier(POOL_NAME, user.username, user.password)
  }

  /** The token's holder, or null when it is unknown, expired or revoked. */
  check(token: string, kind: IssuedToken['kind']): IssuedToken | null {
    const issued = this.tokens.get(token)
    if (!issued || issued.kind !== kind || this.options.now() >= issued.expiresAtMs) return null
    return issued
  }

  /** Makes every token issued so far invalid, as if an hour had passed. */
  expireAll(): void {
    for (const issued of this.tokens.values()) issued.expiresAtMs = 0
  }

  handle(target: string, body: Record<string, unknown>): CognitoAnswer {
    switch (target) {
      case 'InitiateAuth':
        return this.initiateAuth(body)
      case 'RespondToAuthChallenge':
        return this.respondToAuthChallenge(body)
      case 'ConfirmDevice':
        return this.confirmDevice(body)
      default:
        return fail('UnknownOperationException', `Unknown operation ${target}`)
    }
  }

  private initiateAuth(body: Record<string, unknown>): CognitoAnswer {
    if (body.ClientId !== FAKE_CLIENT_ID) return fail('ResourceNotFoundException', `User pool client ${String(body.ClientId)} does not exist.`)
    const params = (body.AuthParameters ?? {}) as Record<string, string | undefined>
    switch (body.AuthFlow) {
      case 'USER_SRP_AUTH': {
        if (params.USERNAME !== this.user.username) return fail('UserNotFoundException', 'User does not exist.')
        if (!params.SRP_A || !/^[0-9a-f]+$/i.test(params.SRP_A)) return fail('InvalidParameterException', 'Missing or invalid SRP_A')
        let srp: SrpServerSession
        try {
          srp = new SrpServerSession(this.verifier, BigInt(`0x${params.SRP_A}`))
        } catch {
          return fail('InvalidParameterException', 'Invalid SRP_A')
        }
        const secretBlock = randomBytes(64).toString('base64')
        this.srpSessions.set(secretBlock, { srp, username: this.user.username })
        return {
          status: 200,
          body: {
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeParameters: {
              SALT: this.verifier.saltHex,
              SECRET_BLOCK: secretBlock,
              SRP_B: srp.B.toString(16),
              USERNAME: this.user.username,
              USER_ID_FOR_SRP: this.user.username,
            },
          },
        }
      }
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN': {
        const entry = params.REFRESH_TOKEN ? this.refreshTokens.get(params.REFRESH_TOKEN) : undefined
        if (!entry || !this.options.refreshWorks) return fail('NotAuthorizedException', 'Invalid Refresh Token')
        const device = entry.deviceKey ? this.devices.get(entry.deviceKey) : undefined
        if (this.options.deviceTracking && device?.confirmed && params.DEVICE_KEY !== entry.deviceKey) {
          return fail('NotAuthorizedException', 'Invalid Refresh Token')
        }
        return { status: 200, body: { AuthenticationResult: this.issue(entry.username, entry.deviceKey, false), ChallengeParameters: {} } }
      }
      case 'USER_PASSWORD_AUTH':
        return fail('InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client')
      default:
        return fail('InvalidParameterException', `Unsupported AuthFlow ${String(body.AuthFlow)}`)
    }
  }

  private respondToAuthChallenge(body: Record<string, unknown>): CognitoAnswer {
    if (body.ClientId !== FAKE_CLIENT_ID) return fail('ResourceNotFoundException', 'User pool client does not exist.')
    if (body.ChallengeName !== 'PASSWORD_VERIFIER') return fail('InvalidParameterException', `Unsupported challenge ${String(body.ChallengeName)}`)
    const r = (body.ChallengeResponses ?? {}) as Record<string, string | undefined>
    const session = r.PASSWORD_CLAIM_SECRET_BLOCK ? this.srpSessions.get(r.PASSWORD_CLAIM_SECRET_BLOCK) : undefined
    if (!session) return fail('NotAuthorizedException', 'Invalid session for the user.')
    this.srpSessions.delete(r.PASSWORD_CLAIM_SECRET_BLOCK!)
    if (r.USERNAME !== session.username) return fail('NotAuthorizedException', 'Incorrect username or password.')
    if (!r.TIMESTAMP || !TIMESTAMP.test(r.TIMESTAMP)) return fail('InvalidParameterException', 'TIMESTAMP format is invalid')
    const ok =
      !!r.PASSWORD_CLAIM_SIGNATURE &&
      session.srp.verifyClaim(POOL_NAME, session.username, r.PASSWORD_CLAIM_SECRET_BLOCK!, r.TIMESTAMP, r.PASSWORD_CLAIM_SIGNATURE)
    if (!ok) return fail('NotAuthorizedException', 'Incorrect username or password.')

    const known = r.DEVICE_KEY ? this.devices.get(r.DEVICE_KEY) : undefined
    let deviceKey: string | null = known ? r.DEVICE_KEY! : null
    let newDevice: { DeviceKey: string; DeviceGroupKey: string } | null = null
    if (this.options.deviceTracking && !known) {
      deviceKey = `eu-west-1_${randomUUID()}`
      this.devices.set(deviceKey, { username: session.username, confirmed: false, name: null })
      newDevice = { DeviceKey: deviceKey, DeviceGroupKey: `-${randomBytes(6).toString('base64url')}` }
    }
    const result: Record<string, unknown> = this.issue(session.username, deviceKey, true)
    if (newDevice) result.NewDeviceMetadata = newDevice
    return { status: 200, body: { AuthenticationResult: result, ChallengeParameters: {} } }
  }

  private confirmDevice(body: Record<string, unknown>): CognitoAnswer {
    const access = typeof body.AccessToken === 'string' ? this.check(body.AccessToken, 'access') : null
    if (!access) return fail('NotAuthorizedException', 'Invalid Access Token')
    const device = typeof body.DeviceKey === 'string' ? this.devices.get(body.DeviceKey) : undefined
    const verifier = body.DeviceSecretVerifierConfig as { Salt?: unknown; PasswordVerifier?: unknown } | undefined
    if (!device || device.username !== access.username) return fail('ResourceNotFoundException', 'Device does not exist.')
    if (typeof verifier?.Salt !== 'string' || typeof verifier.PasswordVerifier !== 'string') {
      return fail('InvalidParameterException', 'DeviceSecretVerifierConfig is required')
    }
    device.confirmed = true
    device.name = typeof body.DeviceName === 'string' ? body.DeviceName : null
    return { status: 200, body: { UserConfirmationNecessary: false } }
  }

  /** Tokens shaped like Cognito's: JWTs with iat/exp, the id token carrying the user's claims. */
  private issue(username: string, deviceKey: string | null, withRefreshToken: boolean): Record<string, unknown> {
    const now = this.options.now()
    const iat = Math.floor(now / 1000)
    const exp = iat + this.options.tokenTtlS
    const header = base64url({ kid: 'fake-andersen', alg: 'RS256' })
    const sign = () => randomBytes(32).toString('base64url')
    const common = { sub: username.split(':')[0], iss: `https://cognito-idp.eu-west-1.amazonaws.com/${FAKE_POOL_ID}`, iat, exp, auth_time: iat }
    const idToken = `${header}.${base64url({ ...common, aud: FAKE_CLIENT_ID, token_use: 'id', 'cognito:username': username, email: this.user.email, email_verified: true })}.${sign()}`
    const accessToken = `${header}.${base64url({ ...common, client_id: FAKE_CLIENT_ID, token_use: 'access', username, device_key: deviceKey })}.${sign()}`
    const expiresAtMs = exp * 1000
    this.tokens.set(idToken, { kind: 'id', username, expiresAtMs })
    this.tokens.set(accessToken, { kind: 'access', username, expiresAtMs })
    const result: Record<string, unknown> = { AccessToken: accessToken, ExpiresIn: this.options.tokenTtlS, IdToken: idToken, TokenType: 'Bearer' }
    // Cognito leaves the refresh token out of a refresh's answer.
    if (withRefreshToken) {
      const refreshToken = randomBytes(48).toString('base64url')
      this.refreshTokens.set(refreshToken, { username, deviceKey })
      result.RefreshToken = refreshToken
    }
    return result
  }
}
