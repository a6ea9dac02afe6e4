/**
 * The AlphaESS response envelope. API errors arrive as HTTP 200 with a code, so the HTTP status
 * says little; a wrong verb or path is a Spring error page with no code at all. Either way the
 * caller gets the payload or a VendorError, never an exception from JSON or zod.
 */
import { z } from 'zod'
import { VendorError } from '../../errors'
import type { Endpoint } from './endpoints'

export const Envelope = z.object({
  code: z.union([z.number().int(), z.string().trim().regex(/^\d+$/).transform(Number)]),
  // The portal documents `info` for the periodic endpoints; the live API sends `msg` everywhere.
  msg: z.string().nullable().optional(),
  info: z.string().nullable().optional(),
  expMsg: z.string().nullable().optional(),
  data: z.unknown().optional(),
  extra: z.unknown().optional(),
})

export interface ParsedEnvelope {
  code: number
  msg: string | null
  expMsg: string | null
  data: unknown
}

export function malformed(endpoint: Endpoint, why: string): VendorError {
  return new VendorError(
    'bad-response',
    `AlphaESS sent an answer to ${endpoint} that Sunspill does not understand (${why}). Sunspill keeps trying; if this persists, please report it.`,
  )
}

export function parseEnvelope(endpoint: Endpoint, body: string): ParsedEnvelope {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    throw malformed(endpoint, 'not JSON')
  }
  const parsed = Envelope.safeParse(json)
  if (!parsed.success) throw malformed(endpoint, 'no return code')
  const { code, msg, info, expMsg, data } = parsed.data
  return { code, msg: msg ?? info ?? null, expMsg: expMsg ?? null, data: data ?? null }
}

/** The payload through its schema; a mismatch names the first offending field. */
export function parseData<S extends z.ZodType>(endpoint: Endpoint, schema: S, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue && issue.path.length > 0 ? `field ${issue.path.join('.')}` : 'payload'
  throw malformed(endpoint, `unexpected ${where}`)
}

/** A Spring error page (405 wrong verb, 404 unknown path) or a gateway error, as a sentence. */
export function httpError(endpoint: Endpoint, status: number, baseUrl: string): VendorError {
  if (status === 405)
    return new VendorError(
      'bad-response',
      `AlphaESS refused the HTTP method used for ${endpoint} (405 Method Not Allowed). This is a bug in Sunspill; please report it.`,
    )
  if (status === 404)
    return new VendorError(
      'bad-response',
      `AlphaESS has no ${endpoint} at ${baseUrl} (404 Not Found). If you changed the API address in the account's advanced settings, clear it to use the default.`,
    )
  if (status === 429)
    return new VendorError('rate-limited', `AlphaESS asked Sunspill to slow down (HTTP 429). Sunspill waits and tries again.`, 10_000)
  if (status >= 500)
    return new VendorError('offline', `The AlphaESS cloud is having trouble (HTTP ${status}). Sunspill keeps trying.`)
  return new VendorError('bad-response', `AlphaESS answered ${endpoint} with HTTP ${status}. Sunspill keeps trying; if this persists, please report it.`)
}
