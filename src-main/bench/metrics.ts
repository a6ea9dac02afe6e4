/**
 * The figures printed per scenario, for the loop and for the optimum, and the targets of issue
 * #5 judged on them. Energies in kWh, cost in cents, rates per hour the car is plugged in.
 */
import { HOUR_MS } from '../core/time/durations'
import type { OptimumResult } from './optimum'
import type { Totals } from './physics'
import type { Scenario } from './scenario'

export interface Figures {
  evKwh: number
  solarKwh: number
  /** Solar share of the car's energy, 0–1; null when the car got nothing. */
  solarShare: number | null
  batteryToEvKwh: number
  gridToEvKwh: number
  /** What the car added to the site's bill, cents (negative: it earned money). */
  costCents: number
  startsPerHour: number
  /** Most starts within any 60 minutes. */
  maxStartsInHour: number
  currentChangesPerHour: number
  /** Seconds above a fuse limit beyond the first 10 s of each excursion. */
  fuseOverS: number
  missingKwh: number
}

export type TargetId = 'solar' | 'cost' | 'cycles' | 'fuse' | 'departure'

export interface TargetResult {
  id: TargetId
  pass: boolean
  /** One sentence: the figures and the bar. */
  detail: string
}

export const TARGETS = {
  solarRatio: 0.95,
  costSlack: 0.05,
  maxStartsInHour: 3,
  fuseOverS: 0,
  /** A departure counts as met with at most this much missing. */
  departureToleranceKwh: 0.05,
} as const

export function maxInWindow(times: number[], windowMs = HOUR_MS): number {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++
    best = Math.max(best, j - i + 1)
  }
  return best
}

export function loopFigures(s: Scenario, totals: Totals, baseline: Totals, endValueCPerWh: number): Figures {
  const pluggedH = totals.pluggedS / 3600
  const bill = (t: Totals) => t.billCents - endValueCPerWh * t.batteryEndWh
  const deliveredWh = totals.deliveredByDepartWh ?? totals.evWh
  return {
    evKwh: totals.evWh / 1000,
    solarKwh: totals.solarToEvWh / 1000,
    solarShare: totals.evWh > 0 ? totals.solarToEvWh / totals.evWh : null,
    batteryToEvKwh: totals.batteryToEvWh / 1000,
    gridToEvKwh: totals.gridToEvWh / 1000,
    costCents: bill(totals) - bill(baseline),
    startsPerHour: pluggedH > 0 ? totals.starts.length / pluggedH : 0,
    maxStartsInHour: maxInWindow(totals.starts),
    currentChangesPerHour: pluggedH > 0 ? totals.currentChanges / pluggedH : 0,
    fuseOverS: totals.fuseOverS,
    missingKwh: Math.max(0, s.car.needWh - deliveredWh) / 1000,
  }
}

export function optimumFigures(o: OptimumResult): Figures {
  const pluggedH = o.pluggedS / 3600
  const startTimes = o.slots.filter((p, t) => p.on && !o.slots[t - 1]?.on).map((p) => p.startMs)
  return {
    evKwh: o.evWh / 1000,
    solarKwh: o.solarToEvWh / 1000,
    solarShare: o.evWh > 1e-6 ? o.solarToEvWh / o.evWh : null,
    batteryToEvKwh: o.batteryToEvWh / 1000,
    gridToEvKwh: o.gridToEvWh / 1000,
    costCents: o.costCents,
    startsPerHour: pluggedH > 0 ? o.starts / pluggedH : 0,
    maxStartsInHour: maxInWindow(startTimes),
    currentChangesPerHour: pluggedH > 0 ? o.currentChanges / pluggedH : 0,
    fuseOverS: o.fuseOverS,
    missingKwh: o.missingWh / 1000,
  }
}

export function judge(s: Scenario, ours: Figures, opt: Figures): TargetResult[] {
  const results: TargetResult[] = []
  if (s.goal === 'solar' && s.data.meter.cadenceS <= 60) {
    const ratio = opt.solarKwh > 0.01 ? ours.solarKwh / opt.solarKwh : 1
    results.push({
      id: 'solar',
      pass: ratio >= TARGETS.solarRatio,
      detail: `solar into the car ${ours.solarKwh.toFixed(2)} kWh is ${(ratio * 100).toFixed(1)} % of the optimum's ${opt.solarKwh.toFixed(2)} kWh (target ≥ ${TARGETS.solarRatio * 100} %)`,
    })
  }
  if (s.goal === 'cost') {
    const allowed = opt.costCents + TARGETS.costSlack * Math.abs(opt.costCents) + 0.5
    results.push({
      id: 'cost',
      pass: ours.costCents <= allowed,
      detail: `charging cost ${money(ours.costCents)} against the optimum's ${money(opt.costCents)} (target ≤ ${money(allowed)}, within ${TARGETS.costSlack * 100} %)`,
    })
  }
  results.push({
    id: 'cycles',
    pass: ours.maxStartsInHour <= TARGETS.maxStartsInHour,
    detail: `${ours.maxStartsInHour} start/stop cycles in the worst hour (target ≤ ${TARGETS.maxStartsInHour})`,
  })
  results.push({
    id: 'fuse',
    pass: ours.fuseOverS <= TARGETS.fuseOverS,
    detail: `${ours.fuseOverS} s above the ${s.site.fuseA} A fuse beyond one control interval (target 0 s)`,
  })
  if (s.car.needWh > 0 && opt.missingKwh <= TARGETS.departureToleranceKwh) {
    results.push({
      id: 'departure',
      pass: ours.missingKwh <= TARGETS.departureToleranceKwh,
      detail: `${ours.missingKwh.toFixed(2)} kWh missing at departure of ${(s.car.needWh / 1000).toFixed(1)} kWh needed; the optimum meets it`,
    })
  }
  return results
}

export function money(cents: number): string {
  const sign = cents < 0 ? '−' : ''
  return `${sign}$${(Math.abs(cents) / 100).toFixed(2)}`
}
