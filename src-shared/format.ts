/** How numbers read, in the popover, the tray tooltip and notifications alike. */

/** W below 1 kW, kW with one decimal above. */
export function formatPower(watts: number | null | undefined): string {
  if (watts === null || watts === undefined || !Number.isFinite(watts)) return '—'
  const abs = Math.abs(watts)
  if (abs < 1000) return `${Math.round(abs)} W`
  return `${(abs / 1000).toFixed(1)} kW`
}

export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '—'
  const rounded = Math.abs(cents) >= 100 ? Math.round(cents).toString() : cents.toFixed(1)
  return `${rounded} c/kWh`
}

export function formatEnergy(wh: number): string {
  if (wh < 1000) return `${Math.round(wh)} Wh`
  return `${(wh / 1000).toFixed(1)} kWh`
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  const rest = s % 60
  if (m < 60) return rest === 0 ? `${m} min` : `${m} min ${rest} s`
  const h = Math.floor(m / 60)
  return `${h} h ${m % 60} min`
}

export function formatAge(ageS: number | null): string {
  if (ageS === null) return 'no data yet'
  return `${formatDuration(ageS)} ago`
}

export function formatClock(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-AU', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(ms)
}
