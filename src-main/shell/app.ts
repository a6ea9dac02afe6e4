/**
 * Wires the core to Electron: one instance, stores, core, IPC, tray, popover, notifications.
 * Everything with behaviour lives in the modules it calls; this file only connects them.
 */
import { join } from 'node:path'
import { BrowserWindow, app, dialog, ipcMain, nativeImage, powerMonitor, safeStorage, screen } from 'electron'
import type { SettingsSectionTarget } from '../../src-shared/model'
import { createCore } from '../core/app-core'
import { BATTERY_RELEASE_TIMEOUT_MS, HANDOFF_TIMEOUT_MS } from '../core/handoff-budgets'
import { realClock } from '../core/clock'
import type { CoreApp, CoreHost, Logger } from '../core/host'
import { createFileLogger } from '../core/log'
import { RemoteConfigFile } from '../remote/config-file'
import { createSwitchableCore } from '../remote/switchable-core'
import { forwardEvents, registerIpc, trustedSender } from './ipc'
import { openTarget, showNotification } from './notifications'
import { Popover } from './popover'
import { KeyringSecretStore, keyringBackend, pinPasswordStore } from './secret-store'
import { SettingsFile } from './settings-store'
import { SunspillTray } from './tray'
import { SettingsWindow, createPopoverWindow, createSettingsWindow, type WindowDeps } from './windows'

export interface RunOptions {
  /** The folder of the built main bundle (out/main); the preload and renderer sit beside it. */
  mainDir: string
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
}

export interface RunningShell {
  core: CoreApp
  logger: Logger
  popover: Popover
  tray: SunspillTray
  settingsWindow: SettingsWindow
  settings: SettingsFile
}

/**
 * core.stop() hands the chargers off and gives the home battery its minimum back, each bounded
 * (a tick first, then both at once); it gets that long and a little more before the app quits anyway.
 */
const STOP_TIMEOUT_MS = HANDOFF_TIMEOUT_MS + Math.max(HANDOFF_TIMEOUT_MS, BATTERY_RELEASE_TIMEOUT_MS) + 2_000

export function builtPaths(mainDir: string): { preloadFile: string; rendererFile: string } {
  return {
    preloadFile: join(mainDir, '..', 'preload', 'index.js'),
    rendererFile: join(mainDir, '..', 'renderer', 'index.html'),
  }
}

/** Starts the app. Resolves with the running shell, or null when another instance owns the app. */
export function runApp(options: RunOptions): Promise<RunningShell | null> {
  const platform = options.platform ?? process.platform
  const env = options.env ?? process.env

  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return Promise.resolve(null)
  }

  // Before ready: the keyring switch only takes effect if set before Chromium starts.
  const settings = new SettingsFile({ cwd: app.getPath('userData') })
  pinPasswordStore(app.commandLine, settings.read(), platform)

  let shell: RunningShell | null = null
  let quitting = false
  let stopping: Promise<void> | null = null
  let stopped = false

  app.on('second-instance', () => shell?.popover.show())
  // A tray app keeps running with no windows open; the listener alone stops Electron quitting.
  app.on('window-all-closed', () => {})
  app.on('before-quit', (event) => {
    quitting = true
    if (!shell || stopped) return
    // Electron does not wait for promises, so hold the quit until the core has stopped.
    event.preventDefault()
    const { core, logger } = shell
    stopping ??= withTimeout(core.stop(), STOP_TIMEOUT_MS)
      .catch((error: unknown) => logger.error('The core did not stop cleanly', { error: String(error) }))
      .finally(() => {
        stopped = true
        app.quit()
      })
  })

  return app.whenReady().then(async () => {
    try {
      shell = await startShell({ platform, env, settings, isQuitting: () => quitting, mainDir: options.mainDir })
      return shell
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      dialog.showErrorBox('Sunspill could not start', message)
      app.exit(1)
      return null
    }
  })
}

interface StartOptions {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  settings: SettingsFile
  mainDir: string
  isQuitting: () => boolean
}

