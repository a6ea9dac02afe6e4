/**
 * The contract over HTTP, for browsers and for a tray app in remote mode: POST /api/<channel>
 * with a JSON body and reply, and GET /api/events as Server-Sent Events. Every API request needs
 * the bearer token; the Host header must name this server, so a web page elsewhere cannot reach
 * it by DNS rebinding. With a certificate it speaks HTTPS, so the token can cross a network.
 */
import { timingSafeEqual } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { extname, join, normalize, sep } from 'node:path'
import {
  ContractError,
  coreEventNames,
  isInvokeChannel,
  isShellOnlyChannel,
  parseRequest,
  type CoreChannel,
} from '../../src-shared/contract'
import type { CoreApp, Logger } from '../core/host'
import { hostNameOf, wrongHostMessage } from './host-names'

export interface HeadlessServerOptions {
  core: CoreApp
  token: string
  rendererDir: string
  logger: Logger
  /** Host names (without port, see host-names.ts) this server answers to. Empty means any (bound to all interfaces). */
  allowedHosts: string[]
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer }
}

const MAX_BODY_BYTES = 1_000_000
const HEARTBEAT_MS = 15_000

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

export function createHeadlessServer(options: HeadlessServerOptions): Server {
  const expected = Buffer.from(options.token)

  function authorised(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? ''
    const match = /^Bearer (.+)$/.exec(header)
    if (!match?.[1]) return false
    const given = Buffer.from(match[1])
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  const allowedHosts = options.allowedHosts.map((host) => host.toLowerCase())
  function hostAllowed(req: IncomingMessage): boolean {
    return allowedHosts.length === 0 || allowedHosts.includes(hostNameOf(req.headers.host ?? ''))
  }

  const route = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!hostAllowed(req)) return sendJson(res, 421, { error: wrongHostMessage(allowedHosts, req.headers.host ?? '') })
    if (url.pathname.startsWith('/api/')) {
      if (!authorised(req)) {
        return sendJson(res, 401, {
          error: 'Missing or wrong access token: open the link with the token that `npm run serve` printed.',
        })
      }
      if (url.pathname === '/api/events') {
        if (req.method !== 'GET') return sendJson(res, 405, { error: 'Use GET for /api/events.' })
        return streamEvents(req, res, options.core)
      }
      const channel = decodedOrNull(url.pathname.slice('/api/'.length))
      if (channel === null) return sendText(res, 400, BAD_ESCAPE)
      if (!isInvokeChannel(channel)) return sendJson(res, 404, { error: `There is no API channel called ${channel}.` })
      if (isShellOnlyChannel(channel)) return sendJson(res, 404, { error: `${channel} belongs to the desktop app: a headless Sunspill always runs the loop itself.` })
      if (req.method !== 'POST') return sendJson(res, 405, { error: `Use POST for /api/${channel}.` })
      return void invoke(req, res, channel, options).catch((error: unknown) => failed(req, res, error))
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Only GET is served here.' })
    serveStatic(url.pathname, req, res, options.rendererDir)
  }
  // The control loop lives in this process, and any web page the user opens can send requests
  // here: one that trips a bug must cost only its own answer, never the server.
  const failed = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    // Not the URL: a user may have pasted a token into it.
    options.logger.error('The headless server could not answer a request', { method: req.method, error: String(error) })
    if (res.headersSent) res.destroy()
    else sendText(res, 500, 'Sunspill could not answer this request; the details are in its log.')
  }
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    try {
      route(req, res)
    } catch (error) {
      failed(req, res, error)
    }
  }
  // https.Server is an http.Server with TLS underneath; callers only listen and close.
  return options.tls ? (createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handle) as unknown as Server) : createServer(handle)
}

async function invoke(req: IncomingMessage, res: ServerResponse, channel: CoreChannel, options: HeadlessServerOptions) {
  try {
    const body = await readBody(req)
    let raw: unknown = {}
    if (body.length > 0) {
      try {
        raw = JSON.parse(body)
      } catch {
        throw new ContractError('The request body is not valid JSON.', 'bad-request')
      }
    }
    const request = parseRequest(channel, raw)
    const handler = options.core.handlers[channel] as (r: typeof request) => Promise<unknown>
    sendJson(res, 200, await handler(request))
  } catch (error) {
    if (error instanceof ContractError) {
      const status = error.kind === 'bad-request' ? 400 : error.kind === 'forbidden' ? 403 : 500
      return sendJson(res, status, { error: error.message })
    }
    options.logger.error(`API ${channel} failed`, { error })
    sendJson(res, 500, { error: `Sunspill could not complete ${channel}: ${(error as Error).message}` })
  }
}

function streamEvents(req: IncomingMessage, res: ServerResponse, core: CoreApp) {
  // Asked before the 200 goes out, so a core that cannot answer gets an error status, not a dead stream.
  const first = core.state()
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
  const send = (channel: string, payload: unknown) => res.write(`event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`)
  send('state:update', first)
  // Desktop-only events (remote:status) are not the API's, as remote:* invoke channels are not.
  const unsubscribers = coreEventNames.map((channel) => core.events.on(channel, (payload) => send(channel, payload)))
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
  req.on('close', () => {
    clearInterval(heartbeat)
    for (const off of unsubscribers) off()
  })
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new ContractError('The request body is too large.', 'bad-request'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function serveStatic(pathname: string, req: IncomingMessage, res: ServerResponse, rendererDir: string) {
  const decoded = decodedOrNull(pathname)
  if (decoded === null) return sendText(res, 400, BAD_ESCAPE)
  const relative = pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const file = normalize(join(rendererDir, relative))
  if (!file.startsWith(normalize(rendererDir) + sep)) return sendJson(res, 404, { error: 'Not found.' })
  let size: number
  try {
    const stat = statSync(file)
    if (!stat.isFile()) throw new Error('not a file')
    size = stat.size
  } catch {
    return sendJson(res, 404, { error: 'Not found.' })
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': extname(file) === '.html' ? 'no-store' : 'public, max-age=3600',
  })
  if (req.method === 'HEAD') return void res.end()
  // A file removed or unreadable after the stat would otherwise raise an unhandled 'error' and end the process.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res)
}

const BAD_ESCAPE = 'Bad request: the address has a malformed percent-escape.'

function decodedOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

function sendText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(text)
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(text)
}
