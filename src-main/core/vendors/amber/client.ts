/**
 * Amber Electric API v1 over undici: one method per operation, every answer parsed with zod,
 * every failure a VendorError with a sentence. Requests are metered against the token's shared
 * budget; background calls leave a reserve so the user's own clicks still get through.
 */
import { request, type Dispatcher } from 'undici'
import { z } from 'zod'
import type { Clock } from '../../clock'
import { VendorError } from '../../errors'
import type { Logger } from '../../host'
import { backoffDelayMs, realSleep, type BackoffPolicy, type Sleep } from '../shared/backoff'
import { hostOf, networkDetail } from '../shared/http'
import {
  AMBER_PICK_SITE,
  AMBER_TOKEN_MISSING,
  AMBER_TOKEN_REJECTED,
  badResponse,
  budgetSpent,
  rateLimited,
  refused,
  serverError,
  unknownSite,
  unreachable,
} from './messages'
import { AMBER_USER_RESERVE, AMBER_WINDOW_MS, rateStateFor, retryAfterMs, type AmberRateLimit, type AmberRateState, type HeaderLookup } from './rate-limit'
import {
  AMBER_STATES,
  AmberErrorBody,
  AmberIntervals,
  AmberRenewables,
  AmberSites,
  AmberUsages,
  type AmberInterval,
  type AmberRenewable,
  type AmberResolution,
  type AmberSite,
  type AmberState,
  type AmberUsage,
} from './schemas'

export const AMBER_DEFAULT_BASE_URL = 'https://api.amber.com.au/v1'

/** Retries stay short: a background poll that sleeps holds up the site's next tick. */
export const amberBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 8_000, attempts: 3 }

/** Background calls keep the reserve; user calls (test, site picker, history) may spend it. */
export type AmberPriority = 'background' | 'user'

export interface AmberCallOptions {
  priority?: AmberPriority
  /** Told of every request actually sent, retries included, so a caller can keep its own count. */
  onRequest?: () => void
}

export interface AmberClientOptions {
  token: string
  /** Empty means Amber's own address. */
  baseUrl?: string
  clock: Clock
  logger?: Logger
  random?: () => number
  sleep?: Sleep
  backoff?: BackoffPolicy
  reserve?: number
  /** Amber warns that long history ranges are slow to answer. */
  timeoutMs?: number
  dispatcher?: Dispatcher
}

export interface CurrentPricesQuery {
  previous?: number
  next?: number
  resolution?: AmberResolution
}

export interface PriceHistoryQuery {
  /** YYYY-MM-DD, inclusive; Amber's default is today. */
  startDate?: string
  endDate?: string
  resolution?: AmberResolution
}

export interface UsageQuery {
  /** YYYY-MM-DD, inclusive, at most 7 days apart. */
  startDate: string
  endDate: string
}

export type RenewablesQuery = CurrentPricesQuery

type Query = Record<string, string | number | undefined>

interface Call<T> {
  /** The endpoint as a template, for messages and logs. */
  endpoint: string
  path: string
  query: Query
  schema: z.ZodType<T>
  priority: AmberPriority
  onRequest?: () => void
  /** Renewables are not rate-limited by Amber, so they do not spend the budget. */
  metered: boolean
  notFound: () => VendorError
}

export function amberBaseUrl(baseUrl: string | undefined): string {
  const trimmed = (baseUrl ?? '').trim().replace(/\/+$/, '')
  return trimmed === '' ? AMBER_DEFAULT_BASE_URL : trimmed
}

export class AmberClient {
  readonly baseUrl: string
  private readonly token: string
  private readonly rate: AmberRateState
  private readonly reserve: number
  private readonly random: () => number
  private readonly sleep: Sleep
  private readonly backoff: BackoffPolicy
  private readonly timeoutMs: number

  constructor(private readonly options: AmberClientOptions) {
    this.baseUrl = amberBaseUrl(options.baseUrl)
    this.token = options.token.trim()
    this.rate = rateStateFor(options.clock, this.baseUrl, this.token)
    this.reserve = options.reserve ?? AMBER_USER_RESERVE
    this.random = options.random ?? Math.random
    this.sleep = options.sleep ?? realSleep
    this.backoff = options.backoff ?? amberBackoff
    this.timeoutMs = options.timeoutMs ?? 30_000
  }

  /** GET /sites: every site on the token, closed ones included. */
  async sites(call: AmberCallOptions = {}): Promise<AmberSite[]> {
    return this.get({
      endpoint: '/sites',
      path: '/sites',
      query: {},
      schema: AmberSites,
      priority: call.priority ?? 'background',
      onRequest: call.onRequest,
      metered: true,
      notFound: unknownSite,
    })
  }

