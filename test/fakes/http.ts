/**
 * Plumbing the fakes' HTTP servers share: reading a request body, and listening on a free port
 * on 127.0.0.1 with a close that drops kept-alive connections.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Listens on 127.0.0.1, on a free port unless one is given (a port in use then fails the start
 * rather than moving elsewhere); `origin` is `http://127.0.0.1:<port>`.
 */
export async function listenLocal(server: Server, wantedPort = 0): Promise<{ origin: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(wantedPort, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
