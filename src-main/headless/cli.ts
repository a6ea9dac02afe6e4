/**
 * `npm run serve`: the same core as the app, in plain Node, with the renderer in a browser.
 */
import { join } from 'node:path'
import { version as appVersion } from '../../package.json'
import { createCore } from '../core/app-core'
import { realClock, scaledClock } from '../core/clock'
import { createFileLogger } from '../core/log'
import { FileSecretStore } from '../core/secrets/file-store'
import { JsonFileSettingsStore } from '../core/settings/file-store'
import { parseOptions, UsageError, USAGE } from './options'
import { createHeadlessServer } from './server'
import { bannerLines } from './banner'
import { acceptedHostNames } from './host-names'
import { expiryWarning, loadTls } from './tls'
import { loadOrCreateToken } from './token'

async function main() {
  if (process.argv.includes('--help')) {
    console.log(USAGE)
    return
  }
  const options = parseOptions(process.argv.slice(2))
  const tls = options.tlsCert && options.tlsKey ? loadTls(options.tlsCert, options.tlsKey) : null
  const logger = createFileLogger(join(options.dataDir, 'logs', 'sunspill.log'), {
    echo: (line) => {
      if (!line.includes(' INFO ')) process.stderr.write(`${line}\n`)
    },
  })
  const tokenFile = join(options.dataDir, 'headless-token')
  const token = loadOrCreateToken(tokenFile)
  logger.redact(token)
  if (!tls && options.insecureLan) {
    // The logger echoes warnings to stderr as well as keeping them in its file.
    logger.warn(
      `WARNING: serving plain HTTP on ${options.host} (--insecure-lan). Anyone on this network can read the access token ` +
        'and take control of your chargers. Use --tls-cert and --tls-key unless you trust every device on it.',
    )
  }
  const clock = options.speed === 1 && options.startMs === null ? realClock() : scaledClock(options.startMs ?? Date.now(), options.speed)

  const core = await createCore({
    runtime: 'headless',
    appVersion,
    versions: { node: process.versions.node, v8: process.versions.v8 },
    dataDir: options.dataDir,
    clock,
    settingsStore: new JsonFileSettingsStore(join(options.dataDir, 'settings.json')),
    secretStore: new FileSecretStore(join(options.dataDir, 'secrets.json'), logger),
    logger,
    openSettings: async () => false,
    hidePopover: async () => false,
  })

  const server = createHeadlessServer({
    core,
    token,
    rendererDir: join(__dirname, '..', 'renderer'),
    logger,
    allowedHosts: acceptedHostNames(options.host, options.allowHosts),
    tls: tls ?? undefined,
  })
  server.on('error', (error: NodeJS.ErrnoException) => {
    const why = error.code === 'EADDRINUSE' ? `port ${options.port} is already in use; pass --port to choose another` : error.message
    console.error(`Sunspill could not start its server: ${why}.`)
    process.exit(1)
  })
  server.listen(options.port, options.host, () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : options.port
    const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
    core.start()
    const lines = bannerLines(
      {
        origin: `${tls ? 'https' : 'http'}://${shownHost}:${port}`,
        token,
        tokenFile,
        dataDir: options.dataDir,
        speed: options.speed,
        tls,
      },
      // Only a terminal gets the link with the token; a journal or a log file must not.
      process.stdout.isTTY === true,
    )
    for (const line of lines) console.log(line)
    if (tls) {
      logger.info(`Serving HTTPS; certificate SHA-256 fingerprint ${tls.fingerprint}`)
      // Warnings are echoed to stderr by the logger as well as kept in its file.
      const expiring = expiryWarning(tls, Date.now())
      if (expiring) logger.warn(expiring)
    }
  })

  const shutdown = async () => {
    server.close()
    await core.stop()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
  console.error(`Sunspill failed to start: ${(error as Error).message}`)
  process.exit(1)
})
