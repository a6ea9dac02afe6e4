/**
 * Every operation in the Konnect+ app's GraphQL document (as collected by the public clients),
 * with the same names, variables and selections, so the cloud sees the requests it knows. Shared
 * selections are spliced in as text, not GraphQL fragments: fragments would need the server's type
 * names, which nobody has seen.
 */
import { z } from 'zod'
import { operation } from './graphql'
import {
  Address,
  ChargeLog,
  ChargeRate,
  CommandResult,
  DeviceCommandResult,
  DeviceDetail,
  DeviceInfo,
  DeviceStatus,
  Solar,
  UserDevice,
  type ScheduleSlots,
} from './schemas'

const DAY_MAP = 'dayMap { monday tuesday wednesday thursday friday saturday sunday }'
const SCHEDULE_SLOTS = `scheduleSlotsArray { startHour startMinute endHour endMinute enabled ${DAY_MAP} }`
const DEVICE_RESULT = 'id name last_app connected return_value'

const FULL_STATUS = `
      id konnectSerial online lastEvent lastEventAge evseState evseResponseTime evseChargeAmpCurrentLimit
      sysSchEnabled sysUserLock sysScheduleLock sysRssi sysSSID sysLan sysTemperature sysFreeMemory sysRuntime
      sysFwVersion sysHwVersion evseFwVersion evseHwVersion sysBootup sysOs sysProductId sysProductName
      sysOtaUpdate sysRcmUserCleared sysButton sysFaultCode
      sysVoltageA sysVoltageB sysVoltageC sysAmpA sysAmpB sysAmpC sysPowerA sysPowerB sysPowerC sysPhase
      sysSolarCT sysGridCT sysAdaptiveFuse sysTime sysSch0 sysSch1 sysSch2 sysSch3 sysSch4
      cfgPENEarthConnected cfgDebugEnable cfgChargeAmpMax cfgChargeAmpMin cfgDSTActive
      sysChargingEnabled sysSchSet sysSolarPower sysGridPower sysChargePower sysSolarEnergyDelta sysGridEnergyDelta
      solarMaxGridChargePercent solarChargeAlways solarOverride cfgAFEnable cfgAFAmpMax cfgCTConfig
      chargeStatus { start chargeEnergyTotal solarEnergyTotal gridEnergyTotal chargePower chargePowerMax solarPower gridPower duration }
      ${SCHEDULE_SLOTS}
      sysSchDSORandom`

const LORA = 'cfg epow on rssi eui'

/** The subscription's selection, which is what the cloud pushes. */
export const PUSHED_STATUS = `
    id sysFwVersion evseState online sysRssi sysSSID lastEvent lastEventAge
    cfgLora0 { ${LORA} } cfgLora1 { ${LORA} } cfgLora2 { ${LORA} } cfgLora3 { ${LORA} }
    sysTime sysSch0 sysSch1 sysSch2 sysSch3 sysSch4 sysFaultCode sysChargingEnabled cfgPENEarthConnected
    cfgChargeAmpMax cfgChargeAmpMin cfgDSTActive sysSchEnabled sysUserLock sysScheduleLock sysSolarPower sysGridPower
    solarMaxGridChargePercent solarChargeAlways solarOverride cfgCTConfig
    chargeStatus { start chargeEnergyTotal chargePower duration }
    ${SCHEDULE_SLOTS}
    sysSchDSORandom`

export const DEVICE_STATUS_SUBSCRIPTION = `subscription deviceStatusUpdated($id: ID!) {
  deviceStatusUpdated(id: $id) {${PUSHED_STATUS}
  }
}`
export const DeviceStatusUpdated = z.object({ deviceStatusUpdated: DeviceStatus.nullable() })

type Id = { id: string }
type DeviceIdVars = { deviceId: string }
const getDevice = <T extends z.ZodType>(inner: T) => z.object({ getDevice: inner.nullable() })

// ── Queries ──────────────────────────────────────────────────────────────────────────────────

export const getSupportMessage = operation<Record<string, never>>()(
  'getSupportMessage',
  'the support message',
  'query getSupportMessage { getSupportMessage }',
  z.object({ getSupportMessage: z.unknown() }),
)

export const getCurrentUserDevices = operation<Record<string, never>>()(
  'getCurrentUserDevices',
  'the list of chargers',
  `query getCurrentUserDevices {
  getCurrentUserDevices { id name deviceInfo { id friendlyName } deviceStatus { id cfgCTConfig sysFwVersion } }
}`,
  z.object({ getCurrentUserDevices: z.array(UserDevice).nullable() }),
)

