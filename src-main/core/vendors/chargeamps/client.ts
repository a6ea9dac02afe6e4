/**
 * Charge Amps EAPI v5 client. Every call carries the apiKey header and a bearer token; a 401
 * renews the token once (refresh, else sign-in) and retries. 429 and 5xx back off with jitter.
 * Polled reads are cached and spaced at least 30 s apart: the cloud only hears from the charger
 * every ~30 s (heartbeat/metervalue), so polling faster only spends requests.
 * Settings are written read-modify-write: the PUT replaces the whole object, so a partial write
 * would reset mode, RFID lock or cable lock.
 */
import type { z } from 'zod'
import { VendorError } from '../../errors'
import { EndpointSpacing, RequestBudget } from '../shared/budget'
import { backoffDelayMs, defaultBackoff, realSleep, type BackoffPolicy, type Sleep } from '../shared/backoff'
import { decode, tryDecode } from './decode'
import {
  DEFAULT_BASE_URL,
  forbidden,
  holdingBack,
  rateLimited,
  refused,
  serverTrouble,
  sessionsHeldBack,
  signedOut,
  unknownChargePoint,
} from './messages'
import {
  ChargePoint,
  ChargePointList,
  ChargePointSettings,
  ChargePointStatus,
  ChargingSessionList,
  ConnectorSettings,
  HttpErrorResponse,
  Schedule,
  ScheduleList,
  ScheduleOverrideStatus,
  type ChargingSession,
  type OnOffMode,
  type StartAuth,
  type UserView,
} from './schemas'
import { TokenSession, type Credentials } from './session'
import { Transport, type HttpRequest, type HttpResponse } from './transport'

/** The cloud's own cadence (heartbeat and meter values about every 30 s). */
export const POLL_GAP_MS = 30_000
/** Charger name, firmware and connectors hardly change. */
const INFO_GAP_MS = 10 * 60_000
/** Charge Amps documents no limit; this only stops a runaway loop from flooding them. */
const BUDGET = { limit: 40, windowMs: 60_000 }
/** Requests kept back from polling for writes and the user's clicks. */
const WRITE_RESERVE = 8
/**
 * A session list for a range leaves the writes' reserve and a minute of the loop's polls (status,
 * settings and charger details for up to two connectors) untouched.
 */
const SESSIONS_RESERVE = WRITE_RESERVE + 8

export const MIN_CURRENT_A = 6

export interface ChargeAmpsClientOptions extends Credentials {
  /** '' or undefined: https://eapi.charge.space */
  baseUrl?: string
  now: () => number
  sleep?: Sleep
  random?: () => number
  backoff?: BackoffPolicy
  /** Called with every secret the client learns (password, key, tokens) so logs can redact it. */
  redact?: (value: string) => void
  timeoutMs?: number
}

interface Call<T> {
  method: HttpRequest['method']
  path: string
  body?: unknown
  /** Absent for writes that answer 200 with an empty octet-stream body. */
  schema?: z.ZodType<T>
  /** Verb phrase for error sentences: "change the charger's settings". */
  action: string
  /** Noun phrase for a malformed answer: "the charger's status". */
  subject: string
  /** Safe to repeat after a 5xx (reads and whole-object PUTs; not reboot or start/stop). */
  idempotent: boolean
  chargePointId?: string
}

export class ChargeAmpsClient {
  private readonly transport: Transport
  private readonly session: TokenSession
  private readonly budget: RequestBudget
  private readonly pollSpacing: EndpointSpacing
  private readonly infoSpacing: EndpointSpacing
  private readonly cache = new Map<string, unknown>()
  private readonly inflight = new Map<string, Promise<unknown>>()
  private readonly writeLocks = new Map<string, Promise<unknown>>()
  private readonly sleep: Sleep
  private readonly random: () => number
  private readonly backoff: BackoffPolicy