  /** GET /sites/{id}/prices/current: `previous` actuals, the current interval, `next` forecasts, per channel. */
  async currentPrices(siteId: string, query: CurrentPricesQuery = {}, call: AmberCallOptions = {}): Promise<AmberInterval[]> {
    checkCounts(query)
    return this.get({
      endpoint: '/sites/{siteId}/prices/current',
      path: `/sites/${sitePath(siteId)}/prices/current`,
      query: { previous: query.previous, next: query.next, resolution: query.resolution },
      schema: AmberIntervals,
      priority: call.priority ?? 'background',
      onRequest: call.onRequest,
      metered: true,
      notFound: unknownSite,
    })
  }

  /** GET /sites/{id}/prices: past prices by NEM day, at most 7 days per call. */
  async prices(siteId: string, query: PriceHistoryQuery = {}, call: AmberCallOptions = {}): Promise<AmberInterval[]> {
    checkDates(query.startDate, query.endDate)
    checkResolution(query.resolution)
    return this.get({
      endpoint: '/sites/{siteId}/prices',
      path: `/sites/${sitePath(siteId)}/prices`,
      query: { startDate: query.startDate, endDate: query.endDate, resolution: query.resolution },
      schema: AmberIntervals,
      priority: call.priority ?? 'background',
      onRequest: call.onRequest,
      metered: true,
      notFound: unknownSite,
    })
  }

  /** GET /sites/{id}/usage: metered energy and cost per channel; about 90 days back, a day behind. */
  async usage(siteId: string, query: UsageQuery, call: AmberCallOptions = {}): Promise<AmberUsage[]> {
    checkDates(query.startDate, query.endDate)
    return this.get({
      endpoint: '/sites/{siteId}/usage',
      path: `/sites/${sitePath(siteId)}/usage`,
      query: { startDate: query.startDate, endDate: query.endDate },
      schema: AmberUsages,
      priority: call.priority ?? 'background',
      onRequest: call.onRequest,
      metered: true,
      notFound: unknownSite,
    })
  }

  /** GET /state/{state}/renewables/current: the grid's renewable share; Amber's default resolution is 30. */
  async renewables(state: AmberState, query: RenewablesQuery = {}, call: AmberCallOptions = {}): Promise<AmberRenewable[]> {
    return this.get(renewablesCall(state, query, call, AmberRenewables))
  }

  /** The same request, read for display only: a field Amber leaves out or garbles is null. */
  async renewablesAsSent(state: AmberState, query: RenewablesQuery = {}, call: AmberCallOptions = {}): Promise<AmberRenewableAsSent[]> {
    return this.get(renewablesCall(state, query, call, AmberRenewablesAsSent))
  }

  /** What Amber last said about this token's window; null before the first metered answer. */
  rateLimit(): AmberRateLimit | null {
    return this.rate.last
  }

  /** Requests that may go now at this priority. */
  remaining(priority: AmberPriority): number {
    return Math.max(0, this.rate.budget.remaining() - (priority === 'background' ? this.reserve : 0))
  }

  /** Milliseconds until a request at this priority may go; 0 when it may go now. */
  waitMs(priority: AmberPriority): number {
    return this.rate.budget.waitMs(priority === 'background' ? this.reserve : 0)
  }

  private admit(priority: AmberPriority) {
    const blockedMs = this.rate.blockedForMs()
    if (blockedMs > 0) throw rateLimited(blockedMs)
    const reserve = priority === 'background' ? this.reserve : 0
    if (!this.rate.budget.allows(reserve)) throw budgetSpent(this.rate.budget.waitMs(reserve), priority === 'user')
    this.rate.budget.record()
  }

  private async get<T>(call: Call<T>): Promise<T> {
    if (this.token === '') throw new VendorError('auth', AMBER_TOKEN_MISSING)
    const url = this.url(call)
    const attempts = Math.max(1, this.backoff.attempts)
    let toleratedSpurious429 = false
    let lastError: VendorError | null = null

    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await this.sleep(backoffDelayMs(attempt - 1, this.backoff, this.random))
      if (call.metered) this.admit(call.priority)
      call.onRequest?.()

      let status: number
      let text: string
      let header: HeaderLookup
      try {
        const response = await request(url, {
          method: 'GET',
          headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', 'user-agent': 'Sunspill' },
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
          dispatcher: this.options.dispatcher,
        })
        status = response.statusCode
        header = lookup(response.headers)
        text = await response.body.text()
      } catch (error) {
        lastError = unreachable(hostOf(this.baseUrl), networkDetail(error))
        this.options.logger?.warn(`Amber ${call.endpoint} unreachable`, { attempt, error: networkDetail(error) })
        continue
      }

      const seen = this.rate.observe(header)
      if (status >= 200 && status < 300) return parseBody(call, text)
      if (status === 401 || status === 403) throw new VendorError('auth', AMBER_TOKEN_REJECTED)
      if (status === 404) throw call.notFound()
      if (status === 400 || status === 422) throw refused(errorMessage(text), status)
      if (status === 429) {
        // Amber sheds load with the odd 429 well inside the quota; one of those is worth a retry.
        const withinQuota = (seen?.remaining ?? 0) > 0
        if (withinQuota && !toleratedSpurious429 && attempt + 1 < attempts) {
          toleratedSpurious429 = true
          this.options.logger?.warn(`Amber ${call.endpoint} answered 429 within quota; retrying`)
          continue
        }
        const waitMs = retryAfterMs(header, this.options.clock.now()) ?? (seen?.windowS ? seen.windowS * 1000 : AMBER_WINDOW_MS)
        this.rate.block(waitMs)
        throw rateLimited(waitMs)
      }
      if (status >= 500) {
        lastError = serverError(status)
        this.options.logger?.warn(`Amber ${call.endpoint} answered HTTP ${status}`, { attempt })
        continue
      }
      throw badResponse(call.endpoint, `HTTP ${status}`)
    }
    throw lastError ?? serverError(0)
  }

  private url(call: Call<unknown>): string {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(call.query)) if (value !== undefined) params.set(key, String(value))
    const search = params.toString()
    return `${this.baseUrl}${call.path}${search ? `?${search}` : ''}`
  }
}

