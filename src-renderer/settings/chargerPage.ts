import { addDays } from '../../src-shared/calendar-day'
import type { ChargerCapabilities, ChargerFieldView, FieldValue } from '../../src-shared/model'

/** Pure helpers for a charger's settings page. */

/** The sidebar entry's test id: `settings-nav-charger-<id>` with anything but letters and digits as "-". */
export function chargerNavTestId(chargerId: string): string {
  return `settings-nav-charger-${chargerId.replace(/[^A-Za-z0-9]/g, '-')}`
}

/** "Single-phase · 6–32 A in 1 A steps · can pause · lockable" */
export function capabilitySummary(capabilities: ChargerCapabilities, lockable: boolean): string {
  const parts = [capabilities.phases === 3 ? 'Three-phase' : 'Single-phase']
  const current = capabilities.current
  if (current) parts.push(`${trim(current.minA)}–${trim(current.maxA)} A in ${trim(current.stepA)} A steps`)
  else parts.push('fixed current')
  if (capabilities.switchable) parts.push('can pause and resume')
  if (lockable) parts.push('lockable')
  return parts.join(' · ')
}

/** What a field shows before the user edits it. */
export function fieldText(field: ChargerFieldView): string {
  return field.value === null ? '' : String(field.value)
}

/** A read-only value as people read it: the option's label, "On"/"Off", the number with its unit. */
export function displayValue(field: ChargerFieldView): string {
  if (field.value === null) return field.error ? 'Unknown' : '—'
  if (field.kind === 'boolean' || typeof field.value === 'boolean') return field.value === true ? 'On' : 'Off'
  if (field.kind === 'select') return field.options?.find((o) => o.value === String(field.value))?.label ?? String(field.value)
  return field.unit ? `${String(field.value)} ${field.unit}` : String(field.value)
}

export type ParsedField = { ok: true; value: FieldValue } | { ok: false; error: string }

/** Checks typed text against the field's own limits, with a sentence that names them. */
export function parseFieldInput(field: ChargerFieldView, text: string): ParsedField {
  if (field.kind === 'number') {
    const trimmed = text.trim()
    const value = Number(trimmed)
    const unit = field.unit ? ` ${field.unit}` : ''
    const range =
      field.min !== null && field.max !== null
        ? ` from ${trim(field.min)} to ${trim(field.max)}${unit}`
        : field.min !== null
          ? ` of at least ${trim(field.min)}${unit}`
          : field.max !== null
            ? ` of at most ${trim(field.max)}${unit}`
            : ''
    if (trimmed === '' || !Number.isFinite(value)) return { ok: false, error: `${field.label} needs a number${range}` }
    if ((field.min !== null && value < field.min) || (field.max !== null && value > field.max)) {
      return { ok: false, error: `${field.label} must be a number${range}` }
    }
    if (field.step !== null && field.step > 0) {
      const base = field.min ?? 0
      const steps = (value - base) / field.step
      if (Math.abs(steps - Math.round(steps)) > 1e-9) return { ok: false, error: `${field.label} goes in steps of ${trim(field.step)}${unit}` }
    }
    return { ok: true, value }
  }
  if (field.kind === 'select') {
    if (field.options && !field.options.some((o) => o.value === text)) return { ok: false, error: `Pick one of the listed values for ${field.label}` }
    return { ok: true, value: text }
  }
  if (field.kind === 'boolean') return { ok: true, value: text === 'true' }
  return { ok: true, value: text }
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(2)))
}

/** The sessions table's range menu: what the page opened with, four presets, or days of one's own. */
export type SessionsChoice = 'latest' | 'last30' | 'last90' | 'thisYear' | 'lastYear' | 'custom'

export const sessionsChoices: readonly { value: SessionsChoice; label: string }[] = [
  { value: 'latest', label: 'Latest' },
  { value: 'last30', label: 'Last 30 days' },
  { value: 'last90', label: 'Last 90 days' },
  { value: 'thisYear', label: 'This year' },
  { value: 'lastYear', label: 'Last year' },
  { value: 'custom', label: 'Custom range…' },
]

export interface DayRange {
  from: string
  to: string
}

/** Today as YYYY-MM-DD on the site's calendar, which is the one the core reads the days in. */
export function todayIn(timeZone: string, nowMs: number): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(nowMs)
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(nowMs)
  }
}


/** The days a preset covers, both included and today counted; null for the choices that are not presets. */
export function presetRange(choice: SessionsChoice, today: string): DayRange | null {
  const year = Number(today.slice(0, 4))
  switch (choice) {
    case 'last30':
      return { from: addDays(today, -29), to: today }
    case 'last90':
      return { from: addDays(today, -89), to: today }
    case 'thisYear':
      return { from: `${year}-01-01`, to: today }
    case 'lastYear':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }
    default:
      return null
  }
}
