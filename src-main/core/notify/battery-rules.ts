/**
 * The home battery did not take settings written to it. Each rejected save is one event (one
 * press of Save), raised by the battery:save handler; clicking it opens Settings → Battery.
 */
import type { NotificationEvent } from '../../../src-shared/model'
import type { HeldBattery } from '../site/battery-hold'

export function batteryWriteRejected(message: string, nowMs: number): NotificationEvent {
  return {
    id: `batteryWriteRejected-${nowMs}`,
    kind: 'batteryWriteRejected',
    title: 'The battery did not take its new settings',
    body: `${message} The battery keeps the settings it had.`,
    atMs: nowMs,
    target: { view: 'settings', section: 'battery' },
  }
}

/**
 * A battery Sunspill was holding for the house left the site (its account removed or changed)
 * before its minimum could go back: the user sets it by hand.
 */
export function batteryHoldLeft(held: HeldBattery, nowMs: number): NotificationEvent {
  return {
    id: `batteryHoldLeft-${nowMs}`,
    kind: 'batteryWriteRejected',
    title: "Set the battery's minimum by hand",
    body: `Sunspill was holding ${held.label} at ${held.heldAtPct} % for the house and could not give it your minimum of ${held.userMinSocPct} % back before its account changed. Set the minimum SOC in the vendor's app.`,
    atMs: nowMs,
    target: { view: 'settings', section: 'battery' },
  }
}
