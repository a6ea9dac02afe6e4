/**
 * Every sentence a Charge Amps problem shows the user, with the next step, in one place so the
 * wording stays consistent between the accounts page and the charger's status line.
 */
import type { z } from 'zod'
import { VendorError } from '../../errors'

export const DEFAULT_BASE_URL = 'https://eapi.charge.space'

export const API_KEY_MISSING =
  'Charge Amps needs an API key from their support: ask Charge Amps support for an EAPI key and enter it in Settings → Accounts.'

export const API_KEY_REFUSED =
  'Charge Amps needs an API key from their support, and did not accept this one: check it was copied exactly from their e-mail, or ask Charge Amps support for a new key.'

export const CHARGE_POINT_MISSING =
  'Pick the Charge Amps charger to use: open Settings → Accounts, press Test and choose it.'

export const missingApiKey = () => new VendorError('config', API_KEY_MISSING)

export const loginRefused = () =>
  new VendorError(
    'auth',
    'Charge Amps did not accept the sign-in. Check the e-mail and password you use in the Charge Amps app, and the API key from Charge Amps support, in Settings → Accounts.',
  )

export const signedOut = () =>
  new VendorError(
    'auth',
    'Charge Amps signed Sunspill out and would not let it back in. Check the e-mail, password and API key in Settings → Accounts.',
  )

export const forbidden = (what: string) =>
  new VendorError(
    'auth',
    `Charge Amps does not let this account ${what}. The charger may be shared with you read-only; its owner can change that in the Charge Amps app.`,
  )

export const unknownChargePoint = (chargePointId: string) =>
  new VendorError(
    'config',
    `Charge Amps does not know charger ${chargePointId} under this account. Press Test in Settings → Accounts and pick the charger again.`,
  )

export const refused = (what: string, detail: string | null) =>
  new VendorError('not-supported', `Charge Amps refused to ${what}${detail ? ` (${detail})` : ''}.`)

export const rateLimited = (retryAfterMs: number) =>
  new VendorError(
    'rate-limited',
    `Charge Amps asked Sunspill to slow down. It tries again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.`,
    retryAfterMs,
  )

export const holdingBack = (retryAfterMs: number) =>
  new VendorError(
    'rate-limited',
    `Sunspill is pacing its requests to Charge Amps and sends this in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.`,
    retryAfterMs,
  )

export const sessionsHeldBack = (retryAfterMs: number) =>
  new VendorError(
    'rate-limited',
    `Sunspill keeps its Charge Amps requests for the control loop just now. Try this range again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.`,
    retryAfterMs,
  )

export const serverTrouble = (status: number) =>
  new VendorError('offline', `Charge Amps' cloud answered with an error (HTTP ${status}). Sunspill keeps trying.`)

export const unreachable = (host: string, detail: string) =>
  new VendorError('offline', `Could not reach Charge Amps at ${host} (${detail}). Check the internet connection; Sunspill keeps trying.`)

export const chargerOffline = (name: string) =>
  new VendorError('offline', `${name} is offline in the Charge Amps cloud. Check its Wi-Fi or network cable; Sunspill keeps trying.`)

export function badResponse(what: string, issue: z.ZodError | string): VendorError {
  const detail = typeof issue === 'string' ? issue : describeFirstIssue(issue)
  return new VendorError(
    'bad-response',
    `Charge Amps sent ${what} in a form Sunspill does not understand (${detail}). Sunspill keeps trying; if it persists, Charge Amps may have changed their API.`,
  )
}

function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'unexpected shape'
  const path = issue.path.length > 0 ? issue.path.join('.') : 'body'
  return `${path}: ${issue.message}`
}
