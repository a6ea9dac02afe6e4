/**
 * Reads a JWT's lifetime without verifying it (we are not the audience that checks signatures;
 * we only need to know when to refresh).
 */
import { z } from 'zod'

const Claims = z.object({ exp: z.number().optional(), iat: z.number().optional(), nbf: z.number().optional() })

/**
 * When the token stops working, on our clock. With `iat` the lifetime is measured from receipt,
 * so a PC whose clock is minutes off still refreshes on time instead of looping or expiring early.
 * Null when the token carries no `exp`: then we use it until the server says 401.
 */
export function tokenExpiresAtMs(token: string, receivedAtMs: number): number | null {
  const claims = decodeClaims(token)
  if (!claims || claims.exp === undefined) return null
  const issuedAtS = claims.iat ?? claims.nbf
  if (issuedAtS !== undefined && claims.exp > issuedAtS) return receivedAtMs + (claims.exp - issuedAtS) * 1000
  return claims.exp * 1000
}

function decodeClaims(token: string): z.infer<typeof Claims> | null {
  const payload = token.split('.')[1]
  if (!payload) return null
  try {
    const json: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    const parsed = Claims.safeParse(json)
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
