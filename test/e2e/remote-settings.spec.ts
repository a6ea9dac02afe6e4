/**
 * Settings → Remote and the popover's remote banner, as the desktop app shows them. Electron
 * cannot run here, so the page gets a stand-in for the preload's window.api: every core channel
 * goes to the real headless server over HTTP (as the app's own core would answer it), and the
 * remote:* channels, which only the desktop shell answers, come from a small in-page fake that
 * behaves as src-main/remote/switchable-core does. The init script is injected through the
 * DevTools protocol, so the product's Content-Security-Policy stays exactly as served.
 */
import { request as httpRequest } from 'node:http'
import { expect, test, type Locator, type Page } from '@playwright/test'
import type { RemoteView } from '../../src-shared/remote'
import { startServer, type RunningServer } from './headless-server'

const FINGERPRINT = '3F:A2:7C:19:D0:5B:E8:44:91:0C:6E:B7:2D:88:F1:53:A9:17:4E:C2:60:3B:D5:9A:0F:E1:72:4C:B8:36:95:2E'
const REMOTE_TOKEN = 'rk_9f3c2a7e51d84b06a1c7e2f93d5b8a40'
const URL_TYPED = 'https://sunspill.local:4777'
const HOST = 'sunspill.local:4777'

const LOCAL: RemoteView = { mode: 'local', url: '', tokenSet: false, fingerprint: null, state: 'local', message: 'This computer runs the loop.' }
const CONNECTED: RemoteView = {
  mode: 'remote',
  url: URL_TYPED,
  tokenSet: true,
  fingerprint: FINGERPRINT,
  state: 'connected',
  message: `Connected to ${HOST}`,
}

interface FakeShellOptions {
  /** The headless server's token: the bridge's own credential to the core, never the remote's. */
  coreToken: string
  remote: RemoteView
  remoteToken: string
  fingerprint: string
}

interface FakeShell {
  /** remote:* requests as the renderer sent them. */
  calls: { channel: string; req: unknown }[]
  /** The link the last connect opened comes up (the remote's event stream answered). */
  linkUp(): void
  /** The link drops, as the remote client reports it. */
  linkDown(message: string): void
}

declare global {
  interface Window {
    __fakeShell?: FakeShell
  }
}

