import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../../..')
const realElectron = join(root, 'node_modules', 'electron')
let scratch: string | null = null

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
  scratch = null
})

describe('scripts/start.cjs', () => {
  it('explains `npm run serve` and exits 1 when the Electron runtime cannot be downloaded', () => {
    scratch = mkdtempSync(join(tmpdir(), 'sunspill-start-'))
    // A copy of the electron package without its binary, so the real node_modules/electron is never touched.
    const electronDir = join(scratch, 'electron')
    mkdirSync(electronDir)
    for (const file of ['install.js', 'package.json', 'checksums.json']) copyFileSync(join(realElectron, file), join(electronDir, file))

    const started = Date.now()
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'start.cjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        SUNSPILL_ELECTRON_DIR: electronDir,
        // The copied installer resolves @electron/get from the project's node_modules.
        NODE_PATH: join(root, 'node_modules'),
        // Nothing listens on port 9 (discard), so the download fails at once.
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: join(scratch, 'cache'),
        ELECTRON_OVERRIDE_DIST_PATH: '',
      },
    })

    expect(result.status).toBe(1)
    expect(result.stderr).toContain('Sunspill could not download the Electron runtime')
    expect(result.stderr).toContain('npm run serve')
    expect(result.stderr).toContain('http://127.0.0.1:9/')
    expect(Date.now() - started).toBeLessThan(30_000)
    // Nothing was installed into the copy either.
    expect(readdirSync(electronDir).sort()).toEqual(['checksums.json', 'install.js', 'package.json'])
  })
})
