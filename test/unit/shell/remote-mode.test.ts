import type { EventEmitter } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CoreApp, Logger } from '../../../src-main/core/host'
import { createFileLogger } from '../../../src-main/core/log'
import { KeyringSecretStore } from '../../../src-main/shell/secret-store'
import { SettingsFile } from '../../../src-main/shell/settings-store'
import type { Handlers } from '../../../src-shared/contract'
import { defaultSettings } from '../../../src-shared/settings'
import { FakeNotification, FakeTray, app, ipcMain, powerMonitor, safeStorage } from '../../fakes/electron'
import { scriptedCore } from '../helpers/scripted-core'
import { waitFor } from '../helpers/wait'
import { FINGERPRINT, TOKEN, serve, type Served } from '../remote/serve'
import { siteState } from './site-state'

// This computer's core must not even be built in remote mode; the stand-in records whether it was.
const local = vi.hoisted(() => ({ created: 0, started: 0, handOffs: 0 }))
vi.mock('../../../src-main/core/app-core', async () => {
  const { siteState } = await import('./site-state')
  const { invokeChannelNames } = await import('../../../src-shared/contract')
  return {
    createCore: async (): Promise<CoreApp> => {
      local.created++
      const handlers = Object.fromEntries(invokeChannelNames.map((c) => [c, async () => siteState({ statusLine: 'Local core' })]))
      return {
        handlers: handlers as unknown as Handlers,
        events: { on: () => () => {} },
        state: () => siteState({ statusLine: 'Local core' }),
        start: () => void local.started++,
        handOff: async () => {
          local.handOffs++
          return []
        },
        resume: async () => {},
        stop: async () => {},
        detach: async () => {},
      }
    },
  }
})

const { runApp } = await import('../../../src-main/shell/app')

/** The remote: a real headless server over TLS, in front of a core whose events the test plays. */
function remoteCore(): { core: CoreApp; emitter: EventEmitter } {
  const state = () => siteState({ statusLine: 'Remote: charging 3.4 kW from solar', charging: true })
  return scriptedCore({ state, answer: (channel) => (channel === 'settings:get' ? { settings: defaultSettings(), problem: null, secretsSet: {} } : state()) })
}

let root: string
let served: Served | null = null
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sunspill-remote-app-'))
  app.setPath('userData', join(root, 'userData'))
  app.setPath('logs', join(root, 'logs'))
  local.created = 0
  local.started = 0
  local.handOffs = 0
})
afterEach(async () => {
  await served?.close()
  served = null
  rmSync(root, { recursive: true, force: true })
})

const rendererUrl = () => pathToFileURL(join(root, 'out', 'renderer', 'index.html')).href

describe('the tray app in remote mode', () => {
  it('answers IPC from the remote, shows its notifications here, and leaves the chargers alone', async () => {
    const remote = remoteCore()
    const logger: Logger = createFileLogger(join(root, 'remote.log'))
    served = await serve(remote.core, logger)
    const userData = join(root, 'userData')
    mkdirSync(userData, { recursive: true })
    writeFileSync(join(userData, 'remote.json'), JSON.stringify({ mode: 'remote', url: served.url, fingerprint: FINGERPRINT }))
    await new KeyringSecretStore(safeStorage, new SettingsFile({ cwd: userData }), 'linux').set('remote:token', TOKEN)

    const running = runApp({ mainDir: join(root, 'out', 'main'), platform: 'linux', env: {} })
    app._fireReady()
    const shell = (await running)!
    try {
      expect(local.created).toBe(0)
      const state = (await ipcMain.invoke('state:get', {}, rendererUrl())) as { statusLine: string }
      expect(state.statusLine).toBe('Remote: charging 3.4 kW from solar')
      await waitFor(async () => ((await ipcMain.invoke('remote:get', {}, rendererUrl())) as { state: string }).state === 'connected')
      expect(FakeTray.instances[0]!.tooltip).toBe('Remote: charging 3.4 kW from solar')

      remote.emitter.emit('notification', { id: 'n1', kind: 'spike', title: 'Price spike', body: 'Power costs 186 c/kWh until 6 pm.', atMs: 1 })
      await waitFor(() => FakeNotification.instances.length === 1)
      expect(FakeNotification.instances[0]!.options).toEqual({ title: 'Price spike', body: 'Power costs 186 c/kWh until 6 pm.' })
      expect(FakeNotification.instances[0]!.shown).toBe(true)

      // Sleeping hands nothing off: the remote keeps controlling.
      powerMonitor.emit('suspend')
      powerMonitor.emit('resume')
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(local.created).toBe(0)
      expect(served.requests.filter((r) => !r.authorised)).toEqual([])

      // Back to this computer: the local core is built and started.
      const view = await ipcMain.invoke('remote:disconnect', {}, rendererUrl())
      expect(view).toMatchObject({ mode: 'local', state: 'local' })
      expect(local).toMatchObject({ created: 1, started: 1 })
      expect(((await ipcMain.invoke('state:get', {}, rendererUrl())) as { statusLine: string }).statusLine).toBe('Local core')
    } finally {
      await shell.core.stop()
    }
    const log = join(root, 'logs', 'sunspill.log')
    expect(existsSync(log)).toBe(true)
    expect(readFileSync(log, 'utf8')).not.toContain(TOKEN)
    expect(readFileSync(log, 'utf8')).toContain('Remote mode')
  })
})

