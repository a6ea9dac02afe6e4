/**
 * A fake Charge Amps EAPI v5 over real HTTP on 127.0.0.1, built from the Swagger v5 shapes and
 * the quirks in the research notes: the apiKey header on login, JWTs with an `exp` claim, a
 * refresh that wants the old token, 401 with an empty octet-stream body, PUTs that answer 200
 * with an empty body and replace the whole settings object, status words or numeric codes, and
 * measurements only while charging. Importable from vitest and Playwright (no test framework).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenLocal, readBody } from '../http'
import { CHARGE_AMPS_FIXTURE, defaultChargePoints } from './fixture'
import {
  activePhases,
  advance,
  drawA,
  powerW,
  round,
  statusCode,
  statusWord,
  isRebooting,
  type FakeChargePoint,
  type FakeConnector,
  type FakeSchedule,
} from './model'

export * from './model'
export { CHARGE_AMPS_FIXTURE, defaultChargePoints } from './fixture'

export interface ChargeAmpsFakeOptions {
  email?: string
  password?: string
  apiKey?: string
  /** The fake's clock in ms; share a test's manual clock to expire tokens without waiting. */
  now?: () => number
  /** JWT lifetime (the one secondary source says 120 min). */
  tokenLifetimeS?: number
  /** Connector statuses as words ("Charging") or numeric codes ("2"). */
  statusForm?: 'word' | 'number'
  chargePoints?: FakeChargePoint[]
  /** How long a rebooting charger stays offline. */
  rebootMs?: number
}

export interface FakeFault {
  /** Substring of the path (case-insensitive); every path when absent. */
  path?: string
  method?: string
  status: number
  /** Raw body to send (e.g. malformed JSON); empty when absent. */
  body?: string
  retryAfterS?: number
  /** How many matching requests get this answer. */
  times: number
}

export interface FakeRequest {
  method: string
  path: string
  status: number
  /** Whether the apiKey header was sent (never its value). */
  apiKey: boolean
  /** Whether an Authorization: Bearer header was sent (never the token). */
  bearer: boolean
  /** Parsed JSON body of non-auth requests; auth bodies carry passwords and tokens and are not kept. */
  body?: unknown
}

export interface FakeUser {
  id: string
  firstName: string
  lastName: string
  email: string
  mobile: string | null
  rfidTags: { active: boolean; rfid: string; rfidDec: string; rfidDecReverse: string }[]
  userStatus: 'New' | 'Valid' | 'Locked'
}

export interface ChargeAmpsFakeState {
  logins: number
  refreshes: number
  statusForm: 'word' | 'number'
  /** Refuse every refresh (400) so clients must sign in again. */
  rejectRefresh: boolean
  /** What a wrong or missing apiKey gets on login (the reference: 401, empty body). */
  badApiKeyStatus: 401 | 403
  tokenLifetimeS: number
  rebootMs: number
  user: FakeUser
  chargePoints: FakeChargePoint[]
  /** Canned answers for the next matching requests (429, 5xx, malformed bodies…). */
  faults: FakeFault[]
  /** Every PUT body of connector settings, as received. */
  connectorPuts: unknown[]
  /** Makes every token issued so far answer 401 from now on. */
  expireTokens(): void
  /**
   * Moves the fake's world on to now (session energy, session start and end). Requests do this
   * themselves; call it before changing a car or a setting directly so the past is booked first.
   */
  tick(): void
  plugIn(connectorId?: number): void
  unplug(connectorId?: number): void
  chargePoint(id?: string): FakeChargePoint
  connector(connectorId?: number, chargePointId?: string): FakeConnector
}

export interface ChargeAmpsFake {
  url: string
  email: string
  password: string
  apiKey: string
  state: ChargeAmpsFakeState
  requests: FakeRequest[]
  close(): Promise<void>
}

interface IssuedToken {
  expMs: number
}

const OCTET = { 'content-type': 'application/octet-stream' }

