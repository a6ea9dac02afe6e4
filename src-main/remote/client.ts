/**
 * A headless Sunspill elsewhere, seen through the same surface as a local core: one handler per
 * contract channel (POST /api/<channel>), and the contract's events re-emitted from its SSE
 * stream, which is kept open with backoff. Every reply and event is checked against the contract.
 * The token goes into the Authorization header and nowhere else: not into errors, not into logs.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { request } from 'undici'
import {
  coreChannelNames,
  eventChannels,
  invokeChannels,
  isEventChannel,
  isShellOnlyEvent,
  type CoreChannel,
  type EventChannel,
  type EventPayload,
  type Handlers,
  type InvokeRes,
} from '../../src-shared/contract'
import type { SiteState } from '../../src-shared/model'
import type { RemoteLinkState } from '../../src-shared/remote'
import type { CoreEvents, Logger } from '../core/host'
import { connectedMessage, connectingMessage, describeFailure, errorSentence, hostOf, RemoteRefusedToken } from './messages'
import { createEventHub } from '../core/event-hub'
import { pinnedAgent } from './pinning'

export interface RemoteTarget {
  /** Scheme, host and port, e.g. https://sunspill.local:4777 */
  url: string
  token: string
  /** The pinned SHA-256 fingerprint; required for https. */
  fingerprint: string | null
}

export interface RemoteLink {
  state: Exclude<RemoteLinkState, 'local'>
  message: string
}

export interface RemoteClientOptions extends RemoteTarget {
  logger: Pick<Logger, 'info' | 'warn'>
  /** Waits between reconnects; tests pass a quick one. */
  backoff?: { initialMs: number; maxMs: number }
}

export interface RemoteClient {
  handlers: Handlers
  /** The remote's events, plus nothing of our own. */
  events: CoreEvents
  /** The last state the remote sent, or null before the first. */
  lastState(): SiteState | null
  link(): RemoteLink
  onLink(listener: (link: RemoteLink) => void): () => void
  /** Opens the event stream; reconnects until close(). */
  open(): void
  /** Try again now rather than at the end of the current backoff (the computer woke up). */
  retryNow(): void
  close(): Promise<void>
}

const INVOKE_TIMEOUT_MS = 20_000
/** The server sends a comment every 15 s; three missed means the link is dead. */
const STREAM_IDLE_TIMEOUT_MS = 45_000

