/**
 * Price notifications, pure. A notification fires when the price enters a spike, when a spike
 * looks likely within the hour, or when the price turns negative, once per event: the state is
 * remembered and re-armed only after the price has clearly left (hysteresis), so a price
 * hovering around the threshold does not nag. A spike is the user's threshold or Amber's own
 * word for it (spikeStatus or descriptor "spike"); "potential" is Amber's warning.
 * The rules raise every event; the switches and quiet hours (quiet-hours.ts) choose which reach
 * the user, so the memory moves on either way. Clicking one opens the popover's price.
 */
import { formatCents, formatClock } from '../../../src-shared/format'
import type { NotificationEvent, NotificationTarget, PriceInterval } from '../../../src-shared/model'
import type { NotificationSettings } from '../../../src-shared/settings'

export interface PriceAlertMemory {
  inSpike: boolean
  spikeExpected: boolean
  inNegative: boolean
}

const POPOVER: NotificationTarget = { view: 'popover' }

export const quietMemory = (): PriceAlertMemory => ({ inSpike: false, spikeExpected: false, inNegative: false })

/** A spike ends once the price falls below this share of the threshold. */
export const SPIKE_REARM_SHARE = 0.8
/** A negative stretch ends once the price is at least this many cents. */
export const NEGATIVE_REARM_CENTS = 1
/** How far ahead a forecast spike earns a heads-up. */
export const LOOKAHEAD_MS = 60 * 60 * 1000

export interface PriceAlertInput {
  intervals: PriceInterval[]
  nowMs: number
  timeZone: string
  settings: NotificationSettings
  memory: PriceAlertMemory
}

export interface PriceAlertResult {
  events: NotificationEvent[]
  memory: PriceAlertMemory
}

function isSpike(interval: PriceInterval, settings: NotificationSettings): boolean {
  return interval.perKwhCents >= settings.spikeThresholdCents || interval.spikeStatus === 'spike' || interval.descriptor === 'spike'
}

export function priceAlerts({ intervals, nowMs, timeZone, settings, memory }: PriceAlertInput): PriceAlertResult {
  const now = intervals.find((p) => p.startMs <= nowMs && nowMs < p.endMs)
  if (!now) return { events: [], memory }
  const price = now.perKwhCents
  const events: NotificationEvent[] = []

  let inSpike = memory.inSpike
  if (!inSpike && isSpike(now, settings)) {
    inSpike = true
    events.push({
      id: `spike-${now.startMs}`,
      kind: 'spike',
      title: `Price spike: ${formatCents(price)}`,
      body: `Electricity costs ${formatCents(price)} now (your alert is at ${formatCents(settings.spikeThresholdCents)}). Hold off heavy loads; solar-only charging carries on.`,
      atMs: nowMs,
      target: POPOVER,
    })
  } else if (inSpike && !isSpike(now, settings) && price < settings.spikeThresholdCents * SPIKE_REARM_SHARE) {
    inSpike = false
  }

  const coming = intervals.find(
    (p) => p.startMs > nowMs && p.startMs <= nowMs + LOOKAHEAD_MS && (isSpike(p, settings) || p.spikeStatus === 'potential'),
  )
  const warned = now.spikeStatus === 'potential' || coming !== undefined
  let spikeExpected = memory.spikeExpected
  if (!spikeExpected && !inSpike && warned) {
    spikeExpected = true
    const when = coming ? ` around ${formatClock(coming.startMs, timeZone)}` : ''
    const expected = coming ? ` (forecast ${formatCents(coming.perKwhCents)})` : ''
    events.push({
      id: `potential-${coming?.startMs ?? now.startMs}`,
      kind: 'potential',
      title: `Price spike likely${when}`,
      body: `Amber expects the price to spike${when}${expected}. Charge now or wait until it has passed.`,
      atMs: nowMs,
      target: POPOVER,
    })
  } else if (spikeExpected && !warned && !inSpike) {
    spikeExpected = false
  }

  let inNegative = memory.inNegative
  if (!inNegative && price < 0) {
    inNegative = true
    events.push({
      id: `negative-${now.startMs}`,
      kind: 'negative',
      title: `Negative price: ${formatCents(price)}`,
      body: `You are paid ${formatCents(-price)} to use power now: a good time to charge the car on Fast.`,
      atMs: nowMs,
      target: POPOVER,
    })
  } else if (inNegative && price >= NEGATIVE_REARM_CENTS) {
    inNegative = false
  }

  return { events, memory: { inSpike, spikeExpected, inNegative } }
}
