/**
 * One WebSocket connection carrying the device-status subscription, in either protocol:
 *
 * - 'graphql-transport-ws' (the graphql-ws library): driven by graphql-ws's own client.
 * - 'graphql-ws' (Apollo's older subscriptions-transport-ws, confusingly named): a small client
 *   of our own, because the old library is unmaintained: connection_init → connection_ack, then
 *   start / data / stop, keep-alives as `ka`, errors as connection_error or error.
 *
 * A session connects once and ends once; the supervisor in ./subscription.ts reconnects. Both
 * send the token as Andersen expects it: `{ authToken: "Bearer <IdToken>" }` in the init payload.
 */
import { createClient, type Client } from 'graphql-ws'
import WebSocket from 'ws'
import { z } from 'zod'

export type WsProtocol = 'graphql-transport-ws' | 'graphql-ws'
export const LEGACY_PROTOCOL: WsProtocol = 'graphql-ws'
export const TRANSPORT_PROTOCOL: WsProtocol = 'graphql-transport-ws'

export interface SessionEnd {
  /** The server acknowledged the connection (so it was up for a while). */
  acked: boolean
  /** The server refused the token: renew it before trying again. */
  authRejected: boolean
  /** The server did not speak this protocol: probe again. */
  protocolRefused: boolean
  reason: string
}

export interface SessionRequest {
  url: string
  token: string
  query: string
  operationName: string
  variables: Record<string, unknown>
  onAck(): void
  onData(data: unknown): void
  /** No connection_ack within this long ends the session. */
  ackTimeoutMs?: number
  /** With legacy keep-alives seen, silence for this long ends the session (the socket froze). */
  silenceTimeoutMs?: number
}

export interface WsSession {
  readonly ended: Promise<SessionEnd>
  close(): void
}

const GraphqlErrorLike = z.object({ message: z.string().optional(), extensions: z.object({ code: z.string().optional() }).passthrough().nullish() })
const ErrorList = z.array(GraphqlErrorLike)

/** Apollo says "Invalid/expired login token" with code UNAUTHENTICATED; servers differ in wrapping. */
export function mentionsAuthFailure(payload: unknown): boolean {
  const list = ErrorList.safeParse(Array.isArray(payload) ? payload : [payload])
  if (list.success && list.data.some((e) => e.extensions?.code === 'UNAUTHENTICATED' || /unauth|expired|invalid.*token|forbidden/i.test(e.message ?? ''))) {
    return true
  }
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload ?? '')
  return /unauth|expired|invalid.*token|forbidden/i.test(text)
}

function endOnce(resolve: (end: SessionEnd) => void) {
  let done = false
  return (end: SessionEnd) => {
    if (done) return
    done = true
    resolve(end)
  }
}

export function openSession(protocol: WsProtocol, request: SessionRequest): WsSession {
  return protocol === TRANSPORT_PROTOCOL ? openTransportSession(request) : openLegacySession(request)
}

// ── graphql-transport-ws, through graphql-ws ─────────────────────────────────────────────────

const CloseLike = z.object({ code: z.number(), reason: z.unknown().optional() })

function openTransportSession(request: SessionRequest): WsSession {
  let acked = false
  let resolveEnd!: (end: SessionEnd) => void
  const ended = new Promise<SessionEnd>((resolve) => (resolveEnd = endOnce(resolve)))
  let client: Client | null = null
  const finish = (end: Omit<SessionEnd, 'acked'>) => {
    resolveEnd({ ...end, acked })
    const c = client
    client = null
    // Disposing inside a sink callback would re-enter graphql-ws; let it unwind first.
    if (c) setImmediate(() => void c.dispose())
  }

  client = createClient({
    url: request.url,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionAckWaitTimeout: request.ackTimeoutMs ?? 10_000,
    keepAlive: 30_000,
    connectionParams: { authToken: `Bearer ${request.token}` },
    on: {
      connected: () => {
        acked = true
        request.onAck()
      },
    },
  })

  client.subscribe(
    { query: request.query, operationName: request.operationName, variables: request.variables },
    {
      next(result) {
        if (result.errors?.length) {
          if (mentionsAuthFailure(result.errors)) finish({ authRejected: true, protocolRefused: false, reason: 'token refused' })
          return
        }
        request.onData(result.data)
      },
      error(error: unknown) {
        const close = CloseLike.safeParse(error)
        if (close.success) {
          const { code } = close.data
          const reason = typeof close.data.reason === 'string' ? close.data.reason : ''
          finish({
            // 4401 Unauthorized, 4403 Forbidden: how graphql-ws servers refuse connection_init.
            authRejected: code === 4401 || code === 4403 || mentionsAuthFailure(reason),
            // 4406 Subprotocol not acceptable; 1002 is what Apollo's old server answers to a stranger.
            protocolRefused: !acked && (code === 4406 || code === 1002),
            reason: `closed ${code}${reason ? ` ${reason}` : ''}`,
          })
          return
        }
        const authRejected = mentionsAuthFailure(error)
        const message = error instanceof Error ? error.message : 'subscription error'
        finish({ authRejected, protocolRefused: !acked && /subprotocol/i.test(message), reason: message })
      },
      complete() {
        finish({ authRejected: false, protocolRefused: false, reason: 'completed' })
      },
    },
  )

  return {
    ended,
    close() {
      finish({ authRejected: false, protocolRefused: false, reason: 'closed by us' })
    },
  }
}

