/**
 * Andersen's GraphQL payloads as the cloud sends them. Nothing is documented, so parsing is lenient
 * where clients have seen variation (evseState as 3 or "3", numbers as strings, fields left out)
 * and strict only where we act on a value. Units are Andersen's: see ./status.ts for the decisions.
 */
import { z } from 'zod'

const numericString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .transform(Number)

/** A number, or a number sent as a string. */
const num = z.union([z.number(), numericString]).nullish()
const bool = z.boolean().nullish()
const str = z.string().nullish()
/** Shown as-is; type unknown and unimportant. */
const shown = z.union([z.number(), z.string(), z.boolean()]).nullish()

/** The README and JSON Schemas say integer; HA forks compare "3" too, and one SDL says String. */
export const EvseStateValue = z.union([z.number(), z.string()]).nullish()

export const DayMap = z.object({
  monday: z.boolean(),
  tuesday: z.boolean(),
  wednesday: z.boolean(),
  thursday: z.boolean(),
  friday: z.boolean(),
  saturday: z.boolean(),
  sunday: z.boolean(),
})
export type DayMap = z.infer<typeof DayMap>

export const ScheduleSlot = z.object({
  startHour: z.number().int(),
  startMinute: z.number().int(),
  endHour: z.number().int(),
  endMinute: z.number().int(),
  enabled: z.boolean(),
  dayMap: DayMap,
})
export type ScheduleSlot = z.infer<typeof ScheduleSlot>

export const SCHEDULE_SLOT_COUNT = 5
export type SlotKey = `sch${0 | 1 | 2 | 3 | 4}`
export type ScheduleSlots = Partial<Record<SlotKey, ScheduleSlot>>

export const ChargeStatus = z.object({
  start: str,
  /** kWh (9.128312 for an overnight session). */
  chargeEnergyTotal: num,
  solarEnergyTotal: num,
  gridEnergyTotal: num,
  /** Unit undocumented: W per lwsrbrts; see status.ts. */
  chargePower: num,
  chargePowerMax: num,
  solarPower: num,
  gridPower: num,
  /** Seconds (8472 for that overnight session). */
  duration: num,
})
export type ChargeStatus = z.infer<typeof ChargeStatus>

const LoraConfig = z.object({ cfg: shown, epow: shown, on: shown, rssi: shown, eui: shown })

/** Every field any operation or the subscription selects; each operation selects a subset. */
export const DeviceStatus = z.object({
  id: str,
  konnectSerial: shown,
  online: bool,
  lastEvent: shown,
  lastEventAge: shown,
  evseState: EvseStateValue,
  evseResponseTime: shown,
  evseChargeAmpCurrentLimit: num,
  sysSchEnabled: bool,
  sysUserLock: bool,
  sysScheduleLock: bool,
  sysRssi: num,
  sysSSID: str,
  sysLan: shown,
  sysTemperature: num,
  sysFreeMemory: shown,
  sysRuntime: shown,
  sysFwVersion: shown,
  sysHwVersion: shown,
  evseFwVersion: shown,
  evseHwVersion: shown,
  sysBootup: shown,
  sysOs: shown,
  sysProductId: shown,
  sysProductName: shown,
  sysOtaUpdate: shown,
  sysRcmUserCleared: shown,
  sysButton: shown,
  sysFaultCode: num,
  sysVoltageA: num,
  sysVoltageB: num,
  sysVoltageC: num,
  sysAmpA: num,
  sysAmpB: num,
  sysAmpC: num,
  sysPowerA: num,
  sysPowerB: num,
  sysPowerC: num,
  sysPhase: num,
  sysSolarCT: shown,
  sysGridCT: shown,
  sysAdaptiveFuse: shown,
  sysTime: shown,
  sysSch0: shown,
  sysSch1: shown,
  sysSch2: shown,
  sysSch3: shown,
  sysSch4: shown,
  cfgPENEarthConnected: shown,
  cfgDebugEnable: shown,
  cfgChargeAmpMax: num,
  cfgChargeAmpMin: num,
  cfgDSTActive: shown,
  sysChargingEnabled: bool,
  sysSchSet: shown,
  sysSolarPower: num,
  sysGridPower: num,
  sysChargePower: num,
  sysSolarEnergyDelta: num,
  sysGridEnergyDelta: num,
  solarMaxGridChargePercent: num,
  solarChargeAlways: bool,
  solarOverride: bool,
  cfgAFEnable: shown,
  cfgAFAmpMax: num,
  cfgCTConfig: shown,
  cfgLora0: LoraConfig.nullish(),
  cfgLora1: LoraConfig.nullish(),
  cfgLora2: LoraConfig.nullish(),
  cfgLora3: LoraConfig.nullish(),
  chargeStatus: ChargeStatus.nullish(),
  scheduleSlotsArray: z.array(ScheduleSlot.nullable()).nullish(),
  sysSchDSORandom: shown,
})
export type DeviceStatus = z.infer<typeof DeviceStatus>

