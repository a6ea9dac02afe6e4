/**
 * The Wallbox sign-in, kept alive with the refresh token. Every sign-in opens a server session and
 * Wallbox evicts the oldest past a limit, which logs the owner's phone app out; so Sunspill signs
 * in once, refreshes the JWT shortly before it expires, and signs in again only when Wallbox
 * rejects the refresh token (it can invalidate them early).
 *
 * A 429 from sign-in or refresh holds every renewal of the account off until its Retry-After:
 * the keeper is shared by the account's clients, so otherwise each poll would ask again.
 */
import type { z } from 'zod'
import { VendorError } from '../../errors'
import { badResponse, credentialsRefused, serverTrouble } from './messages'
import { SignInResponse } from './schemas'
import { parseJson, type HttpResponse, type Transport } from './transport'
import { waitPhrase } from '../shared/wait-phrase'

/** Renew this long before the server's expiry, so a request never carries a token about to lapse. */
const RENEW_BEFORE_MS = 60_000
/** The documented lifetime, used when a response's ttl cannot be trusted. */
const FALLBACK_LIFETIME_MS = 15 * 60_000
/** A 429 that names no wait: a minute (Wallbox's observed window), doubling while 429s continue. */
const THROTTLE_BASE_MS = 60_000
const THROTTLE_MAX_MS = 15 * 60_000

/** Wallbox refused to sign in or refresh for load; nothing is asked again for retryAfterMs. */
class RenewalThrottled extends VendorError {
  constructor(waitMs: number) {
    super('rate-limited', `Wallbox asked Sunspill to slow down signing in. Sunspill waits ${waitPhrase(waitMs)} before signing in again.`, waitMs)
  }
}

interface Tokens {
  token: string
  refreshToken: string
  /** On our clock. */
  expiresAtMs: number
  refreshExpiresAtMs: number
}

export interface TokenKeeperOptions {
  userApiUrl: string
  username: string
  password: string
  now: () => number
  /** Registers a value that must never reach a log line. */
  redact: (value: string) => void
}

type Redact = (value: string) => void

export class TokenKeeper {
  private tokens: Tokens | null = null
  private pending: Promise<Tokens> | null = null
  /** For the logs and tests: how often each happened. */
  signIns = 0
  refreshes = 0
  private readonly secrets = new Set<string>()
  private readonly redactors = new Set<Redact>()
  private renewalBlockedUntilMs = Number.NEGATIVE_INFINITY
  /** 429s in a row on sign-in or refresh, for the doubling wait. */
  private throttles = 0

  constructor(readonly options: TokenKeeperOptions) {
    this.attach(options.redact)
    this.secret(options.password)
    this.secret(basic(options.username, options.password))
  }

  /** Every logger that may see this account's requests learns its secrets, past and future. */
  attach(redact: Redact): void {
    if (this.redactors.has(redact)) return
    this.redactors.add(redact)
    for (const value of this.secrets) redact(value)
  }

  private secret(value: string): void {
    this.secrets.add(value)
    for (const redact of this.redactors) redact(value)
  }

  /** Only the live tokens are replayed to a logger attached later; old ones are dead anyway. */
  private replaceTokens(next: Tokens): void {
    if (this.tokens) {
      this.secrets.delete(this.tokens.token)
      this.secrets.delete(this.tokens.refreshToken)
    }
    this.secret(next.token)
    this.secret(next.refreshToken)
    this.tokens = next
  }

  /** A token that is good for at least another minute, or the last one while renewal is held off. */
  async bearer(transport: Transport): Promise<string> {
    const now = this.options.now()
    if (this.tokens && now < this.tokens.expiresAtMs - RENEW_BEFORE_MS) return this.tokens.token
    // Renewing early is a courtesy; while Wallbox holds renewal off, a token not yet lapsed still works.
    const lastGood = this.tokens && now < this.tokens.expiresAtMs ? this.tokens.token : null
    const blockedMs = this.renewalBlockedMs()
    if (blockedMs > 0) {
      if (lastGood) return lastGood
      throw new RenewalThrottled(blockedMs)
    }
    try {
      return (await this.single(() => this.renewTokens(transport, false))).token
    } catch (error) {
      if (lastGood && error instanceof RenewalThrottled) return lastGood
      throw error
    }
  }

