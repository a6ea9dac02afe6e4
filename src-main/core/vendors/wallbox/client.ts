/**
 * The my.wallbox REST API (api.wall-box.com, sign-in on user-api.wall-box.com), every operation
 * the wallbox library offers, over undici. Each request spends the account's budget first; the
 * control loop's requests never wait (it gets a 'rate-limited' error and uses what it knows),
 * the user's own clicks wait a little for budget or a Retry-After.
 *
 * Remote actions are a closed list. Factory reset exists in the API and is deliberately absent:
 * there is no way to send it from here.
 */
import type { z } from 'zod'
import { VendorError } from '../../errors'
import type { Logger } from '../../host'
import { backoffDelayMs, realSleep, type Sleep } from '../shared/backoff'
import { accountState } from './account-state'
import { defaultLimits, type WallboxLimitOptions, type WallboxLimits } from './limits'
import {
  DEFAULT_API_URL,
  DEFAULT_USER_API_URL,
  badResponse,
  credentialsRefused,
  noRights,
  ocppMode,
  readBudgetSpent,
  refused,
  serverTrouble,
  throttled,
  unknownCharger,
  writeBudgetSpent,
} from './messages'
import {
  ChargerDataResponse,
  ConfigResponse,
  GroupsResponse,
  SchedulesResponse,
  SessionItem,
  SessionsResponse,
  StatusResponse,
  type ChargerData,
  type WallboxSchedule,
} from './schemas'
import type { TokenKeeper } from './tokens'
import { parseJson, Transport, type HttpMethod, type HttpResponse } from './transport'

/** The control loop never waits; the user's clicks may. */
export type Priority = 'loop' | 'user'

const REMOTE_ACTIONS = { resume: 1, pause: 2, restart: 3, resumeSchedule: 9 } as const
export type RemoteAction = keyof typeof REMOTE_ACTIONS
/** Exported so a test can prove what the client is able to send. */
export const remoteActionCodes: Readonly<Record<RemoteAction, number>> = REMOTE_ACTIONS

export const MIN_CURRENT_A = 6
export const MAX_CURRENT_A = 32

const RETRIES_AFTER_THROTTLE = 2
const throttleBackoff = { baseMs: 10_000, maxMs: 120_000, attempts: RETRIES_AFTER_THROTTLE }
/** The loop reads the status once a minute: the one read of the window a session list leaves it. */
const LOOP_STATUS_READS = 1
/** A 403 from an endpoint that worked before is Wallbox throttling: it lasts about a minute. */
const FORBIDDEN_THROTTLE_MS = 60_000

export interface WallboxClientOptions {
  username: string
  password: string
  /** Default https://api.wall-box.com. */
  apiUrl?: string
  /** Default https://user-api.wall-box.com. */
  userApiUrl?: string
  now: () => number
  logger?: Pick<Logger, 'info' | 'warn' | 'redact'>
  sleep?: Sleep
  random?: () => number
  limits?: Partial<WallboxLimitOptions>
}

export interface WallboxChargerSummary {
  id: string
  name: string | null
  statusId: number | null
  model: string | null
}

export interface WallboxSession {
  id: string
  startMs: number
  endMs: number | null
  durationS: number | null
  energyKwh: number | null
  cost: number | null
  currency: string | null
}

export interface EnergyCost {
  pricePerKwh: number | null
  currencySymbol: string | null
  currencyCode: string | null
}

type Endpoint = 'groups' | 'status' | 'charger' | 'remote-action' | 'config' | 'sessions' | 'schedules' | 'schedules-write'

interface CallSpec<T> {
  method: HttpMethod
  path: string
  body?: unknown
  endpoint: Endpoint
  priority: Priority
  chargerId: string | null
  /** "set the current of", for sentences: "Wallbox refused to set the current of charger 1". */
  what: string
  parse: (text: string) => T
  /** Runs when the request is about to go, past the budget. */
  onSend?: () => void
  /** Requests of the window a user's read leaves untouched, so the loop's status read still finds one. */
  keepForLoop?: number
}

