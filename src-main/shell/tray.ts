/**
 * The tray icon: click toggles the popover, the menu has Open / Settings… / Quit, the tooltip is
 * the control loop's status line and the icon follows price, charging and trouble.
 */
import { Menu, Tray } from 'electron'
import type { SiteState } from '../../src-shared/model'
import type { Rect } from './position'
import { buildTrayImage, trayIconKey, trayIconSpec, type NativeImageFactory } from './tray-icon'

export interface TrayDeps {
  platform: NodeJS.Platform
  nativeImage: NativeImageFactory
  togglePopover(): void
  showPopover(): void
  openSettings(): void
  quit(): void
}

/** Windows cuts tray tooltips at 127 characters; cut them ourselves so the end reads cleanly. */
const TOOLTIP_MAX = 127

export function tooltipText(statusLine: string): string {
  const line = statusLine.trim() || 'Sunspill'
  return line.length <= TOOLTIP_MAX ? line : `${line.slice(0, TOOLTIP_MAX - 1).trimEnd()}…`
}

export class SunspillTray {
  readonly tray: Tray
  private iconKey: string

  constructor(private readonly deps: TrayDeps) {
    const spec = trayIconSpec(null, deps.platform)
    this.iconKey = trayIconKey(spec)
    this.tray = new Tray(buildTrayImage(deps.nativeImage, spec, deps.platform))
    this.tray.setToolTip('Sunspill')

    const menu = Menu.buildFromTemplate([
      { label: 'Open Sunspill', click: () => deps.showPopover() },
      { label: 'Settings…', click: () => deps.openSettings() },
      { type: 'separator' },
      { label: 'Quit', click: () => deps.quit() },
    ])
    if (deps.platform === 'darwin') {
      // On macOS a context menu set with setContextMenu takes over the left click.
      this.tray.on('right-click', () => this.tray.popUpContextMenu(menu))
    } else {
      // Linux AppIndicator ignores clicks and only shows this menu, so it must be able to open the popover.
      this.tray.setContextMenu(menu)
    }
    this.tray.on('click', () => deps.togglePopover())
  }

  update(state: SiteState): void {
    this.tray.setToolTip(tooltipText(state.statusLine))
    const spec = trayIconSpec(state, this.deps.platform)
    const key = trayIconKey(spec)
    if (key === this.iconKey) return
    this.iconKey = key
    this.tray.setImage(buildTrayImage(this.deps.nativeImage, spec, this.deps.platform))
  }

  bounds(): Rect | null {
    return this.tray.isDestroyed() ? null : this.tray.getBounds()
  }
}