export const getDeviceQuery = operation<Id>()(
  'getDevice',
  'the charger’s details',
  `query getDevice($id: ID!) {
  getDevice(id: $id) {
    id name last_ip_address
    deviceStatus { id evseState sysFwVersion sysSchEnabled sysUserLock sysScheduleLock sysSch0 sysSch1 sysSch2 sysSch3 sysSch4 cfgCTConfig ${SCHEDULE_SLOTS} }
    deviceInfo {
      id currency enableThreePhaseMultiplier friendlyName locationLongitude locationLatitude
      schedule0Name schedule1Name schedule2Name schedule3Name schedule4Name
      address addressPlace addressDistrict addressPostcode addressCountry solarOverrideStart
      notifyRcmErrorEnabled notifyWeeklyReportEnabled notifyDeviceOfflineEnabled purpose solarChargeAlways timeZoneRegion userLock
    }
  }
}`,
  getDevice(DeviceDetail),
)

export const getDeviceChargeRates = operation<Id>()(
  'getDeviceChargeRates',
  'the charger’s tariff',
  `query getDeviceChargeRates($id: ID!) {
  getDevice(id: $id) { id deviceChargeRates { id price timeStartLocal timeStopLocal startDateTime stopDateTime } }
}`,
  getDevice(z.object({ id: z.string(), deviceChargeRates: z.array(ChargeRate).nullable() })),
)

export const getDeviceLora = operation<Id>()(
  'getDeviceLora',
  'the charger’s LoRa devices',
  'query getDeviceLora($id: ID!) { getDevice(id: $id) { id deviceInfo { loraDevices } } }',
  getDevice(z.object({ id: z.string(), deviceInfo: z.object({ loraDevices: z.unknown().optional() }).nullable() })),
)

export const getDeviceSolar = operation<Id>()(
  'getDeviceSolar',
  'the charger’s solar override',
  'query getDeviceSolar($id: ID!) { getDevice(id: $id) { id deviceInfo { id solarOverrideStart } } }',
  getDevice(z.object({ id: z.string(), deviceInfo: DeviceInfo.nullable() })),
)

export interface PowerLogsVars {
  id: string
  dateFrom?: string | null
  dateTo?: string | null
  binnedMinutes?: number | null
  limit?: number | null
  offset?: number | null
  groupBy?: string | null
}
export const getCalculatedPowerLogsBinned = operation<PowerLogsVars>()(
  'getCalculatedPowerLogsBinned',
  'the charger’s power log',
  `query getCalculatedPowerLogsBinned($id: ID!, $dateFrom: Date, $dateTo: Date, $binnedMinutes: Int, $limit: Int, $offset: Int, $groupBy: LogsGroupedBy) {
  getDevice(id: $id) {
    id
    deviceCalculatedPowerLogsBinned(dateFrom: $dateFrom, dateTo: $dateTo, binnedMinutes: $binnedMinutes, groupBy: $groupBy, limit: $limit, offset: $offset)
  }
}`,
  getDevice(z.object({ id: z.string(), deviceCalculatedPowerLogsBinned: z.unknown().optional() })),
)

export const searchAddress = operation<{ addressFragment: string; countryCode?: string | null }>()(
  'searchAddress',
  'the address search',
  `query searchAddress($addressFragment: String!, $countryCode: String) {
  searchAddress(addressFragment: $addressFragment, countryCode: $countryCode) {
    summaryline subbuildingname buildingname number premise street posttown county postcode
  }
}`,
  z.object({ searchAddress: z.array(Address).nullable() }),
)

export interface ChargeLogsVars {
  id: string
  limit?: number | null
  offset?: number | null
  minEnergy?: number | null
  dateFrom?: string | null
}
export const getDeviceCalculatedChargeLogs = operation<ChargeLogsVars>()(
  'getDeviceCalculatedChargeLogs',
  'the charging sessions',
  `query getDeviceCalculatedChargeLogs($id: ID!, $limit: Int, $offset: Int, $minEnergy: Float, $dateFrom: Date) {
  getDevice(id: $id) {
    id
    deviceCalculatedChargeLogs(limit: $limit, offset: $offset, minEnergy: $minEnergy, dateFrom: $dateFrom) {
      chargeCostTotal chargeEnergyTotal deviceId duration gridCostTotal gridEnergyTotal particleFwVersion
      solarEnergyTotal solarCostTotal startDateTimeLocal surplusUsedCostTotal surplusUsedEnergyTotal uuid
    }
  }
}`,
  getDevice(z.object({ id: z.string(), deviceCalculatedChargeLogs: z.array(ChargeLog).nullable() })),
)

export const getSolar = operation<DeviceIdVars>()(
  'getSolar',
  'the charger’s solar setting',
  `query getSolar($deviceId: ID!) {
  getSolar(deviceId: $deviceId) { deviceId override chargeAlways maxGridChargePercent return_value }
}`,
  z.object({ getSolar: Solar.nullable() }),
)

