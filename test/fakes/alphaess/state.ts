/**
 * The AlphaESS fake's world: one developer AppID, the systems AlphaESS knows (bound to that AppID
 * or not), their live data, configs, charging piles and the binding e-mails. Tests mutate it
 * freely. Default numbers balance like a real sunny noon: ppv + pgrid + pbat = pload.
 */
export const defaultAlphaessFixture = {
  appId: 'alpha5e1f0c9d2b4a6e8f',
  appSecret: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  sysSn: 'AL7011025010001',
  checkCode: 'K7Q2M9',
  minv: 'SMILE5-INV',
  mbat: 'SMILE-BAT-10.1P',
  cobat: 10.1,
  popv: 5,
  poinv: 5,
  surplusCobat: 6.5,
  usCapacity: 90,
  emsStatus: 'Normal',
  ppv: 4321,
  pload: 876,
  pgrid: -1234,
  pbat: -2211,
  soc: 64.5,
  pmeterL1: -411,
  pmeterL2: -411,
  pmeterL3: -412,
  batHighCap: 95,
  batUseCap: 10,
  evchargerSn: 'EVCT11A0012345',
  evchargerModel: 'SMILE-EVCT11',
  /** Preparing: a car is plugged in, charging not started. */
  evchargerStatus: 2,
  currentsetting: 16,
  /** A second system AlphaESS knows, owned by the same person, not yet bound to the AppID. */
  unboundSysSn: 'AL7011025010002',
  unboundCheckCode: 'X4P8T1',
  /** The code the fake "e-mails" to the owner after getVerificationCode. */
  verificationCode: '482913',
} as const

export type FakeNumber = number | null

export interface FakeCharger {
  evchargerSn: string
  evchargerModel: string
  /** 1 Available, 2 Preparing, 3 Charging, 4 SuspendedEVSE, 5 SuspendedEV, 6 Finishing, 9 Faulted. */
  status: number
  /** Overrides the reported power; by default it follows the status and the current setting. */
  powerW?: number | null
}

export interface FakeChargeConfig {
  gridCharge: number
  batHighCap: number
  timeChaf1: string
  timeChae1: string
  timeChaf2: string
  timeChae2: string
}

export interface FakeDischargeConfig {
  ctrDis: number
  batUseCap: number
  timeDisf1: string
  timeDise1: string
  timeDisf2: string
  timeDise2: string
}

export interface FakeSystem {
  sysSn: string
  checkCode: string
  /** Registered to an owner in AlphaESS; unregistered systems answer 6002 to getVerificationCode. */
  registered: boolean
  /** Bound to the fake's AppID. */
  bound: boolean
  ess: {
    popv: FakeNumber
    minv: string | null
    poinv: FakeNumber
    cobat: FakeNumber
    mbat: string | null
    surplusCobat: FakeNumber
    usCapacity: FakeNumber
    emsStatus: string | null
  }
  /** getLastPowerData without pev/pevDetail, which follow the piles. */
  realtime: {
    ppv: FakeNumber
    ppvDetail: { ppv1: FakeNumber; ppv2: FakeNumber; ppv3: FakeNumber; ppv4: FakeNumber; pmeterDc: FakeNumber } | null
    soc: FakeNumber
    prealL1: FakeNumber
    prealL2: FakeNumber
    prealL3: FakeNumber
    pgrid: FakeNumber
    pgridDetail: { pmeterL1: FakeNumber; pmeterL2: FakeNumber; pmeterL3: FakeNumber } | null
    pload: FakeNumber
    pbat: FakeNumber
  }
  /** 200 with every live field null, as Storion-S5 and some offline systems answer. */
  realtimeAllNull: boolean
  /** 6042 for live data, pile status and every write. */
  offline: boolean
  chargeConfig: FakeChargeConfig
  dischargeConfig: FakeDischargeConfig
  /** Writes answer 200 and change nothing (what a system that ignores a write looks like). */
  ignoreWrites: boolean
  /** false: the periodic endpoints answer 6017, as on most systems. */
  timeChargeEntitled: boolean
  timeCharge: Record<string, unknown>
  chargers: FakeCharger[]
  /** The one current setting (A) the system's piles share. */
  currentsetting: number
  /** The code e-mailed after getVerificationCode, until bound. */
  pendingCode: string | null
  /** What getSumDataForCustomer answers, as sent (tests may garble a field or set it to null). */
  sumData: Record<string, unknown> | null
  /** getOneDateEnergyBySn's answer for one day, as sent; days not listed get the fixture's totals. */
  dayEnergy: Record<string, Record<string, unknown> | null>
}

export type FaultReply =
  | { code: number; msg?: string | null; expMsg?: string | null }
  | { httpStatus: number; body?: string; headers?: Record<string, string> }
  | { body: string }

export interface Fault {
  endpoint: string
  /** How many calls it answers; Infinity for all of them. Default 1. */
  times?: number
  reply: FaultReply
}

