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

const CONNECT_TIMEOUT_MS = 10_000

/**
 * An undici Agent that accepts an https server only when its certificate has the pinned
 * fingerprint. Plain http passes through unchanged (the user chose an http:// address).
 */
export function pinnedAgent(pinned: string | null): Agent {
  // Chain and host name checks are replaced by the pin, which is stricter for a single known server.
  // Session resumption is off, so every connection shows its certificate again.
  const connect = buildConnector({ rejectUnauthorized: false, maxCachedSessions: 0, timeout: CONNECT_TIMEOUT_MS })
  return new Agent({
    connect(options, callback) {
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

/** undici wraps some connection errors; the one we made may sit a cause or two down. */
export function findCause<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof type) return e
  }
  return null
}
