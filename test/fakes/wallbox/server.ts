/**
 * A fake my.wallbox cloud on 127.0.0.1 that speaks the real protocol (see the Wallbox section of
 * the charger API reference): Basic sign-in with the Partner header on /users/signin, JWTs that
 * expire and a refresh-token endpoint, the announced limits (3 GET and 5 other requests a minute,
 * 429 with Retry-After, or 403 on the status like users saw in 2026), status_id codes, and a
 * charger that reacts to current, pause, resume, lock and restart. Sign-in and refresh are served
 * on the same origin as the API, as a base-URL override points both there.
 *
 * Plain TypeScript with no test-runner imports, so vitest and Playwright can both start it.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenLocal, readBody } from '../http'
import { wallboxFakeFixture } from './fixture'

export { wallboxFakeFixture } from './fixture'

const MINUTE_MS = 60_000
const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
const FACTORY_RESET_ACTION = 4
const FIRMWARE_UPDATE_ACTION = 5

/**
 * The client keeps one token and one request budget per account for the whole process, keyed by
 * address and username (core/vendors/wallbox/account-state.ts). A fake that reuses a port an
 * earlier one freed would otherwise inherit that fake's spent budget and dead tokens, so each fake
 * is its own account; counted, not random, so a run replays exactly.
 */
let fakesStarted = 0

export interface WallboxFakeOptions {
  /** Default: the fixture's address with a +n tag, a new account for each fake. */
  username?: string
  password?: string
  /** The fake's clock; share a manual clock with the client to test expiry and budgets. */
  now?: () => number
  /** Access token lifetime (Wallbox: about 15 minutes). */
  tokenTtlMs?: number
  refreshTtlMs?: number
  getsPerMinute?: number
  writesPerMinute?: number
  /** What the status endpoint answers past the GET limit: 429 as announced, or 403 as seen in 2026. */
  statusThrottleStatus?: 429 | 403
  /** How long a change takes to show in status_id and charging_power (the charger syncs every 30 s). */
  syncDelayMs?: number
  /** How long a restart keeps the charger offline. */
  restartMs?: number
  voltageV?: number
  charger?: Partial<WallboxFakeChargerInit>
  /** Listen on this port rather than a free one, e.g. the one an earlier fake had. */
  port?: number
}

export interface WallboxFakeChargerInit {
  id: string
  name: string
  carConnected: boolean
  carFull: boolean
  paused: boolean
  locked: boolean
  maxChargingCurrentA: number
  maxAvailableCurrentA: number
  phases: 1 | 3
  icpMaxCurrentA: number
  powerBoost: boolean
  energyPricePerKwh: number
  operationMode: 'wallbox' | 'ocpp'
  updating: boolean
  timeZone: string
}

export interface FakeSchedule {
  id: number
  chargerId: number
  enable: boolean
  start: string
  stop: string
  days: Record<(typeof DAY_NAMES)[number], boolean>
  max_current: number
  max_energy: number
  name: string | null
  type: number
  created_at: number
}

export interface FakeSession {
  id: string
  startS: number
  endS: number
  energyKwh: number
  cost: number
}

export interface WallboxFakeCharger extends WallboxFakeChargerInit {
  addedEnergyKwh: number
  sessionStartS: number | null
  /** Set by "resume schedule" when a schedule is enabled; cleared by pause or resume. */
  scheduleHold: boolean
  restartingUntilMs: number | null
  schedules: FakeSchedule[]
  sessions: FakeSession[]
  /** Forces a status_id, for mapping tests; null computes it from the state above. */
  statusOverride: number | null
}

export interface LoggedRequest {
  atMs: number
  method: string
  /** Path with query; never headers, so no credential appears here. */
  path: string
  body: unknown
  status: number
}

export interface ResponseOverride {
  method?: string
  /** A path prefix, or a pattern matched against the path with query. */
  path: string | RegExp
  status: number
  body: string
  headers?: Record<string, string>
  /** How many matching requests it answers; default 1. */
  times?: number
}

