import { describe, expect, it } from 'vitest'
import type { BatterySettings } from '../../../src-shared/model'
import {
  batteryChanged,
  batteryDraft,
  setGroupEnabled,
  setWindowTime,
  snapWindowTime,
  validateBattery,
  windowIsOff,
  windowLength,
} from '../../../src-renderer/settings/batteryForm'

const saved: BatterySettings = {
  minSocPct: 10,
  maxSocPct: 100,
  gridCharge: { enabled: true, windows: [{ start: '00:30', end: '05:00' }, { start: '00:00', end: '00:00' }] },
  discharge: { enabled: false, windows: [{ start: '16:00', end: '23:00' }, { start: '00:00', end: '00:00' }] },
}

describe('battery form', () => {
  it('round-trips the battery’s settings unchanged', () => {
    const draft = batteryDraft(saved)
    expect(draft.minSocPct).toBe('10')
    expect(validateBattery(draft).settings).toEqual(saved)
    expect(batteryChanged(draft, saved)).toBe(false)
    expect(batteryChanged(setGroupEnabled(draft, 'discharge', true), saved)).toBe(true)
  })

  it('checks the limits with the shared schema', () => {
    const draft = batteryDraft(saved)
    expect(validateBattery({ ...draft, minSocPct: '100' }).errors.minSocPct).toBe('The minimum SOC must be below the maximum')
    expect(validateBattery({ ...draft, maxSocPct: '120' }).errors.maxSocPct).toBe('The maximum SOC is 0–100 %')
    expect(validateBattery({ ...draft, minSocPct: '' }).errors.minSocPct).toBe('The minimum SOC must be a whole number')
    expect(validateBattery({ ...draft, minSocPct: '12.5' }).errors.minSocPct).toBe('The minimum SOC must be a whole number')
    expect(validateBattery({ ...draft, minSocPct: '' }).settings).toBeNull()
  })

  it('names a time off the quarter hour while typing and snaps it on leaving the field', () => {
    let draft = setWindowTime(batteryDraft(saved), 'gridCharge', 1, 'start', '10:07')
    expect(validateBattery(draft).errors['gridCharge.windows.1.start']).toBe('Times are on the quarter hour, 00:00 to 23:45')
    draft = snapWindowTime(draft, 'gridCharge', 1, 'start')
    expect(draft.gridCharge.windows[1].start).toBe('10:00')
    expect(validateBattery(draft).settings?.gridCharge.windows[1]).toEqual({ start: '10:00', end: '00:00' })
    // The saved settings are never touched by an edit.
    expect(saved.gridCharge.windows[1].start).toBe('00:00')
  })

  it('leaves an empty time for the schema to name', () => {
    const draft = setWindowTime(batteryDraft(saved), 'discharge', 0, 'end', '')
    expect(snapWindowTime(draft, 'discharge', 0, 'end')).toBe(draft)
    expect(validateBattery(draft).errors['discharge.windows.0.end']).toMatch(/quarter hour/)
  })

  it('describes windows', () => {
    expect(windowIsOff({ start: '00:00', end: '00:00' })).toBe(true)
    expect(windowLength({ start: '00:30', end: '05:00' })).toBe('4 h 30 min')
    expect(windowLength({ start: '22:00', end: '06:00' })).toBe('8 h')
    expect(windowLength({ start: '10:00', end: '10:45' })).toBe('45 min')
    expect(windowLength({ start: '10:00', end: '10:00' })).toBeNull()
    expect(windowLength({ start: '', end: '10:00' })).toBeNull()
  })
})
