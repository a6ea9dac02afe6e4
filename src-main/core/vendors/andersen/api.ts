/**
 * The Andersen cloud as typed methods: one per operation, plus the schedule helpers the public
 * clients build on setSchedules (create a slot; enable or disable one by reading it, flipping
 * `enabled` and sending only that slot) and the mobile REST device list.
 */
import type { Logger } from '../../host'
import type { TokenSource } from './auth'
import { hostOf, type AndersenEndpoints } from './endpoints'
import { GraphqlClient, describeIssue } from './graphql'
import { parseJson, type Http } from './http'
import { badResponse, invalidSchedule, notYourCharger, rateLimited, serverTrouble, tokenRejected } from './messages'
import * as ops from './operations'
import {
  MobileDevices,
  SCHEDULE_SLOT_COUNT,
  type ChargeLog,
  type ChargeRate,
  type DeviceCommandResult,
  type DeviceDetail,
  type DeviceStatus,
  type MobileDevice,
  type ScheduleSlot,
  type ScheduleSlots,
  type SlotKey,
  type Solar,
  type UserDevice,
} from './schemas'

export interface AndersenApiOptions {
  endpoints: AndersenEndpoints
  tokens: TokenSource
  http: Http
  logger: Logger
}

export function slotKey(slot: number): SlotKey {
  if (!Number.isInteger(slot) || slot < 0 || slot >= SCHEDULE_SLOT_COUNT) throw invalidSchedule(`slot ${slot} is not 0–4`)
  return `sch${slot}` as SlotKey
}

export class AndersenApi {
  readonly graphql: GraphqlClient

  constructor(private readonly options: AndersenApiOptions) {
    this.graphql = new GraphqlClient({ endpoint: options.endpoints.graphqlHttp, tokens: options.tokens, http: options.http, logger: options.logger })
  }

  // Queries

  async supportMessage(): Promise<unknown> {
    return (await this.graphql.request(ops.getSupportMessage, {})).getSupportMessage
  }

  async currentUserDevices(): Promise<UserDevice[]> {
    return (await this.graphql.request(ops.getCurrentUserDevices, {})).getCurrentUserDevices ?? []
  }

  async device(id: string): Promise<DeviceDetail> {
    return found(id, (await this.graphql.request(ops.getDeviceQuery, { id })).getDevice)
  }

  async chargeRates(id: string): Promise<ChargeRate[]> {
    return found(id, (await this.graphql.request(ops.getDeviceChargeRates, { id })).getDevice).deviceChargeRates ?? []
  }

  async loraDevices(id: string): Promise<unknown> {
    return found(id, (await this.graphql.request(ops.getDeviceLora, { id })).getDevice).deviceInfo?.loraDevices ?? null
  }

  async solarOverrideStart(id: string): Promise<unknown> {
    return found(id, (await this.graphql.request(ops.getDeviceSolar, { id })).getDevice).deviceInfo?.solarOverrideStart ?? null
  }

  async powerLogsBinned(vars: ops.PowerLogsVars): Promise<unknown> {
    return found(vars.id, (await this.graphql.request(ops.getCalculatedPowerLogsBinned, vars)).getDevice).deviceCalculatedPowerLogsBinned ?? null
  }

  async searchAddress(addressFragment: string, countryCode: string | null = null) {
    return (await this.graphql.request(ops.searchAddress, { addressFragment, countryCode })).searchAddress ?? []
  }

  async chargeLogs(vars: ops.ChargeLogsVars): Promise<ChargeLog[]> {
    return found(vars.id, (await this.graphql.request(ops.getDeviceCalculatedChargeLogs, vars)).getDevice).deviceCalculatedChargeLogs ?? []
  }

  async solar(deviceId: string): Promise<Solar> {
    return found(deviceId, (await this.graphql.request(ops.getSolar, { deviceId })).getSolar)
  }

  async statusSimple(id: string): Promise<DeviceStatus> {
    return found(id, found(id, (await this.graphql.request(ops.getDeviceStatusSimple, { id })).getDevice).deviceStatus)
  }

  async status(id: string): Promise<DeviceStatus> {
    return found(id, found(id, (await this.graphql.request(ops.getDeviceStatus, { id })).getDevice).deviceStatus)
  }

  // Commands

  async runCommand(deviceId: string, functionName: ops.AevFunction, params: string | null = null): Promise<unknown> {
    const result = await this.graphql.request(ops.runAEVCommand, { deviceId, functionName, params })
    return result.runAEVCommand?.return_value ?? null
  }

  /** No charging until unlocked; schedules do not start it either. */
  userLock(deviceId: string): Promise<unknown> {
    return this.runCommand(deviceId, 'userLock')
  }

  /** Charging allowed: a connected car starts unless a schedule keeps the charger locked. */
  userUnlock(deviceId: string): Promise<unknown> {
    return this.runCommand(deviceId, 'userUnlock')
  }

