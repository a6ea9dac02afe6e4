import { describe, expect, it } from 'vitest'
import type { ChargeSchedule, ScheduleLimits } from '../../../src-shared/model'
import {
  addRow,
  DEFAULT_SCHEDULE_LIMITS,
  describeDays,
  MAX_SCHEDULES,
  removeRow,
  scheduleRows,
  schedulesChanged,
  toggleDay,
  updateRow,
  validateSchedules,
} from '../../../src-renderer/settings/scheduleForm'

const saved: ChargeSchedule[] = [
  { id: 's1', enabled: true, start: '00:30', end: '06:00', days: [5, 1, 2, 3, 4], maxCurrentA: 16 },
  { id: 's2', enabled: false, start: '10:00', end: '15:00', days: [6, 7], maxCurrentA: null },
]

describe('schedule rows', () => {
  it('round-trip the charger’s schedules, days sorted and a blank cap as none', () => {
    const rows = scheduleRows(saved)
    expect(rows[0]!.days).toEqual([1, 2, 3, 4, 5])
    expect(rows[1]!.maxCurrentText).toBe('')
    const { schedules, errors } = validateSchedules(rows)
    expect(errors).toEqual({})
    expect(schedules?.[1]?.maxCurrentA).toBeNull()
    expect(schedulesChanged(rows, saved.map((s) => ({ ...s, days: [...s.days].sort() })))).toBe(false)
    expect(schedulesChanged(updateRow(rows, 1, { enabled: true }), saved)).toBe(true)
  })

  it('toggle days in order', () => {
    const [row] = scheduleRows(saved)
    expect(toggleDay(row!, 7).days).toEqual([1, 2, 3, 4, 5, 7])
    expect(toggleDay(row!, 3).days).toEqual([1, 2, 4, 5])
  })

  it('add a nightly row with a fresh id and remove rows', () => {
    const rows = scheduleRows(saved)
    const added = addRow(rows, () => 's1')
    expect(added).toHaveLength(3)
    expect(added[2]).toMatchObject({ enabled: true, start: '22:00', end: '06:00', days: [1, 2, 3, 4, 5, 6, 7], maxCurrentText: '' })
    expect(added[2]!.id).not.toBe('s1')
    expect(removeRow(added, 0).map((r) => r.id)).toEqual(['s2', added[2]!.id])
    let full = rows
    for (let i = 0; i < 30; i++) full = addRow(full, () => `n${i}`)
    expect(full).toHaveLength(MAX_SCHEDULES)
  })

  it('say what is wrong per row, with the charger’s own current range', () => {
    let rows = scheduleRows(saved)
    rows = updateRow(rows, 0, { days: [] })
    rows = updateRow(rows, 1, { maxCurrentText: '40', start: '' })
    const { schedules, errors } = validateSchedules(rows, { minA: 6, maxA: 32 })
    expect(schedules).toBeNull()
    expect(errors['0.days']).toBe('Pick at least one day')
    expect(errors['1.start']).toBe('Enter a start and an end time')
    const cap = validateSchedules(updateRow(scheduleRows(saved), 1, { maxCurrentText: '40' }), { minA: 6, maxA: 32 })
    expect(cap.errors['1.maxCurrentA']).toBe('The current cap is a whole number from 6 to 32 A, or blank for none')
    expect(validateSchedules(updateRow(scheduleRows(saved), 1, { maxCurrentText: '7.5' })).errors['1.maxCurrentA']).toMatch(/whole number/)
  })

  it('stop adding at the charger’s own count and say why when there are too many', () => {
    const a2: ScheduleLimits = { maxCount: 5, perScheduleCurrent: false, maxCountReason: 'The Andersen A2 keeps 5 schedules, one per slot.' }
    let rows = scheduleRows([])
    for (let i = 0; i < 8; i++) rows = addRow(rows, () => `n${i}`, a2.maxCount)
    expect(rows).toHaveLength(5)
    expect(validateSchedules(rows, undefined, a2)).toMatchObject({ errors: {} })
    expect(validateSchedules(rows, undefined, a2).schedules).toHaveLength(5)

    // A charger that already holds more (or an older page) gets a sentence, not a vendor refusal.
    const seven = [...rows, ...scheduleRows([saved[1]!, { ...saved[1]!, id: 's3' }])]
    const { schedules, errors } = validateSchedules(seven, undefined, a2)
    expect(schedules).toBeNull()
    expect(errors.list).toBe('The Andersen A2 keeps 5 schedules, one per slot. Remove 2 schedules, then save again.')
    expect(validateSchedules(seven.slice(0, 6), undefined, a2).errors.list).toMatch(/Remove one schedule, then save again\.$/)
    // Without limits from the charger, the contract’s ceiling still holds.
    expect(addRow(scheduleRows([]), () => 'x', 99)).toHaveLength(1)
    expect(DEFAULT_SCHEDULE_LIMITS.maxCount).toBe(MAX_SCHEDULES)
  })

  it('refuse a current cap where the charger’s schedules only switch on and off', () => {
    const chargeAmps: ScheduleLimits = { maxCount: 10, perScheduleCurrent: false, maxCountReason: 'Sunspill keeps at most 10 schedules.' }
    const rows = scheduleRows(saved)
    // Row 0 arrives with a 16 A cap (as from a charger that had one); row 1 has none.
    const { schedules, errors } = validateSchedules(rows, { minA: 6, maxA: 32 }, chargeAmps)
    expect(schedules).toBeNull()
    expect(errors['0.maxCurrentA']).toBe('This charger’s schedules only switch charging on and off; they cannot cap the current. Leave the cap blank.')
    expect(errors['1.maxCurrentA']).toBeUndefined()
    // Even a number no range would accept gets the same sentence, not a range.
    expect(validateSchedules(updateRow(rows, 0, { maxCurrentText: '7.5' }), undefined, chargeAmps).errors['0.maxCurrentA']).toMatch(/cannot cap the current/)
    const cleared = validateSchedules(updateRow(rows, 0, { maxCurrentText: '' }), undefined, chargeAmps)
    expect(cleared.errors).toEqual({})
    expect(cleared.schedules?.map((s) => s.maxCurrentA)).toEqual([null, null])
    // Where the vendor allows a cap, the same row is fine.
    expect(validateSchedules(rows, { minA: 6, maxA: 32 }, { ...chargeAmps, perScheduleCurrent: true }).errors).toEqual({})
  })

  it('describe days in words', () => {
    expect(describeDays([1, 2, 3, 4, 5, 6, 7])).toBe('Every day')
    expect(describeDays([1, 2, 3, 4, 5])).toBe('Weekdays')
    expect(describeDays([6, 7])).toBe('Weekends')
    expect(describeDays([1, 3, 5])).toBe('Mon, Wed, Fri')
    expect(describeDays([])).toBe('No days')
  })
})
