/** Command-line options of `npm run serve`, parsed without a library: there are only a handful. */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { allowedHostName } from './host-names'

export interface HeadlessOptions {
  port: number
  host: string
  dataDir: string
  speed: number
  /** Where the simulated clock starts; the wall clock when absent. */
  startMs: number | null
  /** PEM files: serve HTTPS. Both or neither. */
  tlsCert: string | null
  tlsKey: string | null
  /** The user accepts plain HTTP on a non-loopback address (the token crosses the network readable). */
  insecureLan: boolean
  /** More names the server answers to (--allow-host, repeatable), e.g. sunspill.local beside its IP. */
  allowHosts: string[]
}

export const USAGE = `Usage: npm run serve -- [options]

Runs Sunspill's core in plain Node and serves the app to your browser.

  --port N        port to listen on (default 4777; 0 picks a free one)
  --host H        address to bind (default 127.0.0.1). Any address other than loopback
                  needs --tls-cert and --tls-key, or --insecure-lan
  --tls-cert F    PEM certificate file: serve HTTPS (the tray app pins its fingerprint)
  --tls-key F     PEM private key file of that certificate
  --insecure-lan  allow plain HTTP on a non-loopback address; anyone on the network can
                  read the access token and everything else that crosses it
  --allow-host N  also answer to the name N (e.g. sunspill.local) besides the --host
                  address and loopback; repeat for more names. A server bound to 0.0.0.0
                  or :: answers to any name already
  --data-dir D    where settings, secrets, the access token and logs live
  --speed N       run the demo home N times faster than real time (default 1)
  --start ISO     start the demo home's clock at this time, e.g. 2026-11-21T11:00:00+11:00
  --help          show this text`

export class UsageError extends Error {}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): HeadlessOptions {
  const options: HeadlessOptions = {
    port: 4777,
    host: '127.0.0.1',
    dataDir: defaultDataDir(env),
    speed: 1,
    startMs: null,
    tlsCert: null,
    tlsKey: null,
    insecureLan: false,
    allowHosts: [],
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = () => {
      const v = inline ?? argv[++i]
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value.`)
      return v
    }
    switch (flag) {
      case '--port': {
        const port = Number(value())
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535.')
        options.port = port
        break
      }
      case '--host':
        options.host = value()
        break
      case '--data-dir':
        options.dataDir = value()
        break
      case '--speed': {
        const speed = Number(value())
        if (!Number.isFinite(speed) || speed < 1 || speed > 10_000) throw new UsageError('--speed must be a number from 1 to 10000.')
        options.speed = speed
        break
      }
      case '--start': {
        const text = value()
        const ms = Date.parse(text)
        if (Number.isNaN(ms)) throw new UsageError(`--start must be a date and time like 2026-11-21T11:00:00+11:00, not ${text}.`)
        options.startMs = ms
        break
      }
      case '--tls-cert':
        options.tlsCert = value()
        break
      case '--tls-key':
        options.tlsKey = value()
        break
      case '--insecure-lan':
        if (inline !== undefined) throw new UsageError('--insecure-lan takes no value.')
        options.insecureLan = true
        break
      case '--allow-host': {
        const text = value()
        const name = allowedHostName(text)
        if (name === null) throw new UsageError(`--allow-host takes a host name like sunspill.local or an IP address, without scheme or port, not ${text}.`)
        if (!options.allowHosts.includes(name)) options.allowHosts.push(name)
        break
      }
      default:
        throw new UsageError(`Unknown option ${arg}.`)
    }
  }
  if ((options.tlsCert === null) !== (options.tlsKey === null)) {
    throw new UsageError('--tls-cert and --tls-key go together: give both files, or neither.')
  }
  if (!isLoopback(options.host) && options.tlsCert === null && !options.insecureLan) {
    throw new UsageError(
      `--host ${options.host} makes Sunspill reachable from other machines, and the access token would cross the network readable. ` +
        'Either serve HTTPS with --tls-cert FILE --tls-key FILE (the README shows how to make a certificate), ' +
        'or, on a network you trust completely, add --insecure-lan.',
    )
  }
  return options
}

/** Only this machine can reach these; anything else (0.0.0.0, a LAN address, a name) may be reachable from others. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare)
}

/** Each platform's usual place for an app's own files, apart from the desktop app's. */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Sunspill Headless')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Sunspill Headless')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'sunspill-headless')
}
