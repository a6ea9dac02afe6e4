/** Charge Amps' HTTP exchange: the shared JSON one, addressed by path under the EAPI base URL. */
import { JsonHttp, type JsonRequest, type JsonResponse } from '../shared/http'
import { unreachable } from './messages'

export type HttpResponse = JsonResponse

export interface HttpRequest extends Omit<JsonRequest, 'url' | 'contentType'> {
  path: string
  headers: Record<string, string>
}

export class Transport {
  readonly host: string
  private readonly http: JsonHttp

  constructor(
    readonly baseUrl: string,
    now: () => number,
    timeoutMs?: number,
  ) {
    this.host = new URL(baseUrl).host
    this.http = new JsonHttp({ unreachable, now, timeoutMs })
  }

  send({ path, ...req }: HttpRequest): Promise<HttpResponse> {
    return this.http.send({ ...req, url: `${this.baseUrl}${path}` })
  }

  close(): Promise<void> {
    return this.http.close()
  }
}
