/**
 * The real Electron app, for machines that have its binary. Where the binary cannot be fetched
 * (no access to Electron's downloads) this suite skips and nothing else depends on it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

/** Finds the binary without require('electron'), which would try to download it. */
function electronBinary(): string | null {
  if (process.env.ELECTRON_PATH && existsSync(process.env.ELECTRON_PATH)) return process.env.ELECTRON_PATH
  const dir = resolve(__dirname, '../../node_modules/electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()

test.describe('the Electron app', () => {
  test.skip(!binary, 'Electron binary not installed: run `npm run install-electron` (needs access to Electron downloads) or set ELECTRON_PATH')

  test('opens a sandboxed popover with exactly the contract as window.api', async () => {
    const app = await electron.launch({ executablePath: binary!, args: ['.', '--no-sandbox'], cwd: resolve(__dirname, '../..') })
    try {
      const window = await app.firstWindow()
      const globals = await window.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        invoke: typeof (window as unknown as { api?: { invoke?: unknown } }).api?.invoke,
      }))
      expect(globals).toEqual({ require: 'undefined', process: 'undefined', invoke: 'function' })
    } finally {
      await app.close()
    }
  })
})