export const getDeviceStatusSimple = operation<Id>()(
  'getDeviceStatusSimple',
  'the charger’s status',
  `query getDeviceStatusSimple($id: ID!) {
  getDevice(id: $id) { deviceStatus { id online evseState sysSchEnabled sysUserLock sysScheduleLock } }
}`,
  getDevice(z.object({ deviceStatus: DeviceStatus.nullable() })),
)

export const getDeviceStatus = operation<Id>()(
  'getDeviceStatus',
  'the charger’s status',
  `query getDeviceStatus($id: ID!) {
  getDevice(id: $id) {
    deviceStatus {${FULL_STATUS}
    }
  }
}`,
  getDevice(z.object({ deviceStatus: DeviceStatus.nullable() })),
)

// ── Mutations ────────────────────────────────────────────────────────────────────────────────

/** Known functions: userLock (no charging), userUnlock (charging allowed), rcmReset. */
export type AevFunction = 'userLock' | 'userUnlock' | 'rcmReset'

export const runAEVCommand = operation<{ deviceId: string; functionName: AevFunction; params?: string | null }>()(
  'runAEVCommand',
  'the charger command',
  `mutation runAEVCommand($deviceId: ID!, $functionName: String!, $params: String) {
  runAEVCommand(deviceId: $deviceId, functionName: $functionName, params: $params) { return_value }
}`,
  z.object({ runAEVCommand: CommandResult.nullable() }),
)

/** Clients send a map keyed sch0..sch4 with only the slots that change. */
export const setSchedules = operation<DeviceIdVars & { scheduleSlots: ScheduleSlots }>()(
  'setSchedules',
  'saving the schedules',
  `mutation setSchedules($deviceId: ID!, $scheduleSlots: ScheduleSlotsInput!) {
  setSchedules(deviceId: $deviceId, scheduleSlots: $scheduleSlots) { ${DEVICE_RESULT} }
}`,
  z.object({ setSchedules: DeviceCommandResult.nullable() }),
)

export const setAllSchedulesDisabled = operation<DeviceIdVars>()(
  'setAllSchedulesDisabled',
  'turning off the schedules',
  `mutation setAllSchedulesDisabled($deviceId: ID!) {
  setAllSchedulesDisabled(deviceId: $deviceId) { ${DEVICE_RESULT} }
}`,
  z.object({ setAllSchedulesDisabled: DeviceCommandResult.nullable() }),
)

export interface SolarVars {
  deviceId: string
  override?: boolean | null
  chargeAlways?: boolean | null
  maxGridChargePercent?: number | null
}
export const setSolar = operation<SolarVars>()(
  'setSolar',
  'saving the solar setting',
  `mutation setSolar($deviceId: ID!, $override: Boolean, $chargeAlways: Boolean, $maxGridChargePercent: Int) {
  setSolar(deviceId: $deviceId, override: $override, chargeAlways: $chargeAlways, maxGridChargePercent: $maxGridChargePercent) { return_value }
}`,
  z.object({ setSolar: CommandResult.nullable() }),
)

export type ScheduleNames = Partial<Record<`schedule${0 | 1 | 2 | 3 | 4}Name`, string | null>>
const ScheduleNamesResult = z.object({
  schedule0Name: z.string().nullish(),
  schedule1Name: z.string().nullish(),
  schedule2Name: z.string().nullish(),
  schedule3Name: z.string().nullish(),
  schedule4Name: z.string().nullish(),
})
export const setScheduleNames = operation<DeviceIdVars & ScheduleNames>()(
  'setScheduleNames',
  'naming the schedules',
  `mutation setScheduleNames($deviceId: ID!, $schedule0Name: String, $schedule1Name: String, $schedule2Name: String, $schedule3Name: String, $schedule4Name: String) {
  upsertDeviceInfo(deviceId: $deviceId, schedule0Name: $schedule0Name, schedule1Name: $schedule1Name, schedule2Name: $schedule2Name, schedule3Name: $schedule3Name, schedule4Name: $schedule4Name) {
    schedule0Name schedule1Name schedule2Name schedule3Name schedule4Name
  }
}`,
  z.object({ upsertDeviceInfo: ScheduleNamesResult.nullable() }),
)

export const upsertDeviceFriendlyName = operation<DeviceIdVars & { friendlyName: string }>()(
  'upsertDeviceFriendlyName',
  'renaming the charger',
  `mutation upsertDeviceFriendlyName($deviceId: ID!, $friendlyName: String) {
  upsertDeviceInfo(deviceId: $deviceId, friendlyName: $friendlyName) { friendlyName }
}`,
  z.object({ upsertDeviceInfo: z.object({ friendlyName: z.string().nullish() }).nullable() }),
)

