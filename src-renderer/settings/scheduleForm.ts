import { ChargeSchedule, SCHEDULES_CEILING, type ScheduleLimits } from '../../src-shared/model'
import { NO_SCHEDULE_CURRENT_MESSAGE, tooManySchedulesMessage } from '../../src-shared/schedules'
import { deepEqual, type FieldErrors } from './settingsForm'

/**
 * Pure logic behind a charger's schedule editor: rows as the user edits them (the current cap as
 * typed text, blank meaning "no cap"), each checked with the shared ChargeSchedule schema.
 */
export interface ScheduleRow {
  id: string
  enabled: boolean
  start: string
  end: string
  /** 1–7, Monday first, kept sorted. */
  days: number[]
  /** Blank means the schedule does not cap the current. */
  maxCurrentText: string
}

/** The most rows any charger gets; each charger's own ScheduleLimits.maxCount is lower or equal. */
export const MAX_SCHEDULES = SCHEDULES_CEILING

/** Used when the charger says nothing about its limits: the ceiling, with a cap allowed. */
export const DEFAULT_SCHEDULE_LIMITS: ScheduleLimits = {
  maxCount: MAX_SCHEDULES,
  perScheduleCurrent: true,
  maxCountReason: `A charger keeps at most ${MAX_SCHEDULES} schedules.`,
}

export const weekdays: { day: number; short: string; long: string }[] = [
  { day: 1, short: 'M', long: 'Monday' },
  { day: 2, short: 'T', long: 'Tuesday' },
  { day: 3, short: 'W', long: 'Wednesday' },
  { day: 4, short: 'T', long: 'Thursday' },
  { day: 5, short: 'F', long: 'Friday' },
  { day: 6, short: 'S', long: 'Saturday' },
  { day: 7, short: 'S', long: 'Sunday' },
]

export function scheduleRows(schedules: readonly ChargeSchedule[]): ScheduleRow[] {
  return schedules.map((s) => ({
    id: s.id,
    enabled: s.enabled,
    start: s.start,
    end: s.end,
    days: [...s.days].sort((a, b) => a - b),
    maxCurrentText: s.maxCurrentA === null ? '' : String(s.maxCurrentA),
  }))
}

export function scheduleCandidate(row: ScheduleRow): Record<string, unknown> {
  const text = row.maxCurrentText.trim()
  return {
    id: row.id,
    enabled: row.enabled,
    start: row.start,
    end: row.end,
    days: row.days,
    maxCurrentA: text === '' ? null : Number(text),
  }
}

export interface SchedulesValidation {
  schedules: ChargeSchedule[] | null
  /** Keyed "<row index>.<field>", e.g. "0.days", "2.maxCurrentA". */
  errors: FieldErrors
}

/** The charger's own current range narrows the schema's 6–80 A. */
export interface CurrentLimits {
  minA: number
  maxA: number
}

export function validateSchedules(
  rows: readonly ScheduleRow[],
  limits: CurrentLimits = { minA: 6, maxA: 80 },
  scheduleLimits: ScheduleLimits = DEFAULT_SCHEDULE_LIMITS,
): SchedulesValidation {
  const errors: FieldErrors = {}
  const schedules: ChargeSchedule[] = []
  rows.forEach((row, index) => {
    // A cap the charger cannot keep is refused before any range check: no number would do.
    if (!scheduleLimits.perScheduleCurrent && row.maxCurrentText.trim() !== '') {
      errors[`${index}.maxCurrentA`] = NO_SCHEDULE_CURRENT_MESSAGE
    }
    const result = ChargeSchedule.safeParse(scheduleCandidate(row))
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? 'row')
        errors[`${index}.${field}`] ??= scheduleMessage(field, issue.message, limits, scheduleLimits)
      }
      return
    }
    const cap = result.data.maxCurrentA
    if (cap !== null && scheduleLimits.perScheduleCurrent && (cap < limits.minA || cap > limits.maxA)) {
      errors[`${index}.maxCurrentA`] = capMessage(limits)
      return
    }
    schedules.push(result.data)
  })
  if (rows.length > scheduleLimits.maxCount) errors.list = tooManySchedulesMessage(rows.length, scheduleLimits)
  return { schedules: Object.keys(errors).length === 0 ? schedules : null, errors }
}

function capMessage(limits: CurrentLimits): string {
  return `The current cap is a whole number from ${limits.minA} to ${limits.maxA} A, or blank for none`
}

function scheduleMessage(field: string, message: string, limits: CurrentLimits, scheduleLimits: ScheduleLimits): string {
  if (field === 'maxCurrentA') return scheduleLimits.perScheduleCurrent ? capMessage(limits) : NO_SCHEDULE_CURRENT_MESSAGE
  if (field === 'start' || field === 'end') return message === 'Times are HH:MM' ? 'Enter a start and an end time' : message
  return message
}

export function schedulesChanged(rows: readonly ScheduleRow[], saved: readonly ChargeSchedule[]): boolean {
  return !deepEqual(rows.map(scheduleCandidate), saved)
}

export function updateRow(rows: readonly ScheduleRow[], index: number, change: Partial<ScheduleRow>): ScheduleRow[] {
  return rows.map((row, i) => (i === index ? { ...row, ...change } : row))
}

export function toggleDay(row: ScheduleRow, day: number): ScheduleRow {
  const days = row.days.includes(day) ? row.days.filter((d) => d !== day) : [...row.days, day].sort((a, b) => a - b)
  return { ...row, days }
}

/** A new row: every night 22:00–06:00, no cap. Its id is local until the charger assigns one. */
export function addRow(
  rows: readonly ScheduleRow[],
  makeId: () => string = () => `new-${Date.now().toString(36)}`,
  maxCount: number = MAX_SCHEDULES,
): ScheduleRow[] {
  if (rows.length >= Math.min(maxCount, MAX_SCHEDULES)) return [...rows]
  let id = makeId()
  while (rows.some((r) => r.id === id)) id = `${id}-${rows.length}`
  return [...rows, { id, enabled: true, start: '22:00', end: '06:00', days: [1, 2, 3, 4, 5, 6, 7], maxCurrentText: '' }]
}

export function removeRow(rows: readonly ScheduleRow[], index: number): ScheduleRow[] {
  return rows.filter((_, i) => i !== index)
}

/** "Weekdays", "Every day", "Weekends" or "Mon, Wed, Fri". */
export function describeDays(days: readonly number[]): string {
  const set = [...new Set(days)].sort((a, b) => a - b).join(',')
  if (set === '1,2,3,4,5,6,7') return 'Every day'
  if (set === '1,2,3,4,5') return 'Weekdays'
  if (set === '6,7') return 'Weekends'
  if (set === '') return 'No days'
  return days
    .map((d) => weekdays.find((w) => w.day === d)?.long.slice(0, 3))
    .filter(Boolean)
    .join(', ')
}
