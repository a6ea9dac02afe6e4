import { clockMinutes } from '../../src-shared/clock-time'
import { BatterySettings, snapToQuarterHour, type TimeWindow } from '../../src-shared/model'
import { deepEqual, type FieldErrors } from './settingsForm'

/**
 * Pure logic behind the Battery page. SOC limits stay as typed text until they parse; times are
 * kept as typed while the user is in the field and snapped to the quarter hour when they leave it
 * (AlphaESS silently ignores other times, so the page never sends one).
 */
export type WindowGroup = 'gridCharge' | 'discharge'

export interface BatteryDraft {
  minSocPct: string
  maxSocPct: string
  gridCharge: { enabled: boolean; windows: [TimeWindow, TimeWindow] }
  discharge: { enabled: boolean; windows: [TimeWindow, TimeWindow] }
}

export function batteryDraft(settings: BatterySettings): BatteryDraft {
  return {
    minSocPct: String(settings.minSocPct),
    maxSocPct: String(settings.maxSocPct),
    gridCharge: { enabled: settings.gridCharge.enabled, windows: copyWindows(settings.gridCharge.windows) },
    discharge: { enabled: settings.discharge.enabled, windows: copyWindows(settings.discharge.windows) },
  }
}

export function batteryCandidate(draft: BatteryDraft): unknown {
  return { ...draft, minSocPct: parseWhole(draft.minSocPct), maxSocPct: parseWhole(draft.maxSocPct) }
}

export interface BatteryValidation {
  settings: BatterySettings | null
  /** Keyed "minSocPct", "gridCharge.windows.0.start"… */
  errors: FieldErrors
}

const names: Record<string, string> = { minSocPct: 'The minimum SOC', maxSocPct: 'The maximum SOC' }

export function validateBattery(draft: BatteryDraft): BatteryValidation {
  const result = BatterySettings.safeParse(batteryCandidate(draft))
  if (result.success) return { settings: result.data, errors: {} }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.')
    errors[path] ??= /^Invalid input/.test(issue.message) ? `${names[path] ?? 'This field'} must be a whole number` : issue.message
  }
  return { settings: null, errors }
}

export function batteryChanged(draft: BatteryDraft, saved: BatterySettings): boolean {
  return !deepEqual(batteryCandidate(draft), saved)
}

export function setWindowTime(draft: BatteryDraft, group: WindowGroup, index: 0 | 1, end: 'start' | 'end', time: string): BatteryDraft {
  const windows = copyWindows(draft[group].windows)
  windows[index] = { ...windows[index], [end]: time }
  return { ...draft, [group]: { ...draft[group], windows } }
}

/** On leaving a time field: "10:07" becomes "10:00"; an empty field is left for the schema to name. */
export function snapWindowTime(draft: BatteryDraft, group: WindowGroup, index: 0 | 1, end: 'start' | 'end'): BatteryDraft {
  const current = draft[group].windows[index][end]
  const snapped = current.trim() === '' ? current : snapToQuarterHour(current)
  return snapped === current ? draft : setWindowTime(draft, group, index, end, snapped)
}

export function setGroupEnabled(draft: BatteryDraft, group: WindowGroup, enabled: boolean): BatteryDraft {
  return { ...draft, [group]: { ...draft[group], enabled } }
}

/** A window whose start equals its end is off. */
export function windowIsOff(window: TimeWindow): boolean {
  return window.start === window.end
}

/** How long a window runs, across midnight when it ends before it starts: "3 h 30 min", or null when off or unreadable. */
export function windowLength(window: TimeWindow): string | null {
  const start = clockMinutes(window.start)
  const end = clockMinutes(window.end)
  if (start === null || end === null || start === end) return null
  const minutes = (end - start + 24 * 60) % (24 * 60)
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`
}

function copyWindows(windows: readonly [TimeWindow, TimeWindow]): [TimeWindow, TimeWindow] {
  return [{ ...windows[0] }, { ...windows[1] }]
}

function parseWhole(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text)
}
