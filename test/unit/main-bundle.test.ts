/**
 * Loads the BUILT main bundle (out/main/index.js) in plain Node with electron stubbed
 * (test/smoke/electron-stub.cjs) and checks what it did. This is what catches bundling mistakes
 * the source-level tests cannot: an ESM-only dependency left external, a wrong path to the
 * preload or renderer, a preload that requires more than `electron`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { invokeChannelNames } from '../../src-shared/contract'

const root = resolve(__dirname, '../..')
const bundle = join(root, 'out', 'main', 'index.js')
const preloadBundle = join(root, 'out', 'preload', 'index.js')
const stub = join(root, 'test', 'smoke', 'electron-stub.cjs')
const MISSING = 'out/main/index.js is missing: run `npm run build` first (`npm test` builds before testing)'

interface StubRecord {
  kind: string
  [key: string]: unknown
}

let child: ChildProcess | null = null
let scratch: string | null = null

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  child = null
  if (scratch) rmSync(scratch, { recursive: true, force: true })
  scratch = null
})

function runBundle(until: (records: StubRecord[]) => boolean, timeoutMs = 15_000) {
  scratch = mkdtempSync(join(tmpdir(), 'sunspill-bundle-'))
  const userData = join(scratch, 'userData')
  const proc = spawn(process.execPath, ['-r', stub, bundle], {
    cwd: root,
    env: { ...process.env, HOME: scratch, USERPROFILE: scratch, SUNSPILL_STUB_USER_DATA: userData, ELECTRON_RENDERER_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child = proc
  const records: StubRecord[] = []
  let stderr = ''
  let buffered = ''
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise<{ records: StubRecord[]; stderr: string; userData: string }>((resolveRun) => {
    const finish = () => {
      clearTimeout(timer)
      proc.kill('SIGTERM')
      resolveRun({ records, stderr, userData })
    }
    const timer = setTimeout(finish, timeoutMs)
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        if (line.startsWith('SUNSPILL_STUB ')) records.push(JSON.parse(line.slice('SUNSPILL_STUB '.length)) as StubRecord)
      }
      if (until(records)) finish()
    })
    proc.on('exit', finish)
  })
}

describe('built main bundle', () => {
  it('loads with electron stubbed, creates the tray and a secure popover, and registers every channel', async (ctx) => {
    if (!existsSync(bundle)) ctx.skip(MISSING)
    const handled = (records: StubRecord[]) => new Set(records.filter((r) => r.kind === 'ipcMain.handle').map((r) => r.channel))
    const done = (records: StubRecord[]) =>
      records.some((r) => r.kind === 'error') ||
      (handled(records).size === invokeChannelNames.length &&
        records.some((r) => r.kind === 'Tray') &&
        records.some((r) => r.kind === 'loadFile') &&
        records.some((r) => r.kind === 'tray.setImage'))

    const { records, stderr, userData } = await runBundle(done)
    const context = `stub records:\n${records.map((r) => JSON.stringify(r)).join('\n')}\nstderr:\n${stderr}`

    expect(records.filter((r) => r.kind === 'error'), context).toEqual([])
    expect(records.some((r) => r.kind === 'electron.required'), context).toBe(true)
    expect(records.some((r) => r.kind === 'app.ready'), context).toBe(true)
    expect([...handled(records)].sort(), context).toEqual([...invokeChannelNames].sort())
    expect(records.filter((r) => r.kind === 'Tray'), context).toHaveLength(1)

    const windows = records.filter((r) => r.kind === 'BrowserWindow')
    expect(windows, context).toHaveLength(1)
    expect(windows[0]!.options).toMatchObject({
      width: 360,
      height: 520,
      show: false,
      frame: false,
      webPreferences: {
        preload: join(root, 'out', 'preload', 'index.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
      },
    })
    const load = records.find((r) => r.kind === 'loadFile')
    expect(load?.file, context).toBe(join(root, 'out', 'renderer', 'index.html'))
    expect(records.some((r) => r.kind === 'session.setPermissionRequestHandler'), context).toBe(true)
    expect(records.some((r) => r.kind === 'webContents.setWindowOpenHandler'), context).toBe(true)
    // The core ran and told the tray something.
    expect(records.some((r) => r.kind === 'tray.setToolTip' && r.text !== 'Sunspill'), context).toBe(true)
    // Whatever the app wrote went under the stubbed userData, not elsewhere in the temporary HOME.
    expect(readdirSync(scratch!).filter((name) => name !== 'userData'), context).toEqual([])
    expect(existsSync(userData), context).toBe(true)
  })

  it('builds a sandbox-safe preload that requires nothing but electron', (ctx) => {
    if (!existsSync(preloadBundle)) ctx.skip('out/preload/index.js is missing: run `npm run build` first')
    const source = readFileSync(preloadBundle, 'utf8')
    const requires = [...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])
    expect(requires).toEqual(['electron'])
    expect(source).toContain('exposeInMainWorld("api"')
  })
})
