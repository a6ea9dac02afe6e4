/**
 * Binds the contract's invoke channels to ipcMain and pushes core events to the windows.
 * Typed against small interfaces rather than electron's, so tests hand in plain fakes.
 * Every request is checked twice: who sent it (VS Code's validateEvent), then what it says (zod).
 */
import { pathToFileURL } from 'node:url'
import {
  ContractError,
  eventChannelNames,
  invokeChannelNames,
  parseRequest,
  type EventChannel,
  type EventPayload,
  type AllHandlers,
  type InvokeChannel,
} from '../../src-shared/contract'
import type { CoreEvents, Logger } from '../core/host'

export interface SenderFrame {
  url: string
  /** null for a top-level frame; an iframe has its parent frame here. */
  parent: unknown
}

export interface IpcInvokeEvent {
  senderFrame?: SenderFrame | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown): void
}

export type SenderCheck = (frame: SenderFrame | null | undefined) => boolean

export interface TrustedRenderer {
  /** Absolute path of the built out/renderer/index.html. */
  rendererFile: string
  /** The electron-vite dev server (ELECTRON_RENDERER_URL), only honoured in development. */
  devServerUrl?: string | null
  /** Windows paths compare without case (Chromium may report c: where Node wrote C:). */
  platform?: NodeJS.Platform
}

/**
 * Only our own top frame may call in: the exact built index.html (any query or hash, since the
 * settings window adds ?view=settings), or the dev server's origin. Another file: URL is not
 * trusted; `file:` alone says nothing about which page is speaking.
 */
export function trustedSender({ rendererFile, devServerUrl, platform = process.platform }: TrustedRenderer): SenderCheck {
  const expected = new URL(pathToFileURL(rendererFile).href)
  const normalise = (pathname: string) => {
    const decoded = decodeURIComponent(pathname)
    return platform === 'win32' ? decoded.toLowerCase() : decoded
  }
  const expectedPath = normalise(expected.pathname)
  const devOrigin = devServerUrl ? safeUrl(devServerUrl)?.origin ?? null : null

  return (frame) => {
    if (!frame || frame.parent !== null) return false
    const url = safeUrl(frame.url)
    if (!url) return false
    if (url.protocol === 'file:') {
      return url.host === expected.host && normalise(url.pathname) === expectedPath
    }
    return devOrigin !== null && devOrigin !== 'null' && url.origin === devOrigin
  }
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

export function registerIpc(ipcMain: IpcMainLike, handlers: AllHandlers, isTrustedSender: SenderCheck, logger?: Pick<Logger, 'warn' | 'error'>): void {
  for (const channel of invokeChannelNames) {
    ipcMain.handle(channel, async (event, raw) => {
      if (!isTrustedSender(event.senderFrame)) {
        logger?.warn('Refused an IPC call from an untrusted frame', { channel, url: event.senderFrame?.url ?? null })
        throw new Error(`Sunspill refused ${channel}: the request did not come from Sunspill's own window.`)
      }
      try {
        const request = parseRequest(channel, raw)
        return await callHandler(handlers, channel, request)
      } catch (error) {
        throw toSentence(channel, error, logger)
      }
    })
  }
}

// AllHandlers is a mapped type; indexing it with a union channel needs one narrowing cast.
function callHandler<C extends InvokeChannel>(handlers: AllHandlers, channel: C, request: unknown): Promise<unknown> {
  return (handlers[channel] as (req: unknown) => Promise<unknown>)(request)
}

/** Only the message crosses to the renderer (Electron drops other fields), so it must be a sentence. */
function toSentence(channel: string, error: unknown, logger?: Pick<Logger, 'error'>): Error {
  if (error instanceof ContractError) return new Error(error.message)
  if (error instanceof Error && error.message.trim()) return new Error(error.message)
  logger?.error('IPC handler failed without a message', { channel, error: String(error) })
  return new Error(`Sunspill could not complete ${channel} because of an unexpected error; the log has details.`)
}

export interface WebContentsLike {
  send(channel: string, payload: unknown): void
  isDestroyed?(): boolean
}

export interface WindowLike {
  webContents: WebContentsLike
  isDestroyed?(): boolean
}

export function broadcast<C extends EventChannel>(windows: readonly WindowLike[], channel: C, payload: EventPayload<C>): void {
  for (const win of windows) {
    if (win.isDestroyed?.() || win.webContents.isDestroyed?.()) continue
    win.webContents.send(channel, payload)
  }
}

/** Forwards every contract event from the core to the windows open at that moment. Returns an unsubscribe. */
export function forwardEvents(events: CoreEvents, windows: () => readonly WindowLike[]): () => void {
  const unsubscribes = eventChannelNames.map((channel) =>
    events.on(channel, (payload) => broadcast(windows(), channel, payload as EventPayload<typeof channel>)),
  )
  return () => unsubscribes.forEach((off) => off())
}
