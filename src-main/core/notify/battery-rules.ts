/**
 * The home battery did not take settings written to it. Each rejected save is one event (one
 * press of Save), raised by the battery:save handler; clicking it opens Settings → Battery.
 */
import type { NotificationEvent } from '../../../src-shared/model'

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
