#!/usr/bin/env node
/**
 * `npm start`: build, then run the app in Electron.
 *
 * Electron 42+ has no postinstall; its binary is fetched the first time something requires
 * `electron` from Node. This script never requires it (that would start a download with no
 * useful error). It looks for the binary itself, runs Electron's installer once if it is
 * missing, and when that fails says how to use Sunspill without Electron.
 *
 * Overrides (for tests and unusual setups):
 *   SUNSPILL_ELECTRON_DIR  the electron package folder (default node_modules/electron)
 *   SUNSPILL_SKIP_BUILD=1  run the existing out/ without rebuilding
 *   ELECTRON_OVERRIDE_DIST_PATH, ELECTRON_MIRROR  honoured as Electron itself honours them
 */
'use strict'

const { spawn, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const electronDir = path.resolve(process.env.SUNSPILL_ELECTRON_DIR || path.join(root, 'node_modules', 'electron'))

/** The same names Electron's install.js writes to path.txt. */
function platformExecutable() {
  switch (process.platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron'
    case 'win32':
      return 'electron.exe'
    default:
      return 'electron'
  }
}

function electronBinary() {
  let relative = platformExecutable()
  try {
    relative = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim() || relative
  } catch {
    // No path.txt yet: the binary was never downloaded.
  }
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist')
  return path.join(dist, relative)
}

function installElectron() {
  const installer = path.join(electronDir, 'install.js')
  if (!fs.existsSync(installer)) return `Electron's installer was not found at ${installer}; run npm install first`
  const source = process.env.ELECTRON_MIRROR ? `the mirror ${process.env.ELECTRON_MIRROR}` : "Electron's GitHub releases"
  console.log(`Sunspill: the Electron runtime is not installed yet; downloading it from ${source}…`)
  // The same program as node_modules/.bin/install-electron, run through node so it also works on Windows.
  const result = spawnSync(process.execPath, [installer, '--no'], { stdio: 'inherit', cwd: root })
  if (result.error) return `the installer could not run: ${result.error.message}`
  if (result.status !== 0) return `the download from ${source} failed with ${result.signal ? `signal ${result.signal}` : `exit code ${result.status}`}; the installer's error is printed above`
  return null
}

function fail(reason) {
  console.error(
    `\nSunspill could not download the Electron runtime (${reason}). ` +
      'On a machine without a display or without internet access to Electron\'s downloads, ' +
      'run `npm run serve` to use the same app in your browser.\n',
  )
  process.exit(1)
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root })
  if (result.error) throw result.error
  return result.status ?? 1
}

function main() {
  let binary = electronBinary()
  if (!fs.existsSync(binary)) {
    const problem = installElectron()
    binary = electronBinary()
    if (!fs.existsSync(binary)) fail(problem || `the installer finished but ${binary} is still missing`)
  }

  if (process.env.SUNSPILL_SKIP_BUILD !== '1') {
    const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
    const status = run(process.execPath, [electronVite, 'build'])
    if (status !== 0) {
      console.error('\nSunspill: the build failed (see above), so the app was not started.\n')
      process.exit(status)
    }
  }

  const args = ['.']
  // Chromium refuses to run its sandbox as root (containers, CI), and says so only in a crash.
  if (process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox')
  args.push(...process.argv.slice(2))

  const env = { ...process.env }
  // Set, it would make Electron behave as plain Node and never open a window.
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(binary, args, { stdio: 'inherit', cwd: root, env, windowsHide: false })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('error', (error) => {
    console.error(`Sunspill: could not start Electron at ${binary}: ${error.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

main()
