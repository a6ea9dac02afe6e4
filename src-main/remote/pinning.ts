/**
 * TLS for a headless Sunspill on the home network: its certificate is usually self-signed, so no
 * certificate authority can vouch for it. Instead the tray app pins the certificate's SHA-256
 * fingerprint the user confirmed once (as with SSH host keys), and refuses any other certificate
 * before a single byte, let alone the token, is sent.
 */
import type { TLSSocket } from 'node:tls'
import { Agent, buildConnector } from 'undici'

export class CertificateNotPinnedError extends Error {
  constructor(
    /** What the server presented. */
    readonly presented: string,
    readonly pinned: string | null,
  ) {
    super(pinned ? 'The server presented a certificate other than the pinned one.' : 'No certificate fingerprint is pinned yet.')
    this.name = 'CertificateNotPinnedError'
  }
}

/** A pinned fingerprint with an http:// address: there is no certificate to check it against. */
export const pinWithPlainHttpMessage = (host: string) =>
  `${host} is pinned to a certificate fingerprint, but the address starts with http://, so the connection would not be encrypted and the pin could not be checked. Use an https:// address (the server needs --tls-cert and --tls-key), or remove the pinned fingerprint to use plain HTTP knowingly.`

export class PinWithPlainHttpError extends Error {
  constructor(host: string) {
    super(pinWithPlainHttpMessage(host))
    this.name = 'PinWithPlainHttpError'
  }
}

/** Whether an address would carry the token in clear. */
export const isPlainHttp = (url: string) => url.startsWith('http:')

const CONNECT_TIMEOUT_MS = 10_000

/**
 * An undici Agent that accepts an https server only when its certificate has the pinned
 * fingerprint. Plain http passes through only when nothing is pinned (the user chose an http://
 * address); with a pin it is refused before connecting, so the token never goes out in clear.
 */
export function pinnedAgent(pinned: string | null): Agent {
  // Chain and host name checks are replaced by the pin, which is stricter for a single known server.
  // Session resumption is off, so every connection shows its certificate again.
  const connect = buildConnector({ rejectUnauthorized: false, maxCachedSessions: 0, timeout: CONNECT_TIMEOUT_MS })
  return new Agent({
    connect(options, callback) {
      if (options.protocol !== 'https:' && pinned !== null) {
        return callback(new PinWithPlainHttpError(options.host ?? (options.port ? `${options.hostname}:${options.port}` : options.hostname)), null)
      }
      connect(options, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error('No connection.'), null)
        if (options.protocol !== 'https:') return callback(null, socket)
        const presented = (socket as TLSSocket).getPeerCertificate().fingerprint256 ?? ''
        if (pinned === null || presented !== pinned) {
          socket.destroy()
          return callback(new CertificateNotPinnedError(presented, pinned), null)
        }
        callback(null, socket)
      })
    },
  })
}

/** The error and its causes, outermost first: undici wraps some connection errors a cause or two down. */
export function* causesOf(error: unknown, maxDepth = 5): Generator<unknown> {
  for (let e: unknown = error, depth = 0; e && depth < maxDepth; e = (e as { cause?: unknown }).cause, depth++) yield e
}

/** The first error of this type in the cause chain, if any. */
export function findCause<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | null {
  for (const e of causesOf(error)) {
    if (e instanceof type) return e
  }
  return null
}
