/**
 * zod schemas of AlphaESS's own payloads, with the field names the live API returns (which
 * differ from the portal's: `cbat`, `pchargingPile`, `epv` next to `eCharge`, `currentsetting`).
 * Every number may be null or missing — offline systems and some models (Storion-S5) send all
 * nulls with code 200 — and a null stays null: unknown is never read as 0. Numbers sent as
 * strings ("95") are accepted, as the official demo sends them.
 */
import { z } from 'zod'

const num = z
  .union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number), z.null()])
  .optional()
  .transform((v) => v ?? null)

const str = z
  .string()
  .nullable()
  .optional()
  .transform((v) => v ?? null)

/**
 * For the report endpoints (daily and lifetime totals), which are only ever shown: a value that
 * cannot be read is unknown, so one garbled field does not take the others with it.
 */
const reportNum = num.catch(null)
const reportStr = str.catch(null)

/** A nested detail object that may itself be null. */
function detail<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .nullable()
    .optional()
    .transform((v) => v ?? null)
}

/** A list that may be null: null reads as empty. */
function listOf<T extends z.ZodTypeAny>(item: T) {
  return z
    .array(item)
    .nullable()
    .transform((v) => v ?? [])
}

export const EssSystem = z.object({
  sysSn: z.string().min(1),
  /** PV nominal power, kW. */
  popv: num,
  /** Inverter nominal power, kW. */
  poinv: num,
  /** Battery capacity, kWh. */
  cobat: num,
  /** Battery capacity remaining, kWh. */
  surplusCobat: num,
  /** Usable capacity, %. */
  usCapacity: num,
  mbat: str,
  minv: str,
  emsStatus: str,
})
export type EssSystem = z.infer<typeof EssSystem>
export const EssList = listOf(EssSystem)

/** Live power, W; soc in %. pgrid > 0 imports; pbat > 0 discharges. */
export const LastPowerData = z
  .object({
    ppv: num,
    ppvDetail: detail({ ppv1: num, ppv2: num, ppv3: num, ppv4: num, pmeterDc: num }),
    pload: num,
    soc: num,
    pgrid: num,
    pgridDetail: detail({ pmeterL1: num, pmeterL2: num, pmeterL3: num }),
    pbat: num,
    prealL1: num,
    prealL2: num,
    prealL3: num,
    pev: num,
    pevDetail: detail({ ev1Power: num, ev2Power: num, ev3Power: num, ev4Power: num }),
  })
  .nullable()
  // data:null with code 200 means "nothing known", the same as all fields null.
  .transform((v) => v ?? allNullPowerData())
export type LastPowerData = z.infer<typeof LastPowerData>

function allNullPowerData() {
  return {
    ppv: null,
    ppvDetail: null,
    pload: null,
    soc: null,
    pgrid: null,
    pgridDetail: null,
    pbat: null,
    prealL1: null,
    prealL2: null,
    prealL3: null,
    pev: null,
    pevDetail: null,
  }
}

/** One ~5-minute sample. `gridCharge` is grid purchase power (W), despite its name. */
export const DayPowerSample = z.object({
  sysSn: str,
  uploadTime: str,
  ppv: num,
  load: num,
  cbat: num,
  feedIn: num,
  gridCharge: num,
  pchargingPile: num,
})
export type DayPowerSample = z.infer<typeof DayPowerSample>
export const DayPower = listOf(DayPowerSample)

/** Daily energy, kWh. */
export const DayEnergy = z
  .object({
    sysSn: reportStr,
    theDate: reportStr,
    epv: reportNum,
    eCharge: reportNum,
    eDischarge: reportNum,
    eGridCharge: reportNum,
    eInput: reportNum,
    eOutput: reportNum,
    eChargingPile: reportNum,
  })
  .nullable()
export type DayEnergy = z.infer<typeof DayEnergy>

/** Today and lifetime, kWh; eself* are fractions 0..1; money in moneyType. */
export const SumData = z
  .object({
    epvtoday: reportNum,
    epvtotal: reportNum,
    eload: reportNum,
    eoutput: reportNum,
    einput: reportNum,
    echarge: reportNum,
    edischarge: reportNum,
    todayIncome: reportNum,
    totalIncome: reportNum,
    eselfConsumption: reportNum,
    eselfSufficiency: reportNum,
    treeNum: reportNum,
    carbonNum: reportNum,
    moneyType: reportStr,
  })
  .nullable()
