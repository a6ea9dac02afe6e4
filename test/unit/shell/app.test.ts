import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { invokeChannelNames, type Handlers } from '../../../src-shared/contract'
import type { CoreApp, CoreHost, Logger } from '../../../src-main/core/host'
import { FakeBrowserWindow, FakeNotification, FakeTray, app, dialog, ipcMain, powerMonitor } from '../../fakes/electron'
import { siteState } from './site-state'

// The core is another engineer's; here it is a recording stand-in with the same shape.
const core = vi.hoisted(() => ({
  hosts: [] as unknown[],
  fail: null as Error | null,
  current: null as null | {
    emitter: import('node:events').EventEmitter
    started: number
    stopped: number
    handOffs: string[]
    resumed: number
    calls: Array<{ channel: string; req: unknown }>
  },
  logs: [] as Array<{ level: string; message: string }>,
}))

vi.mock('../../../src-main/core/app-core', async () => {
  const { EventEmitter } = await import('node:events')
  const { invokeChannelNames } = await import('../../../src-shared/contract')
  const { siteState } = await import('./site-state')
  return {
    createCore: async (host: CoreHost): Promise<CoreApp> => {
      core.hosts.push(host)
      if (core.fail) throw core.fail
      const emitter = new EventEmitter()
      const state = { emitter, started: 0, stopped: 0, handOffs: [] as string[], resumed: 0, calls: [] as Array<{ channel: string; req: unknown }> }
      core.current = state
      const handlers = Object.fromEntries(
        invokeChannelNames.map((channel) => [
          channel,
          async (req: unknown) => {
            state.calls.push({ channel, req })
            if (channel === 'app:openSettings') return { opened: await host.openSettings() }
            if (channel === 'app:hidePopover') return { hidden: await host.hidePopover() }
            return siteState()
          },
        ]),
      ) as unknown as Handlers
      return {
        handlers,
        events: {
          on(channel, listener) {
            emitter.on(channel, listener)
            return () => emitter.off(channel, listener)
          },
        },
        state: () => siteState({ statusLine: 'Starting up' }),
        start: () => void state.started++,
        handOff: async (reason) => {
          state.handOffs.push(reason)
          return []
        },
        resume: async () => void state.resumed++,
        stop: async () => void state.stopped++,
        detach: async () => void state.stopped++,
      }
    },
  }
})

vi.mock('../../../src-main/core/log', () => ({
  createFileLogger: (file: string): Logger => ({
    info: (message) => void core.logs.push({ level: 'info', message }),
    warn: (message) => void core.logs.push({ level: 'warn', message }),
    error: (message) => void core.logs.push({ level: 'error', message }),
    redact: () => {},
    tail: () => [],
    file,
  }),
}))

const { runApp } = await import('../../../src-main/shell/app')

let root: string
let userData: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sunspill-app-'))
  userData = join(root, 'userData')
  app.setPath('userData', userData)
  app.setPath('logs', join(root, 'logs'))
  core.hosts = []
  core.fail = null
  core.current = null
  core.logs = []
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const mainDir = () => join(root, 'out', 'main')
const rendererFile = () => join(root, 'out', 'renderer', 'index.html')

async function start(platform: NodeJS.Platform = 'linux', env: NodeJS.ProcessEnv = {}) {
  const running = runApp({ mainDir: mainDir(), platform, env })
  app._fireReady()
  const shell = await running
  return shell!
}

