import { describe, expect, it } from 'vitest'
import { FakeBrowserWindow, FakeTray, nativeImage, screen, type FakeMenu, type Rect } from '../../fakes/electron'
import { Popover, type ScreenLike } from '../../../src-main/shell/popover'
import { SunspillTray, tooltipText } from '../../../src-main/shell/tray'
import type { NativeImageFactory } from '../../../src-main/shell/tray-icon'
import { createPopoverWindow } from '../../../src-main/shell/windows'
import { siteState } from './site-state'

interface Options {
  platform?: NodeJS.Platform
  trayBounds?: Rect
  workArea?: Rect
  quitting?: boolean
}

function setup({ platform = 'darwin', trayBounds = { x: 1500, y: 0, width: 24, height: 24 }, workArea, quitting = false }: Options = {}) {
  FakeTray.defaultBounds = trayBounds
  if (workArea) screen.displays = [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea, scaleFactor: 1 }]
  let now = 10_000
  const calls = { settings: 0, quit: 0 }
  let tray: SunspillTray | null = null
  const popover = new Popover({
    createWindow: () => createPopoverWindow({ preloadFile: '/app/out/preload/index.js', renderer: { rendererFile: '/app/out/renderer/index.html', devServerUrl: null } }),
    trayBounds: () => tray?.bounds() ?? null,
    screen: screen as unknown as ScreenLike,
    platform,
    isQuitting: () => quitting,
    now: () => now,
  })
  tray = new SunspillTray({
    platform,
    nativeImage: nativeImage as unknown as NativeImageFactory,
    togglePopover: () => popover.toggle(),
    showPopover: () => popover.show(),
    openSettings: () => calls.settings++,
    quit: () => calls.quit++,
  })
  popover.window()
  return {
    popover,
    tray,
    fakeTray: FakeTray.instances[0]!,
    win: () => FakeBrowserWindow.instances.at(-1)!,
    calls,
    advance: (ms: number) => (now += ms),
  }
}