export type SumData = z.infer<typeof SumData>

/** f = from (start), e = end. A window with start == end is off. */
export const ChargeConfig = z
  .object({
    gridCharge: num,
    batHighCap: num,
    timeChaf1: str,
    timeChae1: str,
    timeChaf2: str,
    timeChae2: str,
  })
  .nullable()
export type ChargeConfig = z.infer<typeof ChargeConfig>

export const DischargeConfig = z
  .object({
    ctrDis: num,
    batUseCap: num,
    timeDisf1: str,
    timeDise1: str,
    timeDisf2: str,
    timeDise2: str,
  })
  .nullable()
export type DischargeConfig = z.infer<typeof DischargeConfig>

/** The full-replacement bodies of the two config writes (all fields required). */
export interface ChargeConfigWrite {
  batHighCap: number
  gridCharge: 0 | 1
  timeChaf1: string
  timeChae1: string
  timeChaf2: string
  timeChae2: string
}
export interface DischargeConfigWrite {
  batUseCap: number
  ctrDis: 0 | 1
  timeDisf1: string
  timeDise1: string
  timeDisf2: string
  timeDise2: string
}

export const TimeChargePeriod = z.object({
  executeCycleType: num,
  /** 0 charge, 1 discharge. */
  strategyType: num,
  beginTime: str,
  endTime: str,
  /** 1..7 = Monday..Sunday. */
  weeks: z
    .array(z.number())
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  sort: num,
  chargePower: num,
  chargeLimit: num,
})
export type TimeChargePeriod = z.infer<typeof TimeChargePeriod>

const periods = z
  .array(TimeChargePeriod)
  .nullable()
  .optional()
  .transform((v) => v ?? [])

export const TimeCharge = z
  .object({
    sysSn: str,
    executeCycleType: num,
    // Users report these two read back as 0 while a schedule runs: informative, not authoritative.
    gridChargeCycle: num,
    ctrDisCycle: num,
    chargeTimeList: periods,
    dischargeTimeList: periods,
  })
  .nullable()
export type TimeCharge = z.infer<typeof TimeCharge>

export interface TimeChargeWritePeriod {
  beginTime: string
  endTime: string
  /** Required when executeCycleType is 1 (weekly). */
  weeks?: number[]
  chargePower?: number
  /** 10..100 %. */
  chargeLimit: number
}
export interface TimeChargeWrite {
  executeCycleType: 0 | 1
  /** Neither list may be empty: AlphaESS answers 6001 "time list is null". */
  chargeTimeList: TimeChargeWritePeriod[]
  dischargeTimeList: TimeChargeWritePeriod[]
  gridChargeCycle?: 0 | 1
  ctrDisCycle?: 0 | 1
}

export const EvChargerConfig = z.object({
  evchargerSn: z.string().min(1),
  evchargerModel: str,
})
export type EvChargerConfig = z.infer<typeof EvChargerConfig>
export const EvChargerConfigList = listOf(EvChargerConfig)

/** The system's one charging-current setting (A), shared by its piles. */
export const EvChargerCurrents = z
  .object({ currentsetting: num })
  .nullable()
  .transform((v) => v ?? { currentsetting: null })
export type EvChargerCurrents = z.infer<typeof EvChargerCurrents>

const EvChargerStatusObject = z.object({ evchargerStatus: num })
/** The portal calls this a List<data> but the live field table is one object: accept both. */
export const EvChargerStatus = z
  .union([EvChargerStatusObject, z.array(EvChargerStatusObject).max(1), z.null()])
  .transform((v) => (Array.isArray(v) ? (v[0] ?? { evchargerStatus: null }) : (v ?? { evchargerStatus: null })))
export type EvChargerStatus = z.infer<typeof EvChargerStatus>

/** Writes answer data:null both when they land and when they silently do nothing. */
export const WriteAck = z.unknown()
