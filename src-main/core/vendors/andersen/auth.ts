/**
 * Signing in to Andersen: the e-mail is first mapped to the Cognito username (a plain POST to
 * get-pending-user; Cognito refuses the raw e-mail), then USER_SRP_AUTH gives an IdToken (about an
 * hour, the bearer for every call) and a refresh token (about 30 days). Tokens are renewed a few
 * minutes before they run out, by REFRESH_TOKEN_AUTH with the device key when the pool handed one
 * out, else by a full login. One renewal runs at a time, and a failed login is not repeated for a
 * while: Cognito throttles accounts that hammer SRP, and a wrong password does not fix itself.
 */
import { z } from 'zod'
import type { Clock } from '../../clock'
import { VendorError } from '../../errors'
import type { Logger } from '../../host'
import { RefreshRefused, refreshTokens, type CognitoTokens } from './cognito'
import { hostOf, type AndersenEndpoints } from './endpoints'
import { parseJson, type Http } from './http'
import { badResponse, rateLimited, serverTrouble, signInFailed, unknownEmail } from './messages'
import { srpLogin } from './srp-login'

/** What the GraphQL and WebSocket clients need from auth. */
export interface TokenSource {
  /** A token that is valid for a while yet; signs in or refreshes when needed. */
  idToken(): Promise<string>
  /** The server refused `rejected`: refresh, or sign in again, and return the new token. */
  renew(rejected: string): Promise<string>
}

export interface AndersenAuthOptions {
  endpoints: AndersenEndpoints
  email: string
  password: string
  clock: Clock
  logger: Logger
  http: Http
}

interface Session {
  idToken: string
  refreshToken: string
  deviceKey: string | null
  username: string
  obtainedAtMs: number
  lifetimeMs: number
}

const PendingUserAnswer = z.union([z.object({ username: z.string().min(1) }), z.object({ error: z.string() })])

/** Renew this long before expiry: forks use 90 s to 5 min; short test tokens get a tenth. */
function renewMarginMs(lifetimeMs: number): number {
  return Math.min(300_000, lifetimeMs / 10)
}

/** How long a failed login is remembered before Cognito is asked again. */
function loginCooldownMs(error: VendorError): number {
  switch (error.kind) {
    case 'auth':
      return 15 * 60_000
    case 'rate-limited':
      return error.retryAfterMs ?? 5 * 60_000
    case 'offline':
      return 30_000
    default:
      return 60_000
  }
}

export class AndersenAuth implements TokenSource {
  private username: string | null = null
  private session: Session | null = null
  private renewal: Promise<Session> | null = null
  private lastFailure: { error: VendorError; untilMs: number } | null = null

  constructor(private readonly options: AndersenAuthOptions) {
    options.logger.redact(options.password)
  }

  async idToken(): Promise<string> {
    const session = this.session
    if (session && this.options.clock.now() < session.obtainedAtMs + session.lifetimeMs - renewMarginMs(session.lifetimeMs)) {
      return session.idToken
    }
    return (await this.renewSession()).idToken
  }

  async renew(rejected: string): Promise<string> {
    // Another caller may have renewed while this one's request was in flight.
    if (this.session && this.session.idToken !== rejected) return this.session.idToken
    return (await this.renewSession()).idToken
  }

  /** The Cognito username for the e-mail (step 0 of the sign-in). */
  async lookupUsername(): Promise<string> {
    if (this.username) return this.username
    const { endpoints, http, email } = this.options
    const answer = await http.send({ method: 'POST', url: endpoints.pendingUser, body: { email } })
    if (answer.status === 429) throw rateLimited(answer.retryAfterMs)
    if (answer.status >= 500) throw serverTrouble(hostOf(endpoints.pendingUser), answer.status)
    const json = parseJson(answer.text)
    const parsed = json.ok ? PendingUserAnswer.safeParse(json.value) : null
    if (parsed?.success && 'username' in parsed.data && answer.status === 200) {
      this.username = parsed.data.username
      return this.username
    }
    if ((parsed?.success && 'error' in parsed.data) || (answer.status >= 400 && answer.status < 500)) throw unknownEmail(email)
    throw badResponse('the e-mail lookup', json.ok ? 'no username in it' : 'not JSON')
  }

  private renewSession(): Promise<Session> {
    if (!this.renewal) {
      this.renewal = this.refreshOrLogin().finally(() => {
        this.renewal = null
      })
    }
    return this.renewal
  }

  private async refreshOrLogin(): Promise<Session> {
    const current = this.session
    if (current) {
      try {
        const tokens = await refreshTokens(this.options.http, this.options.endpoints.cognito, current.refreshToken, current.deviceKey)
        return this.keep(tokens, current.username, current.deviceKey)
      } catch (error) {
        if (!(error instanceof RefreshRefused)) throw error
        this.options.logger.info('Andersen refused the refresh token; signing in again', { reason: error.code })
      }
    }
    return this.login()
  }

  private async login(): Promise<Session> {
    const { clock, endpoints, password, email, logger } = this.options
    if (this.lastFailure && clock.now() < this.lastFailure.untilMs) throw this.lastFailure.error
    this.session = null
    try {
      const username = await this.lookupUsername()
      const result = await srpLogin({ endpoint: endpoints.cognito, username, password, email })
      this.lastFailure = null
      logger.info('Signed in to Andersen', { deviceTracking: result.deviceKey !== null })
      return this.keep(result, result.username, result.deviceKey)
    } catch (caught) {
      const error = caught instanceof VendorError ? caught : signInFailed(caught instanceof Error ? caught.message : String(caught))
      this.lastFailure = { error, untilMs: clock.now() + loginCooldownMs(error) }
      throw error
    }
  }

  private keep(tokens: CognitoTokens, username: string, deviceKey: string | null): Session {
    this.options.logger.redact(tokens.idToken)
    this.options.logger.redact(tokens.refreshToken)
    this.session = {
      idToken: tokens.idToken,
      refreshToken: tokens.refreshToken,
      deviceKey,
      username,
      obtainedAtMs: this.options.clock.now(),
      lifetimeMs: tokens.lifetimeMs,
    }
    return this.session
  }
}
