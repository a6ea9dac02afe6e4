/**
 * What each AlphaESS endpoint does to the fake's world, after the HTTP layer has checked the
 * signature, verb and rate limit. Codes, messages and orderings follow the reference: the live
 * `msg` strings where they are known (they do not always match the portal's table).
 */
import { defaultDayEnergy, type AlphaessFakeState, type FakeCharger, type FakeSystem } from './state'

export interface Answer {
  code: number
  msg?: string
  expMsg?: string | null
  data?: unknown
}

export interface HandlerContext {
  state: AlphaessFakeState
  params: Record<string, unknown>
  nowMs: number
  /** When this endpoint last changed this system, for the write-interval check. */
  lastWriteMs: (endpoint: string, sysSn: string) => number | undefined
  recordWrite: (endpoint: string, sysSn: string) => void
}

export const messages: Record<number, string> = {
  200: 'Success',
  6001: 'Parameter error',
  6002: 'The SN is not bound to the user',
  6003: 'You have bound this SN!',
  6004: 'CheckCode error',
  6005: 'This appId is not bound to the SN',
  6006: 'Timestamp error',
  6007: 'Sign check error',
  6008: 'Set failed',
  6009: 'The request timestamp is not within the validity period',
  6010: 'Sign is empty',
  6011: 'Timestamp is empty',
  6012: 'AppId is empty',
  6017: 'No operation permissions',
  6038: 'system sn does not exist',
  6042: 'system offline',
  6046: 'The verification code is incorrect or expired',
  6053: 'The maximum number of requests has been reached',
  10001: 'Parameter Error',
}

const ok = (data: unknown = null): Answer => ({ code: 200, data })
const fail = (code: number, expMsg: string | null = null): Answer => ({ code, expMsg })

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

function text(params: Record<string, unknown>, key: string): string | null {
  const value = params[key]
  if (typeof value === 'string' && value.trim() !== '') return value.trim()
  if (typeof value === 'number') return String(value)
  return null
}

function number(params: Record<string, unknown>, key: string): number | null {
  const value = params[key]
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value)
  return null
}

/** The system named by sysSn, if it is bound to the AppID; otherwise the answer to give. */
function boundSystem(ctx: HandlerContext): FakeSystem | Answer {
  const sysSn = text(ctx.params, 'sysSn')
  if (!sysSn) return fail(6001, 'sysSn is null')
  const system = ctx.state.systems[sysSn]
  if (!system || !system.bound) return fail(6005)
  return system
}

function isAnswer(value: FakeSystem | Answer): value is Answer {
  return 'code' in value
}

function withSystem(handler: (system: FakeSystem, ctx: HandlerContext) => Answer, options: { live?: boolean } = {}) {
  return (ctx: HandlerContext): Answer => {
    const system = boundSystem(ctx)
    if (isAnswer(system)) return system
    if (options.live && system.offline) return fail(6042)
    return handler(system, ctx)
  }
}

/** A write: offline systems refuse, the write interval applies, ignored writes change nothing. */
function write(endpoint: string, validate: (ctx: HandlerContext, system: FakeSystem) => Answer | null, apply: (system: FakeSystem, ctx: HandlerContext) => Answer | void) {
  return withSystem(
    (system, ctx) => {
      const invalid = validate(ctx, system)
      if (invalid) return invalid
      const last = ctx.lastWriteMs(endpoint, system.sysSn)
      if (ctx.state.writeIntervalMs > 0 && last !== undefined && ctx.nowMs - last < ctx.state.writeIntervalMs)
        return fail(ctx.state.writeLimitCode)
      ctx.recordWrite(endpoint, system.sysSn)
      if (system.ignoreWrites) return ok()
      return apply(system, ctx) ?? ok()
    },
    { live: true },
  )
}

function requireFields(ctx: HandlerContext, fields: { key: string; kind: 'number' | 'flag' | 'time' }[]): Answer | null {
  for (const { key, kind } of fields) {
    const value = kind === 'time' ? text(ctx.params, key) : number(ctx.params, key)
    if (value === null) return fail(6001, `${key} is null`)
    if (kind === 'time' && !TIME.test(value as string)) return fail(6001, `${key} format error`)
    if (kind === 'flag' && value !== 0 && value !== 1) return fail(6001, `${key} must be 0 or 1`)
    if (kind === 'number' && ((value as number) < 0 || (value as number) > 100)) return fail(6001, `${key} out of range`)
  }
  return null
}

const VOLTS = 230

export function pilePowerW(system: FakeSystem, pile: FakeCharger): number {
  if (pile.powerW !== undefined && pile.powerW !== null) return pile.powerW
  const phases = /EVCT/i.test(pile.evchargerModel) ? 3 : 1
  return pile.status === 3 ? system.currentsetting * VOLTS * phases : 0
}