export async function startChargeAmpsFake(options: ChargeAmpsFakeOptions = {}): Promise<ChargeAmpsFake> {
  const email = options.email ?? CHARGE_AMPS_FIXTURE.email
  const password = options.password ?? CHARGE_AMPS_FIXTURE.password
  const apiKey = options.apiKey ?? CHARGE_AMPS_FIXTURE.apiKey
  const now = options.now ?? Date.now
  const tokens = new Map<string, IssuedToken>()
  /** refreshToken → the token it was issued with */
  const refreshTokens = new Map<string, string>()
  const requests: FakeRequest[] = []
  let lastAdvanceMs = now()
  let sessionIds = 1000

  const state: ChargeAmpsFakeState = {
    logins: 0,
    refreshes: 0,
    statusForm: options.statusForm ?? 'word',
    rejectRefresh: false,
    badApiKeyStatus: 401,
    tokenLifetimeS: options.tokenLifetimeS ?? 7200,
    rebootMs: options.rebootMs ?? 60_000,
    user: {
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      firstName: 'Anna',
      lastName: 'Svensson',
      email,
      mobile: null,
      rfidTags: [{ active: true, rfid: 'A1B2C3D4', rfidDec: '2712847316', rfidDecReverse: '3569595041' }],
      userStatus: 'Valid',
    },
    chargePoints: options.chargePoints ?? defaultChargePoints(),
    faults: [],
    connectorPuts: [],
    expireTokens() {
      for (const token of tokens.values()) token.expMs = Math.min(token.expMs, now() - 1)
    },
    tick: () => tick(),
    plugIn(connectorId) {
      tick()
      state.connector(connectorId).car.connected = true
      tick()
    },
    unplug(connectorId) {
      tick()
      state.connector(connectorId).car.connected = false
      tick()
    },
    chargePoint(id) {
      const cp = id === undefined ? state.chargePoints[0] : state.chargePoints.find((c) => c.id === id)
      if (!cp) throw new Error(`The fake has no chargepoint ${id ?? ''}`)
      return cp
    },
    connector(connectorId = 1, chargePointId) {
      const c = state.chargePoint(chargePointId).connectors.find((x) => x.connectorId === connectorId)
      if (!c) throw new Error(`The fake has no connector ${connectorId}`)
      return c
    },
  }

  function issueTokens(): { token: string; refreshToken: string } {
    const iat = Math.floor(now() / 1000)
    const exp = iat + state.tokenLifetimeS
    const token = [
      b64({ alg: 'HS256', typ: 'JWT' }),
      b64({ sub: state.user.id, email: state.user.email, role: 'Private', iat, nbf: iat, exp, jti: randomUUID() }),
      randomBytes(32).toString('base64url'),
    ].join('.')
    const refreshToken = randomBytes(32).toString('base64url')
    tokens.set(token, { expMs: exp * 1000 })
    refreshTokens.set(refreshToken, token)
    return { token, refreshToken }
  }

  function tick() {
    const t = now()
    for (const cp of state.chargePoints) advance(cp, t, lastAdvanceMs, () => ++sessionIds, state.user.id)
    lastAdvanceMs = t
  }

  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => handle(req, res, raw))
      .catch((error: unknown) => send(res, 500, String(error), OCTET))
  })

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    const path = url.pathname
    const isAuth = /^\/api\/v5\/auth\//i.test(path)
    const entry: FakeRequest = {
      method,
      path: `${path}${url.search}`,
      status: 0,
      apiKey: typeof req.headers.apikey === 'string' && req.headers.apikey.length > 0,
      bearer: /^Bearer\s+\S+/i.test(req.headers.authorization ?? ''),
    }
    const body = parseBody(raw)
    if (!isAuth && raw.trim() !== '') entry.body = body.ok ? body.value : raw
    requests.push(entry)
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      entry.status = status
      if (payload === undefined) send(res, status, '', { ...OCTET, ...headers })
      else send(res, status, JSON.stringify(payload), { 'content-type': 'application/json; charset=utf-8', ...headers })
    }

    const fault = state.faults.find(
      (f) => f.times > 0 && (!f.path || path.toLowerCase().includes(f.path.toLowerCase())) && (!f.method || f.method.toUpperCase() === method),
    )
    if (fault) {
      fault.times--
      entry.status = fault.status
      const headers: Record<string, string> = fault.body ? { 'content-type': 'application/json' } : { ...OCTET }
      if (fault.retryAfterS !== undefined) headers['retry-after'] = String(fault.retryAfterS)
      return send(res, fault.status, fault.body ?? '', headers)
    }

    tick()

    if (method === 'POST' && /^\/api\/v5\/auth\/login$/i.test(path)) {
      if (req.headers.apikey !== apiKey) return reply(state.badApiKeyStatus)
      const creds = body.ok ? (body.value as Record<string, unknown> | null) : null
      if (!creds || typeof creds.email !== 'string' || creds.email.toLowerCase() !== email.toLowerCase() || creds.password !== password) {
        return reply(401)
      }
      state.logins++
      return reply(200, { message: null, ...issueTokens(), user: state.user })
    }

    if (method === 'POST' && /^\/api\/v5\/auth\/refreshtoken$/i.test(path)) {
      const b = body.ok ? (body.value as Record<string, unknown> | null) : null
      const refreshToken = typeof b?.refreshToken === 'string' ? b.refreshToken : ''
      const valid = !state.rejectRefresh && refreshTokens.get(refreshToken) === b?.token
      if (!valid) return reply(400, { error: 'Invalid token or refresh token', messageCode: 'InvalidRefreshToken' })
      refreshTokens.delete(refreshToken)
      state.refreshes++
      return reply(200, issueTokens())
    }

    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const issued = bearer ? tokens.get(bearer) : undefined
    if (!issued || issued.expMs <= now()) return reply(401)

    return route(method, path, url.searchParams, body, raw, reply)
  }

  type Reply = (status: number, payload?: unknown) => void
  type Body = { ok: true; value: unknown } | { ok: false }

  function route(method: string, path: string, query: URLSearchParams, body: Body, rawBody: string, reply: Reply) {
    if (method === 'GET' && /^\/api\/v5\/chargepoints\/owned$/i.test(path)) {
      return reply(200, state.chargePoints.map((cp) => chargePointView(cp, false)))
    }
    const m = /^\/api\/v5\/chargepoints\/([^/]+)(\/.*)?$/i.exec(path)
    const cp = m ? state.chargePoints.find((c) => c.id === decodeURIComponent(m[1]!)) : undefined
    if (!m || !cp) return reply(404)
    const rest = (m[2] ?? '').toLowerCase()
    const t = now()
    const cm = /^\/connectors\/(\d+)(\/.*)$/.exec(rest)
    const connector = cm ? cp.connectors.find((c) => c.connectorId === Number(cm[1])) : undefined
    if (cm && !connector) return reply(404)
    const sub = cm ? cm[2]! : rest
    const object = body.ok && body.value !== null && typeof body.value === 'object' && !Array.isArray(body.value) ? (body.value as Record<string, unknown>) : null
    const writable = () => !cp.ownerReadOnly

    if (!connector) {
      if (method === 'GET' && sub === '') return reply(200, chargePointView(cp, query.get('expand')?.toLowerCase() === 'settings'))
      if (method === 'GET' && sub === '/status') return reply(200, statusView(cp, t))
      if (method === 'GET' && sub === '/settings') return reply(200, { ...cp.settings, installationCurrent: cp.installationCurrent })
      if (method === 'PUT' && sub === '/settings') {
        if (!writable()) return reply(403)
        if (!object || object.id !== cp.id) return reply(400)
        if (object.dimmer !== undefined && !['Off', 'Low', 'Medium', 'High'].includes(object.dimmer as string)) return reply(400)
        const { installationCurrent: _view, ...rest } = object
        cp.settings = {
          ...rest,
          id: cp.id,
          dimmer: object.dimmer ?? 'Off',
          downLight: typeof object.downLight === 'boolean' ? object.downLight : null,
          maxCurrent: typeof object.maxCurrent === 'number' ? object.maxCurrent : null,
        }
        return reply(200)
      }
      if (method === 'PUT' && sub === '/reboot') {
        if (!writable()) return reply(403)
        if (!emptyish(body, rawBody)) return reply(400)
        cp.reboots++
        cp.rebootingUntilMs = t + state.rebootMs
        return reply(200)
      }
      if (sub === '/chargingsessions' && method === 'GET') return badTimes(query) ? reply(400) : reply(200, sessionsView(cp, null, query))
      const sm = /^\/chargingsessions\/(\d+)$/.exec(sub)
      if (sm && method === 'GET') {
        const found = sessionsView(cp, null, new URLSearchParams()).find((s) => s.id === Number(sm[1]))
        return found ? reply(200, found) : reply(404)
      }
      if (method === 'GET' && sub === '/schedule/override/status') {
        return reply(200, cp.connectors.map((c) => ({ connectorId: c.connectorId, isOverridden: c.scheduleOverridden })))
      }
      if (sub === '/schedules' || sub.startsWith('/schedules/')) return schedules(cp, method, sub, object, reply)
      return reply(404)
    }

    if (method === 'GET' && sub === '/settings') return reply(200, { ...connector.settings, installationCurrent: connector.installationCurrent })
    if (method === 'PUT' && sub === '/settings') {
      if (!writable()) return reply(403)
      state.connectorPuts.push(body.ok ? body.value : null)
      const next = connectorSettingsFromPut(object, cp, connector)
      if (!next) return reply(400)
      connector.settings = next
      return reply(200)
    }
    if (method === 'PUT' && sub === '/remotestart') {
      const rfid = typeof object?.rfid === 'string' ? object.rfid : ''
      const length = object?.rfidLength
      const validTag = /^[0-9a-f]+$/i.test(rfid) && [4, 7, 10].includes(length as number) && rfid.length === (length as number) * 2
      if (!validTag || object?.rfidFormat !== 'Hex') return reply(400)
      if (!connector.car.connected || !connector.session) return reply(400)
      connector.session.authorized = true
      connector.session.stopped = false
      return reply(200)
    }
    if (method === 'PUT' && sub === '/remotestop') {
      if (!emptyish(body, rawBody)) return reply(400)
      if (connector.session) connector.session.stopped = true
      return reply(200)
    }
    if (method === 'PUT' && sub === '/schedule/override') {
      connector.scheduleOverridden = true
      return reply(200)
    }
    if (method === 'GET' && sub === '/chargingsessions') return badTimes(query) ? reply(400) : reply(200, sessionsView(cp, connector.connectorId, query))
    return reply(404)
  }

  function schedules(cp: FakeChargePoint, method: string, sub: string, object: Record<string, unknown> | null, reply: Reply) {
    // Schedules are for CAPI chargers only.
    if (cp.ocppVersion) return reply(404)
    const id = /^\/schedules\/(\d+)$/.exec(sub)?.[1]
    if (id !== undefined) {
      const index = cp.schedules.findIndex((s) => s.id === Number(id))
      if (index < 0) return reply(404)
      if (method === 'GET') return reply(200, cp.schedules[index])
      if (method === 'DELETE') {
        cp.schedules.splice(index, 1)
        return reply(200)
      }
      return reply(404)
    }
    if (method === 'GET') return reply(200, cp.schedules)
    const schedule = object ? scheduleFrom(object, cp.id) : null
    if (!schedule) return reply(400)
    if (method === 'POST') {
      const created = { ...schedule, id: Math.max(0, ...cp.schedules.map((s) => s.id)) + 1 }
      cp.schedules.push(created)
      return reply(201, created)
    }
    if (method === 'PUT') {
      const index = cp.schedules.findIndex((s) => s.id === schedule.id)
      if (index < 0) return reply(404)
      cp.schedules[index] = schedule
      return reply(200)
    }
    return reply(404)
  }

  function statusView(cp: FakeChargePoint, t: number) {
    const online = cp.online && !isRebooting(cp, t)
    return {
      id: cp.id,
      status: online ? 'Online' : 'Offline',
      connectorStatuses: cp.connectors.map((c) => {
        const word = statusWord(cp, c, t)
        const amps = drawA(cp, c, t)
        const charging = amps > 0
        const phases = activePhases(c)
        return {
          chargePointId: cp.id,
          connectorId: c.connectorId,
          totalConsumptionKwh: c.session ? round(c.session.energyKwh, 3) : 0,
          chargingPowerKw: round(powerW(cp, c, t) / 1000, 3),
          sessionType: c.session ? (c.type === 'Schuko' ? 'Schuko' : phases === 3 ? 'ThreePhase' : 'OnePhase') : null,
          status: state.statusForm === 'number' ? statusCode(cp, word) : word,
          // "measurement is only set if the connector is in charging mode"
          measurements: charging
            ? (['L1', 'L2', 'L3'] as const).slice(0, phases).map((phase, i) => ({ phase, current: amps, voltage: c.voltagesV[i] }))
            : null,
          startTime: c.session ? new Date(c.session.startMs).toISOString() : null,
          endTime: null,
          sessionId: c.session?.id ?? null,
        }
      }),
    }
  }

  /** A startTime or endTime that is not a date-time is a bad request, as ASP.NET's model binding makes it. */
  function badTimes(query: URLSearchParams): boolean {
    return ['startTime', 'endTime'].some((name) => {
      const text = query.get(name) ?? query.get(name.toLowerCase())
      return text !== null && Number.isNaN(Date.parse(text))
    })
  }

  function sessionsView(cp: FakeChargePoint, connectorId: number | null, query: URLSearchParams) {
    const ongoing = cp.connectors
      .filter((c) => c.session)
      .map((c) => ({
        id: c.session!.id,
        chargePointId: cp.id,
        connectorId: c.connectorId,
        userId: state.user.id,
        rfid: null,
        rfidDec: null,
        rfidDecReverse: null,
        organisationId: null,
        sessionType: c.type === 'Schuko' ? 'Schuko' : activePhases(c) === 3 ? 'ThreePhase' : 'OnePhase',
        startTime: new Date(c.session!.startMs).toISOString(),
        endTime: null,
        externalTransactionId: null,
        totalConsumptionKwh: round(c.session!.energyKwh, 3),
        externalId: null,
      }))
    // startTime and endTime (Swagger: optional date-times) keep the sessions that started between them.
    const bound = (name: string) => {
      const text = query.get(name) ?? query.get(name.toLowerCase())
      return text === null ? null : Date.parse(text)
    }
    const fromMs = bound('startTime')
    const toMs = bound('endTime')
    const all = [...cp.sessions, ...ongoing]
      .filter((s) => connectorId === null || s.connectorId === connectorId)
      .filter((s) => (fromMs === null || Date.parse(s.startTime) >= fromMs) && (toMs === null || Date.parse(s.startTime) <= toMs))
      .sort((a, b) => b.startTime.localeCompare(a.startTime))
    const max = Number(query.get('maxcount') ?? query.get('maxCount') ?? NaN)
    return Number.isFinite(max) && max > 0 ? all.slice(0, max) : all
  }

  const local = await listenLocal(server)

  return {
    url: local.origin,
    email,
    password,
    apiKey,
    state,
    requests,
    close: local.close,
  }
}