/** Runs in the page before any of its scripts: the preload's window.api, as described above. */
function installFakeShell(options: FakeShellOptions) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: { channel: string; req: unknown }[] = []
  // The main process outlives its windows: what it holds survives a reload of the page.
  const KEPT = 'fake-shell'
  const kept = JSON.parse(sessionStorage.getItem(KEPT) ?? 'null') as { view: RemoteView; storedToken: string } | null
  let view = kept?.view ?? { ...options.remote }
  let storedToken = kept?.storedToken ?? (options.remote.tokenSet ? options.remoteToken : '')
  const keep = () => sessionStorage.setItem(KEPT, JSON.stringify({ view, storedToken }))
  let streamStarted = false

  const emit = (channel: string, payload: unknown) => {
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload)
  }
  const setView = (next: RemoteView) => {
    view = next
    keep()
    emit('remote:status', { ...view })
  }

  async function core(channel: string, req: unknown): Promise<unknown> {
    const response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.coreToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(req ?? {}),
    })
    const body = (await response.json().catch(() => undefined)) as { error?: string } | undefined
    // ipcMain rejects with the main process's sentence, wrapped as Electron does.
    if (!response.ok) throw new Error(`Error invoking remote method '${channel}': Error: ${body?.error ?? `HTTP ${response.status}`}`)
    return body
  }

  // The core's events, as ipcMain would forward them: one SSE stream from the headless server.
  async function streamEvents() {
    const response = await fetch('/api/events', { headers: { Authorization: `Bearer ${options.coreToken}`, Accept: 'text/event-stream' } })
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      buffer += value
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        let event = ''
        const data: string[] = []
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim()
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
        }
        if (event && data.length) emit(event, JSON.parse(data.join('\n')))
      }
    }
  }

  type Req = { url: string; token?: string; fingerprint?: string | null }
  const hostOf = (url: string) => new URL(url).host

  // As src-main/remote/test-connection and messages say it.
  function testRemote(req: Req) {
    const host = hostOf(req.url)
    // The saved token only goes to the saved address and certificate.
    const saved = req.url === view.url && (req.fingerprint ?? null) === view.fingerprint
    const token = req.token || (saved ? storedToken : '')
    const https = req.url.startsWith('https:')
    const pinned = req.fingerprint ?? null
    if (!token && !(https && !pinned)) {
      return { ok: false, message: 'Enter the access token of the headless Sunspill (its headless-token file).', fingerprint: pinned, needsPin: false }
    }
    if (https && pinned !== options.fingerprint) {
      const message = pinned
        ? `Certificate of ${host} does not match the pinned fingerprint (it presented ${options.fingerprint}). If you replaced the server's certificate, test the connection and pin the new one; otherwise someone may be intercepting the connection.`
        : `${host} presented a certificate with SHA-256 fingerprint ${options.fingerprint}. Compare it with the fingerprint the headless server printed when it started, and pin it if they match.`
      return { ok: false, message, fingerprint: options.fingerprint, needsPin: true }
    }
    if (token !== options.remoteToken) {
      return {
        ok: false,
        message: `Token refused by ${host}: copy the token from the headless-token file in the server's data folder (or the #token= part of the link it printed) and save it in Settings → Remote.`,
        fingerprint: https ? pinned : null,
        needsPin: false,
      }
    }
    return { ok: true, message: `Connected to ${host}: Sunspill 0.1.0, headless.`, fingerprint: https ? pinned : null, needsPin: false }
  }

  async function shell(channel: string, req: Req): Promise<unknown> {
    calls.push({ channel, req: JSON.parse(JSON.stringify(req ?? {})) })
    switch (channel) {
      case 'remote:get':
        return { ...view }
      case 'remote:test':
        return testRemote(req)
      case 'remote:connect': {
        const result = testRemote(req)
        if (!result.ok) return { ok: false, error: result.message, test: result }
        if (req.token) storedToken = req.token
        // The client has just been created: its link says "connecting" until the stream opens.
        setView({ mode: 'remote', url: req.url, tokenSet: storedToken !== '', fingerprint: req.fingerprint ?? null, state: 'connecting', message: `Connecting to ${hostOf(req.url)}…` })
        return { ok: true, view: { ...view } }
      }
      case 'remote:disconnect':
        setView({ ...view, mode: 'local', state: 'local', message: 'This computer runs the loop.' })
        return { ...view }
    }
    throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`)
  }

  window.__fakeShell = {
    calls,
    linkUp: () => setView({ ...view, state: 'connected', message: `Connected to ${hostOf(view.url)}` }),
    linkDown: (message) => setView({ ...view, state: 'unreachable', message }),
  }

  Object.defineProperty(window, 'api', {
    configurable: false,
    value: {
      invoke: (channel: string, req: unknown) => (channel.startsWith('remote:') ? shell(channel, req as Req) : core(channel, req)),
      on(channel: string, listener: (payload: unknown) => void) {
        let set = listeners.get(channel)
        if (!set) listeners.set(channel, (set = new Set()))
        set.add(listener)
        if (channel !== 'remote:status' && !streamStarted) {
          streamStarted = true
          void streamEvents().catch(() => undefined)
        }
        return () => set.delete(listener)
      },
    },
  })
}

async function openAsDesktopApp(page: Page, server: RunningServer, remote: RemoteView, view: 'settings' | 'popover') {
  await page.addInitScript(installFakeShell, { coreToken: server.token, remote, remoteToken: REMOTE_TOKEN, fingerprint: FINGERPRINT })
  await page.goto(view === 'settings' ? `${server.origin}/?view=settings` : `${server.origin}/`)
  await expect(page.locator('html')).toHaveAttribute('data-runtime', 'electron')
}

/** Nothing on the page, typed or shown, may carry the remote's token back. */
async function expectTokenNowhere(page: Page) {
  expect(await page.locator('body').innerText()).not.toContain(REMOTE_TOKEN)
  const values = await page.locator('input, textarea').evaluateAll((fields) => fields.map((i) => (i as HTMLInputElement).value + ' ' + (i.getAttribute('placeholder') ?? '')))
  for (const value of values) expect(value).not.toContain(REMOTE_TOKEN)
}

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' })

let server: RunningServer
let errors: string[]

test.beforeAll(async () => {
  server = await startServer()
})
test.afterAll(async () => {
  await server?.stop()
})
test.beforeEach(({ page }) => {
  errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
})
test.afterEach(() => {
  expect(errors).toEqual([])
})

test('Settings → Remote: test, pin, connect to another machine, and the token never comes back', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 640 })
  await openAsDesktopApp(page, server, LOCAL, 'settings')

  await page.getByTestId('settings-nav-remote').click()
  await expect(page.getByRole('heading', { name: 'Remote' })).toBeVisible()
  await expect(page.getByTestId('remote-status')).toHaveText('This computer runs the loop.')
  await expect(page.getByRole('radio', { name: 'This computer' })).toBeChecked()
  await expect(page.getByTestId('remote-url')).toBeHidden()
  await shot(page, 'settings-remote-local')

  await page.getByTestId('remote-mode').getByText('Another machine', { exact: true }).click()
  await expect(page.getByRole('radio', { name: 'Another machine' })).toBeChecked()
  const url = page.getByTestId('remote-url')
  const token = page.getByTestId('remote-token')
  const fingerprint = page.getByTestId('remote-fingerprint')
  await expect(url).toBeVisible()
  await expect(page.getByTestId('remote-test')).toBeDisabled()
  await expect(page.getByTestId('remote-connect')).toBeDisabled()
  await shot(page, 'settings-remote-empty')

  await url.fill(URL_TYPED)
  await shot(page, 'settings-remote-address')
  await token.fill('not-the-token')
  await expect(token).toHaveAttribute('type', 'password')
  // https with nothing pinned: Connect waits for the certificate, Test is the way forward.
  await expect(page.getByTestId('remote-connect')).toBeDisabled()
  await expect(page.getByText('Test the connection first, then pin the certificate it shows.')).toBeVisible()
  await page.getByTestId('remote-test').click()

  const result = page.getByTestId('remote-test-result')
  await expect(result).toContainText(FINGERPRINT)
  await expect(page.getByTestId('remote-pin')).toBeVisible()
  await shot(page, 'settings-remote-fingerprint')

  await page.getByTestId('remote-pin').click()
  await expect(fingerprint).toHaveValue(FINGERPRINT)
  await expect(result).toBeHidden()
  await expect(page.getByTestId('remote-connect')).toBeEnabled()

  // With the certificate pinned the token is tried, and a wrong one is refused in words.
  await page.getByTestId('remote-test').click()
  await expect(result).toContainText(`Token refused by ${HOST}`)
  await shot(page, 'settings-remote-token-refused')

  await token.fill(REMOTE_TOKEN)
  await page.getByTestId('remote-test').click()
  await expect(result).toContainText(`Connected to ${HOST}: Sunspill`)

  await page.getByTestId('remote-connect').click()
  const status = page.getByTestId('remote-status')
  await expect(status).toHaveText(`Connecting to ${HOST}…`)
  await expect(token).toHaveValue('')
  await shot(page, 'settings-remote-connecting')

  await page.evaluate(() => window.__fakeShell!.linkUp())
  await expect(status).toHaveText(`Connected to ${HOST}`)
  await expect(page.getByTestId('remote-connect')).toHaveText('Reconnect')
  await expect(url).toHaveValue(URL_TYPED)
  await expect(fingerprint).toHaveValue(FINGERPRINT)
  await expect(token).toHaveValue('')
  await expect(token).toHaveAttribute('placeholder', /stored/)
  await expectTokenNowhere(page)
  await shot(page, 'settings-remote-connected')

  // The shell got the token once, with the connect that stores it; it is not asked for it again.
  const calls = await page.evaluate(() => window.__fakeShell!.calls)
  expect(calls.filter((c) => c.channel === 'remote:connect')).toEqual([{ channel: 'remote:connect', req: { url: URL_TYPED, token: REMOTE_TOKEN, fingerprint: FINGERPRINT } }])

  // A reload (the window reopened) reads the stored connection back, still without the token.
  await page.reload()
  await page.getByTestId('settings-nav-remote').click()
  await expect(page.getByTestId('remote-status')).toHaveText(`Connected to ${HOST}`)
  await expect(page.getByRole('radio', { name: 'Another machine' })).toBeChecked()
  await expectTokenNowhere(page)

  await page.emulateMedia({ colorScheme: 'dark' })
  await shot(page, 'settings-remote-connected-dark')
})

test('Settings → Remote: "This computer" takes the loop back from the remote', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 640 })
  await openAsDesktopApp(page, server, CONNECTED, 'settings')
  await page.getByTestId('settings-nav-remote').click()
  await expect(page.getByTestId('remote-status')).toHaveText(`Connected to ${HOST}`)

  await page.getByTestId('remote-mode').getByText('This computer', { exact: true }).click()
  await expect(page.getByTestId('remote-disconnect')).toBeVisible()
  await shot(page, 'settings-remote-take-back')

  await page.getByTestId('remote-disconnect').click()
  await expect(page.getByTestId('remote-status')).toHaveText('This computer runs the loop.')
  await expect(page.getByTestId('remote-disconnect')).toBeHidden()
  await expect(page.getByRole('radio', { name: 'This computer' })).toBeChecked()
  await shot(page, 'settings-remote-back-local')
})

test('the popover says when the loop runs on another machine, and when that link is lost', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 520 })
  // The app starts in remote mode: the link comes up first.
  await openAsDesktopApp(page, server, { ...CONNECTED, state: 'connecting', message: `Connecting to ${HOST}…` }, 'popover')

  const banner = page.getByTestId('banner-remote')
  await expect(banner).toHaveText(`Connecting to ${HOST}…`)
  await expect(banner).toHaveAttribute('role', 'status')
  await page.evaluate(() => window.__fakeShell!.linkUp())
  await expect(banner).toHaveText(`Connected to ${HOST}`)
  await expect(banner).toHaveAttribute('data-state', 'connected')
  // The numbers come from the core (here the headless server) as before.
  await expect(page.getByTestId('power-pv')).toHaveText(/\d.*W/)
  await shot(page, 'popover-remote')

  await expect(page.getByTestId('banner-remote-open')).toHaveCount(0)

  const unreachable = `Remote unreachable: ${HOST} refused the connection. Is the headless Sunspill running, on this port?`
  await page.evaluate((message) => window.__fakeShell!.linkDown(message), unreachable)
  await expect(banner).toHaveAttribute('data-state', 'unreachable')
  await expect(banner).toHaveAttribute('role', 'alert')
  await expect(banner).toContainText('refused the connection')
  const open = banner.getByRole('button', { name: 'Open Settings' })
  await expect(open).toBeVisible()
  await expectWithinPopover(page, open)
  await shot(page, 'popover-remote-unreachable')
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot(page, 'popover-remote-unreachable-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  // The app opens its settings window at Remote; this stand-in, like a browser, turns the page there.
  await open.click()
  await expect(page).toHaveURL(/\?view=settings&section=remote$/)
  await expect(page.getByRole('heading', { name: 'Remote' })).toBeVisible()
  await expect(page.getByTestId('settings-nav-remote')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('remote-status')).toHaveText(unreachable)
  // The settings window's own size, as the app opens it.
  await page.setViewportSize({ width: 900, height: 640 })
  await shot(page, 'settings-remote-from-banner')
})

test('the popover’s remote banner offers Settings when the token is refused, and a long sentence keeps the action in view', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 520 })
  const refused = `Token refused by ${HOST}: copy the token from the headless-token file in the server's data folder (or the #token= part of the link it printed) and save it in Settings → Remote.`
  await openAsDesktopApp(page, server, { ...CONNECTED, state: 'unauthorized', message: refused }, 'popover')
  const banner = page.getByTestId('banner-remote')
  await expect(banner).toHaveAttribute('data-state', 'unauthorized')
  const open = banner.getByRole('button', { name: 'Open Settings' })
  await expectWithinPopover(page, open)
  await shot(page, 'popover-remote-token-refused')

  // The longest sentence the link has: a changed certificate, with its whole fingerprint.
  const certificate = `Certificate of ${HOST} does not match the pinned fingerprint (it presented ${FINGERPRINT}). If you replaced the server's certificate, test the connection and pin the new one; otherwise someone may be intercepting the connection.`
  await page.evaluate((message) => window.__fakeShell!.linkDown(message), certificate)
  await expect(banner).toContainText('does not match the pinned fingerprint')
  await expectWithinPopover(page, open)
  await shot(page, 'popover-remote-certificate')
})

