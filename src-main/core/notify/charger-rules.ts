/**
 * Charger notifications, pure, once per event:
 * - carFinished: a car that charged for a while (CHARGED_MIN_MS without a break, not yet full)
 *   is now reported full. Fires once; re-armed when the car is unplugged, or when it charges
 *   again for CHARGED_MIN_MS (a top-up after a raised limit), never by short balancing draws.
 * - chargingStopped: the car was drawing power, then stopped, while the loop still wants it
 *   charging (the user's switch on, the decision to charge) and it is plugged in and not full,
 *   and that lasted STOP_CONFIRM_MS. A stop the loop decided, a paused charger, an unplugged or
 *   full car is not unexpected. Fires once; re-armed when the car charges again for
 *   CHARGED_MIN_MS, or is unplugged.
 * A charger whose data is not recent (stale, offline) teaches nothing: its state is kept as it
 * was, and the source rules speak about it instead.
 */
import { formatDuration, formatEnergy } from '../../../src-shared/format'
import type { NotificationEvent, NotificationTarget } from '../../../src-shared/model'

/** Below this the car is not charging (electronics, rounding). */
export const DRAWING_MIN_W = 100
/** Charging this long without a break makes a session worth a "finished" message. */
export const CHARGED_MIN_MS = 5 * 60_000
/** A stop must last this long: cloud chargers report late and cars pause briefly. */
export const STOP_CONFIRM_MS = 2 * 60_000

const POPOVER: NotificationTarget = { view: 'popover' }

export interface ChargerObservation {
  id: string
  label: string
  /** The charger's data is recent (fresh or late). */
  reporting: boolean
  connected: boolean
  carFull: boolean
  powerW: number
  carSocPct: number | null
  sessionEnergyWh: number
  /** The loop wants the car charging now: the user's switch is on and the decision is to charge. */
  wantsCharge: boolean
}

export interface ChargerAlertState {
  /** Since when the car has drawn power without a break while not full; null when it is not. */
  drawingSinceMs: number | null
  /** The car charged long enough since it was plugged in (or last finished) to earn carFinished. */
  charged: boolean
  wasDrawing: boolean
  /** Since when the car has not drawn although the loop wants it to; null otherwise. */
  stalledSinceMs: number | null
  /** chargingStopped was raised and has not been re-armed. */
  stopRaised: boolean
}

/** Per charger id. */
export type ChargerAlertMemory = Record<string, ChargerAlertState>

export const idleCharger = (): ChargerAlertState => ({
  drawingSinceMs: null,
  charged: false,
  wasDrawing: false,
  stalledSinceMs: null,
  stopRaised: false,
})

export interface ChargerAlertResult {
  events: NotificationEvent[]
  memory: ChargerAlertMemory
}

export function chargerAlerts(chargers: ChargerObservation[], memory: ChargerAlertMemory, nowMs: number): ChargerAlertResult {
  const events: NotificationEvent[] = []
  const next: ChargerAlertMemory = {}
  for (const charger of chargers) {
    const step = chargerStep(charger, memory[charger.id] ?? idleCharger(), nowMs)
    next[charger.id] = step.state
    events.push(...step.events)
  }
  return { events, memory: next }
}

function chargerStep(c: ChargerObservation, prev: ChargerAlertState, nowMs: number): { state: ChargerAlertState; events: NotificationEvent[] } {
  if (!c.reporting) return { state: prev, events: [] }
  if (!c.connected) return { state: idleCharger(), events: [] }

  const events: NotificationEvent[] = []
  const drawing = c.powerW >= DRAWING_MIN_W
  const drawingSinceMs = drawing && !c.carFull ? (prev.drawingSinceMs ?? nowMs) : null
  const sustained = drawingSinceMs !== null && nowMs - drawingSinceMs >= CHARGED_MIN_MS

  let charged = prev.charged || sustained
  if (charged && c.carFull) {
    charged = false
    events.push({
      id: `carFinished-${c.id}-${nowMs}`,
      kind: 'carFinished',
      title: `Car charged on ${c.label}`,
      body: `The car is full${c.carSocPct === null ? '' : ` at ${Math.round(c.carSocPct)} %`} after ${formatEnergy(c.sessionEnergyWh)} this session. It can be unplugged.`,
      atMs: nowMs,
      target: POPOVER,
    })
  }

  const unexpected = !drawing && c.wantsCharge && !c.carFull
  const stalledSinceMs = unexpected && (prev.wasDrawing || prev.stalledSinceMs !== null) ? (prev.stalledSinceMs ?? nowMs) : null
  let stopRaised = prev.stopRaised && !sustained
  if (stalledSinceMs !== null && !stopRaised && nowMs - stalledSinceMs >= STOP_CONFIRM_MS) {
    stopRaised = true
    events.push({
      id: `chargingStopped-${c.id}-${stalledSinceMs}`,
      kind: 'chargingStopped',
      title: `Charging stopped on ${c.label}`,
      body: `The car stopped taking power ${formatDuration((nowMs - stalledSinceMs) / 1000)} ago although Sunspill wants it charging and it is not full${
        c.carSocPct === null ? '' : ` (${Math.round(c.carSocPct)} %)`
      }. Check the cable, and the car's own charge limit and schedule.`,
      atMs: nowMs,
      target: POPOVER,
    })
  }

  return { state: { drawingSinceMs, charged, wasDrawing: drawing, stalledSinceMs, stopRaised }, events }
}
