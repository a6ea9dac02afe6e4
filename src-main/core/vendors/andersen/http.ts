/** The HTTP exchange with Andersen and Cognito hosts: the shared JSON one, failing with Andersen's sentence. */
import { JsonHttp } from '../shared/http'
import { unreachable } from './messages'

export { parseJson } from '../shared/http'

export class Http extends JsonHttp {
  constructor(timeoutMs?: number) {
    super({ unreachable, timeoutMs })
  }
}