  /** Clears a residual-current (RCM) trip. */
  rcmReset(deviceId: string): Promise<unknown> {
    return this.runCommand(deviceId, 'rcmReset')
  }

  // Schedules

  /** The five slots as the charger keeps them (empty ones included). */
  async schedules(deviceId: string): Promise<(ScheduleSlot | null)[]> {
    const detail = await this.device(deviceId)
    return detail.deviceStatus?.scheduleSlotsArray ?? []
  }

  async setSchedules(deviceId: string, scheduleSlots: ScheduleSlots): Promise<DeviceCommandResult | null> {
    return (await this.graphql.request(ops.setSchedules, { deviceId, scheduleSlots })).setSchedules
  }

  /** Writes one slot (0–4), replacing what was there. */
  async createSchedule(deviceId: string, slot: number, schedule: ScheduleSlot): Promise<DeviceCommandResult | null> {
    return this.setSchedules(deviceId, { [slotKey(slot)]: schedule })
  }

  /** Turns one slot on or off, keeping its times and days. */
  async enableSchedule(deviceId: string, slot: number, enabled = true): Promise<DeviceCommandResult | null> {
    const key = slotKey(slot)
    const current = (await this.schedules(deviceId))[slot]
    if (!current) throw invalidSchedule(`slot ${slot} has no schedule to turn ${enabled ? 'on' : 'off'}`)
    return this.setSchedules(deviceId, { [key]: { ...current, enabled } })
  }

  /** Turns every schedule off and leaves the charger ready (unlocked). */
  async setAllSchedulesDisabled(deviceId: string): Promise<DeviceCommandResult | null> {
    return (await this.graphql.request(ops.setAllSchedulesDisabled, { deviceId })).setAllSchedulesDisabled
  }

  async setScheduleNames(deviceId: string, names: ops.ScheduleNames) {
    return (await this.graphql.request(ops.setScheduleNames, { deviceId, ...names })).upsertDeviceInfo
  }

  // Settings

  async setSolar(vars: ops.SolarVars): Promise<unknown> {
    return (await this.graphql.request(ops.setSolar, vars)).setSolar?.return_value ?? null
  }

  async setFriendlyName(deviceId: string, friendlyName: string): Promise<string | null> {
    return (await this.graphql.request(ops.upsertDeviceFriendlyName, { deviceId, friendlyName })).upsertDeviceInfo?.friendlyName ?? null
  }

  async createChargeRate(deviceId: string, rate: ops.ChargeRateInput): Promise<string | null> {
    return (await this.graphql.request(ops.createChargeRate, { deviceId, ...rate })).createChargeRate?.id ?? null
  }

  async updateChargeRate(id: string, rate: ops.ChargeRateInput): Promise<unknown> {
    return (await this.graphql.request(ops.updateChargeRate, { id, ...rate })).updateChargeRate
  }

  async deleteChargeRate(id: string): Promise<unknown> {
    return (await this.graphql.request(ops.deleteChargeRate, { id })).deleteChargeRate
  }

  // Account

  async unclaimDevice(deviceId: string): Promise<unknown> {
    return (await this.graphql.request(ops.unclaimDevice, { deviceId })).unclaimDevice
  }

  async claimDeviceByName(deviceName: string) {
    return (await this.graphql.request(ops.claimDeviceByName, { deviceName })).claimDeviceByName
  }

  async upsertAccount(firstName: string | null, lastName: string | null): Promise<unknown> {
    return (await this.graphql.request(ops.upsertAccount, { firstName, lastName })).upsertAccount
  }

  async registerMobileDevice(token: string): Promise<unknown> {
    return (await this.graphql.request(ops.registerMobileDevice, { token })).registerMobileDevice
  }

  async unregisterMobileDevice(token: string): Promise<unknown> {
    return (await this.graphql.request(ops.unregisterMobileDevice, { token })).unregisterMobileDevice
  }

  /** The mobile REST list every HA fork uses; it has the lock state even when GraphQL is slow. */
  async mobileDevices(): Promise<MobileDevice[]> {
    const { endpoints, http, tokens } = this.options
    const url = endpoints.mobileDevices
    const get = (token: string) => http.send({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
    const token = await tokens.idToken()
    let answer = await get(token)
    if (answer.status === 401) answer = await get(await tokens.renew(token))
    if (answer.status === 401) throw tokenRejected()
    if (answer.status === 429) throw rateLimited(answer.retryAfterMs)
    if (answer.status >= 500) throw serverTrouble(hostOf(url), answer.status)
    const json = parseJson(answer.text)
    if (!json.ok) throw badResponse('the mobile device list', `HTTP ${answer.status}, not JSON`)
    const parsed = MobileDevices.safeParse(json.value)
    if (!parsed.success) throw badResponse('the mobile device list', describeIssue(parsed.error))
    return parsed.data.devices
  }
}

/** Andersen answers null for a device that is not on the account. */
function found<T>(deviceId: string, value: T | null | undefined): T {
  if (value === null || value === undefined) throw notYourCharger(deviceId)
  return value
}
