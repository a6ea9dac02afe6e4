/**
 * What each Andersen query and mutation does to the simulated chargers. Commands act at once
 * (the real cloud answers in about a second): userUnlock with a car connected starts charging,
 * userLock stops it, setAllSchedulesDisabled switches every slot off and unlocks.
 */
import { GraphQLError } from 'graphql'
import { deviceInfo, deviceStatus, emptySlot, type FakeChargeRate, type FakeDevice, type FakeSlot } from './device'

export interface ResolverHost {
  devices: FakeDevice[]
  /** Chargers removed from the account (unclaimDevice), which claimDeviceByName can bring back. */
  unclaimed: FakeDevice[]
  supportMessage: string | null
  account: { firstName: string | null; lastName: string | null; pushTokens: Set<string> }
  now(): number
  changed(device: FakeDevice): void
}

type Args = Record<string, unknown>

function deviceOrThrow(host: ResolverHost, id: unknown): FakeDevice {
  const device = host.devices.find((d) => d.id === id)
  if (!device) throw new GraphQLError(`Device ${String(id)} not found`, { extensions: { code: 'NOT_FOUND' } })
  return device
}

function deviceObject(host: ResolverHost, device: FakeDevice) {
  return {
    id: device.id,
    name: device.name,
    last_ip_address: '192.0.2.10',
    last_app: 'konnect',
    connected: device.online,
    return_value: 1,
    deviceInfo: () => deviceInfo(device),
    deviceStatus: () => deviceStatus(device, host.now()),
    deviceChargeRates: () =>
      device.chargeRates.map((rate) => ({
        id: rate.id,
        price: rate.price,
        timeStartLocal: rate.timeStartLocal,
        timeStopLocal: rate.timeStopLocal,
        startDateTime: rate.startDateTime,
        stopDateTime: rate.stopDateTime,
      })),
    deviceCalculatedChargeLogs: (args: Args) => {
      const minEnergy = typeof args.minEnergy === 'number' ? args.minEnergy : 0
      const offset = typeof args.offset === 'number' ? args.offset : 0
      const limit = typeof args.limit === 'number' ? args.limit : 50
      // Newest first, as Andersen answers: every public client reads the first log as the last charge.
      return [...device.chargeLogs]
        .sort((a, b) => Date.parse(b.startDateTimeLocal) - Date.parse(a.startDateTimeLocal))
        .filter((log) => log.chargeEnergyTotal >= minEnergy)
        .slice(offset, offset + limit)
        .map((log) => ({
          ...log,
          deviceId: device.id,
          particleFwVersion: null,
          uuid: `${device.id}_${log.startDateTimeLocal}`,
        }))
    },
    deviceCalculatedPowerLogsBinned: (args: Args) => ({ binnedMinutes: args.binnedMinutes ?? 60, groupBy: args.groupBy ?? null, bins: [] }),
  }
}

const SLOT_KEYS = ['sch0', 'sch1', 'sch2', 'sch3', 'sch4'] as const

function rateFromArgs(args: Args, id: string): FakeChargeRate {
  const text = (v: unknown) => (typeof v === 'string' ? v : null)
  const days: Record<string, boolean | null> = {}
  for (const day of ['dayMon', 'dayTue', 'dayWed', 'dayThu', 'dayFri', 'daySat', 'daySun']) days[day] = typeof args[day] === 'boolean' ? (args[day] as boolean) : null
  return {
    id,
    price: Number(args.price),
    timeStartLocal: text(args.timeStartLocal),
    timeStopLocal: text(args.timeStopLocal),
    startDateTime: text(args.startDateTime),
    stopDateTime: text(args.stopDateTime),
    days,
  }
}

let nextRateId = 1

