/**
 * A fake Andersen cloud on 127.0.0.1 speaking the real protocols, laid out under one base URL the
 * way the client derives its endpoints from an override:
 *
 *   POST /                     GraphQL queries and mutations (the host root, as Andersen's), Bearer IdToken
 *   WS   /graphql              subscriptions, graphql-transport-ws and legacy graphql-ws
 *   POST /get-pending-user     e-mail → Cognito username
 *   POST /cognito/             the Cognito IDP JSON API (SRP, device tracking, refresh)
 *   GET  /mobile/api/getDevices the mobile REST device list
 *
 * Tokens expire after `tokenTtlS` on the fake's clock (inject `now` to share a test's clock);
 * GraphQL then answers Apollo's "Context creation failed" UNAUTHENTICATED. Plain TypeScript with no
 * test-runner imports, so vitest and Playwright can both start it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { readBody } from '../http'
import { execute, parse, validate, type GraphQLError } from 'graphql'
import { WebSocketServer } from 'ws'
import { FakeCognito } from './cognito'
import { deviceStatus, makeDevice, type FakeDevice } from './device'
import { rootValue, type ResolverHost } from './resolvers'
import { andersenSchema } from './schema'
import { acceptConnection, push, type FakeWsProtocol, type WsConnection, type WsHost } from './ws'

export type { FakeDevice } from './device'
export type { FakeWsProtocol } from './ws'

/** One charger, car plugged in, unlocked (so charging), one overnight schedule switched off. */
export const andersenFixture = {
  email: 'driver@example.com',
  password: 'Correct-Horse-7',
  username: '7d1f5c8e-2b4a-4c6e-9f10-3a5b7c9d1e2f:1',
  deviceId: 'e00fce6891a6d30300000001',
  deviceName: '2202210001',
  friendlyName: 'Driveway',
} as const

export interface AndersenFakeOptions {
  email?: string
  password?: string
  username?: string
  /** Chargers on the account; the default is the fixture's one charger. */
  devices?: (Partial<FakeDevice> & { id?: string })[]
  tokenTtlS?: number
  now?: () => number
  /** Subscription protocols the server accepts, in its order of preference. */
  wsProtocols?: FakeWsProtocol[]
  /** The pool remembers devices: logins get NewDeviceMetadata and refreshes need DEVICE_KEY. */
  deviceTracking?: boolean
  /** False makes every REFRESH_TOKEN_AUTH fail, as HA users saw before device keys were sent. */
  refreshWorks?: boolean
  /** HTTP status of the UNAUTHENTICATED answer (Apollo's varies). */
  unauthenticatedStatus?: number
  /** Legacy protocol keep-alive period. */
  keepAliveMs?: number
  supportMessage?: string | null
}

export interface FakeRequest {
  kind: 'cognito' | 'pending-user' | 'graphql' | 'mobile' | 'ws'
  /** The Cognito target and flow, the GraphQL operation name, or the WebSocket message. */
  name: string
  variables?: Record<string, unknown>
  /** For GraphQL and mobile calls: whether the token was accepted. */
  authorized?: boolean
  /** For Cognito: the request body's AuthParameters / ChallengeResponses keys that were set. */
  parameters?: string[]
}

export type FaultTarget = 'graphql' | 'cognito' | 'pending-user' | 'mobile'
export interface Fault {
  status?: number
  body: string
  contentType?: string
  /** Extra response headers, e.g. a Retry-After with a 429. */
  headers?: Record<string, string>
}

export interface AndersenFakeState extends ResolverHost {
  cognito: FakeCognito
  connections: Set<WsConnection>
  socketsRefused: boolean
  faults: Map<FaultTarget, Fault[]>
}

export interface AndersenFake {
  baseUrl: string
  email: string
  password: string
  /** The first charger's id. */
  deviceId: string
  state: AndersenFakeState
  requests: FakeRequest[]
  device(id?: string): FakeDevice
  /** Changes a charger (plug in, fault…) and pushes its status to subscribers. */
  update(patch: Partial<FakeDevice>, id?: string): void
  /** Every token issued so far stops working; open sockets are closed with 4401. */
  expireTokens(): void
  /** Cuts every WebSocket without a close frame, as a network drop would. */
  dropSockets(): void
  /** While true, WebSocket upgrades get HTTP 503. */
  refuseSockets(refused: boolean): void
  /** The next request to `target` gets this answer instead. */
  failNext(target: FaultTarget, fault: Fault): void
  /** How many requests of a kind (and name) arrived. */
  count(kind: FakeRequest['kind'], name?: string): number
  /** Open, acknowledged subscription sockets. */
  liveSubscribers(): number
  close(): Promise<void>
}

const JSON_TYPE = 'application/json'

