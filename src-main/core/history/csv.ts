/** CSV exports: one row per stored sample (at whatever resolution it is kept) or per session. */
import { utcOffsetMs } from '../time/local-time'
import type { SampleRow, SessionRow } from './types'

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0')

/** 2026-11-23T12:00:10+11:00: the site's wall clock, with the offset so the instant is exact. */
export function localIso(ms: number, timeZone: string): string {
  const offset = utcOffsetMs(timeZone, ms)
  const local = new Date(Math.round(ms / 1000) * 1000 + offset)
  const sign = offset < 0 ? '-' : '+'
  const minutes = Math.abs(offset) / 60_000
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`
  )
}

function cell(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function fixed(value: number | null, digits: number): number | null {
  return value === null ? null : Number(value.toFixed(digits))
}

function table(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

const RESOLUTION: Record<number, string> = { 0: 'loop', 1: '5min', 2: '1h' }
/** "demo": simulated by the demo home, never the user's own energy. */
const SOURCE: Record<SampleRow['src'], string> = { 0: 'recorded', 1: 'imported', 2: 'demo' }

export const SAMPLE_HEADER = [
  'end',
  'duration_s',
  'resolution',
  'source',
  'pv_w',
  'house_w',
  'battery_w',
  'grid_w',
  'ev_w',
  'soc_pct',
  'price_c_per_kwh',
  'feed_in_c_per_kwh',
  'ev_energy_wh',
  'ev_solar_wh',
  'ev_battery_wh',
  'ev_grid_wh',
  'ev_cost_c',
]

export function samplesCsv(rows: SampleRow[], timeZone: string): string {
  return table(
    SAMPLE_HEADER,
    rows.map((r) => [
      localIso(r.tMs, timeZone),
      fixed(r.durMs / 1000, 3),
      RESOLUTION[r.tier] ?? String(r.tier),
      SOURCE[r.src],
      r.pvW,
      r.houseW,
      r.batteryW,
      r.gridW,
      fixed(r.evW, 1),
      r.socPct,
      r.priceCents,
      r.feedInCents,
      fixed(r.evSolarWh + r.evBatteryWh + r.evGridWh, 4),
      fixed(r.evSolarWh, 4),
      fixed(r.evBatteryWh, 4),
      fixed(r.evGridWh, 4),
      fixed(r.evCostCents, 5),
    ]),
  )
}

export const SESSION_HEADER = [
  'id',
  'charger',
  'start',
  'end',
  'energy_wh',
  'solar_wh',
  'battery_wh',
  'grid_wh',
  'solar_share_pct',
  'cost_c',
  'saving_c',
  'source',
]

export function sessionsCsv(rows: SessionRow[], timeZone: string): string {
  return table(
    SESSION_HEADER,
    rows.map((s) => [
      s.id,
      s.chargerName,
      localIso(s.startMs, timeZone),
      s.endMs === null ? null : localIso(s.endMs, timeZone),
      fixed(s.energyWh, 3),
      fixed(s.solarWh, 3),
      fixed(s.batteryWh, 3),
      fixed(s.gridWh, 3),
      s.energyWh > 0 ? fixed((s.solarWh / s.energyWh) * 100, 2) : null,
      fixed(s.costCents, 4),
      fixed(s.gridPriceCents - s.costCents, 4),
      s.demo ? 'demo' : 'recorded',
    ]),
  )
}
