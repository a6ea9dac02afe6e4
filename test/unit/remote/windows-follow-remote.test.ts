/**
 * What the desktop app's windows list while another machine runs the loop. The popover and the
 * settings window are each a renderer store bound to the switchable core, as the preload binds
 * them; the remote is a real headless server in front of a core whose clock runs behind this
 * computer's (a small always-on machine without a clock battery often does).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CoreApp } from '../../../src-main/core/host'
import { createFileLogger } from '../../../src-main/core/log'
import { FileSecretStore } from '../../../src-main/core/secrets/file-store'
import { REMOTE_TOKEN_KEY, RemoteConfigFile } from '../../../src-main/remote/config-file'
import { createSwitchableCore, type SwitchableCore } from '../../../src-main/remote/switchable-core'
import { createAppStore, type AppStore } from '../../../src-renderer/store/appStore'
import { bindApi } from '../../../src-renderer/store/bindApi'
import { parseRequest, type Api, type InvokeChannel } from '../../../src-shared/contract'
import type { SettingsSectionTarget, SiteState } from '../../../src-shared/model'
import { defaultSettings } from '../../../src-shared/settings'
import { startTestCore } from '../helpers/core-host'
import { scriptedCore } from '../helpers/scripted-core'
import { waitFor } from '../helpers/wait'
import { siteState } from '../shell/site-state'
import { FINGERPRINT, TOKEN, serve, type Served } from './serve'

const TEN_MINUTES = 10 * 60_000

/** The remote: its one charger is "garage"; this computer's demo home has "demo:charger". */
function remoteCore(): { core: CoreApp; tick(): void } {
  const state = (): SiteState => ({ ...siteState({ statusLine: 'Remote: charging 3.4 kW from solar', charging: true }), atMs: Date.now() - TEN_MINUTES })
  const { core, emitter } = scriptedCore({
    state,
    answer: (channel) => {
      if (channel === 'settings:get') return { settings: defaultSettings(), problem: null, secretsSet: {} }
      if (channel === 'app:info') return { appVersion: '0.1.0', runtime: 'headless', versions: {}, dataDir: '/srv/sunspill', logFile: '/srv/sunspill/log', keyringBackend: 'file' }
      return state()
    },
  })
  return { core, tick: () => emitter.emit('state:update', state()) }
}

let served: Served | null = null
let switchable: SwitchableCore | null = null
const unbinds: Array<() => void> = []
afterEach(async () => {
  unbinds.splice(0).forEach((unbind) => unbind())
  await switchable?.stop()
  await served?.close()
  switchable = null
  served = null
})

async function setup(options: { remoteMode?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-windows-'))
  const logger = createFileLogger(join(dir, 'app.log'))
  const secrets = new FileSecretStore(join(dir, 'secrets.json'), logger, {})
  const config = new RemoteConfigFile(join(dir, 'remote.json'))
  const remote = remoteCore()
  served = await serve(remote.core, logger)
  if (options.remoteMode) {
    config.write({ mode: 'remote', url: served.url, fingerprint: FINGERPRINT })
    await secrets.set(REMOTE_TOKEN_KEY, TOKEN)
  }
  const opened: Array<SettingsSectionTarget | undefined> = []
  switchable = await createSwitchableCore({
    createLocal: async () => (await startTestCore(Date.now())).core,
    config,
    secrets,
    logger,
    openSettings: async (section) => {
      opened.push(section)
      return true
    },
    hidePopover: async () => true,
  })
  switchable.start()
  return { remote, opened }
}

/** window.api as the preload gives it: IPC parses each request, then the switchable core answers. */
function api(core: SwitchableCore): Api {
  const all = { ...core.handlers, ...core.shellHandlers } as Record<InvokeChannel, (req: unknown) => Promise<unknown>>
  return {
    invoke: ((channel: InvokeChannel, req: unknown) => all[channel](parseRequest(channel, req))) as Api['invoke'],
    on: core.events.on as Api['on'],
  }
}

/** A window: its own store, loaded and bound like main.tsx does. */
async function openWindow(core: SwitchableCore): Promise<AppStore> {
  const store = createAppStore(api(core), 'open')
  unbinds.push(bindApi(api(core), store))
  await store.getState().fetchRemote()
  return store
}

const chargerIds = (store: AppStore) => store.getState().site?.chargers.map((c) => c.id) ?? []

describe('the windows follow the core that runs the loop', () => {
  it('a settings window open while this computer connects lists the remote’s chargers, as the popover does', async () => {
    const { remote } = await setup()
    const popover = await openWindow(switchable!)
    const settings = await openWindow(switchable!)
    await waitFor(() => chargerIds(settings).length > 0, 5000, 'the local state')
    expect(chargerIds(settings)).toEqual(['demo:charger'])

    const connected = await settings.getState().connectRemote({ url: served!.url, token: TOKEN, fingerprint: FINGERPRINT })
    expect(connected.ok).toBe(true)
    await waitFor(() => switchable!.view().state === 'connected', 5000, 'the link')
    remote.tick()
    await waitFor(() => chargerIds(settings)[0] === 'garage', 5000, 'the remote’s chargers in the settings window')
    expect(chargerIds(popover)).toEqual(['garage'])
    expect(settings.getState().site?.statusLine).toBe('Remote: charging 3.4 kW from solar')

    // And back: this computer's chargers again, although the remote's clock said later.
    await settings.getState().disconnectRemote()
    await waitFor(() => chargerIds(settings)[0] === 'demo:charger', 5000, 'this computer’s chargers again')
    expect(chargerIds(popover)).toEqual(['demo:charger'])
  })

  it('a settings window opened while the remote is unreachable lists its last chargers, marked offline, as the popover does', async () => {
    await setup({ remoteMode: true })
    const popover = await openWindow(switchable!)
    await waitFor(() => chargerIds(popover)[0] === 'garage', 5000, 'the remote’s state')
    await served!.close()
    served = null
    await waitFor(() => switchable!.view().state === 'unreachable', 5000, 'the lost link')

    const settings = await openWindow(switchable!)
    await waitFor(() => settings.getState().site !== null, 5000, 'the settings window’s state')
    expect(chargerIds(settings)).toEqual(['garage'])
    expect(settings.getState().site?.sources.map((s) => s.freshness)).toEqual(['offline'])
    expect(settings.getState().site?.statusLine).toMatch(/^Remote unreachable: /)
    // The remote's settings cannot be read meanwhile; the forms say why instead of showing stale ones.
    expect(settings.getState().loadError).toMatch(/^Remote unreachable: /)
  })

  it('opens this computer’s settings window at the section the popover asks for', async () => {
    const { opened } = await setup({ remoteMode: true })
    const popover = await openWindow(switchable!)
    expect(await popover.getState().openSettings('remote')).toEqual({ opened: true })
    expect(await popover.getState().openSettings()).toEqual({ opened: true })
    expect(opened).toEqual(['remote', undefined])
  })
})