describe('tray and popover', () => {
  it('creates one tray and one hidden popover up front', () => {
    const { fakeTray, win } = setup()
    expect(FakeTray.instances).toHaveLength(1)
    expect(FakeBrowserWindow.instances).toHaveLength(1)
    expect(win().visible).toBe(false)
    expect(fakeTray.tooltip).toBe('Sunspill')
  })

  it('shows the popover below the macOS menu bar icon on click, centred on it', () => {
    const { fakeTray, win } = setup({ platform: 'darwin' })
    fakeTray._click()
    expect(win().visible).toBe(true)
    expect(win().focused).toBe(true)
    // default display work area starts at y=25 under the menu bar; icon centre 1512 - 180
    expect(win().getPosition()).toEqual([1332, 28])
    expect(win().visibleOnAllWorkspaces).toBe(true)
  })

  it('shows the popover above a Windows taskbar at the bottom', () => {
    const { fakeTray, win } = setup({
      platform: 'win32',
      trayBounds: { x: 1700, y: 1044, width: 32, height: 32 },
      workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    })
    fakeTray._click()
    expect(win().getPosition()).toEqual([1536, 520])
  })

  it('hides the popover on a second click', () => {
    const { fakeTray, win, advance } = setup()
    fakeTray._click()
    advance(1000)
    fakeTray._click()
    expect(win().visible).toBe(false)
  })

  it('hides the popover when it loses focus', () => {
    const { fakeTray, win } = setup()
    fakeTray._click()
    win()._blur()
    expect(win().visible).toBe(false)
  })

  it('does not reopen when the click that blurred it lands on the tray icon', () => {
    const { fakeTray, win, advance } = setup({ platform: 'win32' })
    fakeTray._click()
    advance(2000)
    win()._blur() // Windows: clicking the icon blurs the popover first…
    advance(50)
    fakeTray._click() // …then delivers the click
    expect(win().visible).toBe(false)
    advance(1000)
    fakeTray._click()
    expect(win().visible).toBe(true)
  })

  it('falls back to top-right on Linux when the tray reports no bounds, and reuses good bounds later', () => {
    const { fakeTray, win, advance } = setup({ platform: 'linux', trayBounds: { x: 0, y: 0, width: 0, height: 0 } })
    fakeTray._click()
    expect(win().getPosition()).toEqual([1920 - 360 - 8, 25 + 8])
    advance(1000)
    fakeTray._click()

    fakeTray.bounds = { x: 1000, y: 0, width: 22, height: 22 }
    advance(1000)
    fakeTray._click()
    expect(win().getPosition()).toEqual([1011 - 180, 26])
    advance(1000)
    fakeTray._click()

    fakeTray.bounds = { x: 0, y: 0, width: 0, height: 0 }
    advance(1000)
    fakeTray._click()
    expect(win().getPosition()).toEqual([1011 - 180, 26])
  })

  it('offers Open / Settings… / Quit in the context menu (set on Windows and Linux)', () => {
    const { fakeTray, win, calls } = setup({ platform: 'linux' })
    const menu = fakeTray.contextMenu!
    expect(menu.items.filter((i) => i.label).map((i) => i.label)).toEqual(['Open Sunspill', 'Settings…', 'Quit'])
    menu._click('Open Sunspill')
    expect(win().visible).toBe(true)
    menu._click('Settings…')
    menu._click('Quit')
    expect(calls).toEqual({ settings: 1, quit: 1 })
  })

  it('pops the menu up on right-click on macOS instead of taking over the left click', () => {
    const { fakeTray } = setup({ platform: 'darwin' })
    expect(fakeTray.contextMenu).toBeNull()
    fakeTray.emit('right-click')
    expect(fakeTray.poppedUp).toHaveLength(1)
    expect((fakeTray.poppedUp[0] as FakeMenu).items.some((i) => i.label === 'Quit')).toBe(true)
  })

  it('uses the status line as the tooltip and rebuilds the icon only when it would look different', () => {
    const { tray, fakeTray } = setup({ platform: 'linux' })
    const created = nativeImage.created
    tray.update(siteState({ statusLine: 'Charging 3.4 kW from solar', descriptor: 'low' }))
    expect(fakeTray.tooltip).toBe('Charging 3.4 kW from solar')
    expect(fakeTray.imageSets).toBe(1)
    tray.update(siteState({ statusLine: 'Charging 3.5 kW from solar', descriptor: 'veryLow' }))
    expect(fakeTray.tooltip).toBe('Charging 3.5 kW from solar')
    expect(fakeTray.imageSets).toBe(1)
    tray.update(siteState({ descriptor: 'spike' }))
    expect(fakeTray.imageSets).toBe(2)
    expect(nativeImage.created).toBe(created + 2)
  })

  it('builds 22/44 px images on Linux and template images on macOS', () => {
    setup({ platform: 'linux' })
    const linuxImage = FakeTray.instances[0]!.image as { representations: Array<{ scaleFactor: number; buffer: Buffer }>; template: boolean }
    expect(linuxImage.representations.map((r) => [r.scaleFactor, r.buffer.readUInt32BE(16)])).toEqual([[1, 22], [2, 44]])
    expect(linuxImage.template).toBe(false)
    setup({ platform: 'darwin' })
    const macImage = FakeTray.instances[1]!.image as { representations: Array<{ buffer: Buffer }>; template: boolean }
    expect(macImage.representations.map((r) => r.buffer.readUInt32BE(16))).toEqual([16, 32])
    expect(macImage.template).toBe(true)
  })

  it('keeps tooltips within the Windows limit', () => {
    expect(tooltipText('x'.repeat(300))).toHaveLength(127)
    expect(tooltipText('   ')).toBe('Sunspill')
  })

  it('hides instead of closing the popover (Alt+F4) unless the app is quitting', () => {
    const { fakeTray, win } = setup()
    fakeTray._click()
    win().close()
    expect(win().destroyed).toBe(false)
    expect(win().visible).toBe(false)

    const quitting = setup({ quitting: true })
    quitting.win().close()
    expect(quitting.win().destroyed).toBe(true)
  })

  it('recreates the popover after its renderer went away', () => {
    const { fakeTray, win } = setup()
    const first = win()
    first.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 })
    expect(first.destroyed).toBe(true)
    fakeTray._click()
    expect(FakeBrowserWindow.instances).toHaveLength(2)
    expect(win()).not.toBe(first)
    expect(win().visible).toBe(true)
  })
})