export class WallboxClient {
  readonly apiUrl: string
  readonly userApiUrl: string
  private readonly transport: Transport
  private readonly tokens: TokenKeeper
  private readonly limits: WallboxLimits
  private readonly sleep: Sleep
  private readonly random: () => number
  private readonly operationModes = new Map<string, string>()

  constructor(private readonly options: WallboxClientOptions) {
    this.apiUrl = trimSlash(options.apiUrl || DEFAULT_API_URL)
    this.userApiUrl = trimSlash(options.userApiUrl || DEFAULT_USER_API_URL)
    this.transport = new Transport(options.now)
    const state = accountState(
      {
        apiUrl: this.apiUrl,
        userApiUrl: this.userApiUrl,
        username: options.username,
        password: options.password,
        now: options.now,
        redact: (value) => options.logger?.redact(value),
      },
      { ...defaultLimits, ...options.limits },
    )
    this.tokens = state.tokens
    this.limits = state.limits
    this.sleep = options.sleep ?? realSleep
    this.random = options.random ?? Math.random
  }

  /** How often this account has signed in and refreshed, in this process. */
  get authCounts(): { signIns: number; refreshes: number } {
    return { signIns: this.tokens.signIns, refreshes: this.tokens.refreshes }
  }

  get limitOptions(): WallboxLimitOptions {
    return this.limits.options
  }

  /** True when the control loop's status poll is due (account-wide, at most once a minute). */
  statusPollDue(): boolean {
    return this.limits.status.waitMs('status') === 0
  }

  async listChargers(priority: Priority = 'user'): Promise<WallboxChargerSummary[]> {
    const groups = await this.call({
      method: 'GET',
      path: '/v3/chargers/groups',
      endpoint: 'groups',
      priority,
      chargerId: null,
      what: 'list the chargers of',
      parse: strict(GroupsResponse, 'the charger list'),
    })
    const seen = new Set<string>()
    const out: WallboxChargerSummary[] = []
    for (const group of groups.result.groups) {
      for (const c of group.chargers) {
        const id = String(c.id)
        if (seen.has(id)) continue
        seen.add(id)
        out.push({ id, name: c.name ?? null, statusId: c.state ?? null, model: c.model ?? null })
      }
    }
    return out
  }

  async getStatus(chargerId: string, priority: Priority = 'user'): Promise<StatusResponse> {
    const status = await this.call({
      method: 'GET',
      path: `/chargers/status/${encodeURIComponent(chargerId)}`,
      endpoint: 'status',
      priority,
      chargerId,
      what: 'read the status of',
      parse: strict(StatusResponse, 'the charger status'),
      onSend: priority === 'loop' ? () => this.limits.status.record('status') : undefined,
    })
    const mode = status.config_data?.operation_mode
    if (mode) this.operationModes.set(chargerId, mode)
    return status
  }

  /** Returns the charger's settings as Wallbox echoes them, or null when the echo was unreadable. */
  setMaxChargingCurrent(chargerId: string, currentA: number, priority: Priority = 'user'): Promise<ChargerData | null> {
    if (!Number.isInteger(currentA) || currentA < MIN_CURRENT_A || currentA > MAX_CURRENT_A) {
      return Promise.reject(
        new VendorError('not-supported', `Wallbox chargers take a whole number of amps from ${MIN_CURRENT_A} to ${MAX_CURRENT_A}; ${currentA} A is not one.`),
      )
    }
    return this.putCharger(chargerId, { maxChargingCurrent: currentA }, 'set the charging current of', priority)
  }

  setLocked(chargerId: string, locked: boolean, priority: Priority = 'user'): Promise<ChargerData | null> {
    return this.putCharger(chargerId, { locked: locked ? 1 : 0 }, locked ? 'lock' : 'unlock', priority)
  }

  pause(chargerId: string, priority: Priority = 'user'): Promise<void> {
    return this.remoteAction(chargerId, 'pause', 'pause', priority)
  }

  resume(chargerId: string, priority: Priority = 'user'): Promise<void> {
    return this.remoteAction(chargerId, 'resume', 'resume', priority)
  }

  /** Back to the charger's own schedule or Eco-Smart after a manual start. */
  resumeSchedule(chargerId: string): Promise<void> {
    return this.remoteAction(chargerId, 'resumeSchedule', 'resume the schedule of', 'user')
  }

