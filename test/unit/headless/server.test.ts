import type { AddressInfo } from 'node:net'
import { request as httpRequest, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CoreApp } from '../../../src-main/core/host'
import { acceptedHostNames } from '../../../src-main/headless/host-names'
import { createHeadlessServer } from '../../../src-main/headless/server'
import { SiteState } from '../../../src-shared/model'
import { startTestCore, type TestCore } from '../helpers/core-host'

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv'
let server: Server | null = null

/** wrap: the core the server sees, made from the test core. */
async function serve(
  wrap: (core: CoreApp) => CoreApp = (core) => core,
  allowedHosts = ['127.0.0.1', 'localhost'],
): Promise<{ base: string; test: TestCore }> {
  const test = await startTestCore()
  const rendererDir = join(test.dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Sunspill</title>')
  writeFileSync(join(test.dir, 'secret.txt'), 'outside the renderer')
  server = createHeadlessServer({ core: wrap(test.core), token: TOKEN, rendererDir, logger: test.host.logger, allowedHosts })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { base: `http://127.0.0.1:${port}`, test }
}

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }

/** state:get with the Host header a browser sends for that name (fetch() does not let a test set it). */
function postNaming(base: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(`${base}/api/state:get`)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...auth, host } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.end('{}')
  })
}

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve))
  server = null
})

describe('headless HTTP API', () => {
  it('refuses API requests without the right token', async () => {
    const { base } = await serve()
    const none = await fetch(`${base}/api/state:get`, { method: 'POST', body: '{}' })
    expect(none.status).toBe(401)
    expect((await none.json()).error).toContain('access token')
    const wrong = await fetch(`${base}/api/state:get`, { method: 'POST', body: '{}', headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
    const events = await fetch(`${base}/api/events`)
    expect(events.status).toBe(401)
  })

  it('answers a channel with the core’s reply, valid against the contract', async () => {
    const { base } = await serve()
    const res = await fetch(`${base}/api/state:get`, { method: 'POST', headers: auth, body: '{}' })
    expect(res.status).toBe(200)
    const state = SiteState.parse(await res.json())
    expect(state.chargers[0]!.id).toBe('demo:charger')
    expect(state.flow.pvW).toBeGreaterThan(0)
  })

  it('rejects an invalid payload with a sentence and changes nothing', async () => {
    const { base, test } = await serve()
    const res = await fetch(`${base}/api/charger:setLimit`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ chargerId: 'demo:charger', limitA: 'lots' }),
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatch(/Invalid request for charger:setLimit: limitA/)
    expect(test.core.state().chargers[0]!.limitA).toBe(32)
    const junk = await fetch(`${base}/api/state:get`, { method: 'POST', headers: auth, body: '{not json' })
    expect(junk.status).toBe(400)
  })

  it('applies a charger change and reports it back', async () => {
    const { base } = await serve()
    const res = await fetch(`${base}/api/charger:setMode`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ chargerId: 'demo:charger', mode: 'fast' }),
    })
    const state = SiteState.parse(await res.json())
    expect(state.chargers[0]!.mode).toBe('fast')
    expect(state.chargers[0]!.powerW).toBeGreaterThan(1000)
  })

  it('says so for an unknown channel or charger', async () => {
    const { base } = await serve()
    expect((await fetch(`${base}/api/shell:exec`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(404)
    const desktopOnly = await fetch(`${base}/api/remote:connect`, { method: 'POST', headers: auth, body: '{}' })
    expect(desktopOnly.status).toBe(404)
    expect((await desktopOnly.json()).error).toContain('belongs to the desktop app')
    const res = await fetch(`${base}/api/charger:setMode`, { method: 'POST', headers: auth, body: JSON.stringify({ chargerId: 'garage', mode: 'fast' }) })
    expect(res.status).toBe(400)
    expect((await res.json()).error).toContain('no charger called garage')
  })

  it('refuses requests that name another host (DNS rebinding)', async () => {
    const { base } = await serve()
    const { status, body } = await postNaming(base, 'evil.example:80')
    expect(status).toBe(421)
    expect(JSON.parse(body).error).toBe(
      'This server only answers to its own address (127.0.0.1, localhost), not to evil.example: use that address, as in the link it printed, ' +
        'or start the server with --allow-host evil.example to accept this name.',
    )
  })

  it('answers to a name given with --allow-host, and still refuses any other', async () => {
    // As `npm run serve -- --host 192.168.1.20 --allow-host sunspill.local` configures it.
    const { base } = await serve(undefined, acceptedHostNames('192.168.1.20', ['sunspill.local']))
    const allowed = await postNaming(base, 'Sunspill.local:4777')
    expect(allowed.status).toBe(200)
    expect(SiteState.parse(JSON.parse(allowed.body)).chargers[0]!.id).toBe('demo:charger')
    expect((await postNaming(base, '192.168.1.20:4777')).status).toBe(200)

    const other = await postNaming(base, 'sunspill.lan:4777')
    expect(other.status).toBe(421)
    expect(JSON.parse(other.body).error).toMatch(/\(192\.168\.1\.20, 127\.0\.0\.1, localhost, ::1, sunspill\.local\), not to sunspill\.lan: .*--allow-host sunspill\.lan to accept this name\.$/)
  })

  it('keeps desktop-only events (remote:status) out of the stream, as it does remote:* channels', async () => {
    // The core here also lets remote:status be subscribed, as a desktop app's switchable core would.
    const status = new Set<(view: unknown) => void>()
    const { base, test } = await serve((core) => ({
      ...core,
      events: {
        on(channel, listener) {
          if (channel !== 'remote:status') return core.events.on(channel, listener)
          status.add(listener as (view: unknown) => void)
          return () => status.delete(listener as (view: unknown) => void)
        },
      },
    }))
    const controller = new AbortController()
    const res = await fetch(`${base}/api/events`, { headers: auth, signal: controller.signal })
    const reader = res.body!.getReader()
    let text = ''
    while (!text.includes('event: state:update')) text += new TextDecoder().decode((await reader.read()).value)
    expect(status.size).toBe(0)
    for (const listener of status) listener({ mode: 'local', url: '', tokenSet: false, fingerprint: null, state: 'local', message: 'x' })
    await test.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'off' })
    while (!text.includes('event: settings:changed')) text += new TextDecoder().decode((await reader.read()).value)
    controller.abort()
    expect(text).not.toContain('remote:status')
    expect((await fetch(`${base}/api/remote:get`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(404)
  })

  it('streams events as SSE, starting with the current state', async () => {
    const { base, test } = await serve()
    const controller = new AbortController()
    const res = await fetch(`${base}/api/events`, { headers: auth, signal: controller.signal })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    let text = ''
    await test.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'off' })
    while (!text.includes('event: settings:changed')) {
      const { value } = await reader.read()
      text += new TextDecoder().decode(value)
    }
    controller.abort()
    expect(text.startsWith('event: state:update\ndata: {')).toBe(true)
    expect(text).toContain('event: settings:changed')
  })

  it('serves the renderer with a CSP and nothing outside it', async () => {
    const { base } = await serve()
    const page = await fetch(`${base}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect((await fetch(`${base}/..%2fsecret.txt`)).status).toBe(404)
    expect((await fetch(`${base}/../secret.txt`)).status).toBe(404)
  })
})
