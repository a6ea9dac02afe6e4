/**
 * Our BatterySettings <-> AlphaESS's two configuration objects. AlphaESS names windows by
 * f = from (start) and e = end, keeps two per direction, marks an unused window by start == end,
 * and silently ignores times off the quarter hour, so every time we write is snapped first.
 */
import type { BatterySettings, TimeWindow } from '../../../../src-shared/model'
import { snapBatterySettings } from '../../battery-settings'
import { VendorError } from '../../errors'
import type { ChargeConfig, ChargeConfigWrite, DischargeConfig, DischargeConfigWrite } from './schemas'

type Present<T> = Exclude<T, null>

/** "9:05" and "09:05:00" become "09:05"; anything else is not a time. */
export function normaliseTime(time: string | null): string | null {
  const match = time === null ? null : /^\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*$/.exec(time)
  if (!match) return null
  return `${match[1]!.padStart(2, '0')}:${match[2]}`
}

function unreadable(what: string): VendorError {
  return new VendorError(
    'bad-response',
    `AlphaESS did not report the battery's ${what} settings completely, so Sunspill cannot show them. Try again in a minute; if this persists, check the settings in the AlphaESS app.`,
  )
}

function window(start: string | null, end: string | null, what: string): TimeWindow {
  const s = normaliseTime(start)
  const e = normaliseTime(end)
  if (s === null || e === null) throw unreadable(what)
  return { start: s, end: e }
}

function percent(value: number | null, what: string): number {
  if (value === null) throw unreadable(what)
  return Math.round(value)
}

function flag(value: number | null, what: string): boolean {
  if (value === null) throw unreadable(what)
  return value === 1
}

export function settingsFromConfigs(charge: ChargeConfig, discharge: DischargeConfig): BatterySettings {
  if (!charge) throw unreadable('charge')
  if (!discharge) throw unreadable('discharge')
  return {
    minSocPct: percent(discharge.batUseCap, 'discharge'),
    maxSocPct: percent(charge.batHighCap, 'charge'),
    gridCharge: {
      enabled: flag(charge.gridCharge, 'charge'),
      windows: [window(charge.timeChaf1, charge.timeChae1, 'charge'), window(charge.timeChaf2, charge.timeChae2, 'charge')],
    },
    discharge: {
      enabled: flag(discharge.ctrDis, 'discharge'),
      windows: [window(discharge.timeDisf1, discharge.timeDise1, 'discharge'), window(discharge.timeDisf2, discharge.timeDise2, 'discharge')],
    },
  }
}

/** Both full-replacement bodies (every field is required by AlphaESS). */
export function configsFromSettings(settings: BatterySettings): { charge: ChargeConfigWrite; discharge: DischargeConfigWrite } {
  const s = snapBatterySettings(settings)
  const [c1, c2] = s.gridCharge.windows
  const [d1, d2] = s.discharge.windows
  return {
    charge: {
      batHighCap: s.maxSocPct,
      gridCharge: s.gridCharge.enabled ? 1 : 0,
      timeChaf1: c1.start,
      timeChae1: c1.end,
      timeChaf2: c2.start,
      timeChae2: c2.end,
    },
    discharge: {
      batUseCap: s.minSocPct,
      ctrDis: s.discharge.enabled ? 1 : 0,
      timeDisf1: d1.start,
      timeDise1: d1.end,
      timeDisf2: d2.start,
      timeDise2: d2.end,
    },
  }
}

const chargeLabels: Record<keyof ChargeConfigWrite, string> = {
  batHighCap: 'maximum SOC',
  gridCharge: 'grid charging',
  timeChaf1: 'grid-charge window 1 start',
  timeChae1: 'grid-charge window 1 end',
  timeChaf2: 'grid-charge window 2 start',
  timeChae2: 'grid-charge window 2 end',
}

const dischargeLabels: Record<keyof DischargeConfigWrite, string> = {
  batUseCap: 'minimum SOC',
  ctrDis: 'timed discharge',
  timeDisf1: 'discharge window 1 start',
  timeDise1: 'discharge window 1 end',
  timeDisf2: 'discharge window 2 start',
  timeDise2: 'discharge window 2 end',
}

function same(read: string | number | null, wanted: string | number): boolean {
  if (typeof wanted === 'number') return read !== null && Number(read) === wanted
  return normaliseTime(typeof read === 'string' ? read : null) === wanted
}

function differences<W extends object>(read: Record<string, string | number | null> | null, wanted: W, labels: Record<keyof W, string>): string[] {
  return (Object.keys(wanted) as (keyof W & string)[])
    .filter((key) => !read || !same(read[key] ?? null, wanted[key] as string | number))
    .map((key) => `${labels[key]} is ${read ? String(read[key] ?? 'unknown') : 'unknown'} instead of ${String(wanted[key])}`)
}

/** What the system reports that differs from what was written, as phrases; empty when it took it. */
export function chargeDifferences(read: ChargeConfig, wanted: ChargeConfigWrite): string[] {
  return differences(read as Present<ChargeConfig> | null, wanted, chargeLabels)
}

export function dischargeDifferences(read: DischargeConfig, wanted: DischargeConfigWrite): string[] {
  return differences(read as Present<DischargeConfig> | null, wanted, dischargeLabels)
}
