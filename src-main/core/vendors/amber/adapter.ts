/**
 * Amber as Sunspill sees it: a Tariff for one site, plus the site's history operations.
 *
 * The runtime asks for prices every 60 s, but Amber only moves every 5 minutes (and locks the
 * current estimate 20–30 s after each boundary), while the token allows 50 requests per
 * 5 minutes shared with the user's clicks and any other app. So a read goes to Amber only when
 * something can have changed, never more than POLL_REQUESTS_PER_WINDOW times a window, never
 * into the user's reserve; otherwise it answers from the last good result.
 */
import type { GridRenewables, PriceInterval, RenewablesState } from '../../../../src-shared/model'
import type { Clock } from '../../clock'
import type { Tariff } from '../../devices'
import { VendorError } from '../../errors'
import type { Logger } from '../../host'
import { backoffDelayMs, type BackoffPolicy } from '../shared/backoff'
import { RequestBudget } from '../shared/budget'
import type { AmberClient, AmberPriority, AmberRenewableAsSent, PriceHistoryQuery, RenewablesQuery, UsageQuery } from './client'
import { boundaryMs, toPriceIntervals, toRenewablesIntervals, toUsageIntervals, type RenewablesInterval, type UsageInterval } from './mapping'
import { AmberBudgetSpent, unknownSite } from './messages'
import { AMBER_WINDOW_MS, type AmberRateLimit } from './rate-limit'
import type { AmberResolution, AmberSite, AmberState } from './schemas'

/** The runtime may ask this often; the tariff decides whether Amber is asked. */
export const AMBER_TARIFF_POLL_MS = 60_000
/** At most this many poll requests per 5 minutes, whatever the runtime's cadence. */
export const POLL_REQUESTS_PER_WINDOW = 10
/** Recent actuals asked for: an hour at 5 minutes. */
export const PREVIOUS_INTERVALS = 12
const FORECAST_HORIZON_MS = 24 * 3_600_000
/** Amber's dispatch interval: prices can only have moved once it turns over. */
const DISPATCH_MS = 5 * 60_000
/** Forced ticks (a user pressing refresh) do not re-ask Amber more often than this. */
const MIN_REFRESH_GAP_MS = 30_000
/** A failed read is not retried at once: the next reads answer from the cache meanwhile. */
const failureBackoff: BackoffPolicy = { baseMs: 30_000, maxMs: 270_000, attempts: Infinity }
/** Credentials and settings only change when the user acts; no point asking often. */
const NEEDS_USER_RETRY_MS = 5 * 60_000

export interface AmberTariffOptions {
  client: AmberClient
  siteId: string
  clock: Clock
  id: string
  label: string
  logger?: Logger
  random?: () => number
  /** Saves the /sites lookup when the site's billing interval is already known. */
  intervalMinutes?: AmberResolution
}

export interface AmberTariff extends Tariff {
  /** The site as Amber described it on the first read; null before. */
  site(): AmberSite | null
  /** Poll requests the tariff may still send in the current 5 minutes. */
  pollRequestsLeft(): number
}

interface Cached {
  intervals: PriceInterval[]
  fetchedAtMs: number
}

