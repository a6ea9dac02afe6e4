/**
 * The sentences a user sees when Amber says no. Each names the problem and the next step, and
 * none ever carries the token.
 */
import { VendorError } from '../../errors'
import { waitPhrase } from '../shared/wait-phrase'

export const AMBER_TOKEN_REJECTED =
  "Amber rejected the API token: create a new one in Amber's developer settings (app.amber.com.au → Settings → Developer) and paste it here."

export const AMBER_TOKEN_MISSING =
  "Paste an Amber API token: create one in Amber's developer settings (app.amber.com.au → Settings → Developer)."

export const AMBER_PICK_SITE = 'Pick a site for this Amber account: press Test, then choose your active site.'

export function rateLimited(retryAfterMs: number): VendorError {
  return new VendorError(
    'rate-limited',
    `Amber is limiting requests from this token (50 every 5 minutes); Sunspill waits ${waitPhrase(retryAfterMs)} before asking again.`,
    retryAfterMs,
  )
}

/** Our own budget said no before Amber had to: nothing was sent, so nothing failed. */
export class AmberBudgetSpent extends VendorError {
  constructor(retryAfterMs: number, forUser: boolean) {
    const who = forUser ? 'Try again' : 'Sunspill asks again'
    super(
      'rate-limited',
      `Sunspill has used this token's Amber allowance (50 requests every 5 minutes). ${who} in ${waitPhrase(retryAfterMs)}.`,
      retryAfterMs,
    )
  }
}

export function budgetSpent(retryAfterMs: number, forUser: boolean): VendorError {
  return new AmberBudgetSpent(retryAfterMs, forUser)
}

export function refused(amberMessage: string | null, status: number): VendorError {
  const detail = amberMessage ? `: ${amberMessage.replace(/\.?\s*$/, '')}.` : ` (HTTP ${status}).`
  return new VendorError('config', `Amber refused the request${detail} Change the request and try again.`)
}

export function unknownSite(): VendorError {
  return new VendorError('config', 'Amber does not know the site this account uses: press Test and pick a site again.')
}

export function badResponse(endpoint: string, why: string): VendorError {
  return new VendorError('bad-response', `Amber sent an answer from ${endpoint} that Sunspill cannot read (${why}). Sunspill keeps trying.`)
}

export function serverError(status: number): VendorError {
  return new VendorError('offline', `Amber's servers answered with an error (HTTP ${status}). Sunspill keeps trying.`)
}

export function unreachable(host: string, detail: string): VendorError {
  return new VendorError('offline', `Could not reach Amber at ${host} (${detail}). Check the internet connection; Sunspill keeps trying.`)
}
