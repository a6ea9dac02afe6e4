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
