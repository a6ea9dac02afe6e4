/**
 * Wallbox schedules ⇄ our ChargeSchedule. Wallbox keeps times in UTC "HHMM" and the weekdays with
 * them; we show the charger's local "HH:MM" with Monday = 1. When the zone offset moves a start
 * across midnight, the weekdays move with it, so a round trip leaves the charger unchanged.
 * The offset is today's: like the Wallbox app, a schedule set in summer starts an hour off in winter.
 */
import type { ChargeSchedule } from '../../devices'
import { VendorError } from '../../errors'
import { utcOffsetMs } from '../../time/local-time'
import { WEEKDAYS, type WallboxSchedule } from './schemas'

const DAY_MIN = 1440
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/

/** Ampere values below the charger's minimum are not currents (the fixtures all show 1). */
const MIN_REAL_CURRENT_A = 6

export function toChargeSchedule(s: WallboxSchedule, timeZone: string, nowMs: number): ChargeSchedule {
  const offsetMin = Math.round(utcOffsetMs(timeZone, nowMs) / 60_000)
  const start = shift(hhmmToMin(s.start), offsetMin)
  const stop = shift(hhmmToMin(s.stop), offsetMin)
  const utcDays = WEEKDAYS.flatMap((day, i) => (s.days[day] ? [i + 1] : []))
  return {
    id: String(s.id),
    enabled: s.enable,
    start: minToClock(start.minute),
    end: minToClock(stop.minute),
    days: utcDays.map((d) => rotateDay(d, start.dayShift)).sort((a, b) => a - b),
    maxCurrentA: s.max_current != null && s.max_current >= MIN_REAL_CURRENT_A ? s.max_current : null,
  }
}

/**
 * Our schedules, in order, become Wallbox slots 0…n-1. `previous` (what the charger holds now)
 * supplies the fields we do not model, and its extra slots are disabled: the API cannot delete.
 */
export function toWallboxSchedules(next: ChargeSchedule[], previous: WallboxSchedule[], timeZone: string, nowMs: number): WallboxSchedule[] {
  const offsetMin = Math.round(utcOffsetMs(timeZone, nowMs) / 60_000)
  const out = next.map((s, slot): WallboxSchedule => {
    const start = shift(clockToMin(s.start, 'start'), -offsetMin)
    const stop = shift(clockToMin(s.end, 'end'), -offsetMin)
    const days = s.days.map((d) => {
      if (!Number.isInteger(d) || d < 1 || d > 7) throw invalid(`days are 1 (Monday) to 7 (Sunday), not ${d}`)
      return rotateDay(d, start.dayShift)
    })
    const before = previous.find((p) => p.id === slot)
    if (s.maxCurrentA !== null && (!Number.isInteger(s.maxCurrentA) || s.maxCurrentA < MIN_REAL_CURRENT_A || s.maxCurrentA > 32)) {
      throw invalid(`a schedule's current is 6 to 32 A, not ${s.maxCurrentA} A`)
    }
    return {
      id: slot,
      enable: s.enabled,
      start: minToHhmm(start.minute),
      stop: minToHhmm(stop.minute),
      days: Object.fromEntries(WEEKDAYS.map((day, i) => [day, days.includes(i + 1)])) as WallboxSchedule['days'],
      max_current: s.maxCurrentA ?? before?.max_current ?? 1,
      max_energy: before?.max_energy ?? 0,
    }
  })
  for (const old of previous) {
    if (old.id >= next.length && old.enable) out.push({ ...old, enable: false })
  }
  return out
}

function invalid(detail: string): VendorError {
  return new VendorError('not-supported', `That schedule cannot be saved: ${detail}.`)
}

function hhmmToMin(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(2, 4))
}

function clockToMin(clock: string, which: string): number {
  const m = HH_MM.exec(clock)
  if (!m) throw invalid(`the ${which} time must look like 07:30, not "${clock}"`)
  return Number(m[1]) * 60 + Number(m[2])
}

function shift(minute: number, byMin: number): { minute: number; dayShift: number } {
  const total = minute + byMin
  const dayShift = Math.floor(total / DAY_MIN)
  return { minute: total - dayShift * DAY_MIN, dayShift }
}

/** Days 1–7, Monday first. */
function rotateDay(day: number, by: number): number {
  return ((((day - 1 + by) % 7) + 7) % 7) + 1
}

function minToClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

function minToHhmm(minute: number): string {
  return minToClock(minute).replace(':', '')
}
