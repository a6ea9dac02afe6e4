/**
 * The parts of Cognito's IDP JSON API we call ourselves: REFRESH_TOKEN_AUTH (with DEVICE_KEY, which
 * this pool needs because it tracks devices) and the mapping of Cognito's error codes to sentences.
 * The refresh is ours rather than the SRP library's because the library retries every error,
 * NotAuthorized included, for several seconds; we would rather fall back to a full login at once.
 */
import { z } from 'zod'
import { VendorError } from '../../errors'
import { ANDERSEN_CLIENT_ID, hostOf } from './endpoints'
import { parseJson, type Http } from './http'
import {
  accountNotConfirmed,
  badResponse,
  passwordResetRequired,
  serverTrouble,
  signInFailed,
  signInThrottled,
  unknownEmail,
  unreachable,
  wrongPassword,
} from './messages'

export interface CognitoTokens {
  idToken: string
  accessToken: string
  refreshToken: string
  /** From the token's own iat/exp, so a skewed local clock does not shorten or stretch it. */
  lifetimeMs: number
}

/** Cognito's ExpiresIn for this pool, used when a token does not say. */
export const DEFAULT_TOKEN_LIFETIME_MS = 3_600_000

const JwtTimes = z.object({ iat: z.number().optional(), exp: z.number().optional() })

export function tokenLifetimeMs(jwt: string, fallbackMs = DEFAULT_TOKEN_LIFETIME_MS): number {
  const payload = jwt.split('.')[1]
  if (!payload) return fallbackMs
  const json = parseJson(Buffer.from(payload, 'base64url').toString('utf8'))
  const times = json.ok ? JwtTimes.safeParse(json.value) : null
  if (!times?.success || times.data.iat === undefined || times.data.exp === undefined) return fallbackMs
  const lifetime = (times.data.exp - times.data.iat) * 1000
  return lifetime > 0 ? lifetime : fallbackMs
}

const CognitoErrorBody = z.object({ __type: z.string().optional(), code: z.string().optional(), message: z.string().optional(), Message: z.string().optional() })

const RefreshAnswer = z.object({
  AuthenticationResult: z.object({
    IdToken: z.string().min(1),
    AccessToken: z.string().min(1),
    ExpiresIn: z.number().optional(),
    RefreshToken: z.string().optional(),
  }),
})

/** Cognito's error code (the part after '#' of __type), or null when the answer carries none. */
export function cognitoErrorCode(text: string): { code: string; message: string } | null {
  const json = parseJson(text)
  if (!json.ok) return null
  const body = CognitoErrorBody.safeParse(json.value)
  if (!body.success) return null
  const raw = body.data.__type ?? body.data.code
  if (!raw) return null
  return { code: raw.split('#').pop()!, message: body.data.message ?? body.data.Message ?? '' }
}

/** The sentence for a Cognito error code seen while signing in with a password. */
export function signInError(code: string, message: string, email: string): VendorError {
  switch (code) {
    case 'NotAuthorizedException':
      return /attempts exceeded/i.test(message) ? signInThrottled() : wrongPassword(email)
    case 'UserNotFoundException':
      return unknownEmail(email)
    case 'PasswordResetRequiredException':
      return passwordResetRequired()
    case 'UserNotConfirmedException':
      return accountNotConfirmed()
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
      return signInThrottled()
    case 'NetworkError':
      return unreachable('Amazon Cognito', 'network error')
    default:
      return signInFailed(code)
  }
}

export class RefreshRefused extends Error {
  constructor(readonly code: string) {
    super(`Cognito refused the refresh token (${code})`)
    this.name = 'RefreshRefused'
  }
}

/**
 * Trades the refresh token for new id and access tokens. Rejects with RefreshRefused when Cognito
 * says no (a full login is the cure) and with a VendorError when it could not be asked.
 */
export async function refreshTokens(
  http: Http,
  endpoint: string,
  refreshToken: string,
  deviceKey: string | null,
): Promise<CognitoTokens> {
  const AuthParameters: Record<string, string> = { REFRESH_TOKEN: refreshToken }
  if (deviceKey) AuthParameters.DEVICE_KEY = deviceKey
  const answer = await http.send({
    method: 'POST',
    url: endpoint,
    contentType: 'application/x-amz-json-1.1',
    headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ANDERSEN_CLIENT_ID, AuthParameters },
  })
  if (answer.status >= 500) throw serverTrouble(hostOf(endpoint), answer.status)
  if (answer.status !== 200) {
    const error = cognitoErrorCode(answer.text)
    if (error && /TooManyRequests|LimitExceeded/.test(error.code)) throw signInThrottled()
    throw new RefreshRefused(error?.code ?? `HTTP ${answer.status}`)
  }
  const json = parseJson(answer.text)
  const parsed = json.ok ? RefreshAnswer.safeParse(json.value) : null
  if (!parsed?.success) throw badResponse('the token refresh', json.ok ? 'no tokens in it' : 'not JSON')
  const result = parsed.data.AuthenticationResult
  const fallback = result.ExpiresIn ? result.ExpiresIn * 1000 : DEFAULT_TOKEN_LIFETIME_MS
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    // Cognito leaves the refresh token out when it stays the same.
    refreshToken: result.RefreshToken ?? refreshToken,
    lifetimeMs: tokenLifetimeMs(result.IdToken, fallback),
  }
}