export interface WallboxFakeState {
  charger: WallboxFakeCharger
  signIns: number
  refreshes: number
  /** Requests with action 4, all refused. Anything but 0 is a bug in the client. */
  factoryResetAttempts: number
  firmwareUpdateAttempts: number
  restarts: number
  resumeSchedules: number
  remoteActions: number[]
  /** Refresh tokens are refused (Wallbox can invalidate them early). */
  rejectRefreshTokens: boolean
  /** The account may read but not change the charger (a shared charger's non-admin user). */
  readOnlyUser: boolean
  /** Answers queued ahead of the real ones, to simulate a broken or odd response. */
  overrides: ResponseOverride[]
  /** How long the session list takes to answer, to see what a page shows meanwhile. */
  sessionsDelayMs: number
  /** Makes every access token issued so far invalid, as after a server-side logout. */
  expireAccessTokens(): void
  plugIn(): void
  /** Ends the session and records it in the session list. */
  unplug(): void
  /** The status_id a status read would show now. */
  statusId(): number
  /** Live charging power, kW. */
  chargingPowerKw(): number
}

export interface WallboxFake {
  url: string
  username: string
  password: string
  state: WallboxFakeState
  requests: LoggedRequest[]
  close(): Promise<void>
}

interface TokenRecord {
  kind: 'access' | 'refresh'
  expiresAtMs: number
}

