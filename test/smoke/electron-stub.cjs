/**
 * Preloaded with `node -r` so the BUILT main bundle runs in plain Node: every require('electron')
 * (ours and the one electron-store makes inside the bundle) gets these stand-ins, which print
 * what the app does as JSON lines prefixed with SUNSPILL_STUB for test/unit/main-bundle.test.ts.
 *
 * Env: SUNSPILL_STUB_USER_DATA, where the app keeps its files (default ~/.config/Sunspill).
 */
'use strict'

const Module = require('node:module')
const { EventEmitter } = require('node:events')
const os = require('node:os')
const path = require('node:path')

function record(kind, data = {}) {
  process.stdout.write(`SUNSPILL_STUB ${JSON.stringify({ kind, ...data })}\n`)
}

function event() {
  return { defaultPrevented: false, preventDefault() { this.defaultPrevented = true } }
}

const userData = process.env.SUNSPILL_STUB_USER_DATA || path.join(os.homedir(), '.config', 'Sunspill')

class App extends EventEmitter {
  constructor() {
    super()
    this.isPackaged = false
    this.commandLine = {
      switches: {},
      appendSwitch(name, value = '') {
        this.switches[name] = value
        record('commandLine.appendSwitch', { name, value })
      },
      hasSwitch(name) {
        return name in this.switches
      },
      getSwitchValue(name) {
        return this.switches[name] || ''
      },
    }
    this.dock = { hide() {}, show: () => Promise.resolve() }
    this.readyPromise = null
  }
  whenReady() {
    this.readyPromise ??= new Promise((resolve) =>
      setImmediate(() => {
        record('app.ready')
        this.emit('ready')
        resolve()
      }),
    )
    return this.readyPromise
  }
  isReady() {
    return this.readyPromise !== null
  }
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock')
    return true
  }
  getPath(name) {
    if (name === 'userData') return userData
    if (name === 'logs') return path.join(userData, 'logs')
    return path.join(userData, name)
  }
  getVersion() {
    return '0.0.0-stub'
  }
  getName() {
    return 'Sunspill'
  }
  setAppUserModelId() {}
  quit() {
    record('app.quit')
    const e = event()
    this.emit('before-quit', e)
    if (!e.defaultPrevented) process.exit(0)
  }
  exit(code = 0) {
    record('app.exit', { code })
    process.exit(code)
  }
}

const app = new App()

class IpcMain extends EventEmitter {
  constructor() {
    super()
    this.handlers = new Map()
  }
  handle(channel, listener) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
    record('ipcMain.handle', { channel })
  }
  removeHandler(channel) {
    this.handlers.delete(channel)
  }
}

const ipcMain = new IpcMain()

const defaultSession = {
  setPermissionRequestHandler(handler) {
    record('session.setPermissionRequestHandler', { set: typeof handler === 'function' })
  },
  setPermissionCheckHandler(handler) {
    record('session.setPermissionCheckHandler', { set: typeof handler === 'function' })
  },
}

class WebContents extends EventEmitter {
  constructor() {
    super()
    this.session = defaultSession
    this.destroyed = false
  }
  send(channel) {
    record('webContents.send', { channel })
  }
  setWindowOpenHandler() {
    record('webContents.setWindowOpenHandler')
  }
  isDestroyed() {
    return this.destroyed
  }
}

const windows = []

class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return windows.filter((w) => !w.destroyed)
  }
  constructor(options = {}) {
    super()
    this.options = options
    this.webContents = new WebContents()
    this.visible = options.show !== false
    this.destroyed = false
    this.bounds = { x: 0, y: 0, width: options.width || 800, height: options.height || 600 }
    windows.push(this)
    record('BrowserWindow', { options })
  }
  loadFile(file, options) {
    record('loadFile', { file, options: options || null })
    return Promise.resolve()
  }
  loadURL(url) {
    record('loadURL', { url })
    return Promise.resolve()
  }
  show() {
    this.visible = true
  }
  hide() {
    this.visible = false
  }
  focus() {}
  isVisible() {
    return this.visible
  }
  isDestroyed() {
    return this.destroyed
  }
  isMinimized() {
    return false
  }
  restore() {}
  setPosition(x, y) {
    this.bounds.x = x
    this.bounds.y = y
  }
  setVisibleOnAllWorkspaces() {}
  destroy() {
    this.destroyed = true
    this.emit('closed')
  }
  close() {
    const e = event()
    this.emit('close', e)
    if (!e.defaultPrevented) this.destroy()
  }
}