function reply(res: ServerResponse, status: number, body: unknown, contentType = JSON_TYPE, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

function bearerOf(req: IncomingMessage): string | null {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')
  return match ? match[1]! : null
}

const formatError = (error: GraphQLError, fallbackCode: string) => ({
  message: error.message,
  ...(error.path ? { path: error.path } : {}),
  extensions: { code: (error.extensions?.code as string | undefined) ?? fallbackCode },
})

export async function startAndersenFake(options: AndersenFakeOptions = {}): Promise<AndersenFake> {
  const now = options.now ?? Date.now
  const email = options.email ?? andersenFixture.email
  const password = options.password ?? andersenFixture.password
  const username = options.username ?? andersenFixture.username
  const wsProtocols = options.wsProtocols ?? ['graphql-transport-ws', 'graphql-ws']
  const unauthenticatedStatus = options.unauthenticatedStatus ?? 200
  const schema = andersenSchema()
  const requests: FakeRequest[] = []
  const log = (entry: FakeRequest) => requests.push(entry)

  const devices = (options.devices ?? [{}]).map((init, i) =>
    makeDevice({
      ...init,
      id: init.id ?? (i === 0 ? andersenFixture.deviceId : `e00fce6891a6d3030000000${i + 1}`),
      name: init.name ?? (i === 0 ? andersenFixture.deviceName : `220221000${i + 1}`),
      friendlyName: init.friendlyName ?? (i === 0 ? andersenFixture.friendlyName : `Charger ${i + 1}`),
    }),
  )

  const cognito = new FakeCognito(
    { email, username, password },
    { tokenTtlS: options.tokenTtlS ?? 3600, deviceTracking: options.deviceTracking ?? true, refreshWorks: options.refreshWorks ?? true, now },
  )

  const state: AndersenFakeState = {
    devices,
    unclaimed: [],
    supportMessage: options.supportMessage === undefined ? null : options.supportMessage,
    account: { firstName: null, lastName: null, pushTokens: new Set() },
    now,
    changed: (device) => {
      for (const connection of state.connections) {
        for (const subscriber of connection.subscribers.values()) {
          if (subscriber.deviceId === device.id) void push(wsHost, subscriber)
        }
      }
    },
    cognito,
    connections: new Set(),
    socketsRefused: false,
    faults: new Map(),
  }
  const root = rootValue(state)

  const wsHost: WsHost = {
    schema,
    authorize: (token) => (token ? (cognito.check(token, 'id')?.username ?? null) : null),
    status: (deviceId) => {
      const device = state.devices.find((d) => d.id === deviceId)
      return device ? deviceStatus(device, now()) : null
    },
    keepAliveMs: options.keepAliveMs ?? 10_000,
    log: (name, detail) => log({ kind: 'ws', name, ...(detail?.operationName ? { variables: detail } : {}) }),
  }

  function takeFault(target: FaultTarget): Fault | undefined {
    return state.faults.get(target)?.shift()
  }

  async function handleGraphql(req: IncomingMessage, res: ServerResponse) {
    const text = await readBody(req)
    let body: { query?: unknown; variables?: unknown; operationName?: unknown }
    try {
      body = JSON.parse(text)
    } catch {
      log({ kind: 'graphql', name: '(unparseable)' })
      reply(res, 400, { errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }] })
      return
    }
    const name = typeof body.operationName === 'string' ? body.operationName : '(anonymous)'
    const variables = (body.variables ?? {}) as Record<string, unknown>
    const token = bearerOf(req)
    const authorized = token !== null && cognito.check(token, 'id') !== null
    log({ kind: 'graphql', name, variables, authorized })
    const fault = takeFault('graphql')
    if (fault) return reply(res, fault.status ?? 200, fault.body, fault.contentType, fault.headers)
    if (!authorized) {
      return reply(res, unauthenticatedStatus, {
        errors: [{ message: 'Context creation failed: Invalid/expired login token', extensions: { code: 'UNAUTHENTICATED' } }],
      })
    }
    let document
    try {
      document = parse(String(body.query ?? ''))
    } catch (error) {
      return reply(res, 400, { errors: [formatError(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')] })
    }
    const invalid = validate(schema, document)
    if (invalid.length > 0) return reply(res, 400, { errors: invalid.map((e) => formatError(e, 'GRAPHQL_VALIDATION_FAILED')) })
    const result = await execute({
      schema,
      document,
      rootValue: root,
      variableValues: variables,
      operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    })
    if (result.data === undefined && result.errors) return reply(res, 400, { errors: result.errors.map((e) => formatError(e, 'BAD_USER_INPUT')) })
    reply(res, 200, { data: result.data, ...(result.errors ? { errors: result.errors.map((e) => formatError(e, 'INTERNAL_SERVER_ERROR')) } : {}) })
  }

  async function handleCognito(req: IncomingMessage, res: ServerResponse) {
    const target = String(req.headers['x-amz-target'] ?? '').replace(/^AWSCognitoIdentityProviderService\./, '')
    let body: Record<string, unknown> = {}
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>
    } catch {
      return reply(res, 400, { __type: 'SerializationException', message: 'Invalid JSON' }, 'application/x-amz-json-1.1')
    }
    const params = (body.AuthParameters ?? body.ChallengeResponses ?? {}) as Record<string, unknown>
    const flow = typeof body.AuthFlow === 'string' ? body.AuthFlow : typeof body.ChallengeName === 'string' ? body.ChallengeName : null
    log({ kind: 'cognito', name: flow ? `${target}:${flow}` : target, parameters: Object.keys(params).filter((key) => params[key] != null) })
    const fault = takeFault('cognito')
    if (fault) return reply(res, fault.status ?? 400, fault.body, fault.contentType ?? 'application/x-amz-json-1.1', fault.headers)
    const answer = cognito.handle(target, body)
    reply(res, answer.status, answer.body, 'application/x-amz-json-1.1')
  }

  async function handlePendingUser(req: IncomingMessage, res: ServerResponse) {
    let asked = ''
    try {
      asked = String((JSON.parse(await readBody(req)) as { email?: unknown }).email ?? '')
    } catch {
      // An unparseable body is an unknown e-mail, as far as this endpoint says.
    }
    log({ kind: 'pending-user', name: 'get-pending-user' })
    const fault = takeFault('pending-user')
    if (fault) return reply(res, fault.status ?? 200, fault.body, fault.contentType, fault.headers)
    if (asked.trim().toLowerCase() === email.toLowerCase()) return reply(res, 200, { username })
    reply(res, 200, { error: `Pending user with email "${asked}" not found` })
  }

  function handleMobile(req: IncomingMessage, res: ServerResponse) {
    const token = bearerOf(req)
    const authorized = token !== null && cognito.check(token, 'id') !== null
    log({ kind: 'mobile', name: 'getDevices', authorized })
    const fault = takeFault('mobile')
    if (fault) return reply(res, fault.status ?? 200, fault.body, fault.contentType, fault.headers)
    if (!authorized) return reply(res, 401, { message: 'Unauthorized' })
    reply(res, 200, {
      devices: state.devices.map((d) => ({
        addressCountry: 'GB',
        cfgCTConfig: 1,
        currency: 'GBP',
        evseFwVersion: d.evseFirmware,
        friendlyName: d.friendlyName,
        id: d.id,
        name: d.name,
        sysFwVersion: d.firmware,
        userLock: d.userLock,
      })),
    })
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    const route =
      req.method === 'POST' && path === '/'
        ? handleGraphql(req, res)
        : req.method === 'POST' && (path === '/cognito' || path === '/cognito/')
          ? handleCognito(req, res)
          : req.method === 'POST' && path === '/get-pending-user'
            ? handlePendingUser(req, res)
            : req.method === 'GET' && path === '/mobile/api/getDevices'
              ? Promise.resolve(handleMobile(req, res))
              : Promise.resolve(reply(res, 404, { message: `No route for ${req.method} ${path}` }))
    route.catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, { message: error instanceof Error ? error.message : String(error) })
    })
  })

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered: Set<string>) => wsProtocols.find((p) => offered.has(p)) ?? false,
  })
  server.on('upgrade', (req, socket: Socket, head) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/graphql' || state.socketsRefused) {
      socket.end(`HTTP/1.1 ${path !== '/graphql' ? '404 Not Found' : '503 Service Unavailable'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const protocol = ws.protocol as FakeWsProtocol | ''
      if (protocol !== 'graphql-transport-ws' && protocol !== 'graphql-ws') {
        ws.close(1002, 'Unsupported subprotocol')
        return
      }
      const connection = acceptConnection(wsHost, ws, protocol)
      state.connections.add(connection)
      ws.on('close', () => state.connections.delete(connection))
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  const device = (id?: string) => {
    const found = id ? state.devices.find((d) => d.id === id) : state.devices[0]
    if (!found) throw new Error(`The fake has no charger ${id ?? ''}`)
    return found
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    email,
    password,
    deviceId: devices[0]?.id ?? '',
    state,
    requests,
    device,
    update(patch, id) {
      const target = device(id)
      Object.assign(target, patch)
      state.changed(target)
    },
    expireTokens() {
      cognito.expireAll()
      for (const connection of state.connections) connection.socket.close(4401, 'Unauthorized')
    },
    dropSockets() {
      for (const connection of state.connections) connection.socket.terminate()
    },
    refuseSockets(refused) {
      state.socketsRefused = refused
    },
    failNext(target, fault) {
      const queue = state.faults.get(target) ?? []
      queue.push(fault)
      state.faults.set(target, queue)
    },
    count(kind, name) {
      return requests.filter((r) => r.kind === kind && (name === undefined || r.name === name)).length
    },
    liveSubscribers() {
      let count = 0
      for (const connection of state.connections) count += connection.subscribers.size
      return count
    },
    async close() {
      for (const connection of state.connections) connection.socket.terminate()
      wss.close()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