function chargePointView(cp: FakeChargePoint, withSettings: boolean) {
  return {
    id: cp.id,
    name: cp.name,
    password: cp.password,
    type: cp.type,
    isLoadbalanced: cp.isLoadbalanced,
    firmwareVersion: cp.firmwareVersion,
    hardwareVersion: cp.hardwareVersion,
    ownerReadOnly: cp.ownerReadOnly,
    ocppVersion: cp.ocppVersion,
    ...(withSettings ? { settings: cp.settings } : {}),
    connectors: cp.connectors.map((c) => ({
      chargePointId: cp.id,
      connectorId: c.connectorId,
      type: c.type,
      ...(withSettings ? { settings: c.settings } : {}),
      connectorUserId: null,
    })),
  }
}

/**
 * The PUT replaces the stored object; fields left out take the server's defaults (mode Off,
 * locks off, no current limit), which is what bites a client that writes only `maxCurrent`.
 */
function connectorSettingsFromPut(object: Record<string, unknown> | null, cp: FakeChargePoint, c: FakeConnector): Record<string, unknown> | null {
  if (!object) return null
  if (object.chargePointId !== undefined && object.chargePointId !== cp.id) return null
  if (object.connectorId !== undefined && object.connectorId !== c.connectorId) return null
  if (object.mode !== undefined && !['Off', 'On', 'Schedule'].includes(object.mode as string)) return null
  const max = object.maxCurrent
  if (max !== undefined && max !== null) {
    if (typeof max !== 'number' || (max !== 0 && (max < 6 || max > c.installationCurrent))) return null
  }
  const { installationCurrent: _view, ...rest } = object
  return {
    ...rest,
    chargePointId: cp.id,
    connectorId: c.connectorId,
    maxCurrent: typeof max === 'number' ? max : null,
    rfidLock: object.rfidLock === true,
    mode: (object.mode as string | undefined) ?? 'Off',
    cableLock: object.cableLock === true,
  }
}

