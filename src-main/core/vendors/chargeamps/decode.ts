/** Turns a response body into a typed value, or a 'bad-response' VendorError naming what broke. */
import type { z } from 'zod'
import { badResponse } from './messages'

export function decode<T>(text: string, schema: z.ZodType<T>, subject: string): T {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw badResponse(subject, text.trim() === '' ? 'an empty body' : 'not JSON')
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw badResponse(subject, parsed.error)
  return parsed.data
}

/** Like decode, but null instead of an error: for answers we can do without. */
export function tryDecode<T>(text: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
