/**
 * The departure planner: to add a given energy by a given time, charge at full power in the
 * cheapest price intervals before then (equal prices: the latest first, so the sun has every
 * chance to do the work before the grid does; evcc's planner does the same). It is re-planned
 * every tick from the energy still missing, so solar that arrives before departure shrinks the
 * grid's share as it happens, and a forecast that changes moves the plan.
 * Sun expected before departure (solar-outlook.ts) shrinks what is bought, never the time kept
 * free: the plan still starts no later than charging everything from the grid would need, with a
 * quarter to spare, so a forecast that fails costs money rather than the departure.
 * Without prices the plan is the latest start that still makes it.
 */
import type { PriceInterval } from '../../../src-shared/model'

export interface PlanInput {
  nowMs: number
  departMs: number
  /** Energy still to add before departure, Wh. */
  missingWh: number
  /** What the car takes at full current, W. */
  fullPowerW: number
  prices: PriceInterval[]
  /** Solar energy expected into the car before departure, Wh. */
  solarWh?: number
}

export interface PlanStep {
  /** Charge at full power now. */
  chargeNow: boolean
  /** The plan cannot make it even charging from now on. */
  late: boolean
  /** The dearest slot the plan charges in, c/kWh: what grid energy for the car costs; null without prices. */
  slotCents: number | null
  /** When the plan next charges from the grid, if not now; null when it cannot tell. */
  nextMs: number | null
  /** The grid's share of what is missing, after the sun expected before departure, Wh. */
  gridWh: number
}

/** Chargers draw a little less than their rating and cars lose some of it: plan with room. */
const PLAN_SLACK = 1.05
/**
 * Counting on the sun moves the grid's share towards departure; should the sun not come, the
 * whole need is bought at the end, when a busy house may hold the fuse and a nearly full car
 * draws less. So the time kept free for that is a quarter longer than full power needs.
 */
const SUN_GUARD_SLACK = 1.25

export function planStep(p: PlanInput): PlanStep {
  const gridWh = Math.max(0, p.missingWh - (p.solarWh ?? 0))
  const none: PlanStep = { chargeNow: false, late: false, slotCents: null, nextMs: null, gridWh }
  if (p.missingWh <= 0 || p.departMs <= p.nowMs || p.fullPowerW <= 0) return none
  const leftMs = p.departMs - p.nowMs
  const allGridMs = ((p.missingWh * PLAN_SLACK) / p.fullPowerW) * 3_600_000
  const guardMs = gridWh < p.missingWh ? allGridMs * (SUN_GUARD_SLACK / PLAN_SLACK) : allGridMs
  if (guardMs >= leftMs) return { chargeNow: true, late: allGridMs > leftMs * PLAN_SLACK, slotCents: null, nextMs: null, gridWh: p.missingWh }
  if (gridWh <= 0) return none
  const neededMs = ((gridWh * PLAN_SLACK) / p.fullPowerW) * 3_600_000

  const slots = p.prices
    .map((i) => ({ startMs: Math.max(i.startMs, p.nowMs), endMs: Math.min(i.endMs, p.departMs), cents: i.perKwhCents }))
    .filter((s) => s.endMs > s.startMs)
  const coveredMs = slots.reduce((sum, s) => sum + (s.endMs - s.startMs), 0)
  // Prices that stop short of departure cannot rank the rest: start as late as still makes it.
  if (slots.length === 0 || coveredMs < leftMs - 60_000) return none

  const ranked = [...slots].sort((a, b) => a.cents - b.cents || b.startMs - a.startMs)
  let takenMs = 0
  let slotCents: number | null = null
  const chosen = new Set<(typeof slots)[number]>()
  let marginal: (typeof slots)[number] | null = null
  for (const slot of ranked) {
    if (takenMs >= neededMs) break
    chosen.add(slot)
    takenMs += slot.endMs - slot.startMs
    slotCents = slot.cents
    marginal = slot
  }
  // Of the last slot taken only the part still needed is charged, at its end: finishing early
  // would leave a full car while the sun still shines.
  const spareMs = takenMs - neededMs
  const startOf = (slot: (typeof slots)[number]) => (slot === marginal ? slot.startMs + spareMs : slot.startMs)
  const nextMs = Math.min(...[...chosen].map(startOf))
  const current = slots.find((s) => s.startMs <= p.nowMs && p.nowMs < s.endMs)
  const chargeNow = current !== undefined && chosen.has(current) && p.nowMs >= startOf(current)
  return { chargeNow, late: false, slotCents, nextMs: chargeNow ? null : nextMs, gridWh }
}
