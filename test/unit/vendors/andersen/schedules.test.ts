import { describe, expect, it } from 'vitest'
import type { ChargeSchedule } from '../../../../src-main/core/devices'
import { VendorError } from '../../../../src-main/core/errors'
import { EMPTY_SLOT, planScheduleWrite, scheduleToSlot, slotsToSchedules } from '../../../../src-main/core/vendors/andersen/schedules'
import type { ScheduleSlot } from '../../../../src-main/core/vendors/andersen/schemas'

const everyDay = { monday: true, tuesday: true, wednesday: true, thursday: true, friday: true, saturday: true, sunday: true }
const overnight: ScheduleSlot = { startHour: 0, startMinute: 30, endHour: 4, endMinute: 30, enabled: true, dayMap: everyDay }
const slots = (): (ScheduleSlot | null)[] => [overnight, EMPTY_SLOT, EMPTY_SLOT, EMPTY_SLOT, EMPTY_SLOT]

describe('Andersen schedule slots', () => {
  it('reads the used slots as schedules, days Monday = 1', () => {
    const weekdays: ScheduleSlot = { ...overnight, enabled: false, startHour: 22, startMinute: 5, dayMap: { ...everyDay, saturday: false, sunday: false } }
    expect(slotsToSchedules([overnight, EMPTY_SLOT, weekdays, null, EMPTY_SLOT])).toEqual([
      { id: 'sch0', enabled: true, start: '00:30', end: '04:30', days: [1, 2, 3, 4, 5, 6, 7], maxCurrentA: null },
      { id: 'sch2', enabled: false, start: '22:05', end: '04:30', days: [1, 2, 3, 4, 5], maxCurrentA: null },
    ])
  })

  it('sends only the slots that change: an edit stays in its slot, a new one takes the lowest free slot', () => {
    const [existing] = slotsToSchedules(slots())
    const wanted: ChargeSchedule[] = [
      { ...existing!, enabled: false },
      { id: 'new', enabled: true, start: '11:00', end: '14:00', days: [6, 7], maxCurrentA: null },
    ]
    const changes = planScheduleWrite(slots(), wanted)
    expect(Object.keys(changes)).toEqual(['sch0', 'sch1'])
    expect(changes.sch0).toEqual({ ...overnight, enabled: false })
    expect(changes.sch1).toMatchObject({ startHour: 11, endHour: 14, enabled: true, dayMap: { saturday: true, sunday: true, monday: false } })
  })

  it('clears a slot whose schedule was removed, and sends nothing when nothing changed', () => {
    expect(planScheduleWrite(slots(), [])).toEqual({ sch0: EMPTY_SLOT })
    expect(planScheduleWrite(slots(), slotsToSchedules(slots()))).toEqual({})
  })

  it('refuses a sixth schedule, a bad time and an empty week with a sentence', () => {
    const one = (id: string): ChargeSchedule => ({ id, enabled: true, start: '01:00', end: '02:00', days: [1], maxCurrentA: null })
    expect(() => planScheduleWrite(slots(), ['a', 'b', 'c', 'd', 'e', 'f'].map(one))).toThrow('at most 5 schedules')
    expect(() => scheduleToSlot({ ...one('x'), start: '25:00' })).toThrow(VendorError)
    expect(() => scheduleToSlot({ ...one('x'), days: [] })).toThrow('pick at least one day')
    expect(() => scheduleToSlot({ ...one('x'), days: [8] })).toThrow('1 (Monday) to 7 (Sunday)')
  })
})