function livePower(system: FakeSystem): Record<string, unknown> {
  if (system.realtimeAllNull)
    return {
      ppv: null,
      ppvDetail: null,
      soc: null,
      pev: null,
      pevDetail: null,
      prealL1: null,
      prealL2: null,
      prealL3: null,
      pgrid: null,
      pgridDetail: null,
      pload: null,
      pbat: null,
    }
  const slots = [0, 1, 2, 3].map((i) => {
    const pile = system.chargers[i]
    return pile ? pilePowerW(system, pile) : null
  })
  const pev = slots.reduce<number>((sum, w) => sum + (w ?? 0), 0)
  return {
    ...system.realtime,
    pev,
    pevDetail: { ev1Power: slots[0], ev2Power: slots[1], ev3Power: slots[2], ev4Power: slots[3] },
  }
}

function daySamples(system: FakeSystem, date: string): unknown[] {
  // A clear day: PV on a sine from 06:00 to 18:00 peaking at the system's rating.
  const peakW = (system.ess.popv ?? 5) * 1000 * 0.8
  return Array.from({ length: 288 }, (_, i) => {
    const minutes = i * 5
    const hours = minutes / 60
    const ppv = hours > 6 && hours < 18 ? Math.round(peakW * Math.sin(((hours - 6) / 12) * Math.PI)) : 0
    const load = 400 + (hours > 17 && hours < 22 ? 1200 : 0)
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
    const mm = String(minutes % 60).padStart(2, '0')
    return {
      sysSn: system.sysSn,
      uploadTime: `${date} ${hh}:${mm}:00`,
      ppv,
      load,
      cbat: 20 + Math.round((i / 288) * 600) / 10,
      feedIn: Math.max(0, ppv - load - 1500),
      gridCharge: ppv === 0 ? load : 0,
      pchargingPile: 0,
    }
  })
}

function findPile(system: FakeSystem, params: Record<string, unknown>): FakeCharger | Answer {
  const sn = text(params, 'evchargerSn')
  if (!sn) return fail(6001, 'evchargerSn is null')
  return system.chargers.find((c) => c.evchargerSn === sn) ?? fail(6001, 'evchargerSn does not exist')
}

function validPeriods(list: unknown): boolean {
  return (
    Array.isArray(list) &&
    list.every((p) => {
      if (!p || typeof p !== 'object') return false
      const period = p as Record<string, unknown>
      const limit = number(period, 'chargeLimit')
      return TIME.test(String(period.beginTime)) && TIME.test(String(period.endTime)) && limit !== null && limit >= 10 && limit <= 100
    })
  )
}

