/**
 * Price notifications, pure. A notification fires when the price enters a spike or turns
 * negative, once per event: the state is remembered and re-armed only after the price has
 * clearly left (hysteresis), so a price hovering around the threshold does not nag.
 */
import { formatCents } from '../../../src-shared/format'
import type { NotificationEvent, PriceInterval } from '../../../src-shared/model'
import type { NotificationSettings } from '../../../src-shared/settings'

export interface PriceAlertMemory {
  inSpike: boolean
  inNegative: boolean
}

export const quietMemory = (): PriceAlertMemory => ({ inSpike: false, inNegative: false })

/** A spike ends once the price falls below this share of the threshold. */
export const SPIKE_REARM_SHARE = 0.8
/** A negative stretch ends once the price is at least this many cents. */
export const NEGATIVE_REARM_CENTS = 1

export interface PriceAlertResult {
  events: NotificationEvent[]
  memory: PriceAlertMemory
}

export function priceAlerts(
  now: PriceInterval | null,
  settings: NotificationSettings,
  memory: PriceAlertMemory,
  nowMs: number,
): PriceAlertResult {
  if (!now) return { events: [], memory }
  const price = now.perKwhCents
  const events: NotificationEvent[] = []

  let inSpike = memory.inSpike
  if (!inSpike && price >= settings.spikeThresholdCents) {
    inSpike = true
    events.push({
      id: `spike-${now.startMs}`,
      kind: 'spike',
      title: `Price spike: ${formatCents(price)}`,
      body: `Electricity costs ${formatCents(price)} now (your alert is at ${formatCents(settings.spikeThresholdCents)}). Hold off heavy loads; solar-only charging carries on.`,
      atMs: nowMs,
    })
  } else if (inSpike && price < settings.spikeThresholdCents * SPIKE_REARM_SHARE) {
    inSpike = false
  }

  let inNegative = memory.inNegative
  if (!inNegative && price < 0) {
    inNegative = true
    if (settings.negativePrice) {
      events.push({
        id: `negative-${now.startMs}`,
        kind: 'negative',
        title: `Negative price: ${formatCents(price)}`,
        body: `You are paid ${formatCents(-price)} to use power now: a good time to charge the car on Fast.`,
        atMs: nowMs,
      })
    }
  } else if (inNegative && price >= NEGATIVE_REARM_CENTS) {
    inNegative = false
  }

  return { events: settings.enabled ? events : [], memory: { inSpike, inNegative } }
}
