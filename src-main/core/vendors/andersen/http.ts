/**
 * One HTTP exchange with an Andersen or Cognito host: JSON in, status and text out. A failure to
 * connect becomes an 'offline' VendorError naming the host; everything else is the caller's to read.
 */
import { Agent, request } from 'undici'
import { hostOf } from './endpoints'
import { unreachable } from './messages'

export { parseJson } from '../shared/http'

export interface HttpAnswer {
  status: number
  text: string
  retryAfterMs: number | null
}

export interface HttpCall {
  method: 'GET' | 'POST'
  url: string
  headers?: Record<string, string>
  /** Serialised as JSON when present. */
  body?: unknown
  /** Overrides the JSON content type (Cognito wants application/x-amz-json-1.1). */
  contentType?: string
}

export class Http {
  private readonly agent: Agent

  constructor(timeoutMs = 15_000) {
    this.agent = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  }

  async send(call: HttpCall): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers }
    let body: string | undefined
    if (call.body !== undefined) {
      body = JSON.stringify(call.body)
      headers['content-type'] = call.contentType ?? 'application/json'
    }
    try {
      const res = await request(call.url, { method: call.method, headers, body, dispatcher: this.agent })
      const text = await res.body.text()
      return { status: res.statusCode, text, retryAfterMs: retryAfter(res.headers['retry-after']) }
    } catch (error) {
      throw unreachable(hostOf(call.url), networkDetail(error))
    }
  }

  close(): Promise<void> {
    return this.agent.close()
  }
}

/** Seconds only: a date would need a wall clock, and none of these services sends one. */
function retryAfter(value: string | string[] | undefined): number | null {
  const raw = Array.isArray(value) ? value[0] : value
  const seconds = raw === undefined ? Number.NaN : Number(raw)
  return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : null
}

export function networkDetail(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code !== '') return code
  return error instanceof Error ? error.message : String(error)
}


