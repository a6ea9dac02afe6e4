/**
 * AlphaESS Open API request signing. There is no session: every request carries appId, a
 * timestamp in seconds and SHA-512(appId + appSecret + timeStamp), and the server rejects a
 * timestamp more than 300 s from its own clock.
 */
import { createHash } from 'node:crypto'

export function alphaessSign(appId: string, appSecret: string, timeStamp: string): string {
  return createHash('sha512').update(`${appId}${appSecret}${timeStamp}`, 'utf8').digest('hex')
}

/** Seconds, as the 10-digit decimal string the server expects. */
export function alphaessTimeStamp(nowMs: number): string {
  return String(Math.floor(nowMs / 1000))
}

/** The same timestamp string goes into the header and the hash, or the server answers 6007. */
export function signedHeaders(appId: string, appSecret: string, nowMs: number): Record<string, string> {
  const timeStamp = alphaessTimeStamp(nowMs)
  return {
    appId,
    timeStamp,
    sign: alphaessSign(appId, appSecret, timeStamp),
    'Content-Type': 'application/json',
  }
}