export function createRemoteClient(options: RemoteClientOptions): RemoteClient {
  const host = hostOf(options.url)
  const agent = pinnedAgent(options.fingerprint)
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 30_000 }
  const hub = createEventHub()
  const linkListeners = new Set<(link: RemoteLink) => void>()
  let link: RemoteLink = { state: 'connecting', message: connectingMessage(host) }
  let lastState: SiteState | null = null
  let closed = false
  let opened = false
  let streamAbort: AbortController | null = null
  let wake: (() => void) | null = null

  function emit<C extends EventChannel>(channel: C, payload: EventPayload<C>) {
    if (channel === 'state:update') lastState = payload as SiteState
    hub.emit(channel, payload)
  }

  function setLink(next: RemoteLink) {
    if (next.state === link.state && next.message === link.message) return
    link = next
    if (next.state !== 'connected') options.logger.warn(`Remote link: ${next.message}`)
    else options.logger.info(`Remote link: ${next.message}`)
    for (const listener of [...linkListeners]) listener(next)
  }

  function failed(error: unknown) {
    setLink(describeFailure(host, error))
  }

  async function invoke<C extends CoreChannel>(channel: C, req: unknown): Promise<InvokeRes<C>> {
    let status: number
    let body: unknown
    try {
      const response = await request(`${options.url}/api/${channel}`, {
        method: 'POST',
        headers: authHeaders(options.token, 'application/json'),
        body: JSON.stringify(req ?? {}),
        dispatcher: agent,
        headersTimeout: INVOKE_TIMEOUT_MS,
        bodyTimeout: INVOKE_TIMEOUT_MS,
      })
      status = response.statusCode
      body = await response.body.json().catch(() => undefined)
    } catch (error) {
      const failure = describeFailure(host, error)
      // One slow reply is not a lost link; the event stream is the judge of reachability.
      if (failure.state !== 'unreachable') setLink(failure)
      throw new Error(failure.message)
    }
    if (status === 401) {
      const refused = new RemoteRefusedToken(host)
      failed(refused)
      throw refused
    }
    if (status < 200 || status >= 300) throw new Error(errorSentence(body) ?? `The remote Sunspill at ${host} could not complete ${channel} (HTTP ${status}).`)
    const parsed = invokeChannels[channel].res.safeParse(body)
    if (!parsed.success) {
      throw new Error(`The remote Sunspill at ${host} answered ${channel} in a form this version does not understand. Update both to the same version.`)
    }
    return parsed.data as InvokeRes<C>
  }

  const handlers = Object.fromEntries(coreChannelNames.map((channel) => [channel, (req: unknown) => invoke(channel, req)])) as unknown as Handlers

  function dispatch(message: EventSourceMessage) {
    const channel = message.event
    // remote:status is this app's own: a remote cannot say what this computer is attached to.
    if (!channel || !isEventChannel(channel) || isShellOnlyEvent(channel)) return
    let json: unknown
    try {
      json = JSON.parse(message.data)
    } catch {
      return
    }
    const parsed = eventChannels[channel].safeParse(json)
    if (!parsed.success) {
      options.logger.warn(`Ignored a ${channel} event from ${host} that does not match the contract`)
      return
    }
    emit(channel, parsed.data as EventPayload<typeof channel>)
  }

  /** After (re)connecting: events sent while away are lost, so the settings are read afresh. */
  async function catchUp() {
    try {
      emit('settings:changed', await handlers['settings:get']({}))
    } catch {
      // The stream itself reports the link; a failed catch-up only leaves the old settings shown.
    }
  }

  async function streamOnce(signal: AbortSignal): Promise<'retry' | 'stop'> {
    const response = await request(`${options.url}/api/events`, {
      method: 'GET',
      headers: authHeaders(options.token, 'text/event-stream'),
      dispatcher: agent,
      signal,
      headersTimeout: INVOKE_TIMEOUT_MS,
      bodyTimeout: STREAM_IDLE_TIMEOUT_MS,
    })
    if (response.statusCode === 401) {
      await response.body.dump()
      failed(new RemoteRefusedToken(host))
      // The same token cannot succeed later; the user has to save a new one.
      return 'stop'
    }
    if (response.statusCode !== 200) {
      const body: unknown = await response.body.json().catch(() => undefined)
      throw new Error(errorSentence(body) ?? `the event stream answered HTTP ${response.statusCode}`)
    }
    setLink({ state: 'connected', message: connectedMessage(host, options.url) })
    void catchUp()
    const parser = createParser({ onEvent: dispatch })
    const decoder = new TextDecoder()
    for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Buffer, { stream: true }))
    throw new Error('the event stream ended')
  }

  async function run() {
    let attempt = 0
    while (!closed) {
      streamAbort = new AbortController()
      try {
        if ((await streamOnce(streamAbort.signal)) === 'stop') return
      } catch (error) {
        if (closed) return
        // A stream that was up for a while starts the backoff over.
        if (link.state === 'connected') attempt = 0
        failed(error)
      }
      const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt++)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wake = null
    }
  }

  return {
    handlers,
    events: hub.events,
    lastState: () => lastState,
    link: () => link,
    onLink(listener) {
      linkListeners.add(listener)
      return () => linkListeners.delete(listener)
    },
    open() {
      if (opened || closed) return
      opened = true
      void run()
    },
    retryNow() {
      wake?.()
    },
    async close() {
      closed = true
      streamAbort?.abort()
      wake?.()
      // destroy, not close: close would wait for the aborted stream to drain.
      await agent.destroy().catch(() => undefined)
    },
  }
}

function authHeaders(token: string, accept: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, accept, 'content-type': 'application/json' }
}

