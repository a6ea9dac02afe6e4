/**
 * Where the popover opens. Pure, so every tray layout (macOS menu bar, Windows taskbar on any
 * edge, Linux indicators that report no bounds) is unit-tested without a screen.
 */

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface Size {
  width: number
  height: number
}

export interface PopoverPlacement {
  x: number
  y: number
  /** The tray bounds the placement used; the caller keeps it as the next call's `lastGood`. */
  anchor: Rect | null
}

/** Space between the tray icon and the popover, and from the screen edge when there is no anchor. */
const GAP = 4
const EDGE = 8

/** Linux (AppIndicator) and some Windows setups report 0×0 bounds for the tray icon. */
export function isUsableTrayBounds(bounds: Rect | null | undefined): bounds is Rect {
  return !!bounds && bounds.width > 0 && bounds.height > 0
}

export function popoverPosition(
  trayBounds: Rect | null | undefined,
  workArea: Rect,
  windowSize: Size,
  platform: NodeJS.Platform,
  lastGood: Rect | null = null,
): PopoverPlacement {
  const anchor = isUsableTrayBounds(trayBounds) ? trayBounds : lastGood
  const { width, height } = windowSize

  if (!anchor) {
    // menubar's fallback: the Windows taskbar is usually at the bottom, Linux panels at the top.
    const x = workArea.x + workArea.width - width - EDGE
    const y = platform === 'win32' ? workArea.y + workArea.height - height - EDGE : workArea.y + EDGE
    return { ...clamp(x, y, workArea, windowSize), anchor: null }
  }

  const x = anchor.x + anchor.width / 2 - width / 2
  const trayMiddle = anchor.y + anchor.height / 2
  const trayInTopHalf = trayMiddle < workArea.y + workArea.height / 2
  const y = trayInTopHalf ? anchor.y + anchor.height + GAP : anchor.y - height - GAP
  return { ...clamp(x, y, workArea, windowSize), anchor }
}

function clamp(x: number, y: number, area: Rect, size: Size): { x: number; y: number } {
  const maxX = area.x + Math.max(0, area.width - size.width)
  const maxY = area.y + Math.max(0, area.height - size.height)
  // BrowserWindow.setPosition only takes integers.
  return {
    x: Math.round(Math.min(Math.max(x, area.x), maxX)),
    y: Math.round(Math.min(Math.max(y, area.y), maxY)),
  }
}