async function startShell({ platform, env, settings, mainDir, isQuitting }: StartOptions): Promise<RunningShell> {
  if (platform === 'darwin') app.dock?.hide()
  if (platform === 'win32') app.setAppUserModelId(app.isPackaged ? 'com.sunspill.app' : process.execPath)

  const logger = createFileLogger(join(app.getPath('logs'), 'sunspill.log'))
  const secretStore = new KeyringSecretStore(safeStorage, settings, platform)
  const { preloadFile, rendererFile } = builtPaths(mainDir)
  // Only a development build may be pointed at a dev server.
  const devServerUrl = !app.isPackaged ? env.ELECTRON_RENDERER_URL || null : null
  const windowDeps: WindowDeps = { preloadFile, renderer: { rendererFile, devServerUrl }, logger }

  const settingsWindow = new SettingsWindow(
    (section) => createSettingsWindow(windowDeps, section),
    // With the dock icon hidden a normal window cannot be reached with Cmd-Tab, so show it meanwhile.
    (open) => {
      if (platform !== 'darwin') return
      if (open) void app.dock?.show()
      else app.dock?.hide()
    },
    logger,
  )
  let tray: SunspillTray | null = null
  const popover = new Popover({
    createWindow: () => createPopoverWindow(windowDeps),
    trayBounds: () => tray?.bounds() ?? null,
    screen,
    platform,
    isQuitting,
    logger,
  })

  const host: CoreHost = {
    runtime: 'app',
    appVersion: app.getVersion(),
    versions: definedOnly({ electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node }),
    dataDir: app.getPath('userData'),
    clock: realClock(),
    settingsStore: settings,
    secretStore,
    logger,
    openSettings: async () => {
      settingsWindow.open()
      return true
    },
    hidePopover: async () => {
      popover.hide()
      return true
    },
  }
  // This computer's core, or a remote headless Sunspill (remote mode); the rest of the shell cannot tell.
  const core = await createSwitchableCore({
    createLocal: () => createCore(host),
    config: new RemoteConfigFile(join(app.getPath('userData'), 'remote.json'), (message) => logger.warn(message)),
    secrets: secretStore,
    logger,
    // The popover's remote banner asks for a section (Remote); the core's own host never does.
    openSettings: async (section) => {
      settingsWindow.open(section)
      return true
    },
    hidePopover: host.hidePopover,
  })

  // Handlers first, so the first page load finds them.
  registerIpc(ipcMain, { ...core.handlers, ...core.shellHandlers }, trustedSender({ rendererFile, devServerUrl }), logger)
  tray = new SunspillTray({
    platform,
    nativeImage,
    togglePopover: () => popover.toggle(),
    showPopover: () => popover.show(),
    openSettings: () => settingsWindow.open(),
    quit: () => app.quit(),
  })
  const activeTray = tray
  popover.window()

  forwardEvents(core.events, () => BrowserWindow.getAllWindows())
  core.events.on('state:update', (state) => activeTray.update(state))
  const openers = { showPopover: () => popover.show(), openSettings: (section: SettingsSectionTarget) => void settingsWindow.open(section) }
  core.events.on('notification', (event) => showNotification(event, (target) => openTarget(target, openers)))
  activeTray.update(core.state())
  core.start()
  watchPower(core, logger)

  logger.info('Sunspill started', { version: app.getVersion(), keyring: keyringBackend(safeStorage, platform), settings: settings.location })
  return { core, logger, popover, tray: activeTray, settingsWindow, settings }
}

/**
 * A sleeping laptop cannot run the loop, so the chargers are handed off before it sleeps or shuts
 * down, and control is taken back on wake, after reading the chargers' real state.
 */
function watchPower(core: CoreApp, logger: Logger) {
  let handedOff: Promise<unknown> | null = null
  const handOff = (reason: 'suspend' | 'shutdown') => {
    logger.info(`The computer is going to ${reason === 'suspend' ? 'sleep' : 'shut down'}: handing the chargers off`)
    handedOff = core.handOff(reason).catch((error: unknown) => logger.error('Hand-off failed', { error: String(error) }))
  }
  powerMonitor.on('suspend', () => handOff('suspend'))
  powerMonitor.on('shutdown', () => handOff('shutdown'))
  powerMonitor.on('resume', () => {
    void (handedOff ?? Promise.resolve()).then(() => {
      handedOff = null
      return core.resume()
    })
  })
}

function definedOnly(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`it took longer than ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
