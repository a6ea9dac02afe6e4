/**
 * Quiet hours and the per-kind switches, pure: which of the rules' events reach the user.
 *
 * Quiet hours run from start to end on the site's clock and may cross midnight (22:00 to 07:00).
 * During them only what needs action now still notifies:
 * - spike: power is expensive right now (an overnight Fast charge or a grid-charging battery
 *   is costing money);
 * - chargingStopped: the car stopped charging and will not be ready in the morning;
 * - batteryWriteRejected: it answers something the user has just done, so they are awake.
 * Everything else (a likely spike, negative prices, a finished car, a failing source) is held
 * back, not queued: the rules still count it as raised, so it does not arrive later in a burst.
 * The tray's warning mark and the popover keep showing a failing source meanwhile.
 */
import type { NotificationEvent, NotificationKind } from '../../../src-shared/model'
import type { NotificationSettings, QuietHours } from '../../../src-shared/settings'
import { inClockWindow } from '../time/clock-window'

/** The kinds that still notify during quiet hours. */
export const BREAKS_QUIET_HOURS: ReadonlySet<NotificationKind> = new Set<NotificationKind>(['spike', 'chargingStopped', 'batteryWriteRejected'])

export function inQuietHours(quiet: QuietHours, nowMs: number, timeZone: string): boolean {
  return quiet.enabled && inClockWindow(quiet, nowMs, timeZone)
}

/** Whether an event of this kind reaches the user now. */
export function notificationAllowed(kind: NotificationKind, settings: NotificationSettings, nowMs: number, timeZone: string): boolean {
  if (!settings.enabled || !settings.kinds[kind]) return false
  return BREAKS_QUIET_HOURS.has(kind) || !inQuietHours(settings.quietHours, nowMs, timeZone)
}

/** The events that pass the master switch, their kind's switch and quiet hours. */
export function deliverable(events: NotificationEvent[], settings: NotificationSettings, nowMs: number, timeZone: string): NotificationEvent[] {
  return events.filter((event) => notificationAllowed(event.kind, settings, nowMs, timeZone))
}
