/**
 * The vendors' JSON-over-HTTP exchange and the small pieces around it. The exchange knows nothing
 * of tokens, budgets or retries: bytes in, status and text out, and a failure to connect becomes
 * the vendor's own 'offline' error naming the host.
 */
import { Agent, request } from 'undici'

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  headers?: Record<string, string>
  /** Serialised as JSON when present. */
  body?: unknown
  /** Overrides the exchange's JSON content type (Cognito wants application/x-amz-json-1.1). */
  contentType?: string
}

export interface JsonResponse {
  status: number
  text: string
  retryAfterMs: number | null
  /** The server's Date header: token lifetimes are measured on the server's clock. */
  serverDateMs: number | null
}

export interface JsonHttpOptions {
  /** The vendor's sentence for a cloud it could not reach, so the user sees whose cloud it was. */
  unreachable: (host: string, detail: string) => Error
  /** Headers every request carries before its own, such as a vendor that wants a user-agent. */
  headers?: Record<string, string>
  /** The content type of a JSON body unless the request names another; 'application/json' if unset. */
  contentType?: string
  /** Reads a Retry-After given as a date against this clock. */
  now?: () => number
  /** Each of connecting, waiting for the headers and reading the body. */
  timeoutMs?: number
}

export class JsonHttp {
  private readonly agent: Agent

  constructor(private readonly options: JsonHttpOptions) {
    const timeoutMs = options.timeoutMs ?? 15_000
    this.agent = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  }

  async send(req: JsonRequest): Promise<JsonResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...req.headers }
    let body: string | undefined
    if (req.body !== undefined) {
      body = JSON.stringify(req.body)
      headers['content-type'] = req.contentType ?? this.options.contentType ?? 'application/json'
    }
    try {
      const res = await request(req.url, { method: req.method, headers, body, dispatcher: this.agent })
      const text = await res.body.text()
      return {
        status: res.statusCode,
        text,
        retryAfterMs: parseRetryAfter(res.headers['retry-after'], (this.options.now ?? Date.now)()),
        serverDateMs: parseDate(res.headers['date']),
      }
    } catch (error) {
      throw this.options.unreachable(hostOf(req.url), networkDetail(error))
    }
  }

  close(): Promise<void> {
    return this.agent.close()
  }
}

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
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code === 'string' && code !== '') return code
  if (typeof message === 'string') return message
  return String(error)
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
  const raw = firstValue(value)
  if (!raw) return null
  const seconds = Number(raw)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(raw)
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs)
}

function parseDate(value: string | string[] | undefined): number | null {
  const at = Date.parse(firstValue(value) ?? '')
  return Number.isNaN(at) ? null : at
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
