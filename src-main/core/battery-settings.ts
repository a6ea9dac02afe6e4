/**
 * Battery settings as a system takes them. AlphaESS silently ignores times off the quarter hour,
 * so every time is snapped before it is written (the demo battery does the same); a form that is
 * still invalid is a config error with the schema's sentence.
 */
import { BatterySettings, snapToQuarterHour, type TimeWindow } from '../../src-shared/model'
import { VendorError } from './errors'

function snapWindow(w: TimeWindow): TimeWindow {
  return { start: snapToQuarterHour(w.start), end: snapToQuarterHour(w.end) }
}

export function snapBatterySettings(next: BatterySettings): BatterySettings {
  const snapped = {
    ...next,
    gridCharge: { ...next.gridCharge, windows: [snapWindow(next.gridCharge.windows[0]), snapWindow(next.gridCharge.windows[1])] },
    discharge: { ...next.discharge, windows: [snapWindow(next.discharge.windows[0]), snapWindow(next.discharge.windows[1])] },
  }
  const parsed = BatterySettings.safeParse(snapped)
  if (!parsed.success) throw new VendorError('config', parsed.error.issues[0]?.message ?? 'These battery settings are not valid.')
  return parsed.data
}