  /** A reboot: the charger is offline for a minute or two. */
  restart(chargerId: string): Promise<void> {
    return this.remoteAction(chargerId, 'restart', 'restart', 'user')
  }

  /**
   * Sessions that started between the two instants (both included, as the API takes them), newest
   * first. Any span goes in one request. It waits for the account's read budget rather than take
   * the read the control loop's status poll needs.
   */
  async getSessions(chargerId: string, range: { fromMs: number; toMs: number }): Promise<WallboxSession[]> {
    const query = new URLSearchParams({
      charger: chargerId,
      start_date: String(range.fromMs / 1000),
      end_date: String(range.toMs / 1000),
    })
    return this.call({
      method: 'GET',
      path: `/v4/sessions/stats?${query.toString()}`,
      endpoint: 'sessions',
      priority: 'user',
      chargerId,
      what: 'list the sessions of',
      parse: parseSessions,
      keepForLoop: LOOP_STATUS_READS,
    })
  }

  /** Energy cost lives in the charger's status; there is no separate read. */
  async getEnergyCost(chargerId: string): Promise<EnergyCost> {
    return energyCostOf(await this.getStatus(chargerId))
  }

  async setEnergyCost(chargerId: string, pricePerKwh: number): Promise<EnergyCost> {
    if (!Number.isFinite(pricePerKwh) || pricePerKwh < 0) {
      throw new VendorError('not-supported', 'The energy cost must be zero or more.')
    }
    const answer = await this.postConfig(chargerId, { energyCost: pricePerKwh }, 'set the energy cost of')
    return {
      pricePerKwh: answer?.energy_price ?? pricePerKwh,
      currencySymbol: answer?.currency?.symbol ?? null,
      currencyCode: answer?.currency?.code ?? null,
    }
  }

  /** The Power Boost limit of the home's supply, A; null when the charger has none. */
  async getIcpMaxCurrent(chargerId: string): Promise<number | null> {
    return (await this.getStatus(chargerId)).config_data?.icp_max_current ?? null
  }

  async setIcpMaxCurrent(chargerId: string, currentA: number): Promise<number> {
    if (!Number.isInteger(currentA) || currentA < 1) {
      throw new VendorError('not-supported', 'The ICP max current must be a whole number of amps.')
    }
    const answer = await this.postConfig(chargerId, { icp_max_current: currentA }, 'set the ICP max current of')
    return answer?.icp_max_current ?? currentA
  }

  async getSchedules(chargerId: string): Promise<WallboxSchedule[]> {
    const answer = await this.call({
      method: 'GET',
      path: `/chargers/${encodeURIComponent(chargerId)}/schedules`,
      endpoint: 'schedules',
      priority: 'user',
      chargerId,
      what: 'read the schedules of',
      parse: strict(SchedulesResponse, 'the schedules'),
    })
    return answer.schedules
  }

  /** Creates or replaces schedules by position (`id` is the slot); times are UTC "HHMM". */
  async setSchedules(chargerId: string, schedules: WallboxSchedule[]): Promise<void> {
    const numericId = Number(chargerId)
    await this.call({
      method: 'POST',
      path: `/chargers/${encodeURIComponent(chargerId)}/schedules`,
      body: {
        schedules: schedules.map((s) => ({
          id: s.id,
          chargerId: Number.isFinite(numericId) ? numericId : chargerId,
          enable: s.enable ? 1 : 0,
          max_current: s.max_current ?? 1,
          max_energy: s.max_energy ?? 0,
          days: s.days,
          start: s.start,
          stop: s.stop,
        })),
      },
      endpoint: 'schedules-write',
      priority: 'user',
      chargerId,
      what: 'change the schedules of',
      parse: () => undefined,
    })
  }

  close(): Promise<void> {
    return this.transport.close()
  }

  private putCharger(chargerId: string, body: Record<string, number>, what: string, priority: Priority): Promise<ChargerData | null> {
    return this.call({
      method: 'PUT',
      path: `/v2/charger/${encodeURIComponent(chargerId)}`,
      body,
      endpoint: 'charger',
      priority,
      chargerId,
      what,
      parse: (text) => lenient(ChargerDataResponse, text)?.data.chargerData ?? null,
    })
  }

