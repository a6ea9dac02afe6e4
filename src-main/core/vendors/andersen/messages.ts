/**
 * Every sentence the Andersen driver shows a person, in one place, each with a next step.
 * Errors carry their kind so the loop and the UI can tell a wrong password from a bad network.
 */
import { VendorError } from '../../errors'
import { waitPhrase } from '../shared/wait-phrase'

export const unknownEmail = (email: string) =>
  new VendorError(
    'auth',
    `Andersen has no Konnect+ account for ${email}. Use the e-mail address you sign in to the Konnect+ app with.`,
  )

export const wrongPassword = (email: string) =>
  new VendorError(
    'auth',
    `Andersen did not accept the password for ${email}. Check it by signing in to the Konnect+ app, then enter it here again.`,
  )

export const passwordResetRequired = () =>
  new VendorError('auth', 'Andersen wants a new password for this account. Reset it in the Konnect+ app, then enter it here.')

export const accountNotConfirmed = () =>
  new VendorError('auth', 'This Konnect+ account is not confirmed yet. Finish the sign-up in the Konnect+ app first.')

export const extraSignInStep = (step: string) =>
  new VendorError(
    'auth',
    `Andersen asks for an extra sign-in step (${step}) that Sunspill cannot answer. Turn it off for this account in Konnect+, or use another account.`,
  )

export const signInThrottled = () =>
  new VendorError('rate-limited', 'Andersen’s sign-in service asks us to slow down. Sunspill waits 5 min before signing in again.', 300_000)

export const signInFailed = (detail: string) =>
  new VendorError('auth', `Signing in to Andersen failed (${detail}). Sunspill tries again shortly; if it keeps failing, check the account in Konnect+.`)

export const unreachable = (host: string, detail: string) =>
  new VendorError('offline', `Could not reach Andersen (${host}: ${detail}). Check the internet connection; Sunspill keeps trying.`)

export const serverTrouble = (host: string, status: number) =>
  new VendorError('offline', `Andersen’s cloud (${host}) is having trouble (HTTP ${status}). Sunspill keeps trying.`)

export const rateLimited = (retryAfterMs: number | null) =>
  new VendorError(
    'rate-limited',
    retryAfterMs === null
      ? 'Andersen’s cloud asks us to slow down. Sunspill waits and tries again.'
      : `Andersen’s cloud asks us to slow down. Sunspill waits ${waitPhrase(retryAfterMs)} before asking it again.`,
    retryAfterMs,
  )

export const badResponse = (what: string, detail: string) =>
  new VendorError(
    'bad-response',
    `Andersen’s cloud sent an answer to ${what} that Sunspill does not understand (${detail}). Sunspill keeps trying; if this lasts, Sunspill needs an update.`,
  )

export const tokenRejected = () =>
  new VendorError(
    'auth',
    'Andersen’s cloud refused the sign-in even after signing in again. Check the account in the Konnect+ app, then test it here.',
  )

export const refused = (what: string, message: string) =>
  new VendorError('bad-response', `Andersen’s cloud refused ${what}: ${message}. Sunspill keeps trying.`)

export const requestNotAccepted = (what: string, message: string) =>
  new VendorError(
    'not-supported',
    `Andersen’s cloud no longer accepts Sunspill’s ${what} request (${message}). Sunspill needs an update.`,
  )

export const notYourCharger = (deviceId: string) =>
  new VendorError(
    'config',
    `The charger ${deviceId} is not on this Andersen account. Test the account in Settings → Accounts and pick the charger again.`,
  )

export const pickCharger = () =>
  new VendorError('config', 'Pick the Andersen charger in Settings → Accounts.')

export const tooManySchedules = (max: number) =>
  new VendorError('config', `The Andersen A2 keeps at most ${max} schedules. Remove one, then save again.`)

export const invalidSchedule = (detail: string) => new VendorError('config', `That schedule cannot be saved: ${detail}.`)