class Tray extends EventEmitter {
  constructor(image) {
    super()
    record('Tray', { image: describeImage(image) })
  }
  setImage(image) {
    record('tray.setImage', { image: describeImage(image) })
  }
  setToolTip(text) {
    record('tray.setToolTip', { text })
  }
  setContextMenu(menu) {
    record('tray.setContextMenu', { labels: menu.items.map((i) => i.label).filter(Boolean) })
  }
  popUpContextMenu() {}
  getBounds() {
    return { x: 1500, y: 0, width: 24, height: 24 }
  }
  isDestroyed() {
    return false
  }
}

function describeImage(image) {
  return image && image.representations ? image.representations.map((r) => ({ scaleFactor: r.scaleFactor, bytes: r.buffer.length })) : null
}

class NativeImage {
  constructor(buffer, scaleFactor) {
    this.representations = buffer ? [{ scaleFactor, buffer }] : []
  }
  addRepresentation({ scaleFactor, buffer }) {
    if (buffer) this.representations.push({ scaleFactor, buffer })
  }
  setTemplateImage() {}
  isEmpty() {
    return this.representations.length === 0
  }
}

const display = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 25, width: 1920, height: 1055 }, scaleFactor: 1 }

class Notification extends EventEmitter {
  static isSupported() {
    return true
  }
  constructor(options) {
    super()
    this.options = options
  }
  show() {
    record('Notification.show', { title: this.options.title })
  }
}

const electron = {
  app,
  ipcMain,
  BrowserWindow,
  Tray,
  Notification,
  Menu: { buildFromTemplate: (items) => ({ items }) },
  nativeImage: {
    createFromBuffer: (buffer, options) => new NativeImage(buffer, (options && options.scaleFactor) || 1),
    createEmpty: () => new NativeImage(),
  },
  screen: {
    getPrimaryDisplay: () => display,
    getAllDisplays: () => [display],
    getDisplayMatching: () => display,
    getDisplayNearestPoint: () => display,
    getCursorScreenPoint: () => ({ x: 960, y: 540 }),
  },
  session: { defaultSession },
  powerMonitor: new EventEmitter(),
  shell: { openExternal: () => Promise.resolve(), openPath: () => Promise.resolve('') },
  dialog: {
    showErrorBox(title, content) {
      record('dialog.showErrorBox', { title, content })
    },
    showMessageBox: () => Promise.resolve({ response: 0, checkboxChecked: false }),
  },
  safeStorage: {
    isAsyncEncryptionAvailable: () => Promise.resolve(true),
    getSelectedStorageBackend: () => 'basic_text',
    encryptStringAsync: (text) => Promise.resolve(Buffer.from(`stub|${Buffer.from(text).toString('hex')}`)),
    decryptStringAsync: (buffer) =>
      Promise.resolve({ result: Buffer.from(buffer.toString().slice(5), 'hex').toString(), shouldReEncrypt: false }),
  },
}

const originalLoad = Module._load
let announced = false
Module._load = function load(request, parent, isMain) {
  if (request === 'electron') {
    if (!announced) {
      announced = true
      record('electron.required', { from: parent && parent.filename ? path.basename(parent.filename) : null })
    }
    return electron
  }
  return originalLoad.call(this, request, parent, isMain)
}

process.on('uncaughtException', (error) => {
  record('error', { message: String((error && error.stack) || error) })
  process.exit(70)
})
process.on('unhandledRejection', (reason) => {
  record('error', { message: String((reason && reason.stack) || reason) })
})