test('a headless server started with --allow-host answers to that name, and names the flag when asked by another', async () => {
  const named = await startServer({ args: ['--allow-host', 'sunspill.local'] })
  try {
    const { port } = new URL(named.origin)
    const asked = (host: string) => postStateGet(named, `${host}:${port}`)
    expect((await asked('sunspill.local')).status).toBe(200)
    const other = await asked('sunspill.lan')
    expect(other.status).toBe(421)
    expect(other.error).toContain('start the server with --allow-host sunspill.lan to accept this name')
  } finally {
    await named.stop()
  }
})

/** The element is drawn whole inside the popover: not clipped by the banner's line clamp, not off its edge. */
async function expectWithinPopover(page: Page, element: Locator) {
  const box = await element.boundingBox()
  expect(box).not.toBeNull()
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width).toBeLessThanOrEqual(360)
  const insideBanner = await element.evaluate((el) => {
    const own = el.getBoundingClientRect()
    const banner = el.closest('.banner')!.getBoundingClientRect()
    return own.top >= banner.top && own.bottom <= banner.bottom
  })
  expect(insideBanner).toBe(true)
}

/** state:get as a browser asks it by that name (fetch() cannot set Host; node:http can). */
function postStateGet(target: RunningServer, host: string): Promise<{ status: number; error: string | undefined }> {
  const url = new URL(`${target.origin}/api/state:get`)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json', host } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, error: (JSON.parse(text) as { error?: string }).error }))
      },
    )
    req.on('error', reject)
    req.end('{}')
  })
}

test('a browser served by the headless Sunspill has no Remote page', async ({ page }) => {
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await expect(page.locator('html')).toHaveAttribute('data-runtime', 'browser')
  await expect(page.getByTestId('settings-nav-about')).toBeVisible()
  await expect(page.getByTestId('settings-nav-remote')).toHaveCount(0)
})