export const DeviceInfo = z.object({
  id: str,
  currency: str,
  enableThreePhaseMultiplier: bool,
  friendlyName: str,
  locationLongitude: num,
  locationLatitude: num,
  schedule0Name: str,
  schedule1Name: str,
  schedule2Name: str,
  schedule3Name: str,
  schedule4Name: str,
  address: str,
  addressPlace: str,
  addressDistrict: str,
  addressPostcode: str,
  addressCountry: str,
  solarOverrideStart: shown,
  notifyRcmErrorEnabled: bool,
  notifyWeeklyReportEnabled: bool,
  notifyDeviceOfflineEnabled: bool,
  purpose: shown,
  solarChargeAlways: bool,
  timeZoneRegion: str,
  userLock: bool,
  loraDevices: z.unknown().optional(),
})
export type DeviceInfo = z.infer<typeof DeviceInfo>

export const UserDevice = z.object({
  id: z.string().min(1),
  /** The serial number ("2202210000"); the person's own name is deviceInfo.friendlyName. */
  name: str,
  deviceInfo: z.object({ id: str, friendlyName: str }).nullish(),
  deviceStatus: z.object({ id: str, cfgCTConfig: shown, sysFwVersion: shown }).nullish(),
})
export type UserDevice = z.infer<typeof UserDevice>

export const DeviceDetail = z.object({
  id: z.string(),
  name: str,
  last_ip_address: str,
  deviceStatus: DeviceStatus.nullish(),
  deviceInfo: DeviceInfo.nullish(),
})
export type DeviceDetail = z.infer<typeof DeviceDetail>

export const ChargeRate = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  price: num,
  timeStartLocal: str,
  timeStopLocal: str,
  startDateTime: shown,
  stopDateTime: shown,
})
export type ChargeRate = z.infer<typeof ChargeRate>

export const ChargeLog = z.object({
  chargeCostTotal: num,
  chargeEnergyTotal: num,
  deviceId: str,
  duration: num,
  gridCostTotal: num,
  gridEnergyTotal: num,
  particleFwVersion: shown,
  solarEnergyTotal: num,
  solarCostTotal: num,
  startDateTimeLocal: str,
  surplusUsedCostTotal: num,
  surplusUsedEnergyTotal: num,
  uuid: str,
})
export type ChargeLog = z.infer<typeof ChargeLog>

export const Solar = z.object({
  deviceId: str,
  override: bool,
  chargeAlways: bool,
  /** 0..100 %. */
  maxGridChargePercent: num,
  return_value: shown,
})
export type Solar = z.infer<typeof Solar>

export const CommandResult = z.object({ return_value: shown })
export type CommandResult = z.infer<typeof CommandResult>

/** What setSchedules and setAllSchedulesDisabled return: the device, with the command's result. */
export const DeviceCommandResult = z.object({ id: str, name: str, last_app: shown, connected: shown, return_value: shown })
export type DeviceCommandResult = z.infer<typeof DeviceCommandResult>

export const Address = z.object({
  summaryline: str,
  subbuildingname: str,
  buildingname: str,
  number: str,
  premise: str,
  street: str,
  posttown: str,
  county: str,
  postcode: str,
})
export type Address = z.infer<typeof Address>

/** The mobile REST device list (mobile.andersen-ev.com/api/getDevices). userLock is sometimes absent. */
export const MobileDevices = z.object({
  devices: z.array(
    z.object({
      id: z.string().min(1),
      name: str,
      friendlyName: str,
      addressCountry: str,
      cfgCTConfig: shown,
      currency: str,
      evseFwVersion: shown,
      sysFwVersion: shown,
      userLock: bool,
    }),
  ),
})
export type MobileDevice = z.infer<typeof MobileDevices>['devices'][number]
