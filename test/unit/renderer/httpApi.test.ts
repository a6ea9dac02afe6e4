import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src-shared/settings'
import { createHttpApi, invokeRequest, readInvokeReply } from '../../../src-renderer/transport/httpApi'
import { TOKEN_NEEDED_MESSAGE } from '../../../src-renderer/transport/messages'
import { siteState } from './fixtures'

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

describe('HTTP transport: invoke', () => {
  it('builds POST /api/<channel> with the bearer token and a JSON body', () => {
    const [url, init] = invokeRequest('http://127.0.0.1:5000', 'tok', 'charger:setMode', { chargerId: 'a', mode: 'fast' })
    expect(url).toBe('http://127.0.0.1:5000/api/charger:setMode')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok')
    expect(JSON.parse(String(init.body))).toEqual({ chargerId: 'a', mode: 'fast' })
  })

  it('sends the request through fetch and returns the parsed reply', async () => {
    const seen: { url: string; init: RequestInit }[] = []
    const { api } = createHttpApi({
      token: 'abc',
      baseUrl: 'http://x',
      fetch: async (url, init) => {
        seen.push({ url: String(url), init: init! })
        return json(200, { settings: defaultSettings(), problem: null, secretsSet: {} })
      },
    })
    const view = await api.invoke('settings:get', {})
    expect(view.settings.site.fuseA).toBe(63)
    expect(seen[0]?.url).toBe('http://x/api/settings:get')
    expect(new Headers(seen[0]?.init.headers).get('authorization')).toBe('Bearer abc')
  })

  it('turns an error reply into an Error carrying the server sentence', async () => {
    const reply = json(400, { error: 'Invalid request for charger:setLimit: limitA: Too big' })
    await expect(readInvokeReply('charger:setLimit', reply)).rejects.toThrow('Invalid request for charger:setLimit: limitA: Too big')
  })

  it('explains a reply without a sentence, and a reply that breaks the contract', async () => {
    await expect(readInvokeReply('state:get', new Response('oops', { status: 502, statusText: 'Bad Gateway' }))).rejects.toThrow(
      /502 Bad Gateway to state:get/,
    )
    await expect(readInvokeReply('state:get', json(200, { nope: true }))).rejects.toThrow(/does not understand/)
    await expect(readInvokeReply('state:get', json(200, siteState()))).resolves.toMatchObject({ statusLine: 'Charging 1.6 kW from solar' })
  })

  it('on 401 says which link is needed and marks the connection unauthorized', async () => {
    const http = createHttpApi({ token: 'bad', fetch: async () => json(401, { error: 'Missing or wrong access token.' }) })
    await expect(http.api.invoke('state:get', {})).rejects.toThrow(TOKEN_NEEDED_MESSAGE)
    expect(http.connection.get()).toBe('unauthorized')
  })

  it('says the server is unreachable when fetch itself fails', async () => {
    const http = createHttpApi({
      token: 't',
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    await expect(http.api.invoke('state:get', {})).rejects.toThrow(/Cannot reach Sunspill/)
  })
})
