/** Desktop notifications for the core's notification events; a click opens the view it names. */
import { Notification } from 'electron'
import { notificationTarget, type NotificationEvent, type NotificationTarget, type SettingsSectionTarget } from '../../src-shared/model'

export interface TargetOpeners {
  showPopover(): void
  openSettings(section: SettingsSectionTarget): void
}

/** Opens what a notification points at: the popover, or the settings window at a section. */
export function openTarget(target: NotificationTarget, open: TargetOpeners): void {
  if (target.view === 'settings') open.openSettings(target.section)
  else open.showPopover()
}

/** Shown notifications are kept until closed or clicked: a collected one loses its click handler. */
const live = new Set<Notification>()

/** Returns false when the desktop has no notification service (some Linux sessions). */
export function showNotification(event: NotificationEvent, onClick?: (target: NotificationTarget) => void): boolean {
  if (!Notification.isSupported()) return false
  const notification = new Notification({ title: event.title, body: event.body })
  live.add(notification)
  notification.on('click', () => {
    live.delete(notification)
    onClick?.(notificationTarget(event))
  })
  notification.on('close', () => live.delete(notification))
  notification.show()
  return true
}
