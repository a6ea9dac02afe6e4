import { describe, expect, it } from 'vitest'
import { isUsableTrayBounds, popoverPosition } from '../../../src-main/shell/position'

const size = { width: 360, height: 520 }
// A 1920×1080 screen with a 25 px menu bar / panel at the top.
const topPanel = { x: 0, y: 25, width: 1920, height: 1055 }
// A 1920×1080 screen with a 40 px Windows taskbar at the bottom.
const bottomTaskbar = { x: 0, y: 0, width: 1920, height: 1040 }
const zero = { x: 0, y: 0, width: 0, height: 0 }

describe('popoverPosition', () => {
  it('opens below a tray in the top half, centred on the icon', () => {
    const tray = { x: 1500, y: 0, width: 24, height: 24 }
    const placed = popoverPosition(tray, topPanel, size, 'darwin')
    // centre 1512 - 180 = 1332; below the icon (24 + 4 gap) but never above the work area (25)
    expect(placed).toEqual({ x: 1332, y: 28, anchor: tray })
  })

  it('opens above a tray in the bottom half (Windows taskbar at the bottom)', () => {
    const tray = { x: 1700, y: 1044, width: 32, height: 32 }
    const placed = popoverPosition(tray, bottomTaskbar, size, 'win32')
    // centre 1716 - 180 = 1536; 1044 - 520 - 4 = 520
    expect(placed).toEqual({ x: 1536, y: 520, anchor: tray })
  })

  it('opens below a tray on a taskbar moved to the top on Windows', () => {
    const workArea = { x: 0, y: 40, width: 1920, height: 1040 }
    const tray = { x: 1700, y: 4, width: 32, height: 32 }
    expect(popoverPosition(tray, workArea, size, 'win32')).toMatchObject({ x: 1536, y: 40 })
  })

  it('clamps to the right and left edges of the work area', () => {
    const farRight = popoverPosition({ x: 1900, y: 0, width: 20, height: 24 }, topPanel, size, 'linux')
    expect(farRight.x).toBe(1920 - 360)
    const farLeft = popoverPosition({ x: 2, y: 0, width: 20, height: 24 }, topPanel, size, 'linux')
    expect(farLeft.x).toBe(0)
  })

  it('clamps vertically when the work area is shorter than the popover allows', () => {
    const short = { x: 0, y: 0, width: 1280, height: 600 }
    const placed = popoverPosition({ x: 600, y: 560, width: 24, height: 24 }, short, size, 'win32')
    expect(placed.y).toBeGreaterThanOrEqual(0)
    expect(placed.y + size.height).toBeLessThanOrEqual(600)
  })

  it('works on a second display to the right of the first', () => {
    const second = { x: 1920, y: 0, width: 2560, height: 1400 }
    const tray = { x: 4000, y: 1402, width: 24, height: 30 }
    const placed = popoverPosition(tray, second, size, 'win32')
    expect(placed).toMatchObject({ x: 4012 - 180, y: 1402 - 520 - 4 })
  })

  it('uses the cached bounds when the tray reports {0,0,0,0}', () => {
    const cached = { x: 1500, y: 0, width: 24, height: 24 }
    const placed = popoverPosition(zero, topPanel, size, 'linux', cached)
    expect(placed).toEqual({ x: 1332, y: 28, anchor: cached })
  })

  it('falls back to the top-right corner without a cache (Linux, macOS)', () => {
    const placed = popoverPosition(zero, topPanel, size, 'linux')
    expect(placed).toEqual({ x: 1920 - 360 - 8, y: 25 + 8, anchor: null })
  })

  it('falls back to the bottom-right corner without a cache on Windows', () => {
    const placed = popoverPosition(zero, bottomTaskbar, size, 'win32')
    expect(placed).toEqual({ x: 1920 - 360 - 8, y: 1040 - 520 - 8, anchor: null })
  })

  it('treats missing or zero-sized bounds as unusable', () => {
    expect(isUsableTrayBounds(zero)).toBe(false)
    expect(isUsableTrayBounds({ x: 10, y: 10, width: 0, height: 22 })).toBe(false)
    expect(isUsableTrayBounds(null)).toBe(false)
    expect(isUsableTrayBounds({ x: 0, y: 0, width: 22, height: 22 })).toBe(true)
  })

  it('always returns whole pixels', () => {
    const placed = popoverPosition({ x: 1500.5, y: 0, width: 23, height: 24.5 }, topPanel, size, 'darwin')
    expect(Number.isInteger(placed.x) && Number.isInteger(placed.y)).toBe(true)
  })
})
