/**
 * A fake AlphaESS Open API over real HTTP on 127.0.0.1, for vitest and Playwright alike (no test
 * framework imports). It checks what the real one checks — AppID, timestamp within 300 s of its
 * own clock, the SHA-512 sign, the verb (a Spring 405 page), the path (404), and one call per
 * endpoint per 10 s (6053) — and answers in the real envelope with HTTP 200 for API errors.
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenLocal, readBody } from '../http'
import { handlers, messages, type Answer } from './handlers'
import { createFakeState, defaultAlphaessFixture, type AlphaessFakeState, type FaultReply } from './state'

export { defaultAlphaessFixture, defaultDayEnergy, defaultSumData } from './state'
export type { AlphaessFakeState, Fault, FakeCharger, FakeSystem } from './state'

/** The verb each endpoint accepts. */
export const fakeVerbs: Record<string, 'GET' | 'POST'> = {
  getEssList: 'GET',
  getLastPowerData: 'GET',
  getOneDayPowerBySn: 'GET',
  getOneDateEnergyBySn: 'GET',
  getSumDataForCustomer: 'GET',
  getChargeConfigInfo: 'GET',
  updateChargeConfigInfo: 'POST',
  getDisChargeConfigInfo: 'GET',
  updateDisChargeConfigInfo: 'POST',
  getTimeChargeBySn: 'GET',
  setTimeChargeBySn: 'POST',
  getVerificationCode: 'GET',
  bindSn: 'POST',
  unBindSn: 'POST',
  getEvChargerConfigList: 'GET',
  getEvChargerCurrentsBySn: 'GET',
  setEvChargerCurrentsBySn: 'POST',
  getEvChargerStatusBySn: 'GET',
  remoteControlEvCharger: 'POST',
}

export interface AlphaessFakeRequest {
  method: string
  path: string
  /** The endpoint name, or null for an unknown path. */
  endpoint: string | null
  /** Query or JSON body; the AppSecret and sign never appear here. */
  params: Record<string, unknown>
  atMs: number
  httpStatus: number
  /** The envelope's code, null for Spring error pages and injected raw bodies. */
  code: number | null
}

export interface AlphaessFakeOptions {
  /** The fake's own clock (ms), to test skew and the rate limit without waiting. */
  now?: () => number
  appId?: string
  appSecret?: string
  enforceRateLimit?: boolean
  /** The bound system has a charging pile; default true. */
  withCharger?: boolean
}

export interface AlphaessFake {
  /** Base URL ending in /api, as the account's baseUrl expects. */
  url: string
  appId: string
  appSecret: string
  state: AlphaessFakeState
  requests: AlphaessFakeRequest[]
  close(): Promise<void>
}

const BASE_PATH = '/api/'
const MAX_SKEW_S = 300

