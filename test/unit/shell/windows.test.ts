import { describe, expect, it } from 'vitest'
import { FakeBrowserWindow, session, shell } from '../../fakes/electron'
import { SettingsWindow, createPopoverWindow, createSettingsWindow, isHttpsUrl, type WindowDeps } from '../../../src-main/shell/windows'

const deps: WindowDeps = {
  preloadFile: '/app/out/preload/index.js',
  renderer: { rendererFile: '/app/out/renderer/index.html', devServerUrl: null },
}

const secure = {
  preload: '/app/out/preload/index.js',
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  spellcheck: false,
}

const created = () => FakeBrowserWindow.instances.at(-1)!

describe('windows', () => {
  it('creates the popover frameless, 360×520, hidden, off the taskbar, with secure preferences', () => {
    createPopoverWindow(deps)
    const options = created().options
    expect(options).toMatchObject({
      width: 360,
      height: 520,
      show: false,
      frame: false,
      resizable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      fullscreenable: false,
    })
    expect(options.webPreferences).toEqual(secure)
    expect(created().loaded).toEqual({ file: '/app/out/renderer/index.html', options: undefined })
  })

  it('creates the settings window 900×640 with a frame, the same preferences and ?view=settings', async () => {
    createSettingsWindow(deps)
    const win = created()
    expect(win.options).toMatchObject({ width: 900, height: 640, show: false })
    expect(win.options.frame).not.toBe(false)
    expect(win.options.webPreferences).toEqual(secure)
    expect(win.loaded).toEqual({ file: '/app/out/renderer/index.html', options: { query: { view: 'settings' } } })
    await new Promise((resolve) => setImmediate(resolve))
    expect(win.visible).toBe(true) // shown on ready-to-show
  })

  it('loads the dev server when one is given', () => {
    const dev: WindowDeps = { ...deps, renderer: { ...deps.renderer, devServerUrl: 'http://localhost:5173/' } }
    createPopoverWindow(dev)
    expect(created().loaded).toEqual({ url: 'http://localhost:5173/' })
    createSettingsWindow(dev)
    expect(created().loaded).toEqual({ url: 'http://localhost:5173/?view=settings' })
  })

  for (const [name, create] of [
    ['popover', createPopoverWindow],
    ['settings', createSettingsWindow],
  ] as const) {
    it(`prevents navigation in the ${name} window`, () => {
      create(deps)
      expect(created().webContents._navigate('https://evil.example/')).toBe(true)
      expect(created().webContents._navigate('file:///etc/passwd')).toBe(true)
    })

    it(`denies window.open in the ${name} window and sends only https links to the browser`, () => {
      create(deps)
      const contents = created().webContents
      expect(contents._open('https://app.amber.com.au/developers')).toEqual({ action: 'deny' })
      expect(contents._open('http://insecure.example/')).toEqual({ action: 'deny' })
      expect(contents._open('file:///etc/passwd')).toEqual({ action: 'deny' })
      expect(contents._open('javascript:alert(1)')).toEqual({ action: 'deny' })
      expect(contents._open('not a url')).toEqual({ action: 'deny' })
      expect(shell.opened).toEqual(['https://app.amber.com.au/developers'])
    })

    it(`denies every permission request and check from the ${name} window`, async () => {
      create(deps)
      expect(created().webContents.session).toBe(session.defaultSession)
      for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
        expect(await session.defaultSession._request(permission)).toBe(false)
        expect(session.defaultSession._check(permission)).toBe(false)
      }
    })

    it(`refuses webviews in the ${name} window`, () => {
      create(deps)
      let prevented = false
      created().webContents.emit('will-attach-webview', { preventDefault: () => (prevented = true) })
      expect(prevented).toBe(true)
    })
  }

  it('opens one settings window and brings it forward when asked again', () => {
    const opened: boolean[] = []
    const settings = new SettingsWindow(() => createSettingsWindow(deps), (open) => opened.push(open))
    const first = settings.open()
    ;(first as unknown as FakeBrowserWindow)._blur()
    const second = settings.open()
    expect(second).toBe(first)
    expect(FakeBrowserWindow.instances).toHaveLength(1)
    expect((first as unknown as FakeBrowserWindow).focused).toBe(true)

    ;(first as unknown as FakeBrowserWindow).close()
    expect(settings.isOpen()).toBe(false)
    settings.open()
    expect(FakeBrowserWindow.instances).toHaveLength(2)
    expect(opened).toEqual([true, false, true])
  })

  it('opens the settings window at a section, and turns an open one to it without reloading', () => {
    createSettingsWindow(deps, 'battery')
    expect(created().loaded).toEqual({ file: '/app/out/renderer/index.html', options: { query: { view: 'settings', section: 'battery' } } })
    createSettingsWindow({ ...deps, renderer: { ...deps.renderer, devServerUrl: 'http://localhost:5173/' } }, 'notifications')
    expect(created().loaded).toEqual({ url: 'http://localhost:5173/?view=settings&section=notifications' })

    const settings = new SettingsWindow((section) => createSettingsWindow(deps, section))
    const win = settings.open('accounts') as unknown as FakeBrowserWindow
    expect(win.loaded?.options).toEqual({ query: { view: 'settings', section: 'accounts' } })
    expect(settings.open()).toBe(win)
    expect(win.webContents.executed).toEqual([])
    settings.open('battery')
    expect(win.webContents.executed).toEqual(['window.location.hash = "section=battery"'])
    expect(win.loaded?.options).toEqual({ query: { view: 'settings', section: 'accounts' } })
  })

  it('recognises https URLs only', () => {
    expect(isHttpsUrl('https://example.com')).toBe(true)
    expect(isHttpsUrl('HTTPS://example.com')).toBe(true)
    expect(isHttpsUrl('http://example.com')).toBe(false)
    expect(isHttpsUrl('//example.com')).toBe(false)
  })
})
