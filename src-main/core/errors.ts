/**
 * Errors from vendors, typed by kind. Each carries the sentence the user sees, with a next step;
 * the loop keeps running whatever the kind.
 */
export type VendorErrorKind = 'auth' | 'clock' | 'rate-limited' | 'offline' | 'not-supported' | 'bad-response' | 'config'

export class VendorError extends Error {
  constructor(
    readonly kind: VendorErrorKind,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message)
    this.name = 'VendorError'
  }
}

/** The sentence to show for any failure reading or writing a device. */
export function userMessage(error: unknown, what: string): string {
  if (error instanceof VendorError) return error.message
  const detail = error instanceof Error ? error.message : String(error)
  return `Could not reach ${what}: ${detail}. Sunspill keeps trying.`
}