export interface AlphaessFakeState {
  appId: string
  systems: Record<string, FakeSystem>
  /** 6053 when an endpoint is called again within minIntervalMs. */
  enforceRateLimit: boolean
  minIntervalMs: number
  /** Per endpoint and system; 0 turns it off. A write within it answers writeLimitCode. */
  writeIntervalMs: number
  writeLimitCode: 6053 | 6008
  /** Clock skew beyond 300 s answers this (both are seen live). */
  skewCode: 6006 | 6009
  /** The code every getVerificationCode "e-mails". */
  verificationCode: string
  emails: { sysSn: string; code: string }[]
  /** Answers injected ahead of the normal ones, consumed in order. */
  faults: Fault[]
  /**
   * On the fake's clock: until then every request gets HTTP 429 with a Retry-After of the time
   * left, as a cloud shedding load in front of the API answers. 0 for never.
   */
  throttledUntilMs: number
}

function defaultSystem(sysSn: string, checkCode: string, bound: boolean, withCharger: boolean): FakeSystem {
  const f = defaultAlphaessFixture
  return {
    sysSn,
    checkCode,
    registered: true,
    bound,
    ess: {
      popv: f.popv,
      minv: f.minv,
      poinv: f.poinv,
      cobat: f.cobat,
      mbat: f.mbat,
      surplusCobat: f.surplusCobat,
      usCapacity: f.usCapacity,
      emsStatus: f.emsStatus,
    },
    realtime: {
      ppv: f.ppv,
      ppvDetail: { ppv1: 2200, ppv2: 2121, ppv3: 0, ppv4: 0, pmeterDc: 0 },
      soc: f.soc,
      prealL1: 1037,
      prealL2: 1037,
      prealL3: 1036,
      pgrid: f.pgrid,
      pgridDetail: { pmeterL1: f.pmeterL1, pmeterL2: f.pmeterL2, pmeterL3: f.pmeterL3 },
      pload: f.pload,
      pbat: f.pbat,
    },
    realtimeAllNull: false,
    offline: false,
    chargeConfig: { gridCharge: 0, batHighCap: f.batHighCap, timeChaf1: '00:00', timeChae1: '00:00', timeChaf2: '00:00', timeChae2: '00:00' },
    dischargeConfig: { ctrDis: 0, batUseCap: f.batUseCap, timeDisf1: '00:00', timeDise1: '00:00', timeDisf2: '00:00', timeDise2: '00:00' },
    ignoreWrites: false,
    timeChargeEntitled: false,
    timeCharge: {
      sysSn,
      executeCycleType: 0,
      gridChargeCycle: 0,
      ctrDisCycle: 0,
      chargeTimeList: [],
      dischargeTimeList: [],
    },
    chargers: withCharger ? [{ evchargerSn: f.evchargerSn, evchargerModel: f.evchargerModel, status: f.evchargerStatus }] : [],
    currentsetting: f.currentsetting,
    pendingCode: null,
    sumData: { ...defaultSumData },
    dayEnergy: {},
  }
}

/** Lifetime and today, as a system without a tariff set in the AlphaESS app reports them (income null). */
export const defaultSumData: Readonly<Record<string, unknown>> = {
  epvtoday: 24.6,
  epvtotal: 17003.14,
  eload: 19.49,
  eoutput: 6.42,
  einput: 4.41,
  echarge: 12.2,
  edischarge: 7.1,
  todayIncome: null,
  totalIncome: null,
  eselfConsumption: 0.74,
  eselfSufficiency: 0.77,
  treeNum: 2911.1488,
  carbonNum: 14622.7004,
  moneyType: 'AUD',
}

/** A sunny day's totals, kWh: they balance to a 17.49 kWh house (car included). */
export function defaultDayEnergy(sysSn: string, date: string): Record<string, unknown> {
  return { sysSn, theDate: date, eCharge: 12.2, epv: 24.6, eOutput: 6.42, eInput: 4.41, eGridCharge: 0, eDischarge: 7.1, eChargingPile: 3.3 }
}

export interface FakeStateOptions {
  appId?: string
  enforceRateLimit?: boolean
  /** The bound system has an SMILE-EVCT11 pile; default true. */
  withCharger?: boolean
}

export function createFakeState(options: FakeStateOptions = {}): AlphaessFakeState {
  const f = defaultAlphaessFixture
  return {
    appId: options.appId ?? f.appId,
    systems: {
      [f.sysSn]: defaultSystem(f.sysSn, f.checkCode, true, options.withCharger ?? true),
      [f.unboundSysSn]: defaultSystem(f.unboundSysSn, f.unboundCheckCode, false, false),
    },
    enforceRateLimit: options.enforceRateLimit ?? true,
    minIntervalMs: 10_000,
    writeIntervalMs: 0,
    writeLimitCode: 6053,
    skewCode: 6006,
    verificationCode: f.verificationCode,
    emails: [],
    faults: [],
    throttledUntilMs: 0,
  }
}