export function amberTariff(options: AmberTariffOptions): AmberTariff {
  const { client, clock, siteId } = options
  const random = options.random ?? Math.random
  const pollBudget = new RequestBudget(POLL_REQUESTS_PER_WINDOW, AMBER_WINDOW_MS, () => clock.now())
  let site: AmberSite | null = null
  let intervalMinutes: number | null = options.intervalMinutes ?? null
  let cache: Cached | null = null
  let failures = 0
  let retryAtMs = 0
  let lastError: unknown = null
  const polling = { priority: 'background', onRequest: () => pollBudget.record() } as const

  function covering(nowMs: number): PriceInterval | undefined {
    return cache?.intervals.find((p) => p.startMs <= nowMs && nowMs < p.endMs)
  }

  function due(nowMs: number): boolean {
    if (nowMs < retryAtMs) return false
    if (!cache) return true
    if (nowMs - cache.fetchedAtMs < MIN_REFRESH_GAP_MS) return false
    const now = covering(nowMs)
    if (!now || now.kind !== 'current') return true
    if (now.estimate) return true
    // A 30-minute price is re-averaged at every 5-minute dispatch inside it.
    return Math.floor(nowMs / DISPATCH_MS) > Math.floor(cache.fetchedAtMs / DISPATCH_MS)
  }

  /** The last good prices while they still describe now; otherwise why there are none. */
  function fromCache(nowMs: number, why: unknown): PriceInterval[] {
    if (cache && covering(nowMs)) return cache.intervals.map((p) => ({ ...p }))
    throw why
  }

  /** Milliseconds until the requests one read needs may go (the site lookup, then prices). */
  function budgetWaitMs(): number {
    const needed = site || intervalMinutes !== null ? 1 : 2
    if (client.remaining('background') < needed) return Math.max(1, client.waitMs('background'))
    return pollBudget.waitMs(needed - 1)
  }

  async function lookUpSite(): Promise<void> {
    if (site || intervalMinutes !== null) return
    const sites = await client.sites(polling)
    const found = sites.find((s) => s.id === siteId)
    if (!found) throw unknownSite()
    if (found.status === 'closed') options.logger?.warn('The Amber site this account uses is closed; pick the active one', { siteId })
    site = found
    intervalMinutes = found.intervalLength ?? null
  }

  async function fetchPrices(): Promise<PriceInterval[]> {
    await lookUpSite()
    const resolution = intervalMinutes === 5 || intervalMinutes === 30 ? intervalMinutes : undefined
    const next = Math.ceil(FORECAST_HORIZON_MS / ((resolution ?? 5) * 60_000))
    const raw = await client.currentPrices(siteId, { previous: PREVIOUS_INTERVALS, next, resolution }, polling)
    const intervals = toPriceIntervals(raw)
    if (intervals.length === 0) throw new VendorError('bad-response', 'Amber sent no prices for this site. Sunspill keeps trying.')
    return intervals
  }

  function retryDelayMs(error: unknown): number {
    if (error instanceof VendorError) {
      if (error.retryAfterMs !== null) return error.retryAfterMs
      if (error.kind === 'auth' || error.kind === 'config' || error.kind === 'not-supported') return NEEDS_USER_RETRY_MS
    }
    return MIN_REFRESH_GAP_MS + backoffDelayMs(failures - 1, failureBackoff, random)
  }

  return {
    id: options.id,
    label: options.label,
    currency: 'AUD',
    unit: 'c/kWh',
    pollMs: AMBER_TARIFF_POLL_MS,
    // Amber publishes a price every 5 minutes; a fetch per slot is as fresh as it gets.
    updateEveryMs: 5 * 60_000,
    lastUpdatedMs: () => cache?.fetchedAtMs ?? null,
    site: () => site,
    pollRequestsLeft: () => pollBudget.remaining(),

    async readPrices() {
      const nowMs = clock.now()
      if (!due(nowMs)) return fromCache(nowMs, lastError ?? notCovering())
      const waitMs = budgetWaitMs()
      if (waitMs > 0) return fromCache(nowMs, new AmberBudgetSpent(waitMs, false))
      try {
        const intervals = await fetchPrices()
        cache = { intervals, fetchedAtMs: clock.now() }
        failures = 0
        retryAtMs = 0
        lastError = null
        return intervals.map((p) => ({ ...p }))
      } catch (error) {
        // A user's click may have taken the last request in between: not a failure, just wait.
        if (error instanceof AmberBudgetSpent) return fromCache(nowMs, error)
        failures += 1
        lastError = error
        retryAtMs = clock.now() + retryDelayMs(error)
        throw error
      }
    },
  }
}

function notCovering(): VendorError {
  return new VendorError('bad-response', "Amber's latest prices do not cover the current time. Sunspill asks again shortly.")
}

/** The site's other operations, for the history page: user-initiated, so they may use the reserve. */
export interface AmberSiteData {
  sites(): Promise<AmberSite[]>
  priceHistory(query: PriceHistoryQuery): Promise<PriceInterval[]>
  usage(query: UsageQuery): Promise<UsageInterval[]>
  renewables(state: AmberState, query?: RenewablesQuery): Promise<RenewablesInterval[]>
  rateLimit(): AmberRateLimit | null
  /** Requests the token's shared window still allows at this data's priority (the history paces itself by it). */
  requestsLeft(): number
}

