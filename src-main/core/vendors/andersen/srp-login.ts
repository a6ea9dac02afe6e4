/**
 * USER_SRP_AUTH through amazon-cognito-identity-js, the library the Konnect+ ecosystem's own
 * TypeScript sign-in uses: we never touch the SRP math, only wrap its callbacks in a promise.
 * Each login gets fresh in-memory storage, so the library never offers a remembered device (that
 * would start Cognito's DEVICE_SRP_AUTH round) and two accounts never share tokens. When the pool
 * tracks devices, the library confirms the new device itself; we read its key back for refreshes.
 */
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type ICognitoStorage } from 'amazon-cognito-identity-js'
import { VendorError } from '../../errors'
import { signInError, tokenLifetimeMs, type CognitoTokens } from './cognito'
import { ANDERSEN_CLIENT_ID, ANDERSEN_USER_POOL_ID, hostOf } from './endpoints'
import { extraSignInStep, signInFailed, unreachable } from './messages'

export interface SrpLogin extends CognitoTokens {
  /** The username Cognito signed (USER_ID_FOR_SRP). */
  username: string
  /** Set when the pool tracks devices: REFRESH_TOKEN_AUTH must send it back. */
  deviceKey: string | null
}

class MemoryStorage implements ICognitoStorage {
  private readonly items = new Map<string, string>()
  setItem(key: string, value: string): void {
    this.items.set(key, value)
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  removeItem(key: string): void {
    this.items.delete(key)
  }
  clear(): void {
    this.items.clear()
  }
}

const LOGIN_TIMEOUT_MS = 30_000

export function srpLogin(options: { endpoint: string; username: string; password: string; email: string }): Promise<SrpLogin> {
  const storage = new MemoryStorage()
  const pool = new CognitoUserPool({
    UserPoolId: ANDERSEN_USER_POOL_ID,
    ClientId: ANDERSEN_CLIENT_ID,
    endpoint: options.endpoint,
    Storage: storage,
  })
  const user = new CognitoUser({ Username: options.username, Pool: pool, Storage: storage })
  user.setAuthenticationFlowType('USER_SRP_AUTH')
  const details = new AuthenticationDetails({ Username: options.username, Password: options.password })

  return new Promise<SrpLogin>((resolve, reject) => {
    let settled = false
    const finish = (outcome: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      outcome()
    }
    const fail = (error: VendorError) => finish(() => reject(error))
    const timer = setTimeout(() => fail(unreachable(hostOf(options.endpoint), 'no answer in 30 s')), LOGIN_TIMEOUT_MS)

    user.authenticateUser(details, {
      onSuccess(session) {
        finish(() => {
          const idToken = session.getIdToken().getJwtToken()
          const signedAs = user.getUsername()
          resolve({
            idToken,
            accessToken: session.getAccessToken().getJwtToken(),
            refreshToken: session.getRefreshToken().getToken(),
            lifetimeMs: tokenLifetimeMs(idToken),
            username: signedAs,
            deviceKey: storage.getItem(`CognitoIdentityServiceProvider.${ANDERSEN_CLIENT_ID}.${signedAs}.deviceKey`),
          })
        })
      },
      onFailure(error: unknown) {
        fail(libraryError(error, options.email, hostOf(options.endpoint)))
      },
      newPasswordRequired: () => fail(extraSignInStep('a new password')),
      mfaRequired: () => fail(extraSignInStep('an SMS code')),
      totpRequired: () => fail(extraSignInStep('an authenticator code')),
      mfaSetup: () => fail(extraSignInStep('setting up two-factor sign-in')),
      selectMFAType: () => fail(extraSignInStep('choosing a two-factor method')),
      customChallenge: () => fail(extraSignInStep('a custom challenge')),
    })
  })
}

function libraryError(error: unknown, email: string, host: string): VendorError {
  if (error instanceof VendorError) return error
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  const text = typeof message === 'string' ? message : ''
  if (code === 'NetworkError' || text === 'Network error') return unreachable(host, 'network error')
  if (typeof code === 'string' && code !== '') return signInError(code, text, email)
  // The library throws plain errors (TypeErrors, even) when an answer lacks what SRP needs.
  return signInFailed('unexpected answer from the sign-in service')
}
