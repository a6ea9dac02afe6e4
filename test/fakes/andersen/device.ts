/**
 * A simulated Andersen A2 for the fake cloud. Units, one per field (the real cloud documents none):
 * chargeStatus.chargePower and sysPower* in W, chargeStatus.chargePowerMax and sysGridPower /
 * sysSolarPower in kW (as lwsrbrts reads them), chargeEnergyTotal in kWh, duration in seconds,
 * currents in A, voltages in V. evseState follows the README table: 1 no car, 2 car connected
 * and not charging, 3 charging, 255 locked by the user or a schedule (the car is then hidden).
 */
export interface FakeDayMap {
  monday: boolean
  tuesday: boolean
  wednesday: boolean
  thursday: boolean
  friday: boolean
  saturday: boolean
  sunday: boolean
}

export interface FakeSlot {
  startHour: number
  startMinute: number
  endHour: number
  endMinute: number
  enabled: boolean
  dayMap: FakeDayMap
}

export interface FakeChargeLog {
  chargeCostTotal: number
  chargeEnergyTotal: number
  duration: number
  gridCostTotal: number
  gridEnergyTotal: number
  solarEnergyTotal: number
  solarCostTotal: number
  startDateTimeLocal: string
  surplusUsedCostTotal: number
  surplusUsedEnergyTotal: number
}

export interface FakeChargeRate {
  id: string
  price: number
  timeStartLocal: string | null
  timeStopLocal: string | null
  startDateTime: string | null
  stopDateTime: string | null
  days: Record<string, boolean | null>
}

export interface FakeDevice {
  id: string
  /** The serial number; Andersen calls it `name`. */
  name: string
  friendlyName: string
  online: boolean
  carConnected: boolean
  /** The car takes no more energy. */
  carFull: boolean
  userLock: boolean
  /** A schedule holds the charger locked right now (tests set it; the fake has no schedule clock). */
  scheduleLock: boolean
  /** Send evseState as "3" rather than 3, as one SDL and HA fixtures do. */
  evseStateAsString: boolean
  chargeAmpMin: number
  chargeAmpMax: number
  currentLimitA: number
  voltageV: number
  firmware: number
  evseFirmware: string
  ssid: string
  rssi: number
  temperatureC: number
  faultCode: number
  rcmResets: number
  schedules: FakeSlot[]
  scheduleNames: (string | null)[]
  solar: { override: boolean; chargeAlways: boolean; maxGridChargePercent: number }
  session: { startMs: number | null; energyKwh: number; lastTickMs: number | null }
  chargeLogs: FakeChargeLog[]
  chargeRates: FakeChargeRate[]
  commands: string[]
}

const allDays = (on: boolean): FakeDayMap => ({
  monday: on,
  tuesday: on,
  wednesday: on,
  thursday: on,
  friday: on,
  saturday: on,
  sunday: on,
})

export const emptySlot = (): FakeSlot => ({ startHour: 0, startMinute: 0, endHour: 0, endMinute: 0, enabled: false, dayMap: allDays(false) })

export function makeDevice(init: Partial<FakeDevice> & { id: string }): FakeDevice {
  return {
    name: '2202210001',
    friendlyName: 'Driveway',
    online: true,
    carConnected: true,
    carFull: false,
    userLock: false,
    scheduleLock: false,
    evseStateAsString: false,
    chargeAmpMin: 6,
    chargeAmpMax: 32,
    currentLimitA: 32,
    voltageV: 240,
    firmware: 287,
    evseFirmware: '5.8',
    ssid: 'HomeWifi',
    rssi: -61,
    temperatureC: 24,
    faultCode: 0,
    rcmResets: 0,
    schedules: [
      { startHour: 0, startMinute: 30, endHour: 4, endMinute: 30, enabled: false, dayMap: allDays(true) },
      emptySlot(),
      emptySlot(),
      emptySlot(),
      emptySlot(),
    ],
    scheduleNames: ['Overnight', null, null, null, null],
    solar: { override: false, chargeAlways: true, maxGridChargePercent: 100 },
    session: { startMs: null, energyKwh: 0, lastTickMs: null },
    chargeLogs: [
      {
        chargeCostTotal: 1.53886152,
        chargeEnergyTotal: 5.495934,
        duration: 2764,
        gridCostTotal: 0,
        gridEnergyTotal: 0,
        solarEnergyTotal: 0,
        solarCostTotal: 0,
        startDateTimeLocal: '2026-01-23T10:20:42+01:00',
        surplusUsedCostTotal: 1.53886152,
        surplusUsedEnergyTotal: 5.495934,
      },
    ],
    chargeRates: [],
    commands: [],
    ...init,
  }
}

export function evseState(device: FakeDevice): number {
  if (device.userLock || device.scheduleLock) return 255
  if (!device.carConnected) return 1
  if (device.carFull) return 2
  return 3
}

export function chargingW(device: FakeDevice): number {
  return evseState(device) === 3 ? device.currentLimitA * device.voltageV : 0
}