  constructor(private readonly options: ChargeAmpsClientOptions) {
    const redact = options.redact ?? (() => undefined)
    for (const secret of [options.password, options.apiKey]) if (secret) redact(secret)
    const baseUrl = (options.baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '')
    this.transport = new Transport(baseUrl, options.now, options.timeoutMs)
    this.session = new TokenSession(options, (req) => this.exchange(req, true), options.now, redact)
    this.budget = new RequestBudget(BUDGET.limit, BUDGET.windowMs, options.now)
    this.pollSpacing = new EndpointSpacing(POLL_GAP_MS, options.now)
    this.infoSpacing = new EndpointSpacing(INFO_GAP_MS, options.now)
    this.sleep = options.sleep ?? realSleep
    this.random = options.random ?? Math.random
    this.backoff = options.backoff ?? defaultBackoff
  }

  get host(): string {
    return this.transport.host
  }

  /** The signed-in user (with RFID tags), once signed in. */
  get user(): UserView | null {
    return this.session.user
  }

  /** Signs in now; the account test uses it to report credentials problems first. */
  async login(): Promise<UserView | null> {
    await this.session.login()
    return this.session.user
  }

  ownedChargePoints(): Promise<ChargePoint[]> {
    return this.spaced(this.infoSpacing, 'owned', () =>
      this.call({
        method: 'GET',
        path: '/api/v5/chargepoints/owned',
        schema: ChargePointList,
        action: 'list your chargers',
        subject: 'the list of your chargers',
        idempotent: true,
      }),
    )
  }

  chargePoint(chargePointId: string): Promise<ChargePoint> {
    return this.spaced(this.infoSpacing, `cp:${chargePointId}`, () =>
      this.call({
        method: 'GET',
        path: cpPath(chargePointId),
        schema: ChargePoint,
        action: 'read the charger',
        subject: 'the charger details',
        idempotent: true,
        chargePointId,
      }),
    )
  }

  /** Connector statuses; measurements only while charging. Cached for 30 s. */
  status(chargePointId: string): Promise<ChargePointStatus> {
    return this.spaced(this.pollSpacing, `status:${chargePointId}`, () =>
      this.call({
        method: 'GET',
        path: `${cpPath(chargePointId)}/status`,
        schema: ChargePointStatus,
        action: "read the charger's status",
        subject: "the charger's status",
        idempotent: true,
        chargePointId,
      }),
    )
  }

  /** Cached for 30 s; writes update the cache with what was written. */
  connectorSettings(chargePointId: string, connectorId: number): Promise<ConnectorSettings> {
    return this.spaced(this.pollSpacing, connectorKey(chargePointId, connectorId), () =>
      this.readConnectorSettings(chargePointId, connectorId),
    )
  }

  /**
   * Reads the connector's settings fresh, applies `change`, and writes the whole object back;
   * returns what was written. Writes to one connector are serialised so two changes never race.
   */
  updateConnectorSettings(
    chargePointId: string,
    connectorId: number,
    change: (current: ConnectorSettings) => Partial<ConnectorSettings>,
  ): Promise<ConnectorSettings> {
    const key = connectorKey(chargePointId, connectorId)
    return this.serialised(key, async () => {
      const current = await this.readConnectorSettings(chargePointId, connectorId)
      const next: ConnectorSettings = { ...current, ...change(current) }
      const { installationCurrent, ...body } = next
      await this.call({
        method: 'PUT',
        path: `${cpPath(chargePointId)}/connectors/${connectorId}/settings`,
        body,
        action: "change the charger's settings",
        subject: 'the answer to a settings change',
        idempotent: true,
        chargePointId,
      })
      const written = { ...next, installationCurrent }
      this.remember(this.pollSpacing, key, written)
      return written
    })
  }

  /**
   * 0 pauses charging (accepted by Charge Amps since 2026); otherwise whole amps clamped to
   * 6..installation current. Below 6 A pauses rather than rounds up: the caller asked for less
   * than the charger can give, and too little is safe where too much trips the fuse.
   */
  setMaxCurrent(chargePointId: string, connectorId: number, currentA: number): Promise<ConnectorSettings> {
    return this.updateConnectorSettings(chargePointId, connectorId, (current) => ({
      maxCurrent: clampCurrent(currentA, current.installationCurrent ?? null),
    }))
  }

