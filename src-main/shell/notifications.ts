/** Desktop notifications for the core's notification events (price spikes, negative prices). */
import { Notification } from 'electron'
import type { NotificationEvent } from '../../src-shared/model'

/** Returns false when the desktop has no notification service (some Linux sessions). */
export function showNotification(event: NotificationEvent, onClick?: () => void): boolean {
  if (!Notification.isSupported()) return false
  const notification = new Notification({ title: event.title, body: event.body })
  if (onClick) notification.on('click', onClick)
  notification.show()
  return true
}