  private postConfig(chargerId: string, body: Record<string, number>, what: string): Promise<ConfigResponse | null> {
    return this.call({
      method: 'POST',
      path: `/chargers/config/${encodeURIComponent(chargerId)}`,
      body,
      endpoint: 'config',
      priority: 'user',
      chargerId,
      what,
      parse: (text) => lenient(ConfigResponse, text),
    })
  }

  private async remoteAction(chargerId: string, action: RemoteAction, what: string, priority: Priority): Promise<void> {
    await this.call({
      method: 'POST',
      path: `/v3/chargers/${encodeURIComponent(chargerId)}/remote-action`,
      body: { action: REMOTE_ACTIONS[action] },
      endpoint: 'remote-action',
      priority,
      chargerId,
      what,
      parse: () => undefined,
    })
  }

  private async call<T>(spec: CallSpec<T>): Promise<T> {
    let rejectedToken: string | null = null
    for (let attempt = 0; ; attempt += 1) {
      const budget = spec.method === 'GET' ? this.limits.reads : this.limits.writes
      await this.awaitBudget(spec, budget)
      spec.onSend?.()
      const token = await this.tokens.bearer(this.transport)
      const res = await this.transport.send({
        method: spec.method,
        url: `${this.apiUrl}${spec.path}`,
        headers: { authorization: `Bearer ${token}` },
        body: spec.body,
      })
      budget.record()

      if (res.status >= 200 && res.status < 300) {
        this.limits.worked.add(spec.endpoint)
        return spec.parse(res.text)
      }
      if (res.status === 401) {
        // Refresh once; a second 401 means the account itself is refused.
        if (rejectedToken !== null) throw credentialsRefused()
        rejectedToken = token
        this.options.logger?.info('Wallbox rejected the token; renewing it')
        await this.tokens.renew(this.transport, token)
        continue
      }
      const throttleMs = this.throttleMs(spec, res, attempt)
      if (throttleMs !== null) {
        budget.blockFor(throttleMs)
        this.options.logger?.warn('Wallbox asked Sunspill to slow down', { endpoint: spec.endpoint, status: res.status, waitMs: throttleMs })
        if (spec.priority === 'user' && attempt < RETRIES_AFTER_THROTTLE && throttleMs <= this.limits.options.maxWaitMs) {
          await this.sleep(throttleMs)
          continue
        }
        throw throttled(throttleMs)
      }
      throw this.failure(spec, res)
    }
  }

  private async awaitBudget(spec: CallSpec<unknown>, budget: WallboxLimits['reads']): Promise<void> {
    const isRead = spec.method === 'GET'
    const reserve = spec.priority === 'loop' && !isRead ? this.limits.options.userWriteReserve : (spec.keepForLoop ?? 0)
    // Asked again after each wait: the loop may have taken the room meanwhile, and it goes first.
    for (let waitedMs = 0; ; ) {
      const waitMs = budget.waitMs(reserve)
      if (waitMs === 0) return
      const spent = isRead ? readBudgetSpent(waitMs) : writeBudgetSpent(waitMs)
      if (spec.priority === 'loop' || waitedMs + waitMs > this.limits.options.maxWaitMs) throw spent
      await this.sleep(waitMs)
      waitedMs += waitMs
    }
  }

  /** How long to hold off, when the answer means "too many requests"; null otherwise. */
  private throttleMs(spec: CallSpec<unknown>, res: HttpResponse, attempt: number): number | null {
    if (res.status === 429) {
      // Without a Retry-After: at least the base, plus full jitter so retries do not line up.
      return res.retryAfterMs ?? throttleBackoff.baseMs + backoffDelayMs(attempt, throttleBackoff, this.random)
    }
    if (res.status === 403 && this.limits.worked.has(spec.endpoint) && !this.isOcppRefusal(spec)) {
      return res.retryAfterMs ?? FORBIDDEN_THROTTLE_MS + Math.round(this.random() * FORBIDDEN_THROTTLE_MS)
    }
    return null
  }

  private isOcppRefusal(spec: CallSpec<unknown>): boolean {
    return spec.endpoint === 'remote-action' && spec.chargerId !== null && this.operationModes.get(spec.chargerId) === 'ocpp'
  }