/** A tariff period; days are Andersen's dayMon..daySun flags, times "HH:MM" local. */
export interface ChargeRateInput {
  startDateTime?: string | null
  stopDateTime?: string | null
  dayMon?: boolean
  dayTue?: boolean
  dayWed?: boolean
  dayThu?: boolean
  dayFri?: boolean
  daySat?: boolean
  daySun?: boolean
  timeStartLocal?: string | null
  timeStopLocal?: string | null
  price: number
}
const RATE_VARS =
  '$startDateTime: Date, $stopDateTime: Date, $dayMon: Boolean, $dayTue: Boolean, $dayWed: Boolean, $dayThu: Boolean, $dayFri: Boolean, $daySat: Boolean, $daySun: Boolean, $timeStartLocal: String, $timeStopLocal: String, $price: Float!'
const RATE_ARGS =
  'startDateTime: $startDateTime, stopDateTime: $stopDateTime, dayMon: $dayMon, dayTue: $dayTue, dayWed: $dayWed, dayThu: $dayThu, dayFri: $dayFri, daySat: $daySat, daySun: $daySun, timeStartLocal: $timeStartLocal, timeStopLocal: $timeStopLocal, price: $price'

export const createChargeRate = operation<DeviceIdVars & ChargeRateInput>()(
  'createChargeRate',
  'adding a tariff period',
  `mutation createChargeRate($deviceId: ID!, ${RATE_VARS}) {
  createChargeRate(deviceId: $deviceId, ${RATE_ARGS}) { id }
}`,
  z.object({ createChargeRate: z.object({ id: z.union([z.string(), z.number()]).transform(String) }).nullable() }),
)

export const updateChargeRate = operation<Id & ChargeRateInput>()(
  'updateChargeRate',
  'changing a tariff period',
  `mutation updateChargeRate($id: ID!, ${RATE_VARS}) {
  updateChargeRate(id: $id, ${RATE_ARGS})
}`,
  z.object({ updateChargeRate: z.unknown() }),
)

export const deleteChargeRate = operation<Id>()(
  'deleteChargeRate',
  'removing a tariff period',
  'mutation deleteChargeRate($id: ID!) { deleteChargeRate(id: $id) }',
  z.object({ deleteChargeRate: z.unknown() }),
)

export const unclaimDevice = operation<DeviceIdVars>()(
  'unclaimDevice',
  'removing the charger from the account',
  'mutation unclaimDevice($deviceId: ID!) { unclaimDevice(deviceId: $deviceId) }',
  z.object({ unclaimDevice: z.unknown() }),
)

export const claimDeviceByName = operation<{ deviceName: string }>()(
  'claimDeviceByName',
  'adding the charger to the account',
  'mutation claimDeviceByName($deviceName: String!) { claimDeviceByName(deviceName: $deviceName) { id name } }',
  z.object({ claimDeviceByName: z.object({ id: z.string(), name: z.string().nullish() }).nullable() }),
)

export const upsertAccount = operation<{ firstName?: string | null; lastName?: string | null }>()(
  'upsertAccount',
  'saving the account name',
  'mutation upsertAccount($firstName: String, $lastName: String) { upsertAccount(firstName: $firstName, lastName: $lastName) }',
  z.object({ upsertAccount: z.unknown() }),
)

export const registerMobileDevice = operation<{ token: string }>()(
  'registerMobileDevice',
  'registering for push messages',
  'mutation registerMobileDevice($token: String!) { registerMobileDevice(token: $token) }',
  z.object({ registerMobileDevice: z.unknown() }),
)

export const unregisterMobileDevice = operation<{ token: string }>()(
  'unregisterMobileDevice',
  'unregistering from push messages',
  'mutation unregisterMobileDevice($token: String!) { unregisterMobileDevice(token: $token) }',
  z.object({ unregisterMobileDevice: z.unknown() }),
)

/** Every query and mutation, for tests that check the fake's schema accepts each document. */
export const ALL_OPERATIONS = [
  getSupportMessage,
  getCurrentUserDevices,
  getDeviceQuery,
  getDeviceChargeRates,
  getDeviceLora,
  getDeviceSolar,
  getCalculatedPowerLogsBinned,
  searchAddress,
  getDeviceCalculatedChargeLogs,
  getSolar,
  getDeviceStatusSimple,
  getDeviceStatus,
  runAEVCommand,
  setSchedules,
  setAllSchedulesDisabled,
  setSolar,
  setScheduleNames,
  upsertDeviceFriendlyName,
  createChargeRate,
  updateChargeRate,
  deleteChargeRate,
  unclaimDevice,
  claimDeviceByName,
  upsertAccount,
  registerMobileDevice,
  unregisterMobileDevice,
] as const