/** Adds the energy charged since the last look, on the fake's clock. */
export function tick(device: FakeDevice, nowMs: number): void {
  const charging = evseState(device) === 3
  const s = device.session
  if (charging && s.startMs === null) {
    s.startMs = nowMs
    s.energyKwh = 0
  }
  if (charging && s.lastTickMs !== null) s.energyKwh += (chargingW(device) * (nowMs - s.lastTickMs)) / 3_600_000 / 1000
  s.lastTickMs = nowMs
  if (!device.carConnected) s.startMs = null
}

/** The full deviceStatus object; each operation selects what it wants from it. */
export function deviceStatus(device: FakeDevice, nowMs: number): Record<string, unknown> {
  tick(device, nowMs)
  const state = evseState(device)
  const powerW = chargingW(device)
  const amps = state === 3 ? device.currentLimitA : 0
  const s = device.session
  return {
    id: device.id,
    konnectSerial: device.name,
    online: device.online,
    lastEvent: 'status',
    lastEventAge: 3,
    evseState: device.evseStateAsString ? String(state) : state,
    evseResponseTime: 120,
    evseChargeAmpCurrentLimit: device.currentLimitA,
    sysSchEnabled: device.schedules.some((slot) => slot.enabled),
    sysUserLock: device.userLock,
    sysScheduleLock: device.scheduleLock,
    sysRssi: device.rssi,
    sysSSID: device.ssid,
    sysLan: false,
    sysTemperature: device.temperatureC,
    sysFreeMemory: 41234,
    sysRuntime: 86400,
    sysFwVersion: device.firmware,
    sysHwVersion: 3,
    evseFwVersion: device.evseFirmware,
    evseHwVersion: '1.2',
    sysBootup: 1,
    sysOs: 'deviceos',
    sysProductId: 13,
    sysProductName: 'A2',
    sysOtaUpdate: false,
    sysRcmUserCleared: device.rcmResets,
    sysButton: 0,
    sysFaultCode: device.faultCode,
    sysVoltageA: device.voltageV,
    sysVoltageB: 0,
    sysVoltageC: 0,
    sysAmpA: amps,
    sysAmpB: 0,
    sysAmpC: 0,
    sysPowerA: powerW,
    sysPowerB: 0,
    sysPowerC: 0,
    sysPhase: 1,
    sysSolarCT: false,
    sysGridCT: true,
    sysAdaptiveFuse: false,
    sysTime: Math.floor(nowMs / 1000),
    sysSch0: null,
    sysSch1: null,
    sysSch2: null,
    sysSch3: null,
    sysSch4: null,
    cfgPENEarthConnected: true,
    cfgDebugEnable: false,
    cfgChargeAmpMax: device.chargeAmpMax,
    cfgChargeAmpMin: device.chargeAmpMin,
    cfgDSTActive: false,
    sysChargingEnabled: !device.userLock && !device.scheduleLock,
    sysSchSet: device.schedules.some((slot) => slot.enabled),
    sysSolarPower: null,
    sysGridPower: 0.4,
    sysChargePower: powerW,
    sysSolarEnergyDelta: 0,
    sysGridEnergyDelta: 0,
    solarMaxGridChargePercent: device.solar.maxGridChargePercent,
    solarChargeAlways: device.solar.chargeAlways,
    solarOverride: device.solar.override,
    cfgAFEnable: false,
    cfgAFAmpMax: 60,
    cfgCTConfig: 1,
    cfgLora0: null,
    cfgLora1: null,
    cfgLora2: null,
    cfgLora3: null,
    chargeStatus: {
      start: s.startMs === null ? null : new Date(s.startMs).toISOString(),
      chargeEnergyTotal: Math.round(s.energyKwh * 1e6) / 1e6,
      solarEnergyTotal: 0,
      gridEnergyTotal: Math.round(s.energyKwh * 1e6) / 1e6,
      chargePower: powerW,
      chargePowerMax: (device.chargeAmpMax * device.voltageV) / 1000,
      solarPower: 0,
      gridPower: powerW,
      duration: s.startMs === null ? 0 : Math.round((nowMs - s.startMs) / 1000),
    },
    scheduleSlotsArray: device.schedules.map((slot) => ({ ...slot, dayMap: { ...slot.dayMap } })),
    sysSchDSORandom: null,
  }
}

export function deviceInfo(device: FakeDevice): Record<string, unknown> {
  return {
    id: device.id,
    currency: 'GBP',
    enableThreePhaseMultiplier: false,
    friendlyName: device.friendlyName,
    locationLongitude: -0.12,
    locationLatitude: 51.5,
    schedule0Name: device.scheduleNames[0] ?? null,
    schedule1Name: device.scheduleNames[1] ?? null,
    schedule2Name: device.scheduleNames[2] ?? null,
    schedule3Name: device.scheduleNames[3] ?? null,
    schedule4Name: device.scheduleNames[4] ?? null,
    address: '1 Example Road',
    addressPlace: 'London',
    addressDistrict: null,
    addressPostcode: 'N1 1AA',
    addressCountry: 'GB',
    solarOverrideStart: null,
    notifyRcmErrorEnabled: true,
    notifyWeeklyReportEnabled: false,
    notifyDeviceOfflineEnabled: true,
    purpose: 'home',
    solarChargeAlways: device.solar.chargeAlways,
    timeZoneRegion: 'Europe/London',
    userLock: device.userLock,
    loraDevices: [],
  }
}
