import { describe, expect, it, vi } from 'vitest'
import type { EventSourceMessage } from 'eventsource-parser'
import { createHttpApi } from '../../../src-renderer/transport/httpApi'
import { backoffDelayMs, readEventStream, startEventStream } from '../../../src-renderer/transport/eventStream'
import type { ConnectionState } from '../../../src-renderer/transport/connection'
import { flush, siteState } from './fixtures'

function streamOf(chunks: string[], keepOpen = false): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk))
      if (!keepOpen) controller.close()
    },
  })
}

function sse(event: string, payload: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
}

describe('SSE reading', () => {
  it('parses messages split across chunks', async () => {
    const text = sse('state:update', { a: 1 }) + ': keep-alive\n\n' + sse('notification', { b: 2 })
    const chunks = [text.slice(0, 7), text.slice(7, 30), text.slice(30)]
    const seen: EventSourceMessage[] = []
    await readEventStream(streamOf(chunks), (m) => seen.push(m))
    expect(seen.map((m) => [m.event, JSON.parse(m.data)])).toEqual([
      ['state:update', { a: 1 }],
      ['notification', { b: 2 }],
    ])
  })

  it('dispatches events by channel through the HTTP api, validated against the contract', async () => {
    const state = siteState({ statusLine: 'From the stream' })
    const body =
      sse('state:update', state) + sse('notification', { id: 'n', kind: 'negative', title: 'Negative price', body: 'Use power now', atMs: 1 }) + sse('state:update', { broken: true }) + sse('unknown:channel', {})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const requests: { url: string; auth: string | null }[] = []
    const http = createHttpApi({
      token: 'tok',
      baseUrl: 'http://x',
      fetch: async (url, init) => {
        requests.push({ url: String(url), auth: new Headers(init?.headers).get('authorization') })
        return new Response(streamOf([body], true), { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
      },
    })
    const states: string[] = []
    const notes: string[] = []
    const offState = http.api.on('state:update', (s) => states.push(s.statusLine))
    http.api.on('notification', (n) => notes.push(n.title))
    await flush()
    await flush()
    expect(requests).toEqual([{ url: 'http://x/api/events', auth: 'Bearer tok' }])
    expect(http.connection.get()).toBe('open')
    expect(states).toEqual(['From the stream'])
    expect(notes).toEqual(['Negative price'])
    expect(warn).toHaveBeenCalledOnce() // the broken state:update was dropped, not applied
    offState()
    http.close()
  })

  it('reconnects with backoff after a drop and reports the connection state', async () => {
    const states: ConnectionState[] = []
    const delays: number[] = []
    let attempt = 0
    let stop = () => {}
    const done = new Promise<void>((resolve) => {
      stop = startEventStream({
        url: '/api/events',
        token: 't',
        fetch: async () => {
          attempt++
          if (attempt === 1) throw new TypeError('connection refused')
          if (attempt === 2) return new Response(streamOf([sse('state:update', {})]), { status: 200 })
          resolve()
          return new Response(streamOf([], true), { status: 200 })
        },
        onMessage: () => {},
        onState: (s) => states.push(s),
        sleep: async (ms) => void delays.push(ms),
      })
    })
    await done
    await flush()
    stop()
    expect(states).toEqual(['reconnecting', 'open', 'reconnecting', 'open'])
    // After a successful open the backoff starts again from the bottom.
    expect(delays).toEqual([backoffDelayMs(0), backoffDelayMs(0)])
  })

  it('stops retrying on 401', async () => {
    const states: ConnectionState[] = []
    let calls = 0
    startEventStream({
      url: '/api/events',
      token: 'wrong',
      fetch: async () => {
        calls++
        return new Response('{"error":"no"}', { status: 401 })
      },
      onMessage: () => {},
      onState: (s) => states.push(s),
      sleep: async () => {},
    })
    await flush()
    expect(states).toEqual(['unauthorized'])
    expect(calls).toBe(1)
  })

  it('backs off exponentially up to a cap', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelayMs(n))).toEqual([500, 1000, 2000, 4000, 15000])
  })
})
