/** Wallbox's HTTP exchange: the shared JSON one, with the user-agent and content type Wallbox has always been sent. */
import { JsonHttp } from '../shared/http'
import { unreachable } from './messages'

export { parseJson, type JsonResponse as HttpResponse } from '../shared/http'

export type HttpMethod = 'GET' | 'POST' | 'PUT'

export class Transport extends JsonHttp {
  constructor(now: () => number, timeoutMs?: number) {
    super({ unreachable, now, timeoutMs, headers: { 'user-agent': 'Sunspill' }, contentType: 'application/json;charset=UTF-8' })
  }
}
