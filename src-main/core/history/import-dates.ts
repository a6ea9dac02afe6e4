/**
 * Calendar days as the vendors take them (YYYY-MM-DD in the site's zone): the arithmetic the
 * imports need, done on the date itself so a daylight-saving change cannot shift a day.
 */
import { addDays, dayCount } from '../../../src-shared/calendar-day'
import { DAY_MS } from '../time/durations'
import { localTime, zonedTimeToMs } from '../time/local-time'

/** yyyy-MM-dd of the site's calendar day that contains ms. */
export function localDate(timeZone: string, ms: number): string {
  const day = new Date(localTime(timeZone, ms).dayIndex * DAY_MS)
  return day.toISOString().slice(0, 10)
}

export function daysFrom(from: string, to: string): string[] {
  return Array.from({ length: dayCount(from, to) }, (_, i) => addDays(from, i))
}

/** Local midnight starting the day, in the site's zone. */
export function dayStartMs(timeZone: string, date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return zonedTimeToMs(timeZone, { year: y!, month: m!, day: d! })
}

/** The span of a local day: (start, end], the way rows cover time. */
export function daySpan(timeZone: string, date: string): { fromMs: number; toMs: number } {
  return { fromMs: dayStartMs(timeZone, date), toMs: dayStartMs(timeZone, addDays(date, 1)) }
}

/** Amber's day is the NEM day, at a fixed +10:00 whatever the site's daylight saving. */
export function nemDaySpan(date: string): { fromMs: number; toMs: number } {
  const fromMs = Date.parse(`${date}T00:00:00+10:00`)
  return { fromMs, toMs: fromMs + DAY_MS }
}

/** Splits a range into runs of at most `size` days, oldest first. */
export function chunks(from: string, to: string, size: number): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = []
  for (let start = from; start <= to; start = addDays(start, size)) {
    const end = addDays(start, size - 1)
    out.push({ from: start, to: end < to ? end : to })
  }
  return out
}
