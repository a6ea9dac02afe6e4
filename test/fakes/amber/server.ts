/**
 * A fake Amber Electric API v1 on 127.0.0.1, speaking Amber's real protocol over real HTTP, built
 * from ../shared/reference/api-alphaess-amber.md §3–4: bearer tokens (401), sites (a closed old
 * one and the active one), prices/current, price history, usage, renewables, RateLimit-* headers
 * on a real 50-per-300-s window and AWS API Gateway's 429 beyond it, 422 for oversized requests,
 * and switches for malformed bodies and injected failures. Plain TypeScript with no test-runner
 * imports, so vitest and Playwright can both start it. Its clock is injectable so its intervals
 * line up with the client's.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { amberFixture, defaultPriceSeries, round, type FakePrice, type FakePriceSeries, type FakeSite } from './fixture'
import {
  currentWindowStarts,
  dayStarts,
  nemDate,
  nemDayStartMs,
  priceIntervals,
  renewables,
  usageRows,
  type ChannelOrder,
  type RenewablesSeries,
  type SlotContext,
} from './intervals'

export * from './fixture'
export type { ChannelOrder, RenewablesSeries } from './intervals'

export type AmberEndpoint = 'sites' | 'prices/current' | 'prices' | 'usage' | 'renewables'
export type MalformedMode = 'not-json' | 'wrong-shape'

export interface InjectedFailure {
  status: number
  /** How many requests fail; default 1. */
  count?: number
  body?: string
  headers?: Record<string, string>
}

export interface RecordedRequest {
  method: string
  path: string
  endpoint: AmberEndpoint | null
  query: Record<string, string>
  /** The request carried the right bearer token. */
  authorized: boolean
  status: number
  atMs: number
}

export interface AmberFakeOptions {
  token?: string
  /** The fake's clock; default Date.now. */
  now?: () => number
  sites?: FakeSite[]
  prices?: FakePriceSeries
  renewables?: RenewablesSeries
  /** How long a 5-minute current price stays an estimate; default 30 s. */
  estimateMs?: number
  limit?: number
  windowMs?: number
  /** Amber's renewables are unmetered and usually carry no RateLimit-* headers. */
  renewablesRateLimitHeaders?: boolean
  /** The spec says generation kWh is negative; live data shows positive. Default -1. */
  feedInUsageKwhSign?: 1 | -1
  /**
   * How long after an interval ends Amber has metered it; default 0 (everything before today).
   * Live, yesterday's usage is often still partial the next morning.
   */
  usageLagMs?: number
}

export interface AmberFakeState {
  token: string
  sites: FakeSite[]
  order: ChannelOrder
  estimateMs: number
  feedInUsageKwhSign: 1 | -1
  usageLagMs: number
  renewablesRateLimitHeaders: boolean
  now(): number
  /** Replaces the price series; `offset` 0 is the current interval. */
  setPrices(series: FakePriceSeries | Partial<FakePrice>[]): void
  setRenewables(series: RenewablesSeries): void
  /** Makes an endpoint answer with an unreadable body until set back to null. */
  setMalformed(endpoint: AmberEndpoint, mode: MalformedMode | null): void
  /** The next `count` requests to an endpoint fail with this status (after auth and metering). */
  failNext(endpoint: AmberEndpoint, failure: InjectedFailure): void
  /** Requests counted in the current rate window. */
  used(): number
  /** Spends requests as another app on the same token would. */
  consume(count: number): void
  resetRateLimit(): void
}

export interface AmberFake {
  /** The base URL, ending in /v1. */
  url: string
  token: string
  state: AmberFakeState
  requests: RecordedRequest[]
  close(): Promise<void>
}

const JSON_TYPE = { 'content-type': 'application/json' }
const TOO_MANY = '{"message":"Too Many Requests"}'
const STATES = ['nsw', 'sa', 'qld', 'vic']
const MAX_COUNT = 2048
const MAX_RANGE_DAYS = 7
const USAGE_HISTORY_DAYS = 90
const DAY_MS = 24 * 3_600_000

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function seriesFrom(series: FakePriceSeries | Partial<FakePrice>[]): FakePriceSeries {
  if (typeof series === 'function') return series
  // A list starts at the current interval; outside it the default wave continues.
  return (slot) => ({ ...defaultPriceSeries(slot), ...(slot.offset >= 0 ? series[slot.offset] : undefined) })
}

const defaultRenewables: RenewablesSeries = ({ offset }) => round(amberFixture.renewablesPct + 6 * Math.sin(offset / 4), 2)

