/**
 * One HTTP exchange over undici: bytes in, status and text out. Knows nothing of tokens, budgets
 * or retries; a failure to connect becomes an 'offline' VendorError naming the host.
 */
import { Agent, request } from 'undici'
import { unreachable } from './messages'
import { hostOf, networkDetail, parseRetryAfter } from '../shared/http'

export { parseJson } from '../shared/http'

export type HttpMethod = 'GET' | 'POST' | 'PUT'

export interface HttpRequest {
  method: HttpMethod
  url: string
  headers: Record<string, string>
  /** Serialised as JSON when present. */
  body?: unknown
}

export interface HttpResponse {
  status: number
  text: string
  retryAfterMs: number | null
  /** The server's Date header: token lifetimes are measured on the server's clock. */
  serverDateMs: number | null
}

export class Transport {
  private readonly agent: Agent

  constructor(
    private readonly now: () => number,
    timeoutMs = 15_000,
  ) {
    this.agent = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Sunspill', ...req.headers }
    let body: string | undefined
    if (req.body !== undefined) {
      body = JSON.stringify(req.body)
      headers['content-type'] = 'application/json;charset=UTF-8'
    }
    try {
      const res = await request(req.url, { method: req.method, headers, body, dispatcher: this.agent })
      const text = await res.body.text()
      const date = Date.parse(headerValue(res.headers['date']) ?? '')
      return {
        status: res.statusCode,
        text,
        retryAfterMs: parseRetryAfter(res.headers['retry-after'], this.now()),
        serverDateMs: Number.isNaN(date) ? null : date,
      }
    } catch (error) {
      throw unreachable(hostOf(req.url), networkDetail(error))
    }
  }

  close(): Promise<void> {
    return this.agent.close()
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
