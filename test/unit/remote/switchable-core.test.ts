import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CoreApp } from '../../../src-main/core/host'
import { createFileLogger } from '../../../src-main/core/log'
import { FileSecretStore } from '../../../src-main/core/secrets/file-store'
import { REMOTE_TOKEN_KEY, RemoteConfigFile } from '../../../src-main/remote/config-file'
import { createSwitchableCore, type SwitchableCore } from '../../../src-main/remote/switchable-core'
import type { RemoteView } from '../../../src-shared/remote'
import { startTestCore, type TestCore } from '../helpers/core-host'
import { FINGERPRINT, TOKEN, serve, type Served } from './serve'

let served: Served | null = null
let switchable: SwitchableCore | null = null
afterEach(async () => {
  await switchable?.stop()
  await served?.close()
  switchable = null
  served = null
})

/** This computer: a real core on the demo home, counted and watched for being stopped or detached. */
async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-switch-'))
  const logger = createFileLogger(join(dir, 'app.log'))
  const secrets = new FileSecretStore(join(dir, 'secrets.json'), logger, {})
  const config = new RemoteConfigFile(join(dir, 'remote.json'))
  const locals: Array<{ test: TestCore; detached: boolean; handOffs: number }> = []
  const createLocal = async (): Promise<CoreApp> => {
    const test = await startTestCore(undefined, mkdtempSync(join(tmpdir(), 'sunspill-local-')))
    const record = { test, detached: false, handOffs: 0 }
    locals.push(record)
    return {
      ...test.core,
      handOff: async (reason) => {
        record.handOffs++
        return test.core.handOff(reason)
      },
      detach: async () => {
        record.detached = true
        return test.core.detach()
      },
    }
  }
  const remote = await startTestCore()
  served = await serve(remote.core, remote.host.logger)
  const make = () => createSwitchableCore({ createLocal, config, secrets, logger, openSettings: async () => true, hidePopover: async () => true })
  return { dir, logger, secrets, config, locals, remote, make }
}

describe('switching between this computer and a remote Sunspill', () => {
  it('forwards every core channel to the remote, touches nothing locally, and switches back', async () => {
    const { locals, remote, make, config, secrets } = await setup()
    switchable = await make()
    switchable.start()
    expect(locals).toHaveLength(1)
    expect((await switchable.shellHandlers['remote:get']({})).state).toBe('local')

    const statuses: RemoteView[] = []
    switchable.events.on('remote:status', (view) => statuses.push(view))
    const refused = await switchable.shellHandlers['remote:connect']({ url: served!.url, token: 'wrong', fingerprint: FINGERPRINT })
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^Token refused/) })
    expect(locals[0]!.detached).toBe(false)

    const connected = await switchable.shellHandlers['remote:connect']({ url: `${served!.url}/`, token: TOKEN, fingerprint: FINGERPRINT.toLowerCase() })
    expect(connected).toMatchObject({ ok: true, view: { mode: 'remote', url: served!.url, tokenSet: true, fingerprint: FINGERPRINT } })
    // The local core stopped without handing the chargers off: the remote controls them now.
    expect(locals[0]!.detached).toBe(true)
    expect(locals[0]!.handOffs).toBe(0)
    expect(config.read()).toEqual({ mode: 'remote', url: served!.url, fingerprint: FINGERPRINT })
    expect(await secrets.get(REMOTE_TOKEN_KEY)).toBe(TOKEN)

    await switchable.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'fast' })
    expect(remote.core.state().chargers[0]!.mode).toBe('fast')
    expect(await switchable.handOff('suspend')).toEqual([])
    expect(locals[0]!.handOffs).toBe(0)
    await waitFor(() => statuses.some((s) => s.state === 'connected'))
    expect(switchable.state().chargers[0]!.mode).toBe('fast')

    const local = await switchable.shellHandlers['remote:disconnect']({})
    expect(local).toMatchObject({ mode: 'local', state: 'local', url: served!.url, tokenSet: true })
    expect(locals).toHaveLength(2)
    expect(switchable.state().chargers[0]!.mode).toBe('solar')
    expect(config.read().mode).toBe('local')
  })

  it('starts in remote mode without ever building a local core', async () => {
    const { locals, make, config, secrets } = await setup()
    config.write({ mode: 'remote', url: served!.url, fingerprint: FINGERPRINT })
    await secrets.set(REMOTE_TOKEN_KEY, TOKEN)
    switchable = await make()
    expect(switchable.state().statusLine).toMatch(/^Connecting to 127\.0\.0\.1:\d+…$/)
    switchable.start()
    await waitFor(() => switchable!.view().state === 'connected')
    expect(locals).toHaveLength(0)
    expect((await switchable.handlers['state:get']({})).chargers[0]!.id).toBe('demo:charger')
    // The settings window and popover stay this computer's.
    expect(await switchable.handlers['app:openSettings']({})).toEqual({ opened: true })
  })

  it('shows the fingerprint to pin on a first test, and needs the token otherwise', async () => {
    const { make } = await setup()
    switchable = await make()
    const first = await switchable.shellHandlers['remote:test']({ url: served!.url, token: '', fingerprint: null })
    expect(first).toMatchObject({ ok: false, needsPin: true, fingerprint: FINGERPRINT })
    const noToken = await switchable.shellHandlers['remote:test']({ url: served!.url, token: '', fingerprint: FINGERPRINT })
    expect(noToken.message).toMatch(/^Enter the access token/)
  })
})

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
