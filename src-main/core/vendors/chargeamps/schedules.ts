/**
 * Charge Amps schedules (CAPI chargers only) as our ChargeSchedule. A chargepoint keeps one list
 * for all connectors; each schedule names its connectors in `connectorIdList` ("1,2"), so a
 * connector only sees and replaces its own.
 */
import type { ChargeSchedule } from '../../devices'
import { VendorError } from '../../errors'
import type { ChargeAmpsClient } from './client'
import type { Schedule } from './schemas'

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

export function appliesTo(schedule: Schedule, connectorId: number): boolean {
  const list = schedule.connectorIdList?.trim()
  if (!list) return true
  return list.split(/[,;\s]+/).some((id) => Number(id) === connectorId)
}

export function toChargeSchedule(schedule: Schedule): ChargeSchedule {
  return {
    id: String(schedule.id),
    enabled: schedule.active,
    start: hhmm(schedule.startHours, schedule.startMinutes),
    end: hhmm(schedule.endHours, schedule.endMinutes),
    days: DAYS.flatMap((day, index) => (schedule[day] ? [index + 1] : [])),
    maxCurrentA: null,
  }
}

/** Our schedule written over Charge Amps' own fields (name, time zone, connectors) when it has them. */
export function toVendorSchedule(
  wanted: ChargeSchedule,
  base: Omit<Schedule, 'id'> & { id?: number },
): Omit<Schedule, 'id'> & { id?: number } {
  if (wanted.maxCurrentA !== null) {
    throw new VendorError('not-supported', 'Charge Amps schedules only switch charging on and off; they cannot limit the current.')
  }
  const [startHours, startMinutes] = parseTime(wanted.start)
  const [endHours, endMinutes] = parseTime(wanted.end)
  const days = Object.fromEntries(DAYS.map((day, index) => [day, wanted.days.includes(index + 1)])) as Record<(typeof DAYS)[number], boolean>
  return { ...base, active: wanted.enabled, startHours, startMinutes, endHours, endMinutes, ...days }
}

/** Replaces the connector's schedules with `wanted` (update by id, create the rest, delete the missing), then reads back. */
export async function replaceSchedules(
  client: ChargeAmpsClient,
  chargePointId: string,
  connectorId: number,
  wanted: ChargeSchedule[],
  timeZone: string,
): Promise<ChargeSchedule[]> {
  const existing = (await client.schedules(chargePointId)).filter((s) => appliesTo(s, connectorId))
  const byId = new Map(existing.map((s) => [String(s.id), s]))
  for (const schedule of wanted) {
    const current = byId.get(schedule.id)
    if (current) {
      await client.updateSchedule(chargePointId, { ...current, ...toVendorSchedule(schedule, current), id: current.id })
      byId.delete(schedule.id)
    } else {
      const fresh = toVendorSchedule(schedule, blankSchedule(chargePointId, connectorId, timeZone))
      await client.createSchedule(chargePointId, fresh)
    }
  }
  for (const stale of byId.values()) await client.deleteSchedule(chargePointId, stale.id)
  const after = await client.schedules(chargePointId)
  return after.filter((s) => appliesTo(s, connectorId)).map(toChargeSchedule)
}

function blankSchedule(chargePointId: string, connectorId: number, timeZone: string): Omit<Schedule, 'id'> {
  return {
    chargePointId,
    name: 'Sunspill',
    active: true,
    startHours: 0,
    startMinutes: 0,
    endHours: 0,
    endMinutes: 0,
    timeZone,
    monday: false,
    tuesday: false,
    wednesday: false,
    thursday: false,
    friday: false,
    saturday: false,
    sunday: false,
    connectorIdList: String(connectorId),
  }
}

function hhmm(hours: number, minutes: number): string {
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
}

function parseTime(time: string): [number, number] {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim())
  if (!match) throw new VendorError('config', `"${time}" is not a time of day; use HH:MM, e.g. 22:00.`)
  return [Number(match[1]), Number(match[2])]
}
