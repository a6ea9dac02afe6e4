import { createServer, type IncomingHttpHeaders } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { JsonHttp, type JsonHttpOptions } from '../../../src-main/core/vendors/shared/http'
import { listenLocal, readBody } from '../../fakes/http'

// The vendor tests cover an unreachable host and a Retry-After in seconds. Their fakes ignore the
// content type and share the client's clock, so those paths are checked here.

const NOW = Date.parse('2026-06-01T12:00:00Z')

interface Seen {
  headers: IncomingHttpHeaders
  body: string
}

let closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.map((close) => close()))
  closers = []
})

/** A server that records each request and answers with the given headers; and a JsonHttp on NOW. */
async function exchange(answerHeaders: Record<string, string>, options: Partial<JsonHttpOptions> = {}) {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({ headers: req.headers, body })
      res.writeHead(200, { 'content-type': 'application/json', ...answerHeaders })
      res.end('{"ok":true}')
    })
  })
  const { origin, close } = await listenLocal(server)
  const http = new JsonHttp({ unreachable: (host, detail) => new Error(`${host} ${detail}`), now: () => NOW, ...options })
  closers.push(() => http.close(), close)
  return { http, origin, seen }
}

describe('JsonHttp', () => {
  it('sends the JSON body with the default content type, the fixed headers and the caller’s', async () => {
    const { http, origin, seen } = await exchange({}, { headers: { 'user-agent': 'Sunspill' }, contentType: 'application/json;charset=UTF-8' })
    const res = await http.send({ method: 'POST', url: `${origin}/x`, headers: { authorization: 'Bearer t' }, body: { a: 1 } })
    expect(res).toMatchObject({ status: 200, text: '{"ok":true}' })
    expect(seen[0]!.headers).toMatchObject({
      accept: 'application/json',
      'user-agent': 'Sunspill',
      authorization: 'Bearer t',
      'content-type': 'application/json;charset=UTF-8',
    })
    expect(seen[0]!.body).toBe('{"a":1}')
  })

  it('lets one request name its own content type, and sends none without a body', async () => {
    const { http, origin, seen } = await exchange({})
    await http.send({ method: 'POST', url: origin, body: {}, contentType: 'application/x-amz-json-1.1' })
    await http.send({ method: 'GET', url: origin })
    expect(seen[0]!.headers['content-type']).toBe('application/x-amz-json-1.1')
    expect(seen[1]!.headers['content-type']).toBeUndefined()
  })

  it('reads the server’s Date and a Retry-After given as a date', async () => {
    const { http, origin } = await exchange({ date: new Date(NOW - 3_000).toUTCString(), 'retry-after': new Date(NOW + 90_000).toUTCString() })
    const res = await http.send({ method: 'GET', url: origin })
    expect(res.serverDateMs).toBe(NOW - 3_000)
    expect(res.retryAfterMs).toBe(90_000)
  })
})
