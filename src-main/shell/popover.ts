/**
 * The popover's behaviour: toggled by the tray, placed at the icon, hidden when it loses focus
 * (menubar's model). The window is created up front so the first click is instant, and again on
 * demand if it was destroyed (a crashed renderer).
 */
import type { BrowserWindow, Display, Point } from 'electron'
import type { Logger } from '../core/host'
import { popoverPosition, type Rect, isUsableTrayBounds } from './position'
import { POPOVER_SIZE } from './windows'

export interface ScreenLike {
  getDisplayMatching(rect: Rect): Display
  getDisplayNearestPoint(point: Point): Display
  getCursorScreenPoint(): Point
}

export interface PopoverDeps {
  createWindow: () => BrowserWindow
  trayBounds: () => Rect | null
  screen: ScreenLike
  platform: NodeJS.Platform
  /** While quitting, closing the popover really closes it; otherwise it only hides. */
  isQuitting: () => boolean
  now?: () => number
  logger?: Pick<Logger, 'warn' | 'info'>
}

/**
 * Clicking the tray icon while the popover is open first blurs the popover (which hides it) and
 * then delivers the click. Without this window the click would reopen it at once.
 */
const BLUR_CLICK_WINDOW_MS = 300

export class Popover {
  private win: BrowserWindow | null = null
  private lastGoodTray: Rect | null = null
  private hiddenByBlurAt = Number.NEGATIVE_INFINITY
  private readonly now: () => number

  constructor(private readonly deps: PopoverDeps) {
    this.now = deps.now ?? Date.now
  }

  /** The window, created if there is none yet. */
  window(): BrowserWindow {
    if (this.win && !this.win.isDestroyed()) return this.win
    const win = this.deps.createWindow()
    if (this.deps.platform === 'darwin') win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true })
    win.on('blur', () => {
      if (!win.isVisible()) return
      this.hiddenByBlurAt = this.now()
      win.hide()
    })
    win.on('close', (event) => {
      if (this.deps.isQuitting()) return
      event.preventDefault()
      win.hide()
    })
    win.webContents.on('render-process-gone', (_event, details) => {
      this.deps.logger?.warn('The popover renderer went away; it will be recreated on the next click', { reason: details.reason })
      win.destroy()
    })
    win.on('closed', () => {
      if (this.win === win) this.win = null
    })
    this.win = win
    return win
  }

  isVisible(): boolean {
    return !!this.win && !this.win.isDestroyed() && this.win.isVisible()
  }

  toggle(): 'shown' | 'hidden' {
    if (this.isVisible()) {
      this.hide()
      return 'hidden'
    }
    if (this.now() - this.hiddenByBlurAt < BLUR_CLICK_WINDOW_MS) return 'hidden'
    this.show()
    return 'shown'
  }

  show(): void {
    const win = this.window()
    const { x, y } = this.placement()
    win.setPosition(x, y, false)
    win.show()
    win.focus()
  }

  hide(): boolean {
    if (!this.isVisible()) return false
    this.win!.hide()
    return true
  }

  /** Where the popover goes now; remembers the tray bounds for panels that later report 0×0. */
  placement(): { x: number; y: number } {
    const bounds = this.deps.trayBounds()
    const anchor = isUsableTrayBounds(bounds) ? bounds : this.lastGoodTray
    const display = anchor
      ? this.deps.screen.getDisplayMatching(anchor)
      : this.deps.screen.getDisplayNearestPoint(this.deps.screen.getCursorScreenPoint())
    const placed = popoverPosition(bounds, display.workArea, POPOVER_SIZE, this.deps.platform, this.lastGoodTray)
    if (placed.anchor) this.lastGoodTray = placed.anchor
    return { x: placed.x, y: placed.y }
  }
}
