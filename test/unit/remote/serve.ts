/** A real headless server on 127.0.0.1 for remote-mode tests, over TLS with the test-only fixture certificate. */
import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { CoreApp, Logger } from '../../../src-main/core/host'
import { createHeadlessServer } from '../../../src-main/headless/server'

export const TOKEN = 'remote-test-token-0123456789abcdefghijklmnop'
const fixtures = join(__dirname, '..', '..', 'fixtures', 'tls')
export const TLS = { cert: readFileSync(join(fixtures, 'cert.pem')), key: readFileSync(join(fixtures, 'key.pem')) }
/** `openssl x509 -in test/fixtures/tls/cert.pem -noout -fingerprint -sha256` */
export const FINGERPRINT = 'A7:F3:9C:D2:45:54:4E:55:1D:AB:87:F5:C1:8A:4A:8A:82:7F:FB:85:11:1C:78:83:96:17:BA:05:FF:BF:2D:47'
export const OTHER_FINGERPRINT = '00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF'

export interface Served {
  url: string
  server: Server
  /** Every request the server received, with whether it carried the right token. */
  requests: Array<{ path: string; authorised: boolean }>
  close(): Promise<void>
}

/** Listens on the port, failing at once (e.g. EADDRINUSE) rather than hanging the test. */
export function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
}

export async function serve(core: CoreApp, logger: Logger, options: { tls?: boolean; allowedHosts?: string[] } = {}): Promise<Served> {
  const tls = options.tls ?? true
  const server = createHeadlessServer({ core, token: TOKEN, rendererDir: __dirname, logger, allowedHosts: options.allowedHosts ?? [], tls: tls ? TLS : undefined })
  const requests: Served['requests'] = []
  server.on('request', (req) => requests.push({ path: req.url ?? '', authorised: req.headers.authorization === `Bearer ${TOKEN}` }))
  await listen(server, 0)
  const { port } = server.address() as AddressInfo
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    server,
    requests,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

export const quietLogger = { info: () => {}, warn: () => {} }