export async function startAlphaessFake(options: AlphaessFakeOptions = {}): Promise<AlphaessFake> {
  const now = options.now ?? Date.now
  const appSecret = options.appSecret ?? defaultAlphaessFixture.appSecret
  const state = createFakeState({ appId: options.appId, enforceRateLimit: options.enforceRateLimit, withCharger: options.withCharger })
  const requests: AlphaessFakeRequest[] = []
  const lastCallMs = new Map<string, number>()
  const lastWriteMs = new Map<string, number>()

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ timestamp: new Date(now()).toISOString(), status: 500, error: String(error) }))
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    const raw = await readBody(req)
    const endpoint = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : null
    const known = endpoint !== null && endpoint in fakeVerbs ? endpoint : null
    const params = paramsOf(method, url, raw)
    const atMs = now()
    const log = (httpStatus: number, code: number | null) =>
      requests.push({ method, path: url.pathname, endpoint: known, params: params ?? {}, atMs, httpStatus, code })

    const send = (httpStatus: number, body: string, code: number | null, headers: Record<string, string> = {}) => {
      log(httpStatus, code)
      res.writeHead(httpStatus, { 'content-type': 'application/json;charset=UTF-8', ...headers })
      res.end(body)
    }
    const envelope = (answer: Answer) =>
      send(
        200,
        JSON.stringify({
          code: answer.code,
          msg: answer.msg ?? messages[answer.code] ?? 'Error',
          expMsg: answer.expMsg ?? null,
          data: answer.code === 200 ? (answer.data ?? null) : null,
          extra: null,
        }),
        answer.code,
      )
    const spring = (status: number, error: string, headers?: Record<string, string>) =>
      send(status, JSON.stringify({ timestamp: new Date(atMs).toISOString(), status, error, path: url.pathname }), null, headers)

    // Load shedding sits in front of the API: it answers before the AppID or the sign is looked at.
    if (atMs < state.throttledUntilMs)
      return spring(429, 'Too Many Requests', { 'retry-after': String(Math.ceil((state.throttledUntilMs - atMs) / 1000)) })

    const appId = header(req, 'appid')
    if (!appId) return envelope({ code: 6012 })
    if (!known) return spring(404, 'Not Found')
    if (fakeVerbs[known] !== method) return spring(405, 'Method Not Allowed')

    const timeStamp = header(req, 'timestamp')
    const sign = header(req, 'sign')
    if (!timeStamp) return envelope({ code: 6011 })
    if (!sign) return envelope({ code: 6010 })
    const stampS = /^\d+$/.test(timeStamp) ? Number(timeStamp) : Number.NaN
    if (!Number.isFinite(stampS) || Math.abs(atMs / 1000 - stampS) > MAX_SKEW_S) return envelope({ code: state.skewCode })
    const expected = createHash('sha512').update(`${state.appId}${appSecret}${timeStamp}`, 'utf8').digest('hex')
    if (appId !== state.appId || sign !== expected) return envelope({ code: 6007 })

    const fault = takeFault(state, known)
    if (fault) {
      if ('code' in fault) return envelope({ code: fault.code, msg: fault.msg ?? undefined, expMsg: fault.expMsg ?? null })
      if ('httpStatus' in fault) return send(fault.httpStatus, fault.body ?? '', null, fault.headers)
      return send(200, fault.body, null)
    }

    if (state.enforceRateLimit) {
      const last = lastCallMs.get(known)
      if (last !== undefined && atMs - last < state.minIntervalMs) return envelope({ code: 6053 })
    }
    lastCallMs.set(known, atMs)

    if (params === null) return envelope({ code: 10001 })
    const answer = handlers[known]!({
      state,
      params,
      nowMs: atMs,
      lastWriteMs: (name, sysSn) => lastWriteMs.get(`${name}|${sysSn}`),
      recordWrite: (name, sysSn) => lastWriteMs.set(`${name}|${sysSn}`, atMs),
    })
    return envelope(answer)
  }

  const local = await listenLocal(server)
  return {
    url: `${local.origin}/api`,
    appId: state.appId,
    appSecret,
    state,
    requests,
    close: local.close,
  }
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name]
  const first = Array.isArray(value) ? value[0] : value
  return first && first.trim() !== '' ? first.trim() : null
}

/** GET reads the query string, POST a JSON object body; null when the body is not one. */
function paramsOf(method: string, url: URL, raw: string): Record<string, unknown> | null {
  if (method !== 'POST') return Object.fromEntries(url.searchParams.entries())
  if (raw.trim() === '') return {}
  try {
    const body: unknown = JSON.parse(raw)
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null
  } catch {
    return null
  }
}

function takeFault(state: AlphaessFakeState, endpoint: string): FaultReply | null {
  const index = state.faults.findIndex((f) => f.endpoint === endpoint)
  if (index < 0) return null
  const fault = state.faults[index]!
  const times = fault.times ?? 1
  if (times <= 1) state.faults.splice(index, 1)
  else fault.times = times - 1
  return fault.reply
}