  /** After a 401: the token is dead whatever its ttl said. */
  async renew(transport: Transport, rejected: string): Promise<string> {
    // Another request may already have renewed it while this one was in flight.
    if (this.tokens && this.tokens.token !== rejected) return this.tokens.token
    const blockedMs = this.renewalBlockedMs()
    if (blockedMs > 0) throw new RenewalThrottled(blockedMs)
    return (await this.single(() => this.renewTokens(transport, true))).token
  }

  private renewalBlockedMs(): number {
    return Math.max(0, this.renewalBlockedUntilMs - this.options.now())
  }

  forget(): void {
    this.tokens = null
  }

  private single(run: () => Promise<Tokens>): Promise<Tokens> {
    if (!this.pending) {
      this.pending = run().finally(() => {
        this.pending = null
      })
    }
    return this.pending
  }

  private async renewTokens(transport: Transport, force: boolean): Promise<Tokens> {
    const current = this.tokens
    const now = this.options.now()
    if (current && (force || now < current.refreshExpiresAtMs - RENEW_BEFORE_MS)) {
      const refreshed = await this.refresh(transport, current.refreshToken)
      if (refreshed) return refreshed
    }
    return this.signIn(transport)
  }

  private async signIn(transport: Transport): Promise<Tokens> {
    this.signIns += 1
    const res = await transport.send({
      method: 'GET',
      url: `${this.options.userApiUrl}/users/signin`,
      headers: { authorization: `Basic ${basic(this.options.username, this.options.password)}`, partner: 'wallbox' },
    })
    if (res.status === 401 || res.status === 403) {
      this.tokens = null
      throw credentialsRefused()
    }
    return this.accept(res, 'the sign-in')
  }

  /** Null when Wallbox rejected the refresh token: the caller signs in again. */
  private async refresh(transport: Transport, refreshToken: string): Promise<Tokens | null> {
    this.refreshes += 1
    const res = await transport.send({
      method: 'GET',
      url: `${this.options.userApiUrl}/users/refresh-token`,
      headers: { authorization: `Bearer ${refreshToken}`, partner: 'wallbox' },
    })
    if (res.status === 401 || res.status === 403) {
      this.tokens = null
      return null
    }
    return this.accept(res, 'the token refresh')
  }

  private accept(res: HttpResponse, what: string): Tokens {
    if (res.status === 429) {
      const waitMs = res.retryAfterMs ?? Math.min(THROTTLE_MAX_MS, THROTTLE_BASE_MS * 2 ** Math.min(this.throttles, 20))
      this.throttles += 1
      this.renewalBlockedUntilMs = Math.max(this.renewalBlockedUntilMs, this.options.now() + waitMs)
      throw new RenewalThrottled(waitMs)
    }
    if (res.status >= 500) throw serverTrouble(res.status)
    if (res.status < 200 || res.status >= 300) throw badResponse(`${what} answered HTTP ${res.status}`)
    const json = parseJson(res.text)
    const parsed: z.ZodSafeParseResult<SignInResponse> | null = json.ok ? SignInResponse.safeParse(json.value) : null
    if (!parsed?.success) throw badResponse(`${what} had no token`)
    const a = parsed.data.data.attributes
    const now = this.options.now()
    const serverNow = res.serverDateMs ?? now
    const next: Tokens = {
      token: a.token,
      refreshToken: a.refresh_token,
      expiresAtMs: now + lifetimeMs(a.ttl, serverNow, FALLBACK_LIFETIME_MS),
      refreshExpiresAtMs: now + lifetimeMs(a.refresh_token_ttl, serverNow, 24 * 60 * 60_000),
    }
    this.throttles = 0
    this.replaceTokens(next)
    return next
  }
}

function basic(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64')
}

/**
 * `ttl` is an absolute epoch in ms on the server's clock; measured against the server's Date
 * header, our own clock's error does not matter. A value that makes no sense falls back to the
 * documented lifetime and the 401 path handles the rest.
 */
function lifetimeMs(ttl: number, serverNowMs: number, fallbackMs: number): number {
  const epochMs = ttl < 1e11 ? ttl * 1000 : ttl
  const lifetime = epochMs - serverNowMs
  return lifetime > RENEW_BEFORE_MS ? lifetime : fallbackMs
}