  setMode(chargePointId: string, connectorId: number, mode: OnOffMode): Promise<ConnectorSettings> {
    return this.updateConnectorSettings(chargePointId, connectorId, () => ({ mode }))
  }

  chargePointSettings(chargePointId: string): Promise<ChargePointSettings> {
    return this.spaced(this.pollSpacing, `cpsettings:${chargePointId}`, () => this.readChargePointSettings(chargePointId))
  }

  /** Read-modify-write of the light ring, down light and chargepoint-level settings. */
  updateChargePointSettings(
    chargePointId: string,
    change: (current: ChargePointSettings) => Partial<ChargePointSettings>,
  ): Promise<ChargePointSettings> {
    const key = `cpsettings:${chargePointId}`
    return this.serialised(key, async () => {
      const current = await this.readChargePointSettings(chargePointId)
      const next: ChargePointSettings = { ...current, ...change(current) }
      const { installationCurrent, ...body } = next
      await this.call({
        method: 'PUT',
        path: `${cpPath(chargePointId)}/settings`,
        body,
        action: "change the charger's light settings",
        subject: 'the answer to a settings change',
        idempotent: true,
        chargePointId,
      })
      const written = { ...next, installationCurrent }
      this.remember(this.pollSpacing, key, written)
      return written
    })
  }

  async reboot(chargePointId: string): Promise<void> {
    await this.call({
      method: 'PUT',
      path: `${cpPath(chargePointId)}/reboot`,
      body: {},
      action: 'restart the charger',
      subject: 'the answer to a restart',
      idempotent: false,
      chargePointId,
    })
    this.forgetPolled(chargePointId)
  }

  /** Needs an RFID tag (hex, 4/7/10 bytes); only meaningful with the RFID lock on. */
  async remoteStart(chargePointId: string, connectorId: number, auth: StartAuth): Promise<void> {
    await this.call({
      method: 'PUT',
      path: `${cpPath(chargePointId)}/connectors/${connectorId}/remotestart`,
      body: auth,
      action: 'start charging',
      subject: 'the answer to a start',
      idempotent: false,
      chargePointId,
    })
    this.forgetPolled(chargePointId)
  }

  async remoteStop(chargePointId: string, connectorId: number): Promise<void> {
    await this.call({
      method: 'PUT',
      path: `${cpPath(chargePointId)}/connectors/${connectorId}/remotestop`,
      body: {},
      action: 'stop charging',
      subject: 'the answer to a stop',
      idempotent: false,
      chargePointId,
    })
    this.forgetPolled(chargePointId)
  }

  /** Newest sessions of one connector (or the whole chargepoint). Cached for 30 s. */
  chargingSessions(chargePointId: string, connectorId: number | null, maxCount = 20): Promise<ChargingSession[]> {
    const scope = connectorId === null ? '' : `/connectors/${connectorId}`
    return this.spaced(this.pollSpacing, `sessions:${chargePointId}:${connectorId ?? '*'}:${maxCount}`, () =>
      this.call({
        method: 'GET',
        path: `${cpPath(chargePointId)}${scope}/chargingsessions?maxCount=${maxCount}`,
        schema: ChargingSessionList,
        action: 'read the charging sessions',
        subject: 'the charging sessions',
        idempotent: true,
        chargePointId,
      }),
    )
  }