function renewablesCall<T>(state: AmberState, query: RenewablesQuery, call: AmberCallOptions, schema: z.ZodType<T>): Call<T> {
  if (!(AMBER_STATES as readonly string[]).includes(state))
    throw new VendorError('config', `Amber publishes renewables for ${AMBER_STATES.join(', ')} only, not "${state}".`)
  checkCounts(query)
  return {
    endpoint: '/state/{state}/renewables/current',
    path: `/state/${state}/renewables/current`,
    query: { previous: query.previous, next: query.next, resolution: query.resolution },
    schema,
    priority: call.priority ?? 'background',
    onRequest: call.onRequest,
    metered: false,
    notFound: () => new VendorError('config', `Amber has no renewables for the state "${state}".`),
  }
}

const orNull = <T extends z.ZodType>(schema: T) => schema.nullable().catch(null)

/** A renewables row with every field optional; rows that are not even objects are dropped. */
const AmberRenewableAsSent = z.object({
  type: orNull(z.string()),
  startTime: orNull(z.string()),
  endTime: orNull(z.string()),
  renewables: orNull(z.number()),
  descriptor: orNull(z.string()),
})
export type AmberRenewableAsSent = z.infer<typeof AmberRenewableAsSent>
const AmberRenewablesAsSent = z
  .array(AmberRenewableAsSent.nullable().catch(null))
  .transform((rows) => rows.filter((row): row is AmberRenewableAsSent => row !== null))

function parseBody<T>(call: Call<T>, text: string): T {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw badResponse(call.endpoint, 'not JSON')
  }
  const parsed = call.schema.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the body'
  throw badResponse(call.endpoint, `${where}: ${issue?.message ?? 'unexpected shape'}`)
}

function errorMessage(text: string): string | null {
  try {
    const body = AmberErrorBody.safeParse(JSON.parse(text))
    if (body.success) return body.data.message ?? body.data.error ?? body.data.detail ?? null
  } catch {
    // Not JSON: fall back to plain text below.
  }
  const plain = text.trim()
  return plain && !plain.startsWith('<') ? plain.slice(0, 200) : null
}

function lookup(headers: Record<string, string | string[] | undefined>): HeaderLookup {
  return (name) => {
    const value = headers[name.toLowerCase()]
    return Array.isArray(value) ? value.join(', ') : value
  }
}

function sitePath(siteId: string): string {
  if (siteId.trim() === '') throw new VendorError('config', AMBER_PICK_SITE)
  return encodeURIComponent(siteId.trim())
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

function checkDates(startDate: string | undefined, endDate: string | undefined) {
  for (const date of [startDate, endDate])
    if (date !== undefined && (!DATE.test(date) || Number.isNaN(Date.parse(date))))
      throw new VendorError('config', `"${date}" is not a date Amber understands: use YYYY-MM-DD, e.g. 2025-07-14.`)
  if (startDate && endDate && startDate > endDate)
    throw new VendorError('config', `The range starts (${startDate}) after it ends (${endDate}): swap the dates.`)
}

function checkResolution(resolution: number | undefined) {
  if (resolution !== undefined && resolution !== 5 && resolution !== 30)
    throw new VendorError('config', `Amber gives prices at 5 or 30 minutes, not ${resolution}.`)
}

function checkCounts(query: CurrentPricesQuery) {
  for (const [name, value] of [
    ['previous', query.previous],
    ['next', query.next],
  ] as const)
    if (value !== undefined && (!Number.isInteger(value) || value < 0))
      throw new VendorError('config', `"${name}" must be a whole number of intervals, not ${value}.`)
  checkResolution(query.resolution)
}
