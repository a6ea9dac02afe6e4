import { EventEmitter } from 'node:events'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { invokeChannelNames, type AllHandlers } from '../../../src-shared/contract'
import type { CoreEvents } from '../../../src-main/core/host'
import { FakeBrowserWindow, ipcMain } from '../../fakes/electron'
import { broadcast, forwardEvents, registerIpc, trustedSender } from '../../../src-main/shell/ipc'
import { siteState } from './site-state'

const rendererFile = join(tmpdir(), 'Sunspill App', 'out', 'renderer', 'index.html')
const rendererUrl = pathToFileURL(rendererFile).href

function recordingHandlers() {
  const calls: Array<{ channel: string; req: unknown }> = []
  const handlers = Object.fromEntries(
    invokeChannelNames.map((channel) => [
      channel,
      async (req: unknown) => {
        calls.push({ channel, req })
        if (channel === 'app:info') throw new Error('Amber token rejected: create a new one in Amber’s developer settings, then paste it here.')
        if (channel === 'app:logTail') throw 'not an error'
        return { ok: channel }
      },
    ]),
  ) as unknown as AllHandlers
  return { handlers, calls }
}

function setup(devServerUrl: string | null = null) {
  const { handlers, calls } = recordingHandlers()
  registerIpc(ipcMain, handlers, trustedSender({ rendererFile, devServerUrl }))
  return calls
}

describe('registerIpc', () => {
  it('registers every invoke channel of the contract', () => {
    setup()
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...invokeChannelNames].sort())
  })

  it('accepts a valid request from the renderer and passes the parsed request on', async () => {
    const calls = setup()
    await expect(ipcMain.invoke('charger:setLimit', { chargerId: 'garage', limitA: 16 }, rendererUrl)).resolves.toEqual({ ok: 'charger:setLimit' })
    expect(calls).toEqual([{ channel: 'charger:setLimit', req: { chargerId: 'garage', limitA: 16 } }])
  })

  it('treats a missing request body as {} for empty requests', async () => {
    const calls = setup()
    await ipcMain.invoke('state:get', undefined, rendererUrl)
    expect(calls).toEqual([{ channel: 'state:get', req: {} }])
  })

  it('accepts the settings window, which adds ?view=settings, and a hash', async () => {
    const calls = setup()
    await ipcMain.invoke('settings:get', {}, `${rendererUrl}?view=settings#accounts`)
    expect(calls).toHaveLength(1)
  })

  it('rejects an invalid payload with a sentence and does not call the handler', async () => {
    const calls = setup()
    const error = await ipcMain.invoke('charger:setLimit', { chargerId: 'garage', limitA: 'x' }, rendererUrl).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/^Invalid request for charger:setLimit: limitA: .+/)
    await expect(ipcMain.invoke('charger:setMode', { chargerId: 'garage', mode: 'turbo' }, rendererUrl)).rejects.toThrow(/Invalid request for charger:setMode: mode/)
    await expect(ipcMain.invoke('state:get', { extra: 1 }, rendererUrl)).rejects.toThrow(/Invalid request for state:get/)
    expect(calls).toEqual([])
  })

  it.each([
    ['another file: URL', pathToFileURL(join(tmpdir(), 'evil', 'index.html')).href, null],
    ['a file beside ours', pathToFileURL(join(tmpdir(), 'Sunspill App', 'out', 'renderer', 'other.html')).href, null],
    ['our path on another host (UNC)', rendererUrl.replace('file:///', 'file://evil-host/'), null],
    ['an https page', 'https://evil.example/index.html', null],
    ['a subframe of our own page', rendererUrl, { url: rendererUrl }],
    ['about:blank', 'about:blank', null],
    ['a garbage URL', 'not a url', null],
  ])('rejects %s without calling the handler', async (_name, url, parent) => {
    const calls = setup()
    await expect(ipcMain.invoke('charger:setEnabled', { chargerId: 'garage', enabled: false }, url, parent)).rejects.toThrow(
      /refused charger:setEnabled: the request did not come from Sunspill's own window/,
    )
    expect(calls).toEqual([])
  })

  it('rejects a call with no sender frame (the frame navigated away or was destroyed)', async () => {
    const calls = setup()
    const handler = ipcMain.handlers.get('state:get')!
    await expect(Promise.resolve(handler({ senderFrame: null, sender: {} }, {}))).rejects.toThrow(/refused/)
    expect(calls).toEqual([])
  })

  it('compares paths without case on Windows only', () => {
    const upper = pathToFileURL(rendererFile).href.replace('/out/renderer/', '/OUT/Renderer/')
    expect(trustedSender({ rendererFile, platform: 'win32' })({ url: upper, parent: null })).toBe(true)
    expect(trustedSender({ rendererFile, platform: 'linux' })({ url: upper, parent: null })).toBe(false)
  })

  it('trusts the dev server origin only when one is configured', async () => {
    const calls = setup('http://localhost:5173/')
    await ipcMain.invoke('state:get', {}, 'http://localhost:5173/?view=settings')
    await expect(ipcMain.invoke('state:get', {}, 'http://localhost:5174/')).rejects.toThrow(/refused/)
    await ipcMain.invoke('state:get', {}, rendererUrl)
    expect(calls).toHaveLength(2)
  })

  it('passes a handler error on as its sentence, and replaces a thrown non-error with one', async () => {
    setup()
    await expect(ipcMain.invoke('app:info', {}, rendererUrl)).rejects.toThrow(/^Amber token rejected: create a new one/)
    await expect(ipcMain.invoke('app:logTail', { lines: 10 }, rendererUrl)).rejects.toThrow(
      'Sunspill could not complete app:logTail because of an unexpected error; the log has details.',
    )
  })
})

describe('events to windows', () => {
  it('sends each core event to every open window and stops after unsubscribe', () => {
    const emitter = new EventEmitter()
    const events: CoreEvents = {
      on(channel, listener) {
        emitter.on(channel, listener)
        return () => emitter.off(channel, listener)
      },
    }
    const a = new FakeBrowserWindow()
    const b = new FakeBrowserWindow()
    const gone = new FakeBrowserWindow()
    gone.destroy()
    const stop = forwardEvents(events, () => FakeBrowserWindow.instances)
    const state = siteState()
    emitter.emit('state:update', state)
    emitter.emit('notification', { id: 'n1', kind: 'spike', title: 'Price spike', body: '186 c/kWh', atMs: 1 })
    expect(a.webContents.sent.map((s) => s.channel)).toEqual(['state:update', 'notification'])
    expect(b.webContents.sent[0]).toEqual({ channel: 'state:update', payload: state })
    expect(gone.webContents.sent).toEqual([])
    stop()
    emitter.emit('state:update', state)
    expect(a.webContents.sent).toHaveLength(2)
    expect(emitter.listenerCount('state:update')).toBe(0)
  })

  it('broadcast skips destroyed windows instead of throwing', () => {
    const win = new FakeBrowserWindow()
    win.destroy()
    expect(() => broadcast([win], 'state:update', siteState())).not.toThrow()
  })
})