  /**
   * Sessions of one connector that started in the range (end exclusive), at most `maxCount`.
   * Charge Amps takes any span in one request; this is the user's read, so it is not cached, and
   * it is refused rather than sent when it would eat into what the polls and writes need.
   */
  async chargingSessionsBetween(chargePointId: string, connectorId: number, range: { fromMs: number; toMs: number }, maxCount: number): Promise<ChargingSession[]> {
    const waitMs = this.budget.waitMs(SESSIONS_RESERVE)
    if (waitMs > 0) throw sessionsHeldBack(waitMs)
    const query = new URLSearchParams({
      startTime: new Date(range.fromMs).toISOString(),
      // The API's end is a point in time; the last second of the range keeps the next day out.
      endTime: new Date(range.toMs - 1000).toISOString(),
      maxCount: String(maxCount),
    })
    return this.call({
      method: 'GET',
      path: `${cpPath(chargePointId)}/connectors/${connectorId}/chargingsessions?${query.toString()}`,
      schema: ChargingSessionList,
      action: 'read the charging sessions',
      subject: 'the charging sessions',
      idempotent: true,
      chargePointId,
    })
  }

  /** Schedules live on CAPI chargers only (ocppVersion null). Not cached: read on demand. */
  schedules(chargePointId: string): Promise<Schedule[]> {
    return this.call({
      method: 'GET',
      path: `${cpPath(chargePointId)}/schedules`,
      schema: ScheduleList,
      action: 'read the schedules',
      subject: 'the schedules',
      idempotent: true,
      chargePointId,
    })
  }

  createSchedule(chargePointId: string, schedule: Omit<Schedule, 'id'>): Promise<Schedule> {
    return this.call({
      method: 'POST',
      path: `${cpPath(chargePointId)}/schedules`,
      body: { ...schedule, id: 0 },
      schema: Schedule,
      action: 'create a schedule',
      subject: 'the new schedule',
      idempotent: false,
      chargePointId,
    })
  }

  async updateSchedule(chargePointId: string, schedule: Schedule): Promise<void> {
    await this.call({
      method: 'PUT',
      path: `${cpPath(chargePointId)}/schedules`,
      body: schedule,
      action: 'change a schedule',
      subject: 'the answer to a schedule change',
      idempotent: true,
      chargePointId,
    })
  }

  async deleteSchedule(chargePointId: string, scheduleId: number): Promise<void> {
    await this.call({
      method: 'DELETE',
      path: `${cpPath(chargePointId)}/schedules/${scheduleId}`,
      action: 'delete a schedule',
      subject: 'the answer to a schedule deletion',
      idempotent: true,
      chargePointId,
    })
  }

  /** Lets the ongoing session charge now, whatever the schedule says. */
  async overrideSchedule(chargePointId: string, connectorId: number): Promise<void> {
    await this.call({
      method: 'PUT',
      path: `${cpPath(chargePointId)}/connectors/${connectorId}/schedule/override`,
      action: 'override the schedule',
      subject: 'the answer to a schedule override',
      idempotent: true,
      chargePointId,
    })
    this.forgetPolled(chargePointId)
  }

  scheduleOverrideStatus(chargePointId: string): Promise<ScheduleOverrideStatus> {
    return this.call({
      method: 'GET',
      path: `${cpPath(chargePointId)}/schedule/override/status`,
      schema: ScheduleOverrideStatus,
      action: 'read the schedule override',
      subject: 'the schedule override status',
      idempotent: true,
      chargePointId,
    })
  }

  close(): Promise<void> {
    return this.transport.close()
  }

  private readConnectorSettings(chargePointId: string, connectorId: number): Promise<ConnectorSettings> {
    return this.call({
      method: 'GET',
      path: `${cpPath(chargePointId)}/connectors/${connectorId}/settings`,
      schema: ConnectorSettings,
      action: "read the charger's settings",
      subject: "the charger's settings",
      idempotent: true,
      chargePointId,
    })
  }

  private readChargePointSettings(chargePointId: string): Promise<ChargePointSettings> {
    return this.call({
      method: 'GET',
      path: `${cpPath(chargePointId)}/settings`,
      schema: ChargePointSettings,
      action: "read the charger's light settings",
      subject: "the charger's light settings",
      idempotent: true,
      chargePointId,
    })
  }