export function rootValue(host: ResolverHost): Record<string, (args: Args) => unknown> {
  return {
    getSupportMessage: () => host.supportMessage,
    getCurrentUserDevices: () => host.devices.map((device) => deviceObject(host, device)),
    getDevice: ({ id }) => {
      const device = host.devices.find((d) => d.id === id)
      return device ? deviceObject(host, device) : null
    },
    getSolar: ({ deviceId }) => {
      const device = host.devices.find((d) => d.id === deviceId)
      return device ? { deviceId: device.id, ...device.solar, return_value: 1 } : null
    },
    searchAddress: ({ addressFragment }) => [
      {
        summaryline: `${String(addressFragment)}, London`,
        subbuildingname: null,
        buildingname: null,
        number: '1',
        premise: '1',
        street: 'Example Road',
        posttown: 'London',
        county: null,
        postcode: 'N1 1AA',
      },
    ],

    runAEVCommand: ({ deviceId, functionName }) => {
      const device = deviceOrThrow(host, deviceId)
      device.commands.push(String(functionName))
      switch (functionName) {
        case 'userLock':
          device.userLock = true
          break
        case 'userUnlock':
          device.userLock = false
          break
        case 'rcmReset':
          device.faultCode = 0
          device.rcmResets += 1
          break
        default:
          // Particle answers -1 to a function the firmware does not have.
          return { return_value: -1 }
      }
      host.changed(device)
      return { return_value: 1 }
    },
    setSchedules: ({ deviceId, scheduleSlots }) => {
      const device = deviceOrThrow(host, deviceId)
      const slots = scheduleSlots as Partial<Record<(typeof SLOT_KEYS)[number], FakeSlot>>
      SLOT_KEYS.forEach((key, index) => {
        const slot = slots[key]
        if (slot) device.schedules[index] = { ...emptySlot(), ...slot, dayMap: { ...slot.dayMap } }
      })
      host.changed(device)
      return { ...deviceObject(host, device), return_value: 1 }
    },
    setAllSchedulesDisabled: ({ deviceId }) => {
      const device = deviceOrThrow(host, deviceId)
      for (const slot of device.schedules) slot.enabled = false
      device.scheduleLock = false
      device.userLock = false
      host.changed(device)
      return { ...deviceObject(host, device), return_value: 1 }
    },
    setSolar: ({ deviceId, override, chargeAlways, maxGridChargePercent }) => {
      const device = deviceOrThrow(host, deviceId)
      if (typeof override === 'boolean') device.solar.override = override
      if (typeof chargeAlways === 'boolean') device.solar.chargeAlways = chargeAlways
      if (typeof maxGridChargePercent === 'number') device.solar.maxGridChargePercent = maxGridChargePercent
      host.changed(device)
      return { deviceId: device.id, ...device.solar, return_value: 1 }
    },
    upsertDeviceInfo: (args) => {
      const device = deviceOrThrow(host, args.deviceId)
      if (typeof args.friendlyName === 'string') device.friendlyName = args.friendlyName
      for (let i = 0; i < 5; i++) {
        const name = args[`schedule${i}Name`]
        if (typeof name === 'string') device.scheduleNames[i] = name
      }
      return deviceInfo(device)
    },
    createChargeRate: (args) => {
      const device = deviceOrThrow(host, args.deviceId)
      const rate = rateFromArgs(args, `rate-${nextRateId++}`)
      device.chargeRates.push(rate)
      return rate
    },
    updateChargeRate: (args) => {
      for (const device of host.devices) {
        const index = device.chargeRates.findIndex((rate) => rate.id === args.id)
        if (index >= 0) {
          device.chargeRates[index] = rateFromArgs(args, String(args.id))
          return true
        }
      }
      throw new GraphQLError(`Charge rate ${String(args.id)} not found`)
    },
    deleteChargeRate: ({ id }) => {
      for (const device of host.devices) device.chargeRates = device.chargeRates.filter((rate) => rate.id !== id)
      return true
    },
    unclaimDevice: ({ deviceId }) => {
      const device = deviceOrThrow(host, deviceId)
      host.devices.splice(host.devices.indexOf(device), 1)
      host.unclaimed.push(device)
      return true
    },
    claimDeviceByName: ({ deviceName }) => {
      const device = host.unclaimed.find((d) => d.name === deviceName)
      if (!device) throw new GraphQLError(`No charger named ${String(deviceName)} to claim`)
      host.unclaimed.splice(host.unclaimed.indexOf(device), 1)
      host.devices.push(device)
      return deviceObject(host, device)
    },
    upsertAccount: ({ firstName, lastName }) => {
      host.account.firstName = typeof firstName === 'string' ? firstName : host.account.firstName
      host.account.lastName = typeof lastName === 'string' ? lastName : host.account.lastName
      return true
    },
    registerMobileDevice: ({ token }) => {
      host.account.pushTokens.add(String(token))
      return true
    },
    unregisterMobileDevice: ({ token }) => host.account.pushTokens.delete(String(token)),
  }
}
