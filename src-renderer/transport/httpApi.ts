import type { EventSourceMessage } from 'eventsource-parser'
import {
  eventChannels,
  invokeChannels,
  isEventChannel,
  type Api,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeReq,
  type InvokeRes,
} from '../../src-shared/contract'
import { createConnectionSignal, type ConnectionSignal } from './connection'
import { startEventStream } from './eventStream'
import { TOKEN_NEEDED_MESSAGE, UNREACHABLE_MESSAGE, statusMessage, unexpectedReplyMessage } from './messages'

/** The browser's stand-in for the preload: the same Api over the headless server's HTTP + SSE. */
export interface HttpApiOptions {
  token: string
  /** '' means the page's own origin, which is where the headless server serves us from. */
  baseUrl?: string
  fetch?: typeof fetch
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
}

export interface HttpTransport {
  api: Api
  connection: ConnectionSignal
  close(): void
}

export function invokeRequest(baseUrl: string, token: string, channel: InvokeChannel, req: unknown): [string, RequestInit] {
  return [
    `${baseUrl}/api/${channel}`,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(req ?? {}),
      cache: 'no-store',
    },
  ]
}

/** Turns a reply into the contract's type, or into an Error whose message is the server's sentence. */
export async function readInvokeReply<C extends InvokeChannel>(channel: C, response: Response): Promise<InvokeRes<C>> {
  const body: unknown = await response.json().catch(() => undefined)
  if (response.status === 401) throw new Error(TOKEN_NEEDED_MESSAGE)
  if (!response.ok) {
    const sentence = errorSentence(body)
    throw new Error(sentence ?? statusMessage(channel, response.status, response.statusText))
  }
  const parsed = invokeChannels[channel].res.safeParse(body)
  if (!parsed.success) throw new Error(unexpectedReplyMessage(channel))
  return parsed.data as InvokeRes<C>
}

function errorSentence(body: unknown): string | null {
  if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' && body.error) return body.error
  return null
}

export function createHttpApi(options: HttpApiOptions): HttpTransport {
  const baseUrl = options.baseUrl ?? ''
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const connection = createConnectionSignal('connecting')
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>()
  let stopStream: (() => void) | null = null

  function dispatch(message: EventSourceMessage) {
    const channel = message.event
    if (!channel || !isEventChannel(channel)) return
    const subscribers = listeners.get(channel)
    if (!subscribers?.size) return
    let json: unknown
    try {
      json = JSON.parse(message.data)
    } catch {
      console.warn(`Sunspill: ignored a ${channel} event that is not JSON`)
      return
    }
    const parsed = eventChannels[channel].safeParse(json)
    if (!parsed.success) {
      console.warn(`Sunspill: ignored a ${channel} event that does not match the contract`, parsed.error.issues)
      return
    }
    for (const listener of [...subscribers]) (listener as (payload: unknown) => void)(parsed.data)
  }

  // One stream for all channels, opened with the first listener and closed with the last.
  function ensureStream() {
    stopStream ??= startEventStream({
      url: `${baseUrl}/api/events`,
      token: options.token,
      fetch: doFetch,
      onMessage: dispatch,
      onState: (state) => connection.set(state),
      sleep: options.sleep,
    })
  }
  function maybeStopStream() {
    for (const set of listeners.values()) if (set.size) return
    stopStream?.()
    stopStream = null
  }

  const api: Api = {
    async invoke<C extends InvokeChannel>(channel: C, req: InvokeReq<C>): Promise<InvokeRes<C>> {
      const [url, init] = invokeRequest(baseUrl, options.token, channel, req)
      let response: Response
      try {
        response = await doFetch(url, init)
      } catch {
        throw new Error(UNREACHABLE_MESSAGE)
      }
      if (response.status === 401) connection.set('unauthorized')
      return readInvokeReply(channel, response)
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      const entry = listener as (payload: never) => void
      set.add(entry)
      ensureStream()
      return () => {
        set.delete(entry)
        maybeStopStream()
      }
    },
  }

  return {
    api,
    connection,
    close() {
      listeners.clear()
      maybeStopStream()
    },
  }
}