export async function startAmberFake(options: AmberFakeOptions = {}): Promise<AmberFake> {
  const now = options.now ?? Date.now
  const limit = options.limit ?? 50
  const windowMs = options.windowMs ?? 300_000
  let series: FakePriceSeries = options.prices ?? defaultPriceSeries
  let renewablesSeries: RenewablesSeries = options.renewables ?? defaultRenewables
  const malformed = new Map<AmberEndpoint, MalformedMode>()
  const failures = new Map<AmberEndpoint, InjectedFailure & { left: number }>()
  let windowStartMs = -Infinity
  let used = 0
  const requests: RecordedRequest[] = []

  function rollWindow() {
    if (now() >= windowStartMs + windowMs) {
      windowStartMs = now()
      used = 0
    }
  }

  const state: AmberFakeState = {
    token: options.token ?? amberFixture.token,
    sites: options.sites ?? [structuredClone(amberFixture.closedSite), structuredClone(amberFixture.activeSite)],
    order: 'grouped',
    estimateMs: options.estimateMs ?? 30_000,
    feedInUsageKwhSign: options.feedInUsageKwhSign ?? -1,
    usageLagMs: options.usageLagMs ?? 0,
    renewablesRateLimitHeaders: options.renewablesRateLimitHeaders ?? false,
    now,
    setPrices: (next) => (series = seriesFrom(next)),
    setRenewables: (next) => (renewablesSeries = next),
    setMalformed: (endpoint, mode) => (mode ? malformed.set(endpoint, mode) : malformed.delete(endpoint)),
    failNext: (endpoint, failure) => failures.set(endpoint, { ...failure, left: failure.count ?? 1 }),
    used: () => {
      rollWindow()
      return used
    },
    consume(count) {
      rollWindow()
      used = Math.min(limit, used + count)
    },
    resetRateLimit() {
      windowStartMs = -Infinity
      used = 0
    },
  }

  function rateHeaders(): Record<string, string> {
    return {
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': String(Math.max(0, limit - used)),
      'RateLimit-Reset': String(Math.max(0, Math.ceil((windowStartMs + windowMs - now()) / 1000))),
      'RateLimit-Policy': `${limit};w=${Math.round(windowMs / 1000)}`,
    }
  }

  function ctx(durationMin: 5 | 30): SlotContext {
    return { nowMs: now(), durationMin, series, estimateMs: state.estimateMs }
  }

  function siteFor(path: string): FakeSite {
    const id = decodeURIComponent(path.split('/')[2] ?? '')
    const site = state.sites.find((s) => s.id === id)
    if (!site) throw new HttpError(404, 'Site not found')
    return site
  }

  function handle(endpoint: AmberEndpoint, path: string, query: URLSearchParams): unknown {
    switch (endpoint) {
      case 'sites':
        return state.sites
      case 'prices/current': {
        const site = siteFor(path)
        const previous = count(query, 'previous')
        const next = count(query, 'next')
        if (previous + next > MAX_COUNT) throw new HttpError(422, `next + previous must not exceed ${MAX_COUNT}`)
        const durationMin = resolution(query, site.intervalLength)
        return priceIntervals(site, currentWindowStarts(now(), durationMin, previous, next), ctx(durationMin), state.order)
      }
      case 'prices': {
        const site = siteFor(path)
        const today = nemDate(now())
        const { startDate, endDate } = range(query.get('startDate') ?? today, query.get('endDate') ?? today)
        const durationMin = resolution(query, site.intervalLength)
        return priceIntervals(site, dayStarts(startDate, endDate, durationMin), ctx(durationMin), state.order)
      }
      case 'usage': {
        const site = siteFor(path)
        const start = query.get('startDate')
        const end = query.get('endDate')
        if (!start || !end) throw new HttpError(400, 'startDate and endDate are required')
        const { startDate, endDate } = range(start, end)
        // Usage lags about a day and goes back about 90 days.
        const todayStartMs = nemDayStartMs(nemDate(now()))
        const meteredToMs = now() - state.usageLagMs
        const starts = dayStarts(startDate, endDate, site.intervalLength).filter(
          (t) => t < todayStartMs && t >= todayStartMs - USAGE_HISTORY_DAYS * DAY_MS && t + site.intervalLength * 60_000 <= meteredToMs,
        )
        return usageRows(site, starts, ctx(site.intervalLength), { feedInKwhSign: state.feedInUsageKwhSign })
      }
      case 'renewables': {
        const stateName = path.split('/')[2] ?? ''
        if (!STATES.includes(stateName)) throw new HttpError(400, `state must be one of ${STATES.join(', ')}`)
        const durationMin = resolution(query, 30)
        const starts = currentWindowStarts(now(), durationMin, count(query, 'previous'), count(query, 'next'))
        return renewables(stateName, starts, ctx(durationMin), renewablesSeries)
      }
    }
  }

  function respond(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const path = url.pathname.replace(/^\/v1/, '')
    const endpoint = endpointOf(path)
    const authorized = req.headers.authorization === `Bearer ${state.token}`
    const query = Object.fromEntries(url.searchParams)
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? 'GET', path, endpoint, query, authorized, status, atMs: now() })
      res.writeHead(status, { ...JSON_TYPE, 'content-length': String(Buffer.byteLength(body)), date: new Date(now()).toUTCString(), ...headers })
      res.end(body)
    }

    if (!url.pathname.startsWith('/v1/') || endpoint === null) return send(404, '{"message":"Not Found"}')
    if (req.method !== 'GET') return send(405, '{"message":"Method Not Allowed"}')
    const metered = endpoint !== 'renewables'
    // Renewables need no token (spec v2: security: []).
    if (metered && !authorized) return send(401, '{"message":"Unauthorized"}')

    let headers: Record<string, string> = {}
    if (metered) {
      rollWindow()
      if (used >= limit) return send(429, TOO_MANY, { ...rateHeaders(), 'x-amzn-ErrorType': 'TooManyRequestsException' })
      used += 1
      headers = rateHeaders()
    } else if (state.renewablesRateLimitHeaders) {
      rollWindow()
      headers = rateHeaders()
    }

    const failure = failures.get(endpoint)
    if (failure && failure.left > 0) {
      failure.left -= 1
      if (failure.left === 0) failures.delete(endpoint)
      const extra: Record<string, string> = failure.status === 429 ? { 'x-amzn-ErrorType': 'TooManyRequestsException' } : {}
      const body = failure.body ?? (failure.status === 429 ? TOO_MANY : `{"message":"Injected failure ${failure.status}"}`)
      return send(failure.status, body, { ...headers, ...extra, ...failure.headers })
    }

    let payload: unknown
    try {
      payload = handle(endpoint, path, url.searchParams)
    } catch (error) {
      if (error instanceof HttpError) return send(error.status, JSON.stringify({ message: error.message }), headers)
      return send(500, JSON.stringify({ message: String(error) }), headers)
    }

    const mode = malformed.get(endpoint)
    if (mode === 'not-json') return send(200, JSON.stringify(payload).slice(0, 40), headers)
    if (mode === 'wrong-shape') return send(200, JSON.stringify(wrongShape(payload)), headers)
    return send(200, JSON.stringify(payload), headers)
  }

  const server = createServer((req, res) => {
    try {
      respond(req, res)
    } catch (error) {
      res.writeHead(500, JSON_TYPE)
      res.end(JSON.stringify({ message: String(error) }))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined

  return {
    url: `http://127.0.0.1:${port}/v1`,
    token: state.token,
    state,
    requests,
    close: () => (closing ??= new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close((error) => (error ? reject(error) : resolve()))
    })),
  }
}