describe('app wiring', () => {
  it('quits at once when another instance holds the lock', async () => {
    app.lockGranted = false
    expect(await runApp({ mainDir: mainDir(), platform: 'linux', env: {} })).toBeNull()
    expect(app.quitCalls).toBe(1)
    expect(FakeTray.instances).toHaveLength(0)
    expect(core.hosts).toHaveLength(0)
  })

  it('creates the tray, the popover and the core, registers IPC and starts', async () => {
    await start('linux')
    expect(FakeTray.instances).toHaveLength(1)
    expect(FakeBrowserWindow.instances).toHaveLength(1)
    const popover = FakeBrowserWindow.instances[0]!
    expect(popover.options.webPreferences).toEqual({
      preload: join(root, 'out', 'preload', 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    })
    expect(popover.loaded?.file).toBe(rendererFile())
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...invokeChannelNames].sort())
    expect(core.current!.started).toBe(1)
    expect(FakeTray.instances[0]!.tooltip).toBe('Starting up')

    const host = core.hosts[0] as CoreHost
    expect(host).toMatchObject({ runtime: 'app', appVersion: '0.1.0', dataDir: userData })
    expect(host.versions.node).toBe(process.versions.node)
    expect(host.logger.file).toBe(join(root, 'logs', 'sunspill.log'))
    expect(host.settingsStore.location).toBe(join(userData, 'settings.json'))
    expect(typeof host.clock.now()).toBe('number')
    expect(await host.secretStore.status()).toMatchObject({ backend: 'gnome_libsecret', weak: false })
  })

  it('serves IPC from its own window to the core and refuses other pages', async () => {
    await start()
    const url = pathToFileURL(rendererFile()).href
    await ipcMain.invoke('charger:setMode', { chargerId: 'garage', mode: 'fast' }, url)
    await expect(ipcMain.invoke('charger:setMode', { chargerId: 'garage', mode: 'fast' }, 'https://evil.example/')).rejects.toThrow(/refused/)
    expect(core.current!.calls).toEqual([{ channel: 'charger:setMode', req: { chargerId: 'garage', mode: 'fast' } }])
  })

  it('opens the settings window and hides the popover for the core', async () => {
    const shell = await start()
    const url = pathToFileURL(rendererFile()).href
    FakeTray.instances[0]!._click()
    expect(shell.popover.isVisible()).toBe(true)
    expect(await ipcMain.invoke('app:hidePopover', {}, url)).toEqual({ hidden: true })
    expect(shell.popover.isVisible()).toBe(false)

    expect(await ipcMain.invoke('app:openSettings', {}, url)).toEqual({ opened: true })
    await ipcMain.invoke('app:openSettings', {}, `${url}?view=settings`)
    expect(FakeBrowserWindow.instances).toHaveLength(2)
    const settings = FakeBrowserWindow.instances[1]!
    expect(settings.options).toMatchObject({ width: 900, height: 640 })
    expect(settings.loaded).toEqual({ file: rendererFile(), options: { query: { view: 'settings' } } })
  })

  it('opens the settings window at Remote when the popover’s remote banner asks, and turns an open one there', async () => {
    await start()
    const url = pathToFileURL(rendererFile()).href
    expect(await ipcMain.invoke('app:openSettings', { section: 'remote' }, url)).toEqual({ opened: true })
    const settings = FakeBrowserWindow.instances[1]!
    expect(settings.loaded).toEqual({ file: rendererFile(), options: { query: { view: 'settings', section: 'remote' } } })

    await ipcMain.invoke('app:openSettings', { section: 'accounts' }, url)
    await ipcMain.invoke('app:openSettings', { section: 'remote' }, url)
    expect(FakeBrowserWindow.instances).toHaveLength(2)
    expect(settings.webContents.executed).toEqual(['window.location.hash = "section=accounts"', 'window.location.hash = "section=remote"'])
    await expect(ipcMain.invoke('app:openSettings', { section: 'keys' }, url)).rejects.toThrow(/Invalid request for app:openSettings/)
  })

  it('updates the tray and every window on state:update', async () => {
    await start('win32')
    const before = FakeTray.instances[0]!.imageSets
    const state = siteState({ statusLine: 'Paused: price spike 186 c/kWh', descriptor: 'spike' })
    core.current!.emitter.emit('state:update', state)
    expect(FakeTray.instances[0]!.tooltip).toBe('Paused: price spike 186 c/kWh')
    expect(FakeTray.instances[0]!.imageSets).toBe(before + 1)
    expect(FakeBrowserWindow.instances[0]!.webContents.sent).toEqual([{ channel: 'state:update', payload: state }])
  })

  it('shows a desktop notification for core notifications when supported', async () => {
    await start()
    const event = { id: 'n1', kind: 'spike' as const, title: 'Price spike', body: 'Power costs 186 c/kWh until 6 pm.', atMs: 1 }
    core.current!.emitter.emit('notification', event)
    expect(FakeNotification.instances.map((n) => [n.options, n.shown])).toEqual([[{ title: 'Price spike', body: 'Power costs 186 c/kWh until 6 pm.' }, true]])
    FakeNotification.instances[0]!.emit('click')
    expect(FakeBrowserWindow.instances[0]!.visible).toBe(true)

    FakeNotification.supported = false
    core.current!.emitter.emit('notification', { ...event, id: 'n2' })
    expect(FakeNotification.instances).toHaveLength(1)
  })

  it('opens the view a clicked notification points at: the popover, or settings at its section', async () => {
    const shell = await start()
    const emit = (id: string, target?: unknown) =>
      core.current!.emitter.emit('notification', { id, kind: 'sourceFailing', title: 'Amber needs attention', body: 'Token rejected.', atMs: 1, target })
    const click = () => FakeNotification.instances.at(-1)!.emit('click')

    emit('popover', { view: 'popover' })
    click()
    expect(shell.popover.isVisible()).toBe(true)
    expect(FakeBrowserWindow.instances).toHaveLength(1)

    emit('accounts', { view: 'settings', section: 'accounts' })
    click()
    expect(FakeBrowserWindow.instances).toHaveLength(2)
    const settings = FakeBrowserWindow.instances[1]!
    expect(settings.loaded).toEqual({ file: rendererFile(), options: { query: { view: 'settings', section: 'accounts' } } })

    // The open window turns to the section in place, so unsaved edits elsewhere survive.
    emit('battery', { view: 'settings', section: 'battery' })
    click()
    expect(FakeBrowserWindow.instances).toHaveLength(2)
    expect(settings.focused).toBe(true)
    expect(settings.webContents.executed).toEqual(['window.location.hash = "section=battery"'])
  })

  it('shows the popover when a second instance starts', async () => {
    await start()
    app.emit('second-instance', {}, [], '/')
    expect(FakeBrowserWindow.instances[0]!.visible).toBe(true)
  })

  it('keeps running with every window closed and stops the core before quitting', async () => {
    await start()
    expect(app.listenerCount('window-all-closed')).toBe(1)
    app.quit()
    await vi.waitFor(() => expect(app.quitCalls).toBe(2))
    expect(core.current!.stopped).toBe(1)
    // The popover may close now instead of hiding.
    FakeBrowserWindow.instances[0]!.close()
    expect(FakeBrowserWindow.instances[0]!.destroyed).toBe(true)
  })

  it('hands the chargers off when the computer sleeps or shuts down, and takes control back on wake', async () => {
    await start()
    powerMonitor.emit('suspend')
    await vi.waitFor(() => expect(core.current!.handOffs).toEqual(['suspend']))
    expect(core.current!.resumed).toBe(0)
    powerMonitor.emit('resume')
    await vi.waitFor(() => expect(core.current!.resumed).toBe(1))
    powerMonitor.emit('shutdown')
    await vi.waitFor(() => expect(core.current!.handOffs).toEqual(['suspend', 'shutdown']))
  })

  it('pins the recorded Linux keyring before the app is ready', () => {
    mkdirSync(userData, { recursive: true })
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ secrets: { backend: 'kwallet5', entries: {} } }))
    void runApp({ mainDir: mainDir(), platform: 'linux', env: {} })
    expect(app.isReady()).toBe(false)
    expect(app.commandLine.getSwitchValue('password-store')).toBe('kwallet5')
  })

  it('hides the dock on macOS and shows it while the settings window is open', async () => {
    const shell = await start('darwin')
    expect(app.dock!.hidden).toBe(true)
    expect(FakeTray.instances[0]!.contextMenu).toBeNull()
    const win = shell.settingsWindow.open() as unknown as FakeBrowserWindow
    expect(app.dock!.hidden).toBe(false)
    win.close()
    expect(app.dock!.hidden).toBe(true)
  })

  it('loads the dev server only in an unpackaged build', async () => {
    await start('linux', { ELECTRON_RENDERER_URL: 'http://localhost:5173' })
    expect(FakeBrowserWindow.instances[0]!.loaded).toEqual({ url: 'http://localhost:5173/' })
    await ipcMain.invoke('state:get', {}, 'http://localhost:5173/')
  })

  it('ignores ELECTRON_RENDERER_URL in a packaged app', async () => {
    app.isPackaged = true
    await start('linux', { ELECTRON_RENDERER_URL: 'http://localhost:5173' })
    expect(FakeBrowserWindow.instances[0]!.loaded?.file).toBe(rendererFile())
    await expect(ipcMain.invoke('state:get', {}, 'http://localhost:5173/')).rejects.toThrow(/refused/)
  })

  it('reports a core that fails to start and exits', async () => {
    core.fail = new Error('The demo home could not be created.')
    expect(await start()).toBeNull()
    expect(dialog.errorBoxes).toEqual([{ title: 'Sunspill could not start', content: 'The demo home could not be created.' }])
    expect(app.exitCode).toBe(1)
  })
})
