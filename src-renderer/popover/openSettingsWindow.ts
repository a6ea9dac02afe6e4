import type { SettingsSectionTarget } from '../../src-shared/model'

/** The app opens its own window; a browser tab has no second window, so it navigates itself. */
export async function openSettingsWindow(open: (section?: SettingsSectionTarget) => Promise<{ opened: boolean }>, section?: SettingsSectionTarget): Promise<void> {
  let opened = false
  try {
    opened = (await open(section)).opened
  } catch {
    opened = false
  }
  if (!opened) window.location.assign(settingsUrl(window.location.href, section))
}

/** The settings page, at a section when one is given (?view=settings&section=battery). */
export function settingsUrl(href: string, section?: string): string {
  const url = new URL(href)
  url.search = section ? `?view=settings&section=${encodeURIComponent(section)}` : '?view=settings'
  url.hash = ''
  return url.toString()
}

export function popoverUrl(href: string): string {
  const url = new URL(href)
  url.search = ''
  url.hash = ''
  return url.toString()
}
