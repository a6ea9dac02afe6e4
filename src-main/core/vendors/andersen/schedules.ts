/**
 * The A2's five schedule slots (sch0..sch4) as our ChargeSchedules. Slot ids are kept as schedule
 * ids so an edit lands in the slot it came from; new schedules take the lowest free slot; a slot
 * that is no longer wanted is cleared (off, 00:00–00:00, no days), which is how Konnect+ shows an
 * empty slot. Only changed slots are sent, as the public clients do. The A2 schedules have no
 * current, so maxCurrentA is always null and ignored on write.
 */
import type { ChargeSchedule } from '../../devices'
import { invalidSchedule, tooManySchedules } from './messages'
import { SCHEDULE_SLOT_COUNT, type DayMap, type ScheduleSlot, type ScheduleSlots, type SlotKey } from './schemas'

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

export const EMPTY_SLOT: ScheduleSlot = {
  startHour: 0,
  startMinute: 0,
  endHour: 0,
  endMinute: 0,
  enabled: false,
  dayMap: { monday: false, tuesday: false, wednesday: false, thursday: false, friday: false, saturday: false, sunday: false },
}

const hhmm = (hour: number, minute: number) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`

export function isEmptySlot(slot: ScheduleSlot | null | undefined): boolean {
  if (!slot) return true
  const noDays = DAYS.every((day) => !slot.dayMap[day])
  const noTime = slot.startHour === slot.endHour && slot.startMinute === slot.endMinute
  return !slot.enabled && noDays && noTime
}

export function slotToSchedule(slot: ScheduleSlot | null | undefined, index: number): ChargeSchedule | null {
  if (!slot || isEmptySlot(slot)) return null
  return {
    id: `sch${index}`,
    enabled: slot.enabled,
    start: hhmm(slot.startHour, slot.startMinute),
    end: hhmm(slot.endHour, slot.endMinute),
    days: DAYS.flatMap((day, i) => (slot.dayMap[day] ? [i + 1] : [])),
    maxCurrentA: null,
  }
}

export function slotsToSchedules(slots: (ScheduleSlot | null)[]): ChargeSchedule[] {
  return slots.slice(0, SCHEDULE_SLOT_COUNT).flatMap((slot, i) => slotToSchedule(slot, i) ?? [])
}

function parseTime(value: string, what: string): [number, number] {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim())
  const hour = match ? Number(match[1]) : Number.NaN
  const minute = match ? Number(match[2]) : Number.NaN
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) throw invalidSchedule(`the ${what} time "${value}" is not HH:MM`)
  return [hour, minute]
}

export function scheduleToSlot(schedule: ChargeSchedule): ScheduleSlot {
  const [startHour, startMinute] = parseTime(schedule.start, 'start')
  const [endHour, endMinute] = parseTime(schedule.end, 'end')
  for (const day of schedule.days) {
    if (!Number.isInteger(day) || day < 1 || day > 7) throw invalidSchedule(`day ${day} is not 1 (Monday) to 7 (Sunday)`)
  }
  if (schedule.days.length === 0) throw invalidSchedule('pick at least one day')
  const dayMap = Object.fromEntries(DAYS.map((day, i) => [day, schedule.days.includes(i + 1)])) as DayMap
  return { startHour, startMinute, endHour, endMinute, enabled: schedule.enabled, dayMap }
}

function sameSlot(a: ScheduleSlot | null | undefined, b: ScheduleSlot): boolean {
  if (!a) return isEmptySlot(b)
  return (
    a.startHour === b.startHour &&
    a.startMinute === b.startMinute &&
    a.endHour === b.endHour &&
    a.endMinute === b.endMinute &&
    a.enabled === b.enabled &&
    DAYS.every((day) => a.dayMap[day] === b.dayMap[day])
  )
}

/** The slots to send so the charger holds exactly `wanted`; empty when nothing changes. */
export function planScheduleWrite(current: (ScheduleSlot | null)[], wanted: ChargeSchedule[]): ScheduleSlots {
  if (wanted.length > SCHEDULE_SLOT_COUNT) throw tooManySchedules(SCHEDULE_SLOT_COUNT)
  const target: (ScheduleSlot | null)[] = Array.from({ length: SCHEDULE_SLOT_COUNT }, () => null)
  const homeless: ChargeSchedule[] = []
  for (const schedule of wanted) {
    const match = /^sch([0-4])$/.exec(schedule.id)
    const index = match ? Number(match[1]) : -1
    if (index >= 0 && target[index] === null) target[index] = scheduleToSlot(schedule)
    else homeless.push(schedule)
  }
  for (const schedule of homeless) {
    const free = target.findIndex((slot) => slot === null)
    target[free] = scheduleToSlot(schedule)
  }
  const changes: ScheduleSlots = {}
  target.forEach((slot, index) => {
    const next = slot ?? EMPTY_SLOT
    if (!sameSlot(current[index], next)) changes[`sch${index}` as SlotKey] = next
  })
  return changes
}