export const handlers: Record<string, (ctx: HandlerContext) => Answer> = {
  getEssList: ({ state }) =>
    ok(
      Object.values(state.systems)
        .filter((s) => s.bound)
        .map((s) => ({ sysSn: s.sysSn, ...s.ess })),
    ),

  getLastPowerData: withSystem((system) => ok(livePower(system)), { live: true }),

  getOneDayPowerBySn: withSystem((system, { params }) => {
    const date = text(params, 'queryDate')
    if (!date || !DATE.test(date)) return fail(6001, 'queryDate format error')
    return ok(daySamples(system, date))
  }),

  getOneDateEnergyBySn: withSystem((system, { params }) => {
    const date = text(params, 'queryDate')
    if (!date || !DATE.test(date)) return fail(6001, 'queryDate format error')
    return ok(Object.hasOwn(system.dayEnergy, date) ? system.dayEnergy[date] : defaultDayEnergy(system.sysSn, date))
  }),

  getSumDataForCustomer: withSystem((system) => ok(system.sumData)),

  getChargeConfigInfo: withSystem((system) => ok({ ...system.chargeConfig })),

  updateChargeConfigInfo: write(
    'updateChargeConfigInfo',
    (ctx) =>
      requireFields(ctx, [
        { key: 'batHighCap', kind: 'number' },
        { key: 'gridCharge', kind: 'flag' },
        { key: 'timeChaf1', kind: 'time' },
        { key: 'timeChae1', kind: 'time' },
        { key: 'timeChaf2', kind: 'time' },
        { key: 'timeChae2', kind: 'time' },
      ]),
    (system, { params }) => {
      // Off-grid times are stored as sent: the API accepts them, only the inverter ignores them.
      system.chargeConfig = {
        batHighCap: number(params, 'batHighCap')!,
        gridCharge: number(params, 'gridCharge')!,
        timeChaf1: text(params, 'timeChaf1')!,
        timeChae1: text(params, 'timeChae1')!,
        timeChaf2: text(params, 'timeChaf2')!,
        timeChae2: text(params, 'timeChae2')!,
      }
    },
  ),

  getDisChargeConfigInfo: withSystem((system) => ok({ ...system.dischargeConfig })),

  updateDisChargeConfigInfo: write(
    'updateDisChargeConfigInfo',
    (ctx) =>
      requireFields(ctx, [
        { key: 'batUseCap', kind: 'number' },
        { key: 'ctrDis', kind: 'flag' },
        { key: 'timeDisf1', kind: 'time' },
        { key: 'timeDise1', kind: 'time' },
        { key: 'timeDisf2', kind: 'time' },
        { key: 'timeDise2', kind: 'time' },
      ]),
    (system, { params }) => {
      system.dischargeConfig = {
        batUseCap: number(params, 'batUseCap')!,
        ctrDis: number(params, 'ctrDis')!,
        timeDisf1: text(params, 'timeDisf1')!,
        timeDise1: text(params, 'timeDise1')!,
        timeDisf2: text(params, 'timeDisf2')!,
        timeDise2: text(params, 'timeDise2')!,
      }
    },
  ),

  getTimeChargeBySn: withSystem((system) => (system.timeChargeEntitled ? ok(system.timeCharge) : fail(6017))),

  setTimeChargeBySn: write(
    'setTimeChargeBySn',
    // Validation runs before the entitlement check, as live.
    ({ params }, system) => {
      if (!('chargeTimeList' in params) || !('dischargeTimeList' in params)) return { code: 10001 }
      const cycle = number(params, 'executeCycleType')
      if (cycle !== 0 && cycle !== 1) return fail(6001, 'executeCycleType is null')
      const lists = [params.chargeTimeList, params.dischargeTimeList]
      if (lists.some((l) => !Array.isArray(l) || l.length === 0)) return fail(6001, 'time list is null')
      if (!lists.every(validPeriods)) return fail(6001, 'time list format error')
      if (!system.timeChargeEntitled) return fail(6017)
      return null
    },
    (system, { params }) => {
      const cycle = number(params, 'executeCycleType')!
      const readModel = (list: unknown, strategyType: number) =>
        (list as Record<string, unknown>[]).map((p, sort) => ({ executeCycleType: cycle, strategyType, sort, weeks: null, chargePower: null, ...p }))
      system.timeCharge = {
        sysSn: system.sysSn,
        executeCycleType: cycle,
        gridChargeCycle: number(params, 'gridChargeCycle') ?? 0,
        ctrDisCycle: number(params, 'ctrDisCycle') ?? 0,
        chargeTimeList: readModel(params.chargeTimeList, 0),
        dischargeTimeList: readModel(params.dischargeTimeList, 1),
      }
    },
  ),

  getVerificationCode: ({ state, params }) => {
    const sysSn = text(params, 'sysSn')
    const checkCode = text(params, 'checkCode')
    if (!sysSn) return fail(6001, 'sysSn is null')
    if (!checkCode) return fail(6001, 'checkCode is null')
    const system = state.systems[sysSn]
    if (!system) return fail(6038)
    if (!system.registered) return fail(6002)
    if (system.checkCode !== checkCode) return fail(6004)
    system.pendingCode = state.verificationCode
    state.emails.push({ sysSn, code: state.verificationCode })
    return ok()
  },

  bindSn: ({ state, params }) => {
    const sysSn = text(params, 'sysSn')
    const code = text(params, 'code')
    if (!sysSn) return fail(6001, 'sysSn is null')
    if (!code) return fail(6001, 'code is null')
    const system = state.systems[sysSn]
    if (!system) return fail(6038)
    if (system.bound) return fail(6003)
    if (system.pendingCode === null || system.pendingCode !== code) return fail(6046)
    system.bound = true
    system.pendingCode = null
    return ok()
  },

  unBindSn: withSystem((system) => {
    system.bound = false
    return ok()
  }),

  getEvChargerConfigList: withSystem((system) =>
    ok(system.chargers.map((c) => ({ evchargerSn: c.evchargerSn, evchargerModel: c.evchargerModel }))),
  ),

  getEvChargerCurrentsBySn: withSystem((system) => ok({ currentsetting: system.currentsetting })),

  setEvChargerCurrentsBySn: write(
    'setEvChargerCurrentsBySn',
    ({ params }) => {
      const current = number(params, 'currentsetting')
      if (current === null) return fail(6001, 'currentsetting is null')
      if (current < 6 || current > 32) return fail(6001, 'currentsetting out of range')
      return null
    },
    (system, { params }) => {
      system.currentsetting = number(params, 'currentsetting')!
    },
  ),

  getEvChargerStatusBySn: withSystem(
    (system, { params }) => {
      const pile = findPile(system, params)
      if ('code' in pile) return pile
      return ok({ evchargerStatus: pile.status })
    },
    { live: true },
  ),

  remoteControlEvCharger: write(
    'remoteControlEvCharger',
    ({ params }, system) => {
      const pile = findPile(system, params)
      if ('code' in pile) return pile
      const mode = number(params, 'controlMode')
      if (mode !== 0 && mode !== 1) return fail(6001, 'controlMode must be 0 or 1')
      // The pile refuses a start unless Preparing or Suspended, a stop unless Charging or Suspended.
      const allowed = mode === 1 ? [2, 4, 5] : [3, 4, 5]
      return allowed.includes(pile.status) ? null : fail(6008)
    },
    (system, { params }) => {
      const pile = findPile(system, params) as FakeCharger
      // An EMS stop leaves the pile Finishing until the car is unplugged.
      pile.status = number(params, 'controlMode') === 1 ? 3 : 6
    },
  ),
}
