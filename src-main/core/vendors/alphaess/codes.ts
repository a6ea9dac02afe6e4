/**
 * AlphaESS return codes as typed errors with a sentence a person can act on. Branch on the code
 * only: `msg` is localised and often disagrees with the portal's table (6009 arrives as "timestamp
 * not within the validity period", 6053 as "maximum number of requests").
 */
import { VendorError, type VendorErrorKind } from '../../errors'
import { endpoints, type Endpoint } from './endpoints'
import { waitPhrase } from '../shared/wait-phrase'

export const RATE_LIMIT_RETRY_MS = 10_000
/** Longest Sunspill backs off on its own when AlphaESS keeps saying "too many" without a Retry-After. */
export const MAX_THROTTLE_MS = 15 * 60_000

/** Where the error happened, so the sentence can name the system and the operation. */
export interface CodeContext {
  endpoint: Endpoint
  appId: string
  sysSn: string | null
}

export interface EnvelopeError {
  code: number
  msg: string | null
  expMsg: string | null
}

/** Codes worth another attempt after a pause: too fast, offline, AlphaESS's own hiccups. */
export const transientCodes: ReadonlySet<number> = new Set([6026, 6029, 6042, 6053])

export const WRITE_LIMITS_SENTENCE =
  'AlphaESS refuses settings changes sent too often, and its limit has changed over time: once a day was announced, once every 10 minutes has been reported, and lately about once every 30 seconds. Sunspill spaces its writes and reads every change back to confirm it.'

export const CLOCK_SENTENCE =
  "Your computer's clock is off by more than 5 minutes, so AlphaESS refuses the request. Turn on automatic date and time in your system settings, then try again."

function system(ctx: CodeContext): string {
  return ctx.sysSn ? `system ${ctx.sysSn}` : 'the system'
}

function isWrite(endpoint: Endpoint): boolean {
  return endpoints[endpoint].kind !== 'read'
}

function detail(error: EnvelopeError): string {
  return [error.msg, error.expMsg].filter((s): s is string => !!s && s.trim() !== '').join(': ')
}

export function errorForCode(error: EnvelopeError, ctx: CodeContext): VendorError {
  const what = endpoints[ctx.endpoint].what
  const make = (kind: VendorErrorKind, message: string, retryAfterMs: number | null = null) =>
    new VendorError(kind, message, retryAfterMs)
  switch (error.code) {
    case 6006:
    case 6011:
      return make('clock', CLOCK_SENTENCE)
    case 6009:
      return make(
        'clock',
        `${CLOCK_SENTENCE} If the clock is right, the IP whitelist of your developer account at open.alphaess.com may be blocking this computer's address.`,
      )
    case 6007:
    case 6010:
      return make(
        'auth',
        `AlphaESS rejected the AppSecret for AppID ${ctx.appId}. Copy the AppSecret again from open.alphaess.com → Developer information and paste it into the account.`,
      )
    case 6012:
      return make('auth', 'AlphaESS did not receive an AppID. Enter the AppID from open.alphaess.com → Developer information.')
    case 6005:
      return make(
        'config',
        `AppID ${ctx.appId} is not bound to ${system(ctx)}. Bind it at open.alphaess.com (Development Management → add the system's serial number and check code), or in Sunspill: Request code with the check code from the inverter's label, then Bind with the code AlphaESS e-mails to the owner.`,
      )
    case 6002:
      return make(
        'config',
        `AlphaESS says ${system(ctx)} is not registered to an owner, so it cannot be bound yet. Check the serial number on the inverter's label; if it is right, ask your installer to register the system in the AlphaESS app first, then request a code and bind it.`,
      )
    case 6003:
      return make('config', `${capitalise(system(ctx))} is already bound to AppID ${ctx.appId}.`)
    case 6004:
      return make(
        'config',
        `The check code does not match ${system(ctx)}. It is printed on the inverter's label below the serial number (not the code from the e-mail).`,
      )
    case 6038:
      return make('config', `AlphaESS does not know a system with serial number ${ctx.sysSn ?? '(none)'}. Check the serial number on the inverter's label.`)
    case 6046:
      return make(
        'config',
        'The verification code is wrong or has expired. Request a new code and enter the one from the latest AlphaESS e-mail to the system owner.',
      )
    case 6001:
    case 10001:
      return make(
        'config',
        `AlphaESS rejected a value sent for ${what} (code ${error.code}${error.expMsg ? `: ${error.expMsg}` : error.msg ? `: ${error.msg}` : ''}). Check the values and try again.`,
      )
    case 6008:
      return make(
        'bad-response',
        `The AlphaESS system did not apply ${what} (set failed). AlphaESS refuses changes sent too often — limits as strict as once every 10 minutes have been reported — and rejects times off the quarter hour. Wait a few minutes and try again.`,
      )
    case 6016:
      return make('bad-response', `AlphaESS has no data for ${what} of ${system(ctx)}.`)
    case 6017:
      return make(
        'not-supported',
        `AlphaESS does not allow ${what} for ${system(ctx)} through the Open API (no operation permission). Sunspill will not ask for it again.`,
      )
    case 6026:
    case 6029:
      return make('offline', `AlphaESS had an internal problem with ${what} (code ${error.code}). Sunspill will try again shortly.`)
    case 6042:
      return make(
        'offline',
        `AlphaESS reports ${system(ctx)} as offline: the inverter is not reaching the AlphaESS cloud. Check its internet connection; Sunspill keeps trying.`,
      )
    case 6053:
      return isWrite(ctx.endpoint)
        ? make(
            'rate-limited',
            `AlphaESS refused ${what} because it came too soon after an earlier request. AlphaESS limits how often settings may be written — limits as strict as once every 10 minutes have been reported. Wait a few minutes and try again.`,
            RATE_LIMIT_RETRY_MS,
          )
        : make(
            'rate-limited',
            `AlphaESS asked Sunspill to slow down while reading ${what} (at most one request every 10 seconds). Sunspill waits and tries again.`,
            RATE_LIMIT_RETRY_MS,
          )
    default:
      return make(
        'bad-response',
        `AlphaESS answered ${ctx.endpoint} with code ${error.code}${detail(error) ? ` (${detail(error)})` : ''}. Sunspill keeps trying; if this persists, please report it.`,
      )
  }
}

/**
 * AlphaESS told this AppID to stop for a while (HTTP 429, or "too fast" that outlasted the retries).
 * Thrown both for the answer itself and, with the time left, for every call made during the wait,
 * none of which reach AlphaESS.
 */
export class AlphaessThrottled extends VendorError {
  constructor(waitMs: number) {
    super(
      'rate-limited',
      `AlphaESS asked Sunspill to slow down (too many requests from this AppID). Sunspill waits ${waitPhrase(waitMs)} before asking it again.`,
      waitMs,
    )
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
