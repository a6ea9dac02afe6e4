/**
 * The subscription endpoint (/graphql) in both protocols a gql client may pick:
 * 'graphql-transport-ws' (graphql-ws library: connection_init/ack, subscribe, next, complete,
 * ping/pong; a bad token closes with 4403) and 'graphql-ws' (Apollo's subscriptions-transport-ws:
 * connection_init/ack with `ka` keep-alives, start, data, stop; a bad token gets connection_error).
 * The token travels as `authToken: "Bearer <IdToken>"` in the init payload.
 */
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql'
import type WebSocket from 'ws'

export type FakeWsProtocol = 'graphql-transport-ws' | 'graphql-ws'

export interface Subscriber {
  socket: WebSocket
  protocol: FakeWsProtocol
  id: string
  deviceId: string
  document: DocumentNode
  variables: Record<string, unknown>
  operationName: string | undefined
}

export interface WsHost {
  schema: GraphQLSchema
  /** The user the token belongs to, or null when it is not a valid id token. */
  authorize(token: string | null): string | null
  /** The pushed object for a device (its full status). */
  status(deviceId: string): Record<string, unknown> | null
  keepAliveMs: number
  log(name: string, detail?: Record<string, unknown>): void
}

export interface WsConnection {
  socket: WebSocket
  protocol: FakeWsProtocol
  token: string | null
  subscribers: Map<string, Subscriber>
}

function bearer(payload: unknown): string | null {
  const raw = (payload as { authToken?: unknown; Authorization?: unknown } | null)?.authToken ?? (payload as { Authorization?: unknown } | null)?.Authorization
  if (typeof raw !== 'string') return null
  const match = /^Bearer (.+)$/.exec(raw)
  return match ? match[1]! : null
}

export function acceptConnection(host: WsHost, socket: WebSocket, protocol: FakeWsProtocol): WsConnection {
  const connection: WsConnection = { socket, protocol, token: null, subscribers: new Map() }
  const send = (message: object) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message))
  }
  let acked = false
  let keepAlive: NodeJS.Timeout | null = null
  socket.on('close', () => {
    if (keepAlive) clearInterval(keepAlive)
    connection.subscribers.clear()
  })

  socket.on('message', (raw) => {
    let message: { type?: unknown; id?: unknown; payload?: unknown }
    try {
      message = JSON.parse(raw.toString())
    } catch {
      socket.close(4400, 'Invalid message')
      return
    }
    const id = typeof message.id === 'string' ? message.id : ''
    switch (message.type) {
      case 'connection_init': {
        host.log(`connection_init:${protocol}`)
        const token = bearer(message.payload)
        if (!host.authorize(token)) {
          if (protocol === 'graphql-transport-ws') socket.close(4403, 'Forbidden')
          else {
            send({ type: 'connection_error', payload: { message: 'Context creation failed: Invalid/expired login token' } })
            setTimeout(() => socket.close(1011), 10)
          }
          return
        }
        connection.token = token
        acked = true
        send({ type: 'connection_ack' })
        if (protocol === 'graphql-ws') {
          send({ type: 'ka' })
          keepAlive = setInterval(() => send({ type: 'ka' }), host.keepAliveMs)
        }
        return
      }
      case 'ping':
        send({ type: 'pong' })
        return
      case 'subscribe':
      case 'start': {
        if (!acked) {
          socket.close(4401, 'Unauthorized')
          return
        }
        const payload = (message.payload ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown }
        host.log(`${String(message.type)}:${protocol}`, { operationName: payload.operationName })
        let document: DocumentNode
        try {
          document = parse(String(payload.query ?? ''))
        } catch (error) {
          send({ id, type: 'error', payload: protocol === 'graphql-transport-ws' ? [{ message: (error as Error).message }] : { message: (error as Error).message } })
          return
        }
        const errors = validate(host.schema, document)
        if (errors.length > 0) {
          const list = errors.map((e) => ({ message: e.message }))
          send({ id, type: 'error', payload: protocol === 'graphql-transport-ws' ? list : list[0] })
          return
        }
        const variables = (payload.variables ?? {}) as Record<string, unknown>
        const subscriber: Subscriber = {
          socket,
          protocol,
          id,
          deviceId: String(variables.id ?? ''),
          document,
          variables,
          operationName: typeof payload.operationName === 'string' ? payload.operationName : undefined,
        }
        connection.subscribers.set(id, subscriber)
        return
      }
      case 'complete':
      case 'stop':
        connection.subscribers.delete(id)
        if (protocol === 'graphql-ws') send({ id, type: 'complete' })
        return
      case 'connection_terminate':
        socket.close(1000)
        return
      default:
        if (protocol === 'graphql-transport-ws') socket.close(4400, `Unknown message type ${String(message.type)}`)
    }
  })
  return connection
}

/** Sends the device's current status to one subscriber, selected by its own document. */
export async function push(host: WsHost, subscriber: Subscriber): Promise<void> {
  const status = host.status(subscriber.deviceId)
  if (!status) return
  const result = await execute({
    schema: host.schema,
    document: subscriber.document,
    rootValue: { deviceStatusUpdated: () => status },
    variableValues: subscriber.variables,
    operationName: subscriber.operationName,
  })
  if (subscriber.socket.readyState !== subscriber.socket.OPEN) return
  const type = subscriber.protocol === 'graphql-transport-ws' ? 'next' : 'data'
  subscriber.socket.send(JSON.stringify({ id: subscriber.id, type, payload: result }))
}
