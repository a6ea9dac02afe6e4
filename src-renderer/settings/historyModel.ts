/**
 * Pure helpers for the History page: how money, shares and spans read, the export ranges, and the
 * today chart's series. No React, no DOM, so they are tested on their own.
 */
import type { CsvExport, EvTotals, HistoryDemo, HistoryPoint, HistoryPrice, HistorySession } from '../../src-shared/history'

/** "$4.56", "−$0.32": cents of the tariff's currency, as the user's locale writes money. */
export function formatMoney(cents: number, currency: string): string {
  const value = Math.round(cents) / 100
  try {
    return new Intl.NumberFormat('en-AU', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(value === 0 ? 0 : value)
  } catch {
    return `${value.toFixed(2)} ${currency}`
  }
}

/** "72 %", or a dash when the car took nothing. */
export function formatShare(pct: number | null): string {
  return pct === null ? '—' : `${Math.round(pct)} %`
}

/** The split of the car's energy as fractions for a bar: solar, battery, grid. */
export function sourceFractions(t: Pick<EvTotals, 'energyWh' | 'solarWh' | 'batteryWh' | 'gridWh'>): { solar: number; battery: number; grid: number } {
  if (t.energyWh <= 0) return { solar: 0, battery: 0, grid: 0 }
  return { solar: t.solarWh / t.energyWh, battery: t.batteryWh / t.energyWh, grid: t.gridWh / t.energyWh }
}

export function statsTitle(days: number): string {
  return days === 365 ? 'Last 12 months' : `Last ${days} days`
}

/** "4 h 12 min", "35 min". */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  if (minutes < 60) return `${minutes} min`
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return m === 0 ? `${h} h` : `${h} h ${m} min`
}

export function sessionSpan(s: Pick<HistorySession, 'startMs' | 'endMs' | 'lastDrawMs'>): string {
  return formatSpan((s.endMs ?? s.lastDrawMs) - s.startMs)
}

/** "Mon 23 Nov, 09:32" in the site's zone. */
export function formatDayTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-AU', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(ms)
  const time = new Intl.DateTimeFormat('en-AU', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(ms)
  return `${parts.replace(',', '')}, ${time}`
}

export type ExportRange = 'today' | '7' | '30' | '365'

export const exportRanges: { value: ExportRange; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '365', label: 'Last 12 months' },
]

export interface XY {
  x: number
  y: number | null
}

export interface TodaySeries {
  pv: XY[]
  house: XY[]
  battery: XY[]
  grid: XY[]
  ev: XY[]
  price: XY[]
  /** The two axes' ranges, chosen so that 0 kW and 0 c/kWh sit on the same line. */
  axes: AlignedAxes
}

export interface AlignedAxes {
  minKw: number
  maxKw: number
  stepKw: number
  minCents: number
  maxCents: number
  stepCents: number
}

/** The smallest of 1, 2, 2.5, 5 × 10^n that is at least x. */
export function niceStep(x: number, allowQuarter = false): number {
  if (!(x > 0)) return 1
  const magnitude = 10 ** Math.floor(Math.log10(x))
  for (const m of allowQuarter ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10]) if (m * magnitude >= x - 1e-9) return m * magnitude
  return 10 * magnitude
}

/**
 * Power in whole steps with at least one step below zero; the price scaled by a round number of
 * cents per kW, so both axes share their grid lines and 0 kW meets 0 c/kWh.
 */
export function alignedAxes(kw: number[], cents: number[]): AlignedAxes {
  const high = Math.max(1, ...kw)
  const low = Math.min(0, ...kw)
  const stepKw = Math.max(1, niceStep((high - low) / 5))
  const maxKw = Math.ceil(high / stepKw) * stepKw
  const minKw = Math.min(-stepKw, Math.floor(low / stepKw) * stepKw)
  const top = Math.max(0, ...cents)
  const bottom = Math.max(0, -Math.min(0, ...cents))
  const perKw = niceStep(Math.max(top / maxKw, bottom / -minKw, 1), true)
  return { minKw, maxKw, stepKw, minCents: minKw * perKw, maxCents: maxKw * perKw, stepCents: stepKw * perKw }
}

