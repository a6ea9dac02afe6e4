/** Small pieces the vendors' HTTP transports share. */

/** The host to name in a sentence ("Could not reach api.wall-box.com"); the text itself when not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** The network error's code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT) or else its message. */
export function networkDetail(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string') return code
  return error instanceof Error ? error.message : String(error)
}

/** JSON.parse that says "not JSON" instead of throwing a SyntaxError with the body in it. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

/** Retry-After as seconds or an HTTP date, in ms from nowMs; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | null {
  const raw = Array.isArray(value) ? value[0] : value
  if (!raw) return null
  const seconds = Number(raw)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(raw)
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs)
}
