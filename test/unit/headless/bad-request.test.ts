import { mkdirSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CoreApp } from '../../../src-main/core/host'
import { createHeadlessServer } from '../../../src-main/headless/server'
import { memoryLogger, type MemoryLogger } from '../helpers/memory-logger'
import { startTestCore } from '../helpers/core-host'

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv'
let server: Server | null = null

async function serve(wrap: (core: CoreApp) => CoreApp = (core) => core): Promise<{ port: number; logger: MemoryLogger }> {
  const test = await startTestCore()
  const rendererDir = join(test.dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Sunspill</title>')
  const logger = memoryLogger({ redacting: false })
  server = createHeadlessServer({ core: wrap(test.core), token: TOKEN, rendererDir, logger, allowedHosts: ['127.0.0.1', 'localhost'] })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, logger }
}

/**
 * The request exactly as written, over a plain socket: an HTTP client library might tidy the
 * path, and an <img> on a hostile page would not.
 */
function raw(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (text += chunk))
    socket.on('error', reject)
    socket.on('end', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)
      const type = /^content-type: (.*)$/im.exec(head)?.[1] ?? ''
      resolve({ status, type, body })
    })
    const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close', 'Content-Length: 2']
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
    // write, not end: the server drops a half-closed client's answers that are not ready at once.
    socket.write(`${lines.join('\r\n')}\r\n\r\n{}`)
  })
}

const bearer = { Authorization: `Bearer ${TOKEN}` }

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve))
  server = null
})

describe('a bad request costs only its own answer', () => {
  it('a page address with a malformed percent-escape gets 400, and the app is still served', async () => {
    const { port } = await serve()
    const bad = await raw(port, 'GET', '/%E0%A4%A')
    expect(bad.status).toBe(400)
    expect(bad.type).toContain('text/plain')
    expect(bad.body).toContain('malformed')
    expect((await raw(port, 'GET', '/%')).status).toBe(400)

    const page = await raw(port, 'GET', '/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Sunspill</title>')
  })

  it('an API channel with a malformed percent-escape gets 400, and the API still answers', async () => {
    const { port } = await serve()
    // Without the token the answer is the usual 401: nothing about the channel is looked at.
    expect((await raw(port, 'POST', '/api/%E0%A4%A')).status).toBe(401)
    const bad = await raw(port, 'POST', '/api/%E0%A4%A', bearer)
    expect(bad.status).toBe(400)
    expect(bad.type).toContain('text/plain')

    const state = await raw(port, 'POST', '/api/state:get', { ...bearer, 'Content-Type': 'application/json' })
    expect(state.status).toBe(200)
    expect(JSON.parse(state.body).chargers[0].id).toBe('demo:charger')
  })

  it('a request that trips a fault gets 500 and a log line without the token, and the next is answered', async () => {
    const { port, logger } = await serve((core) => ({
      ...core,
      state: () => {
        throw new Error('the site state is being rebuilt')
      },
    }))
    const failed = await raw(port, 'GET', '/api/events', bearer)
    expect(failed.status).toBe(500)
    expect(failed.type).toContain('text/plain')
    expect(logger.lines.some((line) => line.startsWith('error') && line.includes('the site state is being rebuilt'))).toBe(true)
    expect(logger.lines.join('\n')).not.toContain(TOKEN)

    expect((await raw(port, 'GET', '/')).status).toBe(200)
  })
})