const kw = (w: number | null) => (w === null ? null : Math.round(w) / 1000)

/** Points at each bucket's middle (they are averages of the five minutes before tMs). */
export function todaySeries(points: HistoryPoint[], prices: HistoryPrice[], bucketMs = 300_000): TodaySeries {
  const at = (p: HistoryPoint) => p.tMs - bucketMs / 2
  const series = (pick: (p: HistoryPoint) => number | null) => points.map((p) => ({ x: at(p), y: kw(pick(p)) }))
  const pv = series((p) => p.pvW)
  const house = series((p) => p.houseW)
  const battery = series((p) => p.batteryW)
  const grid = series((p) => p.gridW)
  const ev = series((p) => p.evW)
  // The retailer's intervals as steps; the samples' own price where there are none.
  const price: XY[] =
    prices.length > 0
      ? prices.flatMap((p, i) => {
          const next = prices[i + 1]
          const step = [{ x: p.startMs, y: p.perKwhCents }]
          // A hole between intervals stays a hole instead of a sloped line.
          if (next && next.startMs > p.endMs) step.push({ x: p.endMs, y: p.perKwhCents }, { x: p.endMs, y: null as unknown as number })
          return step
        })
      : points.map((p) => ({ x: at(p), y: p.priceCents }))
  const last = prices.at(-1)
  if (last) price.push({ x: last.endMs, y: last.perKwhCents })
  const known = (list: XY[]) => list.map((v) => v.y).filter((v): v is number => v !== null)
  return {
    pv,
    house,
    battery,
    grid,
    ev,
    price,
    axes: alignedAxes([pv, house, battery, grid, ev].flatMap(known), known(price)),
  }
}

/** A sentence for screen readers in place of the chart. */
export function describeToday(totals: EvTotals, points: HistoryPoint[], currency: string): string {
  if (points.length === 0) return 'No power recorded today yet.'
  const peakPv = Math.max(0, ...points.map((p) => p.pvW ?? 0))
  const car = totals.energyWh > 0 ? `The car took ${(totals.energyWh / 1000).toFixed(1)} kWh, ${formatShare(totals.solarSharePct)} from solar, for ${formatMoney(totals.costCents, currency)}.` : 'The car took nothing today.'
  return `Today's power: solar peaked at ${(peakPv / 1000).toFixed(1)} kW. ${car}`
}

/** The tag on every figure the demo home simulated (the note at the top of the page says whose). */
export const DEMO_LABEL = 'Simulated'

/** What the page says of the demo home's data: its answers agree unless one raced a change, so any "shown" wins. */
export function pageDemo(answers: readonly { demo: HistoryDemo }[]): HistoryDemo {
  if (answers.some((a) => a.demo === 'shown')) return 'shown'
  return answers.some((a) => a.demo === 'hidden') ? 'hidden' : 'none'
}

/** The note at the top of the page; null when the history holds nothing from the demo home. */
export function demoNote(demo: HistoryDemo): string | null {
  if (demo === 'shown') {
    return 'The demo home: these days, sessions and costs were simulated, not measured at your home. Add your own accounts in Accounts; once Sunspill records them, the simulated days are left out.'
  }
  if (demo === 'hidden') return 'Days simulated by the demo home are left out here and in exports: the history now holds your own.'
  return null
}

export function exportMessage(result: Pick<CsvExport, 'filename' | 'rows' | 'demo'>): string {
  const saved = `Saved ${result.filename}: ${result.rows} ${result.rows === 1 ? 'row' : 'rows'}.`
  return result.demo === 'shown' && result.rows > 0 ? `${saved} Simulated by the demo home.` : saved
}
