/**
 * What the tray app says about the link to a remote Sunspill. Every sentence names the machine
 * (host and port, never the token) and what to do next.
 */
import { CertificateNotPinnedError, PinWithPlainHttpError, causesOf, findCause, isPlainHttp, pinWithPlainHttpMessage } from './pinning'

export function hostOf(url: string): string {
  return new URL(url).host
}

export const connectingMessage = (host: string) => `Connecting to ${host}…`
/** Over http:// the message says so, wherever the link's state is shown. */
export const connectedMessage = (host: string, url?: string) =>
  url && isPlainHttp(url) ? `Connected to ${host} over plain HTTP: the token and your data cross the network unencrypted` : `Connected to ${host}`
export const localMessage = 'This computer runs the loop.'

export const tokenRefusedMessage = (host: string) =>
  `Token refused by ${host}: copy the token from the headless-token file in the server's data folder (or the #token= part of the link it printed) and save it in Settings → Remote.`

const certificateMessage = (host: string, error: CertificateNotPinnedError) =>
  error.pinned
    ? `Certificate of ${host} does not match the pinned fingerprint (it presented ${error.presented}). If you replaced the server's certificate, test the connection and pin the new one; otherwise someone may be intercepting the connection.`
    : `${host} presented a certificate with SHA-256 fingerprint ${error.presented}. Compare it with the fingerprint the headless server printed when it started, and pin it if they match.`

/** A connection-level failure as "Remote unreachable: …". */
function unreachableMessage(host: string, error: unknown): string {
  return `Remote unreachable: ${reason(host, error)}`
}

function reason(host: string, error: unknown): string {
  const code = codeOf(error)
  switch (code) {
    case 'ECONNREFUSED':
      return `${host} refused the connection. Is the headless Sunspill running, on this port?`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the name in ${host} could not be found. Check the address, or use the machine's IP address.`
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `${host} did not answer in time. Check that the machine is on and on the same network.`
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `there is no route to ${host}. Check this computer's network connection.`
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `${host} closed the connection. If the server runs without --tls-cert, use an http:// address; if it uses TLS, use https://.`
    default: {
      const message = error instanceof Error && error.message ? error.message.replace(/\.$/, '') : 'unknown error'
      return `${host} could not be reached (${message}).`
    }
  }
}

function codeOf(error: unknown): string | undefined {
  for (const e of causesOf(error)) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code !== 'UND_ERR_CONNECT' && code !== 'UND_ERR') {
      if (/SSL|TLS/.test(code) && code !== 'ERR_SSL_WRONG_VERSION_NUMBER') return 'EPROTO'
      return code
    }
  }
  return undefined
}

/** The sentence a headless Sunspill puts in an error reply ({ error }), if any. */
export function errorSentence(body: unknown): string | null {
  if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' && body.error) return body.error
  return null
}

/** Classifies an error from a request to the remote. */
export function describeFailure(host: string, error: unknown): { state: 'certificate' | 'unauthorized' | 'unreachable'; message: string } {
  const certificate = findCause(error, CertificateNotPinnedError)
  if (certificate) return { state: 'certificate', message: certificateMessage(host, certificate) }
  if (findCause(error, PinWithPlainHttpError)) return { state: 'certificate', message: pinWithPlainHttpMessage(host) }
  if (error instanceof RemoteRefusedToken) return { state: 'unauthorized', message: error.message }
  return { state: 'unreachable', message: unreachableMessage(host, error) }
}

export class RemoteRefusedToken extends Error {
  constructor(host: string) {
    super(tokenRefusedMessage(host))
    this.name = 'RemoteRefusedToken'
  }
}