// ── Legacy subscriptions-transport-ws ('graphql-ws' subprotocol) ─────────────────────────────

const LegacyMessage = z.object({ type: z.string(), id: z.string().optional(), payload: z.unknown().optional() })
const DataPayload = z.object({ data: z.unknown().optional(), errors: z.unknown().optional() })
const SUBSCRIPTION_ID = '1'

function openLegacySession(request: SessionRequest): WsSession {
  let acked = false
  let sawKeepAlive = false
  let resolveEnd!: (end: SessionEnd) => void
  const ended = new Promise<SessionEnd>((resolve) => (resolveEnd = endOnce(resolve)))
  const socket = new WebSocket(request.url, LEGACY_PROTOCOL)
  const send = (message: object) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
  }

  let silenceTimer: NodeJS.Timeout | null = null
  const ackTimer = setTimeout(() => finish({ reason: 'no connection_ack' }, true), request.ackTimeoutMs ?? 10_000)
  const heard = () => {
    if (!sawKeepAlive) return
    if (silenceTimer) clearTimeout(silenceTimer)
    silenceTimer = setTimeout(() => finish({ reason: 'keep-alives stopped' }, true), request.silenceTimeoutMs ?? 90_000)
  }

  function finish(end: Partial<Omit<SessionEnd, 'acked'>> & { reason: string }, terminate = false) {
    clearTimeout(ackTimer)
    if (silenceTimer) clearTimeout(silenceTimer)
    resolveEnd({ authRejected: false, protocolRefused: false, ...end, acked })
    if (terminate) socket.terminate()
    else if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000)
  }

  socket.on('open', () => {
    if (socket.protocol !== LEGACY_PROTOCOL) {
      finish({ protocolRefused: true, reason: `server chose ${socket.protocol || 'no subprotocol'}` })
      return
    }
    send({ type: 'connection_init', payload: { authToken: `Bearer ${request.token}` } })
  })

  socket.on('message', (raw) => {
    const text = Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8')
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return
    }
    const message = LegacyMessage.safeParse(json)
    if (!message.success) return
    heard()
    const { type, payload } = message.data
    switch (type) {
      case 'connection_ack':
        acked = true
        clearTimeout(ackTimer)
        request.onAck()
        send({
          id: SUBSCRIPTION_ID,
          type: 'start',
          payload: { query: request.query, operationName: request.operationName, variables: request.variables },
        })
        break
      case 'ka':
        sawKeepAlive = true
        heard()
        break
      case 'connection_error':
        // Before the ack there is nothing else it could be about but the init payload: the token.
        finish({ authRejected: !acked || mentionsAuthFailure(payload), reason: 'connection_error' })
        break
      case 'data': {
        const data = DataPayload.safeParse(payload)
        if (!data.success) return
        if (data.data.errors) {
          if (mentionsAuthFailure(data.data.errors)) finish({ authRejected: true, reason: 'token refused' })
          return
        }
        request.onData(data.data.data)
        break
      }
      case 'error':
        finish({ authRejected: mentionsAuthFailure(payload), reason: 'subscription error' })
        break
      case 'complete':
        finish({ reason: 'completed by the server' })
        break
      default:
        break
    }
  })

  socket.on('unexpected-response', (_req, res) => {
    finish({ authRejected: res.statusCode === 401 || res.statusCode === 403, reason: `HTTP ${res.statusCode}` }, true)
  })
  socket.on('error', (error) => {
    finish({ protocolRefused: /subprotocol/i.test(error.message), reason: error.message }, true)
  })
  socket.on('close', (code, reason) => {
    const text = reason.toString('utf8')
    finish({ authRejected: code === 4401 || code === 4403 || mentionsAuthFailure(text), reason: `closed ${code}${text ? ` ${text}` : ''}` })
  })

  return {
    ended,
    close() {
      send({ id: SUBSCRIPTION_ID, type: 'stop' })
      send({ type: 'connection_terminate' })
      finish({ reason: 'closed by us' })
    },
  }
}

// ── Which protocol does the server speak? ────────────────────────────────────────────────────

/**
 * Offers both subprotocols, legacy first as gql does (which works against Andersen), and reports
 * the server's choice. A server that picks none is taken to be the legacy one.
 */
export function probeProtocol(url: string, timeoutMs = 10_000): Promise<WsProtocol> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, [LEGACY_PROTOCOL, TRANSPORT_PROTOCOL])
    const timer = setTimeout(() => {
      socket.terminate()
      reject(new Error('no answer to the WebSocket handshake'))
    }, timeoutMs)
    socket.on('open', () => {
      clearTimeout(timer)
      const chosen = socket.protocol === TRANSPORT_PROTOCOL ? TRANSPORT_PROTOCOL : LEGACY_PROTOCOL
      socket.close(1000)
      resolve(chosen)
    })
    socket.on('unexpected-response', (_req, res) => {
      clearTimeout(timer)
      socket.terminate()
      reject(new Error(`HTTP ${res.statusCode} to the WebSocket handshake`))
    })
    socket.on('error', (error) => {
      clearTimeout(timer)
      if (/subprotocol/i.test(error.message)) resolve(LEGACY_PROTOCOL)
      else reject(error)
    })
  })
}
