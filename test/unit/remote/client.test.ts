import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createHeadlessServer } from '../../../src-main/headless/server'
import { createRemoteClient, type RemoteClient } from '../../../src-main/remote/client'
import { testRemote } from '../../../src-main/remote/test-connection'
import type { EventPayload } from '../../../src-shared/contract'
import { SiteState } from '../../../src-shared/model'
import { startTestCore, type TestCore } from '../helpers/core-host'
import { staysTrue, waitFor } from '../helpers/wait'
import { FINGERPRINT, OTHER_FINGERPRINT, TLS, TOKEN, listen, quietLogger, serve, type Served } from './serve'

let served: Served | null = null
let client: RemoteClient | null = null
const cores: TestCore[] = []
afterEach(async () => {
  await client?.close()
  await served?.close()
  client = null
  served = null
})
afterAll(async () => {
  for (const test of cores.splice(0)) await test.core.stop().catch(() => undefined)
})

async function remote(options: { tls?: boolean; allowedHosts?: string[] } = {}): Promise<{ test: TestCore; served: Served }> {
  const test = await startTestCore()
  cores.push(test)
  served = await serve(test.core, test.host.logger, options)
  return { test, served }
}

function nextEvent<C extends 'state:update' | 'settings:changed'>(c: RemoteClient, channel: C, match: (p: EventPayload<C>) => boolean = () => true) {
  return new Promise<EventPayload<C>>((resolve) => {
    const off = c.events.on(channel, (payload) => {
      if (!match(payload)) return
      off()
      resolve(payload)
    })
  })
}

describe('connection test', () => {
  it('on first contact shows the certificate fingerprint and sends no token', async () => {
    const { served } = await remote()
    const result = await testRemote({ url: served.url, token: TOKEN, fingerprint: null })
    expect(result).toMatchObject({ ok: false, needsPin: true, fingerprint: FINGERPRINT })
    expect(result.message).toContain(`SHA-256 fingerprint ${FINGERPRINT}`)
    expect(served.requests).toEqual([])
  })

  it('refuses a certificate other than the pinned one, before the token is sent', async () => {
    const { served } = await remote()
    const result = await testRemote({ url: served.url, token: TOKEN, fingerprint: OTHER_FINGERPRINT })
    expect(result).toMatchObject({ ok: false, needsPin: true, fingerprint: FINGERPRINT })
    expect(result.message).toMatch(/^Certificate of 127\.0\.0\.1:\d+ does not match the pinned fingerprint/)
    expect(served.requests).toEqual([])
  })

  it('says when the token is refused, without repeating it', async () => {
    const { served } = await remote()
    const result = await testRemote({ url: served.url, token: 'wrong-token', fingerprint: FINGERPRINT })
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/^Token refused by 127\.0\.0\.1:\d+: copy the token/)
    expect(result.message).not.toContain('wrong-token')
  })

  it('accepts the pinned certificate and the right token', async () => {
    const { served } = await remote()
    const result = await testRemote({ url: served.url, token: TOKEN, fingerprint: FINGERPRINT })
    expect(result).toMatchObject({ ok: true, needsPin: false, fingerprint: FINGERPRINT })
    expect(result.message).toMatch(/^Connected to 127\.0\.0\.1:\d+: Sunspill 0\.0\.0-test, headless\.$/)
  })

  it('warns that plain http exposes the token, and explains an unreachable or mismatched address', async () => {
    const { served } = await remote({ tls: false })
    const plain = await testRemote({ url: served.url, token: TOKEN, fingerprint: null })
    expect(plain.ok).toBe(true)
    expect(plain.message).toContain('not encrypted')

    const https = await testRemote({ url: served.url.replace('http:', 'https:'), token: TOKEN, fingerprint: FINGERPRINT })
    expect(https.message).toMatch(/^Remote unreachable: .* use an http:\/\/ address/)

    const port = Number(new URL(served.url).port)
    await served.close()
    const gone = await testRemote({ url: `http://127.0.0.1:${port}`, token: TOKEN, fingerprint: null })
    expect(gone.message).toBe(`Remote unreachable: 127.0.0.1:${port} refused the connection. Is the headless Sunspill running, on this port?`)
  })

  it('refuses a pinned fingerprint with an http:// address before connecting', async () => {
    const { served } = await remote({ tls: false })
    const result = await testRemote({ url: served.url, token: TOKEN, fingerprint: FINGERPRINT })
    expect(result).toMatchObject({ ok: false, needsPin: false, fingerprint: null })
    expect(result.message).toMatch(/^127\.0\.0\.1:\d+ is pinned to a certificate fingerprint, but the address starts with http:\/\//)
    expect(result.message).toContain('Use an https:// address')
    expect(result.message).toContain('remove the pinned fingerprint')
    expect(served.requests).toEqual([])
  })

  it('passes on the server’s own sentence when it refuses the address it was reached by (421)', async () => {
    const { served } = await remote({ allowedHosts: ['sunspill.example'] })
    const result = await testRemote({ url: served.url, token: TOKEN, fingerprint: FINGERPRINT })
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/^127\.0\.0\.1:\d+ refused the request \(HTTP 421\): This server only answers to its own address \(sunspill\.example\)/)
  })
})