/** `background` (the history's automatic catch-up) keeps the reserve for the user's clicks, as the tariff does. */
export function amberSiteData(client: AmberClient, siteId: string, priority: AmberPriority = 'user'): AmberSiteData {
  const user = { priority } as const
  return {
    sites: () => client.sites(user),
    priceHistory: async (query) => toPriceIntervals(await client.prices(siteId, query, user)),
    usage: async (query) => toUsageIntervals(await client.usage(siteId, query, user)),
    renewables: async (state, query = {}) => toRenewablesIntervals(await client.renewables(state, query, user)),
    rateLimit: () => client.rateLimit(),
    requestsLeft: () => client.remaining(priority),
  }
}

/** Grid renewables either side of now on the account's page: this many intervals each way. */
export const RENEWABLES_AROUND = 2

/** Where the NEM's regions keep their clocks; Broken Hill keeps Adelaide's time but is in NSW. */
const STATE_BY_TIME_ZONE: Record<string, RenewablesState> = {
  'Australia/Sydney': 'nsw',
  'Australia/ACT': 'nsw',
  'Australia/Canberra': 'nsw',
  'Australia/NSW': 'nsw',
  'Australia/Broken_Hill': 'nsw',
  'Australia/Yancowinna': 'nsw',
  'Australia/Melbourne': 'vic',
  'Australia/Victoria': 'vic',
  'Australia/Brisbane': 'qld',
  'Australia/Lindeman': 'qld',
  'Australia/Queensland': 'qld',
  'Australia/Adelaide': 'sa',
  'Australia/South': 'sa',
}

/** The state whose grid a site in this time zone is on; NSW, Amber's largest, when the zone says nothing. */
export function renewablesStateFor(timeZone: string): RenewablesState {
  return Object.hasOwn(STATE_BY_TIME_ZONE, timeZone) ? STATE_BY_TIME_ZONE[timeZone]! : 'nsw'
}

const RENEWABLE_KIND: Record<string, 'actual' | 'current' | 'forecast'> = {
  ActualRenewable: 'actual',
  CurrentRenewable: 'current',
  ForecastRenewable: 'forecast',
}

function timeMs(iso: string | null): number | null {
  if (iso === null || Number.isNaN(Date.parse(iso))) return null
  return boundaryMs(iso)
}

export function toGridRenewables(state: RenewablesState, rows: AmberRenewableAsSent[]): GridRenewables {
  const intervals = rows.map((row) => ({
    kind: row.type !== null && Object.hasOwn(RENEWABLE_KIND, row.type) ? RENEWABLE_KIND[row.type]! : null,
    startMs: timeMs(row.startTime),
    endMs: timeMs(row.endTime),
    renewablesPct: row.renewables,
    descriptor: row.descriptor,
  }))
  // Rows without a readable start keep Amber's order, after the dated ones.
  const dated = intervals.filter((i) => i.startMs !== null).sort((a, b) => a.startMs! - b.startMs!)
  return { state, intervals: [...dated, ...intervals.filter((i) => i.startMs === null)] }
}

/** What an Amber account's page shows besides its sites: grid renewables and the token's allowance. */
export interface AmberAccountInsights {
  renewables(state: RenewablesState): Promise<GridRenewables>
  /**
   * The allowance from the headers Amber last sent for this token (the tariff's polls count);
   * only when none were seen yet does it spend one request, the cheapest (GET /sites). Null when
   * Amber's answers carry no rate-limit headers at all.
   */
  allowance(): Promise<AmberRateLimit | null>
}

export function amberAccountInsights(client: AmberClient): AmberAccountInsights {
  const user = { priority: 'user' } as const
  return {
    renewables: async (state) =>
      toGridRenewables(state, await client.renewablesAsSent(state, { previous: RENEWABLES_AROUND, next: RENEWABLES_AROUND }, user)),
    async allowance() {
      const seen = client.rateLimit()
      if (seen) return seen
      try {
        await client.sites(user)
      } catch (error) {
        // A 429 whose headers say the window is used up is the answer, not a failure.
        const after = client.rateLimit()
        if (error instanceof VendorError && error.kind === 'rate-limited' && after?.remaining === 0) return after
        throw error
      }
      return client.rateLimit()
    },
  }
}