  private failure(spec: CallSpec<unknown>, res: HttpResponse): VendorError {
    const charger = spec.chargerId ?? 'on this account'
    if (res.status === 403) {
      if (this.isOcppRefusal(spec)) return ocppMode()
      if (spec.chargerId === null) return credentialsRefused()
      return noRights(charger, spec.method === 'GET' ? 'see' : 'change')
    }
    if (res.status === 404 && spec.chargerId !== null) return unknownCharger(spec.chargerId)
    if (res.status === 400 || res.status === 409 || res.status === 422) {
      return refused(`${spec.what} charger ${charger}`, errorDetail(res.text))
    }
    if (res.status >= 500) return serverTrouble(res.status)
    return badResponse(`${spec.what.split(' ')[0]} answered HTTP ${res.status}`)
  }
}

export function energyCostOf(status: StatusResponse): EnergyCost {
  const config = status.config_data
  return {
    pricePerKwh: config?.energy_price ?? config?.energyCost?.value ?? null,
    currencySymbol: config?.currency?.symbol ?? null,
    currencyCode: config?.currency?.code ?? null,
  }
}

function strict<T>(schema: z.ZodType<T>, what: string): (text: string) => T {
  return (text) => {
    const json = parseJson(text)
    if (!json.ok) throw badResponse(`${what} was not JSON`)
    const parsed = schema.safeParse(json.value)
    if (!parsed.success) throw badResponse(`${what}: ${firstIssue(parsed.error)}`)
    return parsed.data
  }
}

/** Write confirmations: the write happened (2xx) even when the echo is unreadable. */
function lenient<T>(schema: z.ZodType<T>, text: string): T | null {
  const json = parseJson(text)
  if (!json.ok) return null
  const parsed = schema.safeParse(json.value)
  return parsed.success ? parsed.data : null
}

function parseSessions(text: string): WallboxSession[] {
  const list = strict(SessionsResponse, 'the session list')(text)
  const out: WallboxSession[] = []
  for (const raw of list.data) {
    if (raw.type !== 'charger_log_session' && raw.type !== 'charger_charging_session') continue
    const parsed = SessionItem.safeParse(raw)
    if (!parsed.success) throw badResponse(`a session: ${firstIssue(parsed.error)}`)
    out.push(sessionOf(parsed.data))
  }
  return out.sort((a, b) => b.startMs - a.startMs)
}

function sessionOf(item: SessionItem): WallboxSession {
  if (item.type === 'charger_log_session') {
    const a = item.attributes
    const endMs = a.end != null ? a.end * 1000 : null
    return {
      id: item.id,
      startMs: a.start * 1000,
      endMs,
      durationS: a.time ?? (endMs !== null ? Math.round((endMs - a.start * 1000) / 1000) : null),
      // MID-certified meters report separately; their figure is the billable one.
      energyKwh: a.mid_energy && a.mid_energy > 0 ? a.mid_energy : (a.energy ?? null),
      cost: a.cost ?? null,
      currency: a.currency?.code ?? a.currency?.symbol ?? null,
    }
  }
  const a = item.attributes
  const endMs = a.end_time != null ? a.end_time * 1000 : null
  return {
    id: item.id,
    startMs: a.start_time * 1000,
    endMs,
    durationS: endMs !== null ? Math.round((endMs - a.start_time * 1000) / 1000) : null,
    energyKwh: a.mid_energy && a.mid_energy > 0 ? a.mid_energy : (a.energy ?? null),
    cost: a.total_cost ?? null,
    currency: a.currency_code ?? null,
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'unexpected shape'
  const path = issue.path.length > 0 ? issue.path.join('.') : 'body'
  return `${path}: ${issue.message}`
}

function errorDetail(text: string): string | null {
  const json = parseJson(text)
  if (!json.ok || typeof json.value !== 'object' || json.value === null) return null
  const body = json.value as Record<string, unknown>
  for (const key of ['msg', 'message', 'error', 'detail']) {
    const value = body[key]
    if (typeof value === 'string' && value.length > 0 && value.length < 200) return value
  }
  return null
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