describe('remote client', () => {
  it('refuses a wrong certificate on every channel and reports it as the link state', async () => {
    const { served } = await remote()
    client = createRemoteClient({ url: served.url, token: TOKEN, fingerprint: OTHER_FINGERPRINT, logger: quietLogger })
    await expect(client.handlers['state:get']({})).rejects.toThrow(/does not match the pinned fingerprint/)
    expect(client.link().state).toBe('certificate')
    expect(served.requests).toEqual([])
  })

  it('refuses a wrong token with a sentence and stops retrying the stream', async () => {
    const { served } = await remote()
    client = createRemoteClient({ url: served.url, token: 'wrong-token', fingerprint: FINGERPRINT, logger: quietLogger, backoff: { initialMs: 10, maxMs: 10 } })
    await expect(client.handlers['state:get']({})).rejects.toThrow(/^Token refused by 127\.0\.0\.1:\d+/)
    client.open()
    const streams = () => served.requests.filter((r) => r.path === '/api/events').length
    await waitFor(() => streams() === 1, 5000, 'the first event stream request')
    expect(client.link().state).toBe('unauthorized')
    // One refused stream, then no hammering with a token that cannot work (the backoff is 10 ms).
    expect(await staysTrue(() => streams() === 1, 300)).toBe(true)
  })

  it('refuses a pinned fingerprint over http:// on every channel, sending nothing', async () => {
    const { served } = await remote({ tls: false })
    client = createRemoteClient({ url: served.url, token: TOKEN, fingerprint: FINGERPRINT, logger: quietLogger })
    await expect(client.handlers['state:get']({})).rejects.toThrow(/use an https:\/\/ address/i)
    expect(client.link()).toMatchObject({ state: 'certificate', message: expect.stringContaining('remove the pinned fingerprint') })
    expect(served.requests).toEqual([])
  })

  it('says the link is plain text when connected over http://', async () => {
    const { served } = await remote({ tls: false })
    client = createRemoteClient({ url: served.url, token: TOKEN, fingerprint: null, logger: quietLogger })
    client.open()
    await waitFor(() => client!.link().state === 'connected', 5000, 'the link')
    expect(client.link().message).toBe(`Connected to ${new URL(served.url).host} over plain HTTP: the token and your data cross the network unencrypted`)
  })

  it('ignores a desktop-only remote:status event from a remote', async () => {
    const { served } = await remote()
    // A server that slips a remote:status into the stream, as a hostile or confused one might.
    served.server.prependListener('request', (req, res) => {
      if (req.url !== '/api/events') return
      const write = res.write.bind(res)
      let first = true
      res.write = ((chunk: unknown, ...rest: never[]) => {
        if (first) {
          first = false
          write('event: remote:status\ndata: {"mode":"remote","url":"https://evil.example","tokenSet":true,"fingerprint":null,"state":"connected","message":"x"}\n\n')
        }
        return write(chunk as string, ...rest)
      }) as typeof res.write
    })
    client = createRemoteClient({ url: served.url, token: TOKEN, fingerprint: FINGERPRINT, logger: quietLogger })
    const statuses: unknown[] = []
    client.events.on('remote:status', (view) => statuses.push(view))
    const first = nextEvent(client, 'state:update')
    client.open()
    await first
    expect(statuses).toEqual([])
  })

  it('answers channels through the remote core: state:get, and a settings round trip', async () => {
    const { served, test } = await remote()
    client = createRemoteClient({ url: served.url, token: TOKEN, fingerprint: FINGERPRINT, logger: quietLogger })
    const state = SiteState.parse(await client.handlers['state:get']({}))
    expect(state.chargers[0]!.id).toBe('demo:charger')

    const { settings } = await client.handlers['settings:get']({})
    const saved = await client.handlers['settings:save']({ settings: { ...settings, site: { ...settings.site, fuseA: 40 } } })
    expect(saved.ok).toBe(true)
    expect((await test.core.handlers['settings:get']({})).settings.site.fuseA).toBe(40)
    expect((await client.handlers['settings:get']({})).settings.site.fuseA).toBe(40)

    await expect(client.handlers['charger:setMode']({ chargerId: 'garage', mode: 'fast' })).rejects.toThrow('no charger called garage')
  })

  it('streams the remote’s events: the current state first, then changes', async () => {
    const { served, test } = await remote()
    client = createRemoteClient({ url: served.url, token: TOKEN, fingerprint: FINGERPRINT, logger: quietLogger })
    const links: string[] = []
    client.onLink((link) => links.push(link.message))
    const first = nextEvent(client, 'state:update')
    client.open()
    expect((await first).chargers[0]!.id).toBe('demo:charger')
    expect(client.link()).toEqual({ state: 'connected', message: `Connected to ${new URL(served.url).host}` })
    expect(links).toEqual([`Connected to ${new URL(served.url).host}`])

    const fast = nextEvent(client, 'state:update', (s) => s.chargers[0]?.mode === 'fast')
    const changed = nextEvent(client, 'settings:changed', (v) => v.settings.chargers['demo:charger']?.mode === 'fast')
    await test.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'fast' })
    expect((await fast).chargers[0]!.mode).toBe('fast')
    await changed
    expect(client.lastState()?.chargers[0]?.mode).toBe('fast')
  })

  it('reconnects after the server comes back', async () => {
    const { served: first, test } = await remote()
    const port = Number(new URL(first.url).port)
    client = createRemoteClient({ url: first.url, token: TOKEN, fingerprint: FINGERPRINT, logger: quietLogger, backoff: { initialMs: 20, maxMs: 50 } })
    const up = nextEvent(client, 'state:update')
    client.open()
    await up
    await first.close()
    served = null
    await waitFor(() => client!.link().state === 'unreachable')
    expect(client.link().message).toMatch(/^Remote unreachable: /)

    const again = createHeadlessServer({ core: test.core, token: TOKEN, rendererDir: __dirname, logger: test.host.logger, allowedHosts: [], tls: TLS })
    // Another process may have taken the port meanwhile: that fails here at once, not at the timeout.
    await listen(again, port)
    try {
      await waitFor(() => client!.link().state === 'connected')
    } finally {
      await client.close()
      client = null
      again.closeAllConnections()
      await new Promise((resolve) => again.close(resolve))
    }
  })
})
