/**
 * Every sentence a Wallbox problem shows the user, with the next step, in one place so the
 * accounts page and the charger's status line say the same thing.
 */
import { VendorError } from '../../errors'

export const DEFAULT_API_URL = 'https://api.wall-box.com'
export const DEFAULT_USER_API_URL = 'https://user-api.wall-box.com'

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

export const PICK_CHARGER = 'Pick a charger for this Wallbox account: open Settings → Accounts, press Test and choose one.'

export const credentialsRefused = () =>
  new VendorError(
    'auth',
    'Wallbox rejected your e-mail or password. Check them in Settings → Accounts (use the ones for the Wallbox app; accounts that sign in with Google or Apple cannot be used here).',
  )

export const noRights = (chargerId: string, what: string) =>
  new VendorError(
    'auth',
    `Wallbox does not let this account ${what} charger ${chargerId}. Only the charger's owner or an admin can; sign in with that account, or ask them to make you an admin in the Wallbox app.`,
  )

export const ocppMode = () =>
  new VendorError(
    'not-supported',
    'The charger is in OCPP mode, so Wallbox does not accept pause, resume or restart from the app. Switch OCPP off in the Wallbox app to let Sunspill control it.',
  )

export const unknownCharger = (chargerId: string) =>
  new VendorError('config', `Wallbox does not know charger ${chargerId} on this account. Press Test in Settings → Accounts and pick the charger again.`)

export const refused = (what: string, detail: string | null) =>
  new VendorError('not-supported', `Wallbox refused to ${what}${detail ? ` (${detail})` : ''}.`)

export const throttled = (retryAfterMs: number) =>
  new VendorError(
    'rate-limited',
    `Wallbox allows only a few requests a minute and asked Sunspill to slow down. Sunspill tries again in ${seconds(retryAfterMs)} s.`,
    retryAfterMs,
  )

export const writeBudgetSpent = (retryAfterMs: number) =>
  new VendorError(
    'rate-limited',
    `Wallbox accepts only 5 changes a minute and they are used up. Try again in ${seconds(retryAfterMs)} s.`,
    retryAfterMs,
  )

export const readBudgetSpent = (retryAfterMs: number) =>
  new VendorError(
    'rate-limited',
    `Wallbox allows only a few reads a minute and they are used up. Try again in ${seconds(retryAfterMs)} s.`,
    retryAfterMs,
  )

export const badResponse = (what: string) =>
  new VendorError(
    'bad-response',
    `Wallbox sent an answer Sunspill does not understand (${what}). Sunspill keeps trying; if this persists, Wallbox may have changed its service.`,
  )

export const serverTrouble = (status: number) =>
  new VendorError('offline', `Wallbox's service is not answering properly (HTTP ${status}). Sunspill keeps trying.`)

export const unreachable = (host: string, detail: string) =>
  new VendorError('offline', `Could not reach Wallbox at ${host} (${detail}). Check the internet connection; Sunspill keeps trying.`)

export const missingPassword = () => new VendorError('config', 'Enter the Wallbox password in Settings → Accounts.')