function scheduleFrom(o: Record<string, unknown>, chargePointId: string): FakeSchedule | null {
  const int = (v: unknown, max: number) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? v : null)
  const startHours = int(o.startHours, 23)
  const startMinutes = int(o.startMinutes, 59)
  const endHours = int(o.endHours, 23)
  const endMinutes = int(o.endMinutes, 59)
  if (startHours === null || startMinutes === null || endHours === null || endMinutes === null) return null
  const day = (v: unknown) => v === true
  return {
    id: typeof o.id === 'number' ? o.id : 0,
    chargePointId,
    name: typeof o.name === 'string' ? o.name : null,
    active: o.active === true,
    startHours,
    startMinutes,
    endHours,
    endMinutes,
    timeZone: typeof o.timeZone === 'string' ? o.timeZone : null,
    monday: day(o.monday),
    tuesday: day(o.tuesday),
    wednesday: day(o.wednesday),
    thursday: day(o.thursday),
    friday: day(o.friday),
    saturday: day(o.saturday),
    sunday: day(o.sunday),
    connectorIdList: typeof o.connectorIdList === 'string' ? o.connectorIdList : null,
  }
}

/** Bodyless PUTs: clients send nothing, `{}`, or the JSON string "{}". */
function emptyish(body: { ok: true; value: unknown } | { ok: false }, text: string): boolean {
  if (text.trim() === '') return true
  if (!body.ok) return false
  const v = body.value
  return v === '{}' || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: null }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string>) {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(text)) })
  res.end(text)
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}
