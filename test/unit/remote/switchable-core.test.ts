import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { CoreApp } from '../../../src-main/core/host'
import { createFileLogger } from '../../../src-main/core/log'
import { FileSecretStore } from '../../../src-main/core/secrets/file-store'
import { REMOTE_TOKEN_KEY, RemoteConfigFile } from '../../../src-main/remote/config-file'
import { createSwitchableCore, type SwitchableCore } from '../../../src-main/remote/switchable-core'
import { parseRequest, type InvokeReq, type InvokeRes, type ShellOnlyChannel } from '../../../src-shared/contract'
import type { RemoteView } from '../../../src-shared/remote'
import { startTestCore, type TestCore } from '../helpers/core-host'
import { waitFor } from '../helpers/wait'
import { FINGERPRINT, OTHER_FINGERPRINT, TOKEN, serve, type Served } from './serve'

let served: Served | null = null
let switchable: SwitchableCore | null = null
const extra: Served[] = []
const cores: TestCore[] = []
afterEach(async () => {
  await switchable?.stop()
  await served?.close()
  for (const server of extra.splice(0)) await server.close()
  switchable = null
  served = null
})
afterAll(async () => {
  // stop() after detach() only finds the site and history closed already.
  for (const test of cores.splice(0)) await test.core.stop().catch(() => undefined)
})

/** A remote:* call as it arrives from the renderer: parsed by IPC first (ipc.ts), then handled. */
function call<C extends ShellOnlyChannel>(core: SwitchableCore, channel: C, raw: InvokeReq<C>): Promise<InvokeRes<C>> {
  const handler = core.shellHandlers[channel] as (req: unknown) => Promise<InvokeRes<C>>
  return handler(parseRequest(channel, raw))
}

/** This computer: a real core on the demo home, counted and watched for being stopped or detached. */
async function setup(options: { failDetach?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-switch-'))
  const logger = createFileLogger(join(dir, 'app.log'))
  const secrets = new FileSecretStore(join(dir, 'secrets.json'), logger, {})
  const config = new RemoteConfigFile(join(dir, 'remote.json'))
  const locals: Array<{ test: TestCore; detached: boolean; handOffs: number }> = []
  const createLocal = async (): Promise<CoreApp> => {
    const test = await startTestCore(undefined, mkdtempSync(join(tmpdir(), 'sunspill-local-')))
    cores.push(test)
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
        await test.core.detach()
        if (options.failDetach) throw new Error('history.db: database is locked')
      },
    }
  }
  const remote = await startTestCore()
  cores.push(remote)
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
    expect((await call(switchable, 'remote:get', {})).state).toBe('local')

    const statuses: RemoteView[] = []
    switchable.events.on('remote:status', (view) => statuses.push(view))
    const refused = await call(switchable, 'remote:connect', { url: served!.url, token: 'wrong', fingerprint: FINGERPRINT })
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^Token refused/) })
    expect(locals[0]!.detached).toBe(false)

    const connected = await call(switchable, 'remote:connect', { url: `${served!.url}/`, token: TOKEN, fingerprint: FINGERPRINT.toLowerCase() })
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

    const local = await call(switchable, 'remote:disconnect', {})
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
    const first = await call(switchable, 'remote:test', { url: served!.url, token: '', fingerprint: null })
    expect(first).toMatchObject({ ok: false, needsPin: true, fingerprint: FINGERPRINT })
    const noToken = await call(switchable, 'remote:test', { url: served!.url, token: '', fingerprint: FINGERPRINT })
    expect(noToken.message).toMatch(/^Enter the access token/)
  })

  it('sends the stored token only to the saved address and pin, never to one the renderer names', async () => {
    const { make, remote } = await setup()
    switchable = await make()
    expect(await call(switchable, 'remote:connect', { url: served!.url, token: TOKEN, fingerprint: FINGERPRINT })).toMatchObject({ ok: true })
    const elsewhere = await serve(remote.core, remote.host.logger, { tls: false })
    extra.push(elsewhere)

    // A new address, even plain http: the saved token is not filled in, and nothing is sent.
    const plain = await call(switchable, 'remote:test', { url: elsewhere.url, token: '', fingerprint: null })
    expect(plain).toMatchObject({ ok: false, needsPin: false })
    expect(plain.message).toMatch(/^Enter the access token for 127\.0\.0\.1:\d+: the saved token is only sent to the saved address and certificate/)
    const connect = await call(switchable, 'remote:connect', { url: elsewhere.url, token: '', fingerprint: null })
    expect(connect).toMatchObject({ ok: false, error: expect.stringMatching(/^Enter the access token for/) })
    expect(elsewhere.requests).toEqual([])

    // The saved address with a fingerprint the renderer made up: no token either.
    const before = served!.requests.length
    const otherPin = await call(switchable, 'remote:test', { url: served!.url, token: '', fingerprint: OTHER_FINGERPRINT })
    expect(otherPin.message).toMatch(/^Enter the access token for/)
    expect(served!.requests.length).toBe(before)

    // The saved address and pin: the stored token is used.
    expect(await call(switchable, 'remote:test', { url: `${served!.url}/`, token: '', fingerprint: FINGERPRINT.toLowerCase() })).toMatchObject({ ok: true })
    // A typed token goes where the user sent it.
    expect(await call(switchable, 'remote:test', { url: elsewhere.url, token: TOKEN, fingerprint: null })).toMatchObject({ ok: true })
  })

  it('refuses a pinned fingerprint with an http:// address, and says when the link is plain text', async () => {
    const { make, remote, config } = await setup()
    const plain = await serve(remote.core, remote.host.logger, { tls: false })
    extra.push(plain)
    switchable = await make()
    switchable.start()
    const pinned = await call(switchable, 'remote:connect', { url: plain.url, token: TOKEN, fingerprint: FINGERPRINT })
    expect(pinned).toMatchObject({ ok: false, error: expect.stringMatching(/use an https:\/\/ address .*or remove the pinned fingerprint/i) })
    expect(plain.requests).toEqual([])
    expect(config.read().mode).toBe('local')

    expect(await call(switchable, 'remote:connect', { url: plain.url, token: TOKEN, fingerprint: null })).toMatchObject({ ok: true })
    await waitFor(() => switchable!.view().state === 'connected', 5000, 'the plain link')
    expect(switchable.view().message).toMatch(/^Connected to 127\.0\.0\.1:\d+ over plain HTTP: the token and your data cross the network unencrypted$/)
  })

  it('starting from a remote.json that pins an http:// address, sends nothing and says why', async () => {
    const { make, remote, config, secrets } = await setup()
    const plain = await serve(remote.core, remote.host.logger, { tls: false })
    extra.push(plain)
    config.write({ mode: 'remote', url: plain.url, fingerprint: FINGERPRINT })
    await secrets.set(REMOTE_TOKEN_KEY, TOKEN)
    switchable = await make()
    switchable.start()
    await waitFor(() => switchable!.view().state === 'certificate', 5000, 'the refusal')
    expect(switchable.view().message).toContain('remove the pinned fingerprint')
    expect(plain.requests).toEqual([])
  })

  it('opens the link even when this computer’s core fails to close', async () => {
    const { make, locals } = await setup({ failDetach: true })
    switchable = await make()
    switchable.start()
    const connected = await call(switchable, 'remote:connect', { url: served!.url, token: TOKEN, fingerprint: FINGERPRINT })
    expect(connected).toMatchObject({ ok: true, view: { mode: 'remote' } })
    expect(locals[0]!.detached).toBe(true)
    await waitFor(() => switchable!.view().state === 'connected', 5000, 'the link')
  })
})
