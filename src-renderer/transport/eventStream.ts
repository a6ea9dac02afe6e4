import { createParser, type EventSourceMessage } from 'eventsource-parser'
import type { ConnectionState } from './connection'

/** Feeds a byte stream through the SSE parser until it ends or the signal aborts. */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: EventSourceMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  const parser = createParser({ onEvent: onMessage })
  const decoder = new TextDecoder()
  const reader = body.getReader()
  const cancel = () => void reader.cancel().catch(() => {})
  signal?.addEventListener('abort', cancel, { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parser.feed(decoder.decode(value, { stream: true }))
    }
    parser.feed(decoder.decode())
  } finally {
    signal?.removeEventListener('abort', cancel)
    reader.releaseLock()
  }
}

/** 0.5 s, 1 s, 2 s … capped, so a restarting server is picked up quickly without hammering it. */
export function backoffDelayMs(attempt: number, initialMs = 500, maxMs = 15_000): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt))
}

export interface EventStreamOptions {
  url: string
  token: string
  fetch: typeof fetch
  onMessage: (message: EventSourceMessage) => void
  onState: (state: ConnectionState) => void
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  initialDelayMs?: number
  maxDelayMs?: number
}

/** Keeps GET /api/events open, reconnecting with backoff after every drop. Returns stop(). */
export function startEventStream(options: EventStreamOptions): () => void {
  const controller = new AbortController()
  const { signal } = controller
  const sleep = options.sleep ?? abortableSleep

  void (async () => {
    let attempt = 0
    while (!signal.aborted) {
      try {
        const response = await options.fetch(options.url, {
          headers: { Authorization: `Bearer ${options.token}`, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal,
        })
        if (response.status === 401) {
          options.onState('unauthorized')
          return
        }
        if (response.ok && response.body) {
          options.onState('open')
          attempt = 0
          await readEventStream(response.body, options.onMessage, signal)
        }
      } catch {
        // A refused connection or a dropped stream both end up in the retry below.
      }
      if (signal.aborted) return
      options.onState('reconnecting')
      await sleep(backoffDelayMs(attempt++, options.initialDelayMs, options.maxDelayMs), signal).catch(() => {})
    }
  })()

  return () => controller.abort()
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}
