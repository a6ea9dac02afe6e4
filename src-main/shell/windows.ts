/**
 * The two windows and the rules every one of them follows (Electron's security checklist:
 * isolation, sandbox, no navigation, no new windows, no permissions).
 */
import { BrowserWindow, shell, type WebContents, type WebPreferences } from 'electron'
import type { SettingsSectionTarget } from '../../src-shared/model'
import type { Logger } from '../core/host'

export const POPOVER_SIZE = { width: 360, height: 520 } as const
export const SETTINGS_SIZE = { width: 900, height: 640 } as const

export interface RendererLocation {
  /** Absolute path of out/renderer/index.html. */
  rendererFile: string
  /** The electron-vite dev server, when running `electron-vite dev`. */
  devServerUrl: string | null
}

export interface WindowDeps {
  preloadFile: string
  renderer: RendererLocation
  logger?: Pick<Logger, 'warn' | 'error' | 'info'>
}

export function secureWebPreferences(preloadFile: string): WebPreferences {
  return {
    preload: preloadFile,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
  }
}

export function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === 'https:'
  } catch {
    return false
  }
}

/** Nothing the renderer loads may navigate, open windows, embed webviews or get a permission. */
export function hardenWebContents(contents: WebContents, logger?: WindowDeps['logger']): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Links to vendor sites open in the user's browser; everything else is dropped.
    if (isHttpsUrl(url)) void shell.openExternal(url)
    else logger?.warn('Blocked a window.open from the renderer', { url })
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    event.preventDefault()
    logger?.warn('Blocked a navigation in the renderer', { url })
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  contents.session.setPermissionCheckHandler(() => false)
}

export function loadRenderer(
  win: BrowserWindow,
  location: RendererLocation,
  view?: 'settings',
  logger?: WindowDeps['logger'],
  /** The settings section to open at (?section=battery); Accounts when absent. */
  section?: SettingsSectionTarget,
): void {
  const query: Record<string, string> = {}
  if (view) query.view = view
  if (view && section) query.section = section
  const loading = location.devServerUrl
    ? win.loadURL(withQuery(location.devServerUrl, query))
    : win.loadFile(location.rendererFile, view ? { query } : undefined)
  loading.catch((error: unknown) => logger?.error('The window could not load its page', { view: view ?? 'popover', error: String(error) }))
}

function withQuery(base: string, query: Record<string, string>): string {
  const url = new URL(base)
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
  return url.href
}

/**
 * Turns an open settings window to a section without reloading it (unsaved edits survive): the
 * page follows #section=… (SettingsWindow.tsx), and a hash change is an in-page navigation that
 * the will-navigate guard does not see.
 */
export function showSettingsSection(win: BrowserWindow, section: SettingsSectionTarget, logger?: WindowDeps['logger']): void {
  const hash = `section=${encodeURIComponent(section)}`
  win.webContents
    .executeJavaScript(`window.location.hash = ${JSON.stringify(hash)}`)
    .catch((error: unknown) => logger?.warn('The settings window could not switch section', { section, error: String(error) }))
}

export function createPopoverWindow(deps: WindowDeps): BrowserWindow {
  const win = new BrowserWindow({
    ...POPOVER_SIZE,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    fullscreenable: false,
    title: 'Sunspill',
    webPreferences: secureWebPreferences(deps.preloadFile),
  })
  hardenWebContents(win.webContents, deps.logger)
  loadRenderer(win, deps.renderer, undefined, deps.logger)
  return win
}

export function createSettingsWindow(deps: WindowDeps, section?: SettingsSectionTarget): BrowserWindow {
  const win = new BrowserWindow({
    ...SETTINGS_SIZE,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Sunspill Settings',
    webPreferences: secureWebPreferences(deps.preloadFile),
  })
  hardenWebContents(win.webContents, deps.logger)
  // Shown once painted, so it never flashes white.
  win.once('ready-to-show', () => win.show())
  loadRenderer(win, deps.renderer, 'settings', deps.logger, section)
  return win
}

/** One settings window at most: opening it again brings the existing one forward. */
export class SettingsWindow {
  private win: BrowserWindow | null = null

  constructor(
    private readonly create: (section?: SettingsSectionTarget) => BrowserWindow,
    /** Called with true when the window appears and false when it closes (the macOS dock follows it). */
    private readonly onOpenChange: (open: boolean) => void = () => {},
    private readonly logger?: WindowDeps['logger'],
  ) {}

  /** With a section, the window opens at it (or an open one turns to it); else where it was. */
  open(section?: SettingsSectionTarget): BrowserWindow {
    if (this.win && !this.win.isDestroyed()) {
      if (this.win.isMinimized()) this.win.restore()
      this.win.show()
      this.win.focus()
      if (section) showSettingsSection(this.win, section, this.logger)
      return this.win
    }
    const win = this.create(section)
    this.win = win
    this.onOpenChange(true)
    win.on('closed', () => {
      if (this.win === win) this.win = null
      this.onOpenChange(false)
    })
    return win
  }

  isOpen(): boolean {
    return !!this.win && !this.win.isDestroyed()
  }
}
