/**
 * The fake's GraphQL schema, pieced together from the operations Konnect+ sends (nobody has
 * published Andersen's). Building a real schema means every document our client sends is
 * parsed and validated the way Apollo would, so a misspelt field or variable fails here, not
 * in front of a user. Types we never learned (evseState, sysTime, the LogsGroupedBy enum) are
 * permissive scalars.
 */
import { buildSchema, type GraphQLSchema } from 'graphql'

const SDL = /* GraphQL */ `
  scalar Date
  scalar JSON
  scalar LogsGroupedBy

  type Query {
    getSupportMessage: String
    getCurrentUserDevices: [Device]
    getDevice(id: ID!): Device
    getSolar(deviceId: ID!): Solar
    searchAddress(addressFragment: String!, countryCode: String): [Address]
  }

  type Mutation {
    runAEVCommand(deviceId: ID!, functionName: String!, params: String): CommandResult
    setSchedules(deviceId: ID!, scheduleSlots: ScheduleSlotsInput!): Device
    setAllSchedulesDisabled(deviceId: ID!): Device
    setSolar(deviceId: ID!, override: Boolean, chargeAlways: Boolean, maxGridChargePercent: Int): Solar
    upsertDeviceInfo(
      deviceId: ID!
      friendlyName: String
      schedule0Name: String
      schedule1Name: String
      schedule2Name: String
      schedule3Name: String
      schedule4Name: String
    ): DeviceInfo
    createChargeRate(
      deviceId: ID!
      startDateTime: Date
      stopDateTime: Date
      dayMon: Boolean
      dayTue: Boolean
      dayWed: Boolean
      dayThu: Boolean
      dayFri: Boolean
      daySat: Boolean
      daySun: Boolean
      timeStartLocal: String
      timeStopLocal: String
      price: Float!
    ): ChargeRate
    updateChargeRate(
      id: ID!
      startDateTime: Date
      stopDateTime: Date
      dayMon: Boolean
      dayTue: Boolean
      dayWed: Boolean
      dayThu: Boolean
      dayFri: Boolean
      daySat: Boolean
      daySun: Boolean
      timeStartLocal: String
      timeStopLocal: String
      price: Float!
    ): JSON
    deleteChargeRate(id: ID!): JSON
    unclaimDevice(deviceId: ID!): JSON
    claimDeviceByName(deviceName: String!): Device
    upsertAccount(firstName: String, lastName: String): JSON
    registerMobileDevice(token: String!): JSON
    unregisterMobileDevice(token: String!): JSON
  }

  type Subscription {
    deviceStatusUpdated(id: ID!): DeviceStatus
  }

  type Device {
    id: ID!
    name: String
    last_ip_address: String
    last_app: String
    connected: Boolean
    return_value: Int
    deviceInfo: DeviceInfo
    deviceStatus: DeviceStatus
    deviceChargeRates: [ChargeRate]
    deviceCalculatedChargeLogs(limit: Int, offset: Int, minEnergy: Float, dateFrom: Date): [ChargeLog]
    deviceCalculatedPowerLogsBinned(
      dateFrom: Date
      dateTo: Date
      binnedMinutes: Int
      groupBy: LogsGroupedBy
      limit: Int
      offset: Int
    ): JSON
  }

  type CommandResult {
    return_value: Int
  }

  type Solar {
    deviceId: ID
    override: Boolean
    chargeAlways: Boolean
    maxGridChargePercent: Int
    return_value: Int
  }

  type DayMap {
    monday: Boolean
    tuesday: Boolean
    wednesday: Boolean
    thursday: Boolean
    friday: Boolean
    saturday: Boolean
    sunday: Boolean
  }

  type ScheduleSlot {
    startHour: Int
    startMinute: Int
    endHour: Int
    endMinute: Int
    enabled: Boolean
    dayMap: DayMap
  }

  input DayMapInput {
    monday: Boolean!
    tuesday: Boolean!
    wednesday: Boolean!
    thursday: Boolean!
    friday: Boolean!
    saturday: Boolean!
    sunday: Boolean!
  }

  input ScheduleSlotInput {
    startHour: Int!
    startMinute: Int!
    endHour: Int!
    endMinute: Int!
    enabled: Boolean!
    dayMap: DayMapInput!
  }

  input ScheduleSlotsInput {
    sch0: ScheduleSlotInput
    sch1: ScheduleSlotInput
    sch2: ScheduleSlotInput
    sch3: ScheduleSlotInput
    sch4: ScheduleSlotInput
  }

  type ChargeStatus {
    start: String
    chargeEnergyTotal: Float
    solarEnergyTotal: Float
    gridEnergyTotal: Float
    chargePower: Float
    chargePowerMax: Float
    solarPower: Float
    gridPower: Float
    duration: Int
  }

  type LoraConfig {
    cfg: JSON
    epow: JSON
    on: JSON
    rssi: JSON
    eui: JSON
  }

  type DeviceStatus {
    id: ID
    konnectSerial: String
    online: Boolean
    lastEvent: JSON
    lastEventAge: JSON
    evseState: JSON
    evseResponseTime: JSON
    evseChargeAmpCurrentLimit: Int
    sysSchEnabled: Boolean
    sysUserLock: Boolean
    sysScheduleLock: Boolean
    sysRssi: Int
    sysSSID: String
    sysLan: JSON
    sysTemperature: Float
    sysFreeMemory: JSON
    sysRuntime: JSON
    sysFwVersion: JSON
    sysHwVersion: JSON
    evseFwVersion: JSON
    evseHwVersion: JSON
    sysBootup: JSON
    sysOs: JSON
    sysProductId: JSON
    sysProductName: JSON
    sysOtaUpdate: JSON
    sysRcmUserCleared: JSON
    sysButton: JSON
    sysFaultCode: Int
    sysVoltageA: Float
    sysVoltageB: Float
    sysVoltageC: Float
    sysAmpA: Float
    sysAmpB: Float
    sysAmpC: Float
    sysPowerA: Float
    sysPowerB: Float
    sysPowerC: Float
    sysPhase: Int
    sysSolarCT: JSON
    sysGridCT: JSON
    sysAdaptiveFuse: JSON
    sysTime: JSON
    sysSch0: JSON
    sysSch1: JSON
    sysSch2: JSON
    sysSch3: JSON
    sysSch4: JSON
    cfgPENEarthConnected: JSON
    cfgDebugEnable: JSON
    cfgChargeAmpMax: Int
    cfgChargeAmpMin: Int
    cfgDSTActive: JSON
    sysChargingEnabled: Boolean
    sysSchSet: JSON
    sysSolarPower: Float
    sysGridPower: Float
    sysChargePower: Float
    sysSolarEnergyDelta: Float
    sysGridEnergyDelta: Float
    solarMaxGridChargePercent: Int
    solarChargeAlways: Boolean
    solarOverride: Boolean
    cfgAFEnable: JSON
    cfgAFAmpMax: Int
    cfgCTConfig: JSON
    cfgLora0: LoraConfig
    cfgLora1: LoraConfig
    cfgLora2: LoraConfig
    cfgLora3: LoraConfig
    chargeStatus: ChargeStatus
    scheduleSlotsArray: [ScheduleSlot]
    sysSchDSORandom: JSON
  }

  type DeviceInfo {
    id: ID
    currency: String
    enableThreePhaseMultiplier: Boolean
    friendlyName: String
    locationLongitude: Float
    locationLatitude: Float
    schedule0Name: String
    schedule1Name: String
    schedule2Name: String
    schedule3Name: String
    schedule4Name: String
    address: String
    addressPlace: String
    addressDistrict: String
    addressPostcode: String
    addressCountry: String
    solarOverrideStart: JSON
    notifyRcmErrorEnabled: Boolean
    notifyWeeklyReportEnabled: Boolean
    notifyDeviceOfflineEnabled: Boolean
    purpose: JSON
    solarChargeAlways: Boolean
    timeZoneRegion: String
    userLock: Boolean
    loraDevices: JSON
  }

  type ChargeRate {
    id: ID
    price: Float
    timeStartLocal: String
    timeStopLocal: String
    startDateTime: Date
    stopDateTime: Date
  }

  type ChargeLog {
    chargeCostTotal: Float
    chargeEnergyTotal: Float
    deviceId: ID
    duration: Int
    gridCostTotal: Float
    gridEnergyTotal: Float
    particleFwVersion: JSON
    solarEnergyTotal: Float
    solarCostTotal: Float
    startDateTimeLocal: String
    surplusUsedCostTotal: Float
    surplusUsedEnergyTotal: Float
    uuid: ID
  }

  type Address {
    summaryline: String
    subbuildingname: String
    buildingname: String
    number: String
    premise: String
    street: String
    posttown: String
    county: String
    postcode: String
  }
`

/** Scalars built from SDL pass values through unchanged, which is all the fake needs. */
export function andersenSchema(): GraphQLSchema {
  return buildSchema(SDL)
}