function endpointOf(path: string): AmberEndpoint | null {
  if (path === '/sites') return 'sites'
  if (/^\/sites\/[^/]+\/prices\/current$/.test(path)) return 'prices/current'
  if (/^\/sites\/[^/]+\/prices$/.test(path)) return 'prices'
  if (/^\/sites\/[^/]+\/usage$/.test(path)) return 'usage'
  if (/^\/state\/[^/]+\/renewables\/current$/.test(path)) return 'renewables'
  return null
}

function count(query: URLSearchParams, name: string): number {
  const raw = query.get(name)
  if (raw === null) return 0
  if (!/^\d+$/.test(raw)) throw new HttpError(400, `${name} must be a non-negative integer`)
  return Number(raw)
}

function resolution(query: URLSearchParams, fallback: 5 | 30): 5 | 30 {
  const raw = query.get('resolution')
  if (raw === null) return fallback
  if (raw !== '5' && raw !== '30') throw new HttpError(400, 'resolution must be 5 or 30')
  return raw === '5' ? 5 : 30
}

function range(startDate: string, endDate: string): { startDate: string; endDate: string } {
  for (const date of [startDate, endDate])
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new HttpError(400, `Invalid date: ${date}`)
  const days = (Date.parse(endDate) - Date.parse(startDate)) / DAY_MS
  if (days < 0) throw new HttpError(400, 'endDate must not be before startDate')
  if (days > MAX_RANGE_DAYS) throw new HttpError(422, `The date range must be ${MAX_RANGE_DAYS} days or less`)
  return { startDate, endDate }
}

/** JSON that parses but is not Amber's shape: numbers as strings, a field missing. */
function wrongShape(payload: unknown): unknown {
  if (!Array.isArray(payload)) return { data: payload }
  return payload.map((item: Record<string, unknown>) => {
    const { perKwh, renewables, ...rest } = item
    return { ...rest, perKwh: perKwh === undefined ? undefined : String(perKwh), renewables: renewables === undefined ? undefined : String(renewables), id: 42 }
  })
}
