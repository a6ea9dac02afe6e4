/**
 * Calendar days as YYYY-MM-DD (the vendors' and the pages' form), reckoned on the date itself so
 * a daylight-saving change cannot shift a day. Shared by the core's imports and the renderer's
 * range pickers.
 */
const DAY_MS = 86_400_000

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS)
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10)
}

/** Days from `from` to `to`, both counted; 0 when `to` is before `from`. */
export function dayCount(from: string, to: string): number {
  return Math.max(0, dayNumber(to) - dayNumber(from) + 1)
}
