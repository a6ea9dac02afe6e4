/**
 * Windows of the day on the site's clock ("22:00" to "07:00"), as quiet hours and a battery's
 * charge and discharge windows are written: [start, end), crossing midnight when start is later
 * than end, and empty when start equals end (or either is no time at all).
 */
import { clockMinutes } from '../../../src-shared/clock-time'
import { localHourOfDay } from './local-time'

export function inClockWindow(window: { start: string; end: string }, nowMs: number, timeZone: string): boolean {
  const start = clockMinutes(window.start)
  const end = clockMinutes(window.end)
  if (start === null || end === null || start === end) return false
  const now = Math.floor(localHourOfDay(timeZone, nowMs) * 60 + 1e-6)
  return start < end ? now >= start && now < end : now >= start || now < end
}