export async function startWallboxFake(options: WallboxFakeOptions = {}): Promise<WallboxFake> {
  const now = options.now ?? Date.now
  fakesStarted += 1
  const username = options.username ?? wallboxFakeFixture.username.replace('@', `+${fakesStarted}@`)
  const password = options.password ?? wallboxFakeFixture.password
  const tokenTtlMs = options.tokenTtlMs ?? 15 * MINUTE_MS
  const refreshTtlMs = options.refreshTtlMs ?? 24 * 60 * MINUTE_MS
  const getsPerMinute = options.getsPerMinute ?? 3
  const writesPerMinute = options.writesPerMinute ?? 5
  const syncDelayMs = options.syncDelayMs ?? 0
  const restartMs = options.restartMs ?? 90_000
  const voltageV = options.voltageV ?? 230
  const secret = randomBytes(32)
  const tokens = new Map<string, TokenRecord>()
  const gets: number[] = []
  const writes: number[] = []
  const requests: LoggedRequest[] = []

  const init: WallboxFakeChargerInit = {
    id: wallboxFakeFixture.chargerId,
    name: wallboxFakeFixture.chargerName,
    carConnected: true,
    carFull: false,
    paused: true,
    locked: false,
    maxChargingCurrentA: wallboxFakeFixture.maxChargingCurrentA,
    maxAvailableCurrentA: wallboxFakeFixture.maxAvailableCurrentA,
    phases: wallboxFakeFixture.phases,
    icpMaxCurrentA: wallboxFakeFixture.icpMaxCurrentA,
    powerBoost: true,
    energyPricePerKwh: wallboxFakeFixture.energyPricePerKwh,
    operationMode: 'wallbox',
    updating: false,
    timeZone: wallboxFakeFixture.timeZone,
    ...options.charger,
  }
  const startS = Math.floor(now() / 1000)
  const charger: WallboxFakeCharger = {
    ...init,
    addedEnergyKwh: 0.546,
    sessionStartS: init.carConnected ? startS - 1800 : null,
    scheduleHold: false,
    restartingUntilMs: null,
    schedules: [
      {
        id: 0,
        chargerId: Number(init.id),
        enable: false,
        start: '2100',
        stop: '0500',
        days: Object.fromEntries(DAY_NAMES.map((d) => [d, true])) as FakeSchedule['days'],
        max_current: 1,
        max_energy: 0,
        name: null,
        type: 0,
        created_at: startS - 86_400,
      },
    ],
    sessions: [
      { id: '123456789', startS: startS - 2 * 86_400, endS: startS - 2 * 86_400 + 13_577, energyKwh: 15.06, cost: 6.024 },
      { id: '987654321', startS: startS - 3 * 86_400, endS: startS - 3 * 86_400 + 14_480, energyKwh: 16.139, cost: 6.4556 },
    ],
    statusOverride: null,
  }

  // What the status shows lags the charger by syncDelayMs, like the real cloud.
  let shown = { statusId: 0, powerKw: 0 }
  let changedAtMs = Number.NEGATIVE_INFINITY
  let lastAccrualMs = now()

  function liveStatusId(): number {
    const c = charger
    if (c.statusOverride !== null) return c.statusOverride
    if (c.restartingUntilMs !== null) {
      if (now() < c.restartingUntilMs) return 163
      c.restartingUntilMs = null
    }
    if (c.updating) return 166
    if (!c.carConnected) return c.locked ? 209 : 161
    if (c.locked) return 210
    if (c.paused) return 182
    if (c.scheduleHold) return 179
    if (c.carFull) return 181
    return 194
  }

  function livePowerKw(): number {
    return liveStatusId() === 194 ? (charger.maxChargingCurrentA * voltageV * charger.phases) / 1000 : 0
  }

  function accrue(): void {
    const t = now()
    const hours = Math.max(0, t - lastAccrualMs) / 3_600_000
    charger.addedEnergyKwh += livePowerKw() * hours
    lastAccrualMs = t
  }

  function changed(): void {
    changedAtMs = now()
  }

  function visible(): { statusId: number; powerKw: number } {
    if (now() - changedAtMs >= syncDelayMs) shown = { statusId: liveStatusId(), powerKw: livePowerKw() }
    return shown
  }
  shown = { statusId: liveStatusId(), powerKw: livePowerKw() }

  const state: WallboxFakeState = {
    charger,
    signIns: 0,
    refreshes: 0,
    factoryResetAttempts: 0,
    firmwareUpdateAttempts: 0,
    restarts: 0,
    resumeSchedules: 0,
    remoteActions: [],
    rejectRefreshTokens: false,
    readOnlyUser: false,
    overrides: [],
    sessionsDelayMs: 0,
    expireAccessTokens() {
      for (const [token, record] of tokens) if (record.kind === 'access') tokens.delete(token)
    },
    plugIn() {
      accrue()
      charger.carConnected = true
      // A new session starts charging unless the charger is locked.
      charger.paused = false
      charger.addedEnergyKwh = 0
      charger.sessionStartS = Math.floor(now() / 1000)
      changed()
    },
    unplug() {
      accrue()
      if (charger.carConnected && charger.sessionStartS !== null) {
        const endS = Math.floor(now() / 1000)
        charger.sessions.unshift({
          id: String(100_000_000 + charger.sessions.length),
          startS: charger.sessionStartS,
          endS,
          energyKwh: Math.round(charger.addedEnergyKwh * 1000) / 1000,
          cost: Math.round(charger.addedEnergyKwh * charger.energyPricePerKwh * 10_000) / 10_000,
        })
      }
      charger.carConnected = false
      charger.sessionStartS = null
      changed()
    },
    statusId: () => visible().statusId,
    chargingPowerKw: () => visible().powerKw,
  }

  function issue(kind: TokenRecord['kind'], ttlMs: number): { token: string; expiresAtMs: number } {
    const issuedS = Math.floor(now() / 1000)
    const expiresAtMs = now() + ttlMs
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
    const payload = b64url(
      JSON.stringify({ sub: wallboxFakeFixture.userId, kind, iat: issuedS, exp: Math.floor(expiresAtMs / 1000), jti: randomBytes(8).toString('hex') }),
    )
    const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
    const token = `${header}.${payload}.${signature}`
    tokens.set(token, { kind, expiresAtMs })
    return { token, expiresAtMs }
  }

  function signInAnswer() {
    const access = issue('access', tokenTtlMs)
    const refresh = issue('refresh', refreshTtlMs)
    return {
      data: {
        attributes: {
          token: access.token,
          refresh_token: refresh.token,
          user_id: wallboxFakeFixture.userId,
          ttl: access.expiresAtMs,
          refresh_token_ttl: refresh.expiresAtMs,
          error: 'false',
          status: 200,
        },
      },
    }
  }

  function bearer(req: IncomingMessage, kind: TokenRecord['kind']): boolean {
    const header = req.headers.authorization ?? ''
    const match = /^Bearer (.+)$/.exec(header)
    if (!match) return false
    const record = tokens.get(match[1]!)
    if (!record || record.kind !== kind) return false
    if (now() >= record.expiresAtMs) {
      tokens.delete(match[1]!)
      return false
    }
    return true
  }

  /** Sliding-window limit; only requests that are served count. Returns the wait, or 0. */
  function overLimit(window: number[], limit: number): number {
    const t = now()
    while (window.length > 0 && window[0]! <= t - MINUTE_MS) window.shift()
    if (window.length < limit) {
      window.push(t)
      return 0
    }
    return window[0]! + MINUTE_MS - t
  }

  function statusBody() {
    accrue()
    const c = charger
    const shownNow = visible()
    return {
      user_id: wallboxFakeFixture.userId,
      user_name: 'Owner',
      car_id: 1,
      car_plate: '',
      depot_price: c.energyPricePerKwh,
      last_sync: new Date(now()).toISOString().slice(0, 19).replace('T', ' '),
      power_sharing_status: 0,
      mid_status: 1,
      status_id: shownNow.statusId,
      name: c.name,
      charging_power: Math.round(shownNow.powerKw * 1000) / 1000,
      max_available_power: c.maxAvailableCurrentA,
      depot_name: 'Home',
      charging_speed: 0,
      added_range: Math.round(c.addedEnergyKwh * 6),
      added_energy: Math.round(c.addedEnergyKwh * 1000) / 1000,
      added_green_energy: 0,
      added_discharged_energy: 0,
      added_grid_energy: 0,
      charging_time: c.sessionStartS !== null ? Math.floor(now() / 1000) - c.sessionStartS : 0,
      finished: !c.carConnected,
      cost: Math.round(c.addedEnergyKwh * c.energyPricePerKwh * 100) / 100,
      current_mode: 3,
      preventive_discharge: false,
      state_of_charge: null,
      ocpp_status: 4,
      config_data: {
        charger_id: Number(c.id),
        uid: `uid-${c.id}`,
        serial_number: c.id,
        name: c.name,
        locked: c.locked ? 1 : 0,
        auto_lock: 0,
        auto_lock_time: 300,
        multiuser: 0,
        max_charging_current: c.maxChargingCurrentA,
        language: 'EN',
        icp_max_current: c.icpMaxCurrentA,
        grid_type: 1,
        energy_price: c.energyPricePerKwh,
        energyCost: { value: c.energyPricePerKwh, inheritedGroupId: null },
        home_sharing: 0,
        max_available_current: c.maxAvailableCurrentA,
        live_refresh_time: 30,
        update_refresh_time: 300,
        remote_action: 0,
        plan: { plan_name: 'Business', features: c.powerBoost ? ['DEFAULT_FEATURE', 'POWER_BOOST'] : ['DEFAULT_FEATURE'] },
        currency: wallboxFakeFixture.currency,
        part_number: wallboxFakeFixture.partNumber,
        software: { updateAvailable: false, currentVersion: wallboxFakeFixture.firmware, latestVersion: wallboxFakeFixture.firmware, fileName: 'plp1.tar' },
        operation_mode: c.operationMode,
        ocpp_ready: 'ocpp_1.6j',
        group_id: wallboxFakeFixture.groupId,
        timezone: c.timeZone,
        ecosmart: { enabled: false, mode: 0, percentage: 100 },
      },
    }
  }

  function chargerData() {
    const c = charger
    return {
      data: {
        chargerData: {
          id: Number(c.id),
          uid: `uid-${c.id}`,
          name: c.name,
          status: visible().statusId,
          maxChargingCurrent: c.maxChargingCurrentA,
          maxAvailableCurrent: c.maxAvailableCurrentA,
          locked: c.locked ? 1 : 0,
          softwareVersion: wallboxFakeFixture.firmware,
        },
      },
    }
  }

  function configBody() {
    const c = charger
    return {
      charger_id: Number(c.id),
      energy_price: c.energyPricePerKwh,
      currency: wallboxFakeFixture.currency,
      icp_max_current: c.icpMaxCurrentA,
      max_charging_current: c.maxChargingCurrentA,
    }
  }

  function sessionsBody(query: URLSearchParams) {
    const from = Number(query.get('start_date') ?? '0')
    const to = Number(query.get('end_date') ?? String(Number.MAX_SAFE_INTEGER))
    const data = charger.sessions
      .filter((s) => s.startS >= from && s.startS <= to)
      .map((s) => ({
        type: 'charger_log_session',
        id: s.id,
        attributes: {
          group: wallboxFakeFixture.groupId,
          charger: Number(charger.id),
          user: wallboxFakeFixture.userId,
          start: s.startS,
          end: s.endS,
          energy: s.energyKwh,
          discharged_energy: 0,
          mid_energy: 0,
          green_energy: 0,
          time: s.endS - s.startS,
          discharging_time: 0,
          cost: s.cost,
          cost_savings: 0,
          cost_unit: wallboxFakeFixture.currency.symbol,
          currency: wallboxFakeFixture.currency,
          range: Math.round(s.energyKwh * 6),
          charger_name: charger.name,
          user_name: 'Owner',
          energy_unit: 'kWh',
        },
      }))
    return { meta: { count: data.length }, links: { self: `/v4/sessions/stats?${query.toString()}` }, data }
  }

  function groupsBody() {
    const c = charger
    return {
      result: {
        groups: [
          {
            id: wallboxFakeFixture.groupId,
            name: 'Home',
            chargers: [
              {
                id: Number(c.id),
                uid: `uid-${c.id}`,
                name: c.name,
                maxChargingCurrent: c.maxChargingCurrentA,
                locked: c.locked ? 1 : 0,
                state: visible().statusId,
                chargingPower: visible().powerKw,
                addedEnergy: c.addedEnergyKwh,
                operationMode: c.operationMode,
              },
            ],
          },
        ],
      },
    }
  }

  function applySchedules(body: unknown): string | null {
    const list = (body as { schedules?: unknown } | null)?.schedules
    if (!Array.isArray(list)) return 'schedules must be a list'
    for (const raw of list as Record<string, unknown>[]) {
      const id = raw.id
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) return 'each schedule needs a position id'
      for (const key of ['start', 'stop'] as const) {
        if (typeof raw[key] !== 'string' || !/^([01]\d|2[0-3])[0-5]\d$/.test(raw[key] as string)) return `${key} must be UTC HHMM`
      }
      const days = raw.days as Record<string, unknown> | undefined
      if (!days || typeof days !== 'object') return 'days are required'
      const schedule: FakeSchedule = {
        id,
        chargerId: Number(charger.id),
        enable: raw.enable === 1 || raw.enable === true,
        start: raw.start as string,
        stop: raw.stop as string,
        days: Object.fromEntries(DAY_NAMES.map((d) => [d, days[d] === true || days[d] === 1])) as FakeSchedule['days'],
        max_current: typeof raw.max_current === 'number' ? raw.max_current : 1,
        max_energy: typeof raw.max_energy === 'number' ? raw.max_energy : 0,
        name: null,
        type: 0,
        created_at: Math.floor(now() / 1000),
      }
      const at = charger.schedules.findIndex((s) => s.id === id)
      if (at >= 0) charger.schedules[at] = schedule
      else charger.schedules.push(schedule)
    }
    charger.schedules.sort((a, b) => a.id - b.id)
    return null
  }

  function remoteAction(action: unknown): { status: number; body: unknown } {
    if (typeof action === 'number') state.remoteActions.push(action)
    if (action === FACTORY_RESET_ACTION) {
      state.factoryResetAttempts += 1
      return { status: 400, body: { error: 'factory reset is not allowed on this fake' } }
    }
    if (action === FIRMWARE_UPDATE_ACTION) {
      state.firmwareUpdateAttempts += 1
      return { status: 200, body: { status: 200 } }
    }
    if ((action === 1 || action === 2) && charger.operationMode === 'ocpp') {
      return { status: 403, body: { msg: 'Remote actions are not available in OCPP mode' } }
    }
    accrue()
    switch (action) {
      case 1:
        charger.paused = false
        charger.scheduleHold = false
        break
      case 2:
        if (charger.carConnected) charger.paused = true
        charger.scheduleHold = false
        break
      case 3:
        state.restarts += 1
        charger.restartingUntilMs = now() + restartMs
        break
      case 9:
        state.resumeSchedules += 1
        charger.paused = false
        charger.scheduleHold = charger.schedules.some((s) => s.enable)
        break
      default:
        return { status: 400, body: { error: `unknown action ${String(action)}` } }
    }
    changed()
    return { status: 200, body: { status: 200, action } }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://fake')
    const path = `${url.pathname}${url.search}`
    const text = await readBody(req)
    let body: unknown = null
    if (text) {
      try {
        body = JSON.parse(text)
      } catch {
        body = text
      }
    }

    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      requests.push({ atMs: now(), method, path, body, status })
      res.writeHead(status, { 'content-type': 'application/json', date: new Date(now()).toUTCString(), ...headers })
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload))
    }

    const override = state.overrides.find(
      (o) => (!o.method || o.method === method) && (typeof o.path === 'string' ? url.pathname.startsWith(o.path) : o.path.test(path)),
    )
    if (override) {
      override.times = (override.times ?? 1) - 1
      if (override.times <= 0) state.overrides.splice(state.overrides.indexOf(override), 1)
      requests.push({ atMs: now(), method, path, body, status: override.status })
      res.writeHead(override.status, { date: new Date(now()).toUTCString(), ...override.headers })
      res.end(override.body)
      return
    }

    // --- user API: sign-in and refresh ---
    if (url.pathname === '/users/signin' && method === 'GET') {
      if (req.headers.partner !== 'wallbox') return send(400, { error: 'missing Partner header' })
      const credentials = decodeBasic(req.headers.authorization)
      if (!credentials || credentials.username !== username || credentials.password !== password) {
        return send(403, { data: { attributes: { error: 'true', status: 403 } } })
      }
      state.signIns += 1
      return send(200, signInAnswer())
    }
    if (url.pathname === '/users/refresh-token' && method === 'GET') {
      if (req.headers.partner !== 'wallbox') return send(400, { error: 'missing Partner header' })
      if (state.rejectRefreshTokens || !bearer(req, 'refresh')) return send(401, { error: 'invalid refresh token' })
      state.refreshes += 1
      return send(200, signInAnswer())
    }

    // --- the API ---
    if (!bearer(req, 'access')) return send(401, { error: 'Unauthorized' })

    const isGet = method === 'GET'
    const waitMs = overLimit(isGet ? gets : writes, isGet ? getsPerMinute : writesPerMinute)
    if (waitMs > 0) {
      if (isGet && url.pathname.startsWith('/chargers/status/') && options.statusThrottleStatus === 403) {
        return send(403, { error: 'Forbidden' })
      }
      return send(429, { error: 'Too Many Requests' }, { 'retry-after': String(Math.ceil(waitMs / 1000)) })
    }

    const known = (id: string | undefined) => id === charger.id
    let m: RegExpExecArray | null

    if (isGet && url.pathname === '/v3/chargers/groups') return send(200, groupsBody())

    if ((m = /^\/chargers\/status\/([^/]+)$/.exec(url.pathname)) && isGet) {
      return known(m[1]) ? send(200, statusBody()) : send(404, { error: 'charger not found' })
    }

    if ((m = /^\/v2\/charger\/([^/]+)$/.exec(url.pathname)) && method === 'PUT') {
      if (!known(m[1])) return send(404, { error: 'charger not found' })
      if (state.readOnlyUser) return send(403, { error: 'insufficient rights' })
      const b = (body ?? {}) as Record<string, unknown>
      if ('maxChargingCurrent' in b) {
        const a = b.maxChargingCurrent
        if (typeof a !== 'number' || !Number.isInteger(a) || a < 6 || a > charger.maxAvailableCurrentA) {
          return send(400, { error: `maxChargingCurrent must be 6 to ${charger.maxAvailableCurrentA}` })
        }
        accrue()
        charger.maxChargingCurrentA = a
        changed()
      }
      if ('locked' in b) {
        if (b.locked !== 0 && b.locked !== 1) return send(400, { error: 'locked must be 0 or 1' })
        accrue()
        charger.locked = b.locked === 1
        changed()
      }
      return send(200, chargerData())
    }

    if ((m = /^\/v3\/chargers\/([^/]+)\/remote-action$/.exec(url.pathname)) && method === 'POST') {
      if (!known(m[1])) return send(404, { error: 'charger not found' })
      const action = (body as { action?: unknown } | null)?.action
      if (action === FACTORY_RESET_ACTION) {
        const answer = remoteAction(action)
        return send(answer.status, answer.body)
      }
      if (state.readOnlyUser) return send(403, { error: 'insufficient rights' })
      const answer = remoteAction(action)
      return send(answer.status, answer.body)
    }

    if ((m = /^\/chargers\/config\/([^/]+)$/.exec(url.pathname)) && method === 'POST') {
      if (!known(m[1])) return send(404, { error: 'charger not found' })
      if (state.readOnlyUser) return send(403, { error: 'insufficient rights' })
      const b = (body ?? {}) as Record<string, unknown>
      if ('energyCost' in b) {
        if (typeof b.energyCost !== 'number' || b.energyCost < 0) return send(400, { error: 'energyCost must be a number' })
        charger.energyPricePerKwh = b.energyCost
      }
      if ('icp_max_current' in b) {
        if (!charger.powerBoost) return send(400, { error: 'Power Boost is not installed' })
        const a = b.icp_max_current
        if (typeof a !== 'number' || !Number.isInteger(a) || a < 1 || a > 64) return send(400, { error: 'icp_max_current must be 1 to 64' })
        charger.icpMaxCurrentA = a
      }
      if ('max_charging_current' in b) {
        const a = b.max_charging_current
        if (typeof a !== 'number' || a < 6 || a > charger.maxAvailableCurrentA) return send(400, { error: 'max_charging_current must be 6 to 32' })
        accrue()
        charger.maxChargingCurrentA = a
        changed()
      }
      return send(200, configBody())
    }

    if ((m = /^\/chargers\/([^/]+)\/schedules$/.exec(url.pathname))) {
      if (!known(m[1])) return send(404, { error: 'charger not found' })
      if (isGet) return send(200, { schedules: charger.schedules, lastSchedule: Math.max(0, ...charger.schedules.map((s) => s.created_at)) })
      if (method === 'POST') {
        if (state.readOnlyUser) return send(403, { error: 'insufficient rights' })
        const problem = applySchedules(body)
        return problem ? send(400, { error: problem }) : send(200, { schedules: charger.schedules })
      }
    }

    if (isGet && url.pathname === '/v4/sessions/stats') {
      if (!known(url.searchParams.get('charger') ?? undefined)) return send(404, { error: 'charger not found' })
      if (state.sessionsDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.sessionsDelayMs))
      return send(200, sessionsBody(url.searchParams))
    }

    return send(404, { error: `no route for ${method} ${url.pathname}` })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }))
    })
  })
  const local = await listenLocal(server, options.port)

  return {
    url: local.origin,
    username,
    password,
    state,
    requests,
    close: local.close,
  }
}

function decodeBasic(header: string | undefined): { username: string; password: string } | null {
  const match = /^Basic (.+)$/.exec(header ?? '')
  if (!match) return null
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}
