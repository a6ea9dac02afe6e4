/** Starts the built headless server as a user would, and stops it again. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface RunningServer {
  origin: string
  token: string
  /** The link `npm run serve` prints in a terminal, token included (made here from the token file). */
  link: string
  dataDir: string
  stop(): Promise<void>
  /** SIGKILL: no shutdown at all, as when the process crashes or is killed. */
  kill(): Promise<void>
}

const BUNDLE = resolve(__dirname, '../../out/headless/index.js')

/** Monday noon in Sydney: the sun is up, the car is home and the price is negative. */
export const WEEKDAY_NOON = '2026-11-23T12:00:00+11:00'

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'sunspill-e2e-'))
}

/**
 * Starts `npm run serve`'s bundle. The demo home runs at 30× from a weekday noon by default;
 * `realTime` keeps the wall clock, which real vendors (and their fakes) need for tokens and
 * signatures.
 */
export async function startServer(
  options: { dataDir?: string; speed?: number; start?: string; realTime?: boolean; /** More flags, as a user adds them. */ args?: string[] } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? newDataDir()
  const clockArgs = options.realTime ? [] : ['--speed', String(options.speed ?? 30), '--start', options.start ?? WEEKDAY_NOON]
  const args = [BUNDLE, '--port', '0', '--data-dir', dataDir, ...clockArgs, ...(options.args ?? [])]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  // stdout is a pipe, not a terminal, so the server prints its address and token file but not the
  // token: the link is made from the file, as the printed instructions say.
  const origin = await new Promise<string>((resolveOrigin, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${output}`)), 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Serving (http:\/\/\S+?)\/ /.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolveOrigin(match[1])
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`The server exited with ${code}:\n${output}`)))
  })
  const token = readFileSync(join(dataDir, 'headless-token'), 'utf8').trim()
  return {
    origin,
    token,
    link: `${origin}/#token=${token}`,
    dataDir,
    stop: () => stop(child),
    kill: () => stop(child, 'SIGKILL'),
  }
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((done) => {
    child.once('exit', () => done())
    child.kill(signal)
  })
}

/** "3.4 kW" → 3400, "850 W" → 850, "—" → NaN */
export function watts(text: string | null): number {
  const match = /(-?[\d.]+)\s*(kW|W)/.exec(text ?? '')
  if (!match) return Number.NaN
  return Number(match[1]) * (match[2] === 'kW' ? 1000 : 1)
}