  private call<T>(c: Call<T> & { schema: z.ZodType<T> }): Promise<T>
  private call(c: Call<void>): Promise<void>
  private async call<T>(c: Call<T>): Promise<T | void> {
    let renewed = false
    for (;;) {
      const token = await this.session.bearer()
      const res = await this.exchange(
        {
          method: c.method,
          path: c.path,
          headers: { apiKey: this.options.apiKey, authorization: `Bearer ${token}` },
          body: c.body,
        },
        c.idempotent,
      )
      if (res.status === 401) {
        if (renewed) throw signedOut()
        this.session.invalidate(token)
        renewed = true
        continue
      }
      if (res.status >= 200 && res.status < 300) return c.schema ? decode(res.text, c.schema, c.subject) : undefined
      throw statusError(res, c)
    }
  }

  /**
   * Sends one request within the budget, retrying 429 (and 5xx when `idempotent`) with
   * exponential backoff and full jitter, honouring Retry-After. Other statuses are returned.
   */
  private async exchange(req: HttpRequest, idempotent: boolean): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const waitMs = this.budget.waitMs()
      if (waitMs > 0) throw holdingBack(waitMs)
      this.budget.record()
      const res = await this.transport.send(req)
      const throttled = res.status === 429
      if (!throttled && !(res.status >= 500 && idempotent)) return res
      if (throttled && res.retryAfterMs !== null) this.budget.blockFor(res.retryAfterMs)
      const delayMs = Math.max(res.retryAfterMs ?? 0, backoffDelayMs(attempt, this.backoff, this.random))
      const lastTry = attempt >= this.backoff.attempts - 1 || (res.retryAfterMs ?? 0) > this.backoff.maxMs
      if (lastTry) throw throttled ? rateLimited(res.retryAfterMs ?? delayMs) : serverTrouble(res.status)
      await this.sleep(delayMs)
    }
  }

  /** Serves the cached value until the endpoint's gap has passed; shares one request in flight. */
  private spaced<T>(spacing: EndpointSpacing, key: string, load: () => Promise<T>): Promise<T> {
    if (this.cache.has(key) && (spacing.waitMs(key) > 0 || !this.budget.allows(WRITE_RESERVE))) {
      return Promise.resolve(this.cache.get(key) as T)
    }
    const running = this.inflight.get(key)
    if (running) return running as Promise<T>
    const loading = load()
      .then((value) => {
        this.remember(spacing, key, value)
        return value
      })
      .finally(() => this.inflight.delete(key))
    this.inflight.set(key, loading)
    return loading
  }

  private remember(spacing: EndpointSpacing, key: string, value: unknown) {
    this.cache.set(key, value)
    spacing.record(key)
  }

  /** After a command that changes the charger's state, the next poll reads afresh. */
  private forgetPolled(chargePointId: string) {
    this.cache.delete(`status:${chargePointId}`)
  }

  private serialised<T>(key: string, run: () => Promise<T>): Promise<T> {
    const previous = this.writeLocks.get(key) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(run)
    this.writeLocks.set(key, next)
    return next
  }
}

export function clampCurrent(currentA: number, installationCurrentA: number | null): number {
  if (!Number.isFinite(currentA) || currentA < MIN_CURRENT_A) return 0
  const whole = Math.floor(currentA)
  return installationCurrentA && installationCurrentA >= MIN_CURRENT_A ? Math.min(whole, installationCurrentA) : whole
}

function cpPath(chargePointId: string): string {
  return `/api/v5/chargepoints/${encodeURIComponent(chargePointId)}`
}

function connectorKey(chargePointId: string, connectorId: number): string {
  return `connector:${chargePointId}:${connectorId}`
}

function statusError(res: HttpResponse, c: Call<unknown>): VendorError {
  if (res.status === 403) return forbidden(c.action)
  if (res.status === 404 && c.chargePointId) return unknownChargePoint(c.chargePointId)
  if (res.status === 400) {
    const detail = tryDecode(res.text, HttpErrorResponse)
    return refused(c.action, detail?.error ?? null)
  }
  if (res.status >= 500) return serverTrouble(res.status)
  return new VendorError('bad-response', `Charge Amps answered HTTP ${res.status} when Sunspill tried to ${c.action}. Sunspill keeps trying.`)
}
