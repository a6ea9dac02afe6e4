/**
 * One HTTP exchange with the EAPI over undici: bytes in, status and text out. Knows nothing of
 * tokens or retries; a failure to connect becomes an 'offline' VendorError with the host named.
 */
import { Agent, request } from 'undici'
import { unreachable } from './messages'
import { networkDetail, parseRetryAfter } from '../shared/http'

export interface HttpResponse {
  status: number
  text: string
  retryAfterMs: number | null
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  headers: Record<string, string>
  /** Serialised as JSON when present. */
  body?: unknown
}

export class Transport {
  private readonly agent: Agent
  readonly host: string

  constructor(
    readonly baseUrl: string,
    private readonly now: () => number,
    timeoutMs = 15_000,
  ) {
    this.host = new URL(baseUrl).host
    this.agent = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers }
    let body: string | undefined
    if (req.body !== undefined) {
      body = JSON.stringify(req.body)
      headers['content-type'] = 'application/json'
    }
    try {
      const res = await request(`${this.baseUrl}${req.path}`, { method: req.method, headers, body, dispatcher: this.agent })
      const text = await res.body.text()
      return { status: res.statusCode, text, retryAfterMs: parseRetryAfter(res.headers['retry-after'], this.now()) }
    } catch (error) {
      throw unreachable(this.host, networkDetail(error))
    }
  }

  close(): Promise<void> {
    return this.agent.close()
  }
}

