/**
 * The EAPI sign-in: apiKey header plus e-mail and password give a JWT and a refresh token. The
 * token is refreshed 30 s before its `exp` (as kirei's client does); the refresh call wants the
 * old token with the refresh token, and when Charge Amps refuses it we sign in again.
 */
import { VendorError } from '../../errors'
import { tokenExpiresAtMs } from './jwt'
import { decode, tryDecode } from './decode'
import { API_KEY_REFUSED, loginRefused, missingApiKey } from './messages'
import { LoginResponse, TokenRefresh, type UserView } from './schemas'
import type { HttpRequest, HttpResponse } from './transport'

export const LOGIN_PATH = '/api/v5/auth/login'
export const REFRESH_PATH = '/api/v5/auth/refreshToken'
const REFRESH_SKEW_MS = 30_000

export interface Credentials {
  email: string
  password: string
  apiKey: string
}

/** Sends one request through the client's budget and retry policy; 4xx come back as responses. */
export type Exchange = (req: HttpRequest) => Promise<HttpResponse>

export class TokenSession {
  private token: string | null = null
  private refreshToken: string | null = null
  private expiresAtMs: number | null = null
  private signedInUser: UserView | null = null
  private renewing: Promise<string> | null = null

  constructor(
    private readonly credentials: Credentials,
    private readonly exchange: Exchange,
    private readonly now: () => number,
    /** Registers each new token with the log redactor. */
    private readonly onSecret: (value: string) => void,
  ) {}

  get user(): UserView | null {
    return this.signedInUser
  }

  /** A token good for the next request; concurrent callers share one renewal. */
  async bearer(): Promise<string> {
    if (this.token && !this.expiringSoon()) return this.token
    this.renewing ??= this.renew().finally(() => {
      this.renewing = null
    })
    return this.renewing
  }

  /** The server answered 401 to this token: renew before the next request. */
  invalidate(token: string): void {
    if (this.token === token) this.expiresAtMs = Number.NEGATIVE_INFINITY
  }

  /** Signs in afresh, ignoring any token held; used by the account test. */
  async login(): Promise<string> {
    if (!this.credentials.apiKey.trim()) throw missingApiKey()
    const res = await this.exchange({
      method: 'POST',
      path: LOGIN_PATH,
      headers: { apiKey: this.credentials.apiKey },
      body: { email: this.credentials.email, password: this.credentials.password },
    })
    if (res.status === 401 || res.status === 400) throw loginRefused()
    if (res.status === 403) throw new VendorError('config', API_KEY_REFUSED)
    if (res.status !== 200) throw new VendorError('bad-response', `Charge Amps answered HTTP ${res.status} to the sign-in. Sunspill keeps trying.`)
    const login = decode(res.text, LoginResponse, 'its sign-in answer')
    this.signedInUser = login.user ?? null
    return this.store(login.token, login.refreshToken)
  }

  private expiringSoon(): boolean {
    return this.expiresAtMs !== null && this.now() >= this.expiresAtMs - REFRESH_SKEW_MS
  }

  private async renew(): Promise<string> {
    if (this.token && this.refreshToken) {
      const refreshed = await this.refresh(this.token, this.refreshToken)
      if (refreshed) return refreshed
    }
    return this.login()
  }

  /** Null when Charge Amps would not refresh (expired or revoked refresh token): sign in instead. */
  private async refresh(token: string, refreshToken: string): Promise<string | null> {
    const res = await this.exchange({
      method: 'POST',
      path: REFRESH_PATH,
      headers: { apiKey: this.credentials.apiKey },
      body: { token, refreshToken },
    })
    this.token = null
    this.refreshToken = null
    if (res.status !== 200) return null
    const tokens = tryDecode(res.text, TokenRefresh)
    return tokens ? this.store(tokens.token, tokens.refreshToken) : null
  }

  private store(token: string, refreshToken: string): string {
    this.onSecret(token)
    this.onSecret(refreshToken)
    this.token = token
    this.refreshToken = refreshToken
    this.expiresAtMs = tokenExpiresAtMs(token, this.now())
    return token
  }
}
