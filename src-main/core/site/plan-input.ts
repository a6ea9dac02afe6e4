/**
 * Turns the user's "ready by HH:MM with N kWh added" into the planner's verdict for this tick.
 * The departure is the next time the site's clock shows HH:MM; the energy still missing is the
 * plan's energy less what this session has already delivered.
 */
import { formatClock } from '../../../src-shared/format'
import type { PriceInterval } from '../../../src-shared/model'
import { clockMinutes } from '../../../src-shared/clock-time'
import type { ChargePlan } from '../../../src-shared/settings'
import { planStep } from '../control/planner'
import type { ChargerInput } from '../control/types'
import { HOUR_MS } from '../time/durations'
import { localHourOfDay } from '../time/local-time'

export function nextDepartureMs(readyBy: string, nowMs: number, timeZone: string): number {
  // The settings schema admits only real times here.
  const hoursAhead = ((clockMinutes(readyBy) ?? 0) / 60 - localHourOfDay(timeZone, nowMs) + 24) % 24
  return nowMs + Math.round(hoursAhead * HOUR_MS)
}

export function planInput(o: {
  plan: ChargePlan | null | undefined
  sessionEnergyWh: number
  fullPowerW: number
  prices: PriceInterval[]
  nowMs: number
  timeZone: string
  /** Solar energy expected into the car between two times, Wh (solar-outlook.ts). */
  expectedSolarWh?: (fromMs: number, toMs: number) => number
}): ChargerInput['plan'] {
  const { plan } = o
  if (!plan?.enabled) return null
  const missingWh = Math.max(0, plan.energyKwh * 1000 - o.sessionEnergyWh)
  if (missingWh <= 0) return null
  const departMs = nextDepartureMs(plan.readyBy, o.nowMs, o.timeZone)
  const solarWh = Math.min(missingWh, o.expectedSolarWh?.(o.nowMs, departMs) ?? 0)
  const step = planStep({ nowMs: o.nowMs, departMs, missingWh, fullPowerW: o.fullPowerW, prices: o.prices, solarWh })
  const nextAt = step.nextMs === null ? null : formatClock(step.nextMs, o.timeZone)
  // A plan charging everything now counts on no sun, and says so by saying nothing of it.
  const sun = step.chargeNow && step.gridWh >= missingWh ? 0 : solarWh
  return { chargeNow: step.chargeNow, late: step.late, slotCents: step.slotCents, nextAt, readyBy: plan.readyBy, missingWh, solarWh: sun }
}
