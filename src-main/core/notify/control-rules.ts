/**
 * Sunspill stopped controlling a charger: every source went quiet and the chargers were handed
 * off, or a charger was changed elsewhere and Sunspill yielded. Each is one event; clicking it
 * opens the popover, where the charger says why and offers to take control back.
 */
import type { NotificationEvent } from '../../../src-shared/model'
import type { HandoffOutcome } from '../site/handoff'
import type { YieldRecord } from '../site/ownership'

export function chargerYielded(record: YieldRecord): NotificationEvent {
  return {
    id: `controlReleased-${record.chargerId}-${record.atMs}`,
    kind: 'controlReleased',
    title: `Sunspill stopped controlling ${record.label}`,
    body: `${record.message} Open Sunspill to take control back.`,
    atMs: record.atMs,
    target: { view: 'popover' },
  }
}

export function chargersHandedOffStale(afterMin: number, outcomes: (HandoffOutcome & { label: string })[], nowMs: number): NotificationEvent {
  const what = outcomes.map((o) => (o.ok ? `${o.label} ${o.message}` : `${o.label} could not be handed off: ${o.message}`)).join('; ')
  return {
    id: `controlReleased-stale-${nowMs}`,
    kind: 'controlReleased',
    title: 'Chargers handed off: no data',
    body: `No data from the meter or the chargers for ${afterMin} min${what ? ` (${what})` : ''}. Sunspill takes control back when data returns.`,
    atMs: nowMs,
    target: { view: 'popover' },
  }
}
