/**
 * A hand-written fake of the parts of `electron` Sunspill uses (electron-stack.md §5.2).
 * Built from plain classes and functions, not vi.fn, because the vitest config has mockReset on.
 * Module-level singletons are reset in place by resetElectronFake() (test/unit/setup.ts runs it
 * before every test), since the code under test captured references to them at import.
 */
import { EventEmitter } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export class FakeEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

// ---------------------------------------------------------------- app

class FakeCommandLine {
  switches = new Map<string, string>()
  appendSwitch(name: string, value = ''): void {
    this.switches.set(name, value)
  }
  hasSwitch(name: string): boolean {
    return this.switches.has(name)
  }
  getSwitchValue(name: string): string {
    return this.switches.get(name) ?? ''
  }
}

class FakeDock {
  hidden = false
  hide(): void {
    this.hidden = true
  }
  show(): Promise<void> {
    this.hidden = false
    return Promise.resolve()
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false
  lockGranted = true
  version = '0.1.0'
  paths: Record<string, string> = {}
  quitCalls = 0
  exitCode: number | null = null
  appUserModelId: string | null = null
  commandLine = new FakeCommandLine()
  dock: FakeDock | undefined = new FakeDock()
  private ready = false
  private resolveReady: () => void = () => {}
  private readyPromise: Promise<void> = this.freshReadyPromise()

  _reset(): void {
    this.removeAllListeners()
    this.isPackaged = false
    this.lockGranted = true
    this.version = '0.1.0'
    this.paths = {}
    this.quitCalls = 0
    this.exitCode = null
    this.appUserModelId = null
    this.commandLine = new FakeCommandLine()
    this.dock = new FakeDock()
    this.ready = false
    this.readyPromise = this.freshReadyPromise()
  }

  private freshReadyPromise(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.resolveReady = resolve
    })
  }

  whenReady(): Promise<void> {
    return this.readyPromise
  }
  isReady(): boolean {
    return this.ready
  }
  /** Test helper: what Electron does once Chromium has started. */
  _fireReady(): void {
    this.ready = true
    this.emit('ready')
    this.resolveReady()
  }
  requestSingleInstanceLock(): boolean {
    return this.lockGranted
  }
  getPath(name: string): string {
    return this.paths[name] ?? join(tmpdir(), 'sunspill-fake-electron', name)
  }
  setPath(name: string, value: string): void {
    this.paths[name] = value
  }
  getVersion(): string {
    return this.version
  }
  getName(): string {
    return 'Sunspill'
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id
  }
  quit(): void {
    this.quitCalls++
    const event = new FakeEvent()
    this.emit('before-quit', event)
    if (!event.defaultPrevented) this.emit('will-quit', new FakeEvent())
  }
  exit(code = 0): void {
    this.exitCode = code
  }
}

export const app = new FakeApp()

// ---------------------------------------------------------------- ipcMain / ipcRenderer

export interface FakeInvokeEvent {
  senderFrame: { url: string; parent: unknown } | null
  sender: object
}

type InvokeListener = (event: FakeInvokeEvent, ...args: unknown[]) => unknown

class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, InvokeListener>()

  _reset(): void {
    this.removeAllListeners()
    this.handlers.clear()
  }
  handle(channel: string, listener: InvokeListener): void {
    // Electron throws on a second handler for one channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  /** Test helper: a renderer calling ipcRenderer.invoke from the frame at senderUrl. */
  async invoke(channel: string, arg: unknown, senderUrl: string, parentFrame: unknown = null): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler({ senderFrame: { url: senderUrl, parent: parentFrame }, sender: {} }, arg)
  }
}

export const ipcMain = new FakeIpcMain()

class FakeIpcRenderer extends EventEmitter {
  invocations: Array<{ channel: string; arg: unknown }> = []
  /** What the next invoke resolves to, or rejects with when it is an Error. */
  reply: unknown = undefined

  _reset(): void {
    this.removeAllListeners()
    this.invocations = []
    this.reply = undefined
  }
  invoke(channel: string, arg: unknown): Promise<unknown> {
    this.invocations.push({ channel, arg })
    return this.reply instanceof Error ? Promise.reject(this.reply) : Promise.resolve(this.reply)
  }
  /** Test helper: main sending an event to this renderer. */
  _deliver(channel: string, payload: unknown): void {
    this.emit(channel, { sender: this }, payload)
  }
}

export const ipcRenderer = new FakeIpcRenderer()

class FakeContextBridge {
  exposed = new Map<string, unknown>()
  exposeInMainWorld(key: string, value: unknown): void {
    this.exposed.set(key, value)
  }
}

export const contextBridge = new FakeContextBridge()

// ---------------------------------------------------------------- session / shell / dialog

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: object) => boolean

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null
  permissionCheckHandler: PermissionCheckHandler | null = null
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler
  }
  /** Test helper: a page asking for a permission; Electron grants it when no handler is set. */
  _request(permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler
    if (!handler) return Promise.resolve(true)
    return new Promise((resolve) => handler({}, permission, resolve, {}))
  }
  _check(permission: string, origin = 'file://'): boolean {
    return this.permissionCheckHandler ? this.permissionCheckHandler({}, permission, origin, {}) : true
  }
}

export const session = { defaultSession: new FakeSession() }

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url)
    return Promise.resolve()
  },
  openPath(_path: string): Promise<string> {
    return Promise.resolve('')
  },
}

export const dialog = {
  errorBoxes: [] as Array<{ title: string; content: string }>,
  showErrorBox(title: string, content: string): void {
    dialog.errorBoxes.push({ title, content })
  },
  showMessageBox(): Promise<{ response: number; checkboxChecked: boolean }> {
    return Promise.resolve({ response: 0, checkboxChecked: false })
  },
}

// ---------------------------------------------------------------- BrowserWindow

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => {
  action: 'allow' | 'deny'
}

export class FakeWebContents extends EventEmitter {
  sent: Array<{ channel: string; payload: unknown }> = []
  windowOpenHandler: WindowOpenHandler | null = null
  session = session.defaultSession
  destroyed = false

  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push({ channel, payload })
  }
  /** Scripts main ran in the page, in order. */
  executed: string[] = []
  executeJavaScript(code: string): Promise<unknown> {
    if (this.destroyed) return Promise.reject(new Error('Object has been destroyed'))
    this.executed.push(code)
    return Promise.resolve(undefined)
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** Test helper: the page tries to navigate; returns whether the navigation was prevented. */
  _navigate(url: string): boolean {
    const event = new FakeEvent()
    this.emit('will-navigate', event, url)
    return event.defaultPrevented
  }
  /** Test helper: window.open / target=_blank from the page. Electron allows it without a handler. */
  _open(url: string): { action: 'allow' | 'deny' } {
    return this.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' }) ?? { action: 'allow' }
  }
}

// Electron's option bag is large; the fake keeps it as given.
export type WindowOptions = Record<string, unknown> & {
  width?: number
  height?: number
  x?: number
  y?: number
  show?: boolean
  webPreferences?: Record<string, unknown>
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((w) => !w.destroyed)
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows().find((w) => w.focused) ?? null
  }

  readonly options: WindowOptions
  readonly webContents = new FakeWebContents()
  visible: boolean
  focused = false
  destroyed = false
  minimized = false
  bounds: Rect
  visibleOnAllWorkspaces = false
  loaded: { file?: string; url?: string; options?: unknown } | null = null

  constructor(options: WindowOptions = {}) {
    super()
    this.options = options
    this.visible = options.show !== false
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 }
    FakeBrowserWindow.instances.push(this)
  }

  loadFile(file: string, options?: unknown): Promise<void> {
    this.loaded = { file, options }
    setImmediate(() => this.emit('ready-to-show'))
    return Promise.resolve()
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url }
    setImmediate(() => this.emit('ready-to-show'))
    return Promise.resolve()
  }
  show(): void {
    this.visible = true
    this.focused = true
    this.emit('show')
  }
  hide(): void {
    this.visible = false
    this.focused = false
    this.emit('hide')
  }
  focus(): void {
    this.focused = true
    this.emit('focus')
  }
  /** Test helper: the user clicked somewhere else. */
  _blur(): void {
    this.focused = false
    this.emit('blur')
  }
  isVisible(): boolean {
    return this.visible
  }
  isFocused(): boolean {
    return this.focused
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.minimized = false
  }
  setPosition(x: number, y: number): void {
    this.bounds = { ...this.bounds, x, y }
  }
  getPosition(): [number, number] {
    return [this.bounds.x, this.bounds.y]
  }
  getBounds(): Rect {
    return { ...this.bounds }
  }
  setBounds(bounds: Partial<Rect>): void {
    this.bounds = { ...this.bounds, ...bounds }
  }
  getSize(): [number, number] {
    return [this.bounds.width, this.bounds.height]
  }
  setVisibleOnAllWorkspaces(flag: boolean): void {
    this.visibleOnAllWorkspaces = flag
  }
  close(): void {
    const event = new FakeEvent()
    this.emit('close', event)
    if (!event.defaultPrevented) this.destroy()
  }
  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.visible = false
    this.webContents.destroyed = true
    this.emit('closed')
  }
}

// ---------------------------------------------------------------- Tray / Menu / nativeImage

export interface FakeMenuItem {
  label?: string
  type?: string
  role?: string
  click?: (...args: unknown[]) => void
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  /** Test helper: click the item with this label. */
  _click(label: string): void {
    const item = this.items.find((i) => i.label === label)
    if (!item?.click) throw new Error(`No clickable menu item "${label}"`)
    item.click()
  }
}

export const Menu = {
  buildFromTemplate(template: FakeMenuItem[]): FakeMenu {
    return new FakeMenu(template)
  },
}

export class FakeNativeImage {
  representations: Array<{ scaleFactor: number; buffer: Buffer }> = []
  template = false
  constructor(buffer?: Buffer, scaleFactor = 1) {
    if (buffer) this.representations.push({ scaleFactor, buffer })
  }
  addRepresentation(options: { scaleFactor: number; buffer?: Buffer }): void {
    if (options.buffer) this.representations.push({ scaleFactor: options.scaleFactor, buffer: options.buffer })
  }
  setTemplateImage(flag: boolean): void {
    this.template = flag
  }
  isTemplateImage(): boolean {
    return this.template
  }
  isEmpty(): boolean {
    return this.representations.length === 0
  }
  /** Read from the PNG's IHDR of the 1x representation. */
  getSize(): { width: number; height: number } {
    const png = this.representations.find((r) => r.scaleFactor === 1)?.buffer
    return png ? { width: png.readUInt32BE(16), height: png.readUInt32BE(20) } : { width: 0, height: 0 }
  }
}

export const nativeImage = {
  created: 0,
  createFromBuffer(buffer: Buffer, options?: { scaleFactor?: number }): FakeNativeImage {
    nativeImage.created++
    return new FakeNativeImage(buffer, options?.scaleFactor ?? 1)
  },
  createEmpty(): FakeNativeImage {
    return new FakeNativeImage()
  },
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = []
  /** Where new trays say they are; tests set this before creating the tray. */
  static defaultBounds: Rect = { x: 1500, y: 0, width: 24, height: 24 }

  image: unknown
  imageSets = 0
  tooltip = ''
  contextMenu: FakeMenu | null = null
  poppedUp: FakeMenu[] = []
  bounds: Rect
  destroyed = false

  constructor(image: unknown) {
    super()
    this.image = image
    this.bounds = { ...FakeTray.defaultBounds }
    FakeTray.instances.push(this)
  }
  setImage(image: unknown): void {
    this.image = image
    this.imageSets++
  }
  setToolTip(text: string): void {
    this.tooltip = text
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.contextMenu = menu
  }
  popUpContextMenu(menu?: FakeMenu): void {
    if (menu) this.poppedUp.push(menu)
  }
  getBounds(): Rect {
    return { ...this.bounds }
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  destroy(): void {
    this.destroyed = true
  }
  /** Test helper: a left click on the icon. */
  _click(): void {
    this.emit('click', new FakeEvent(), this.getBounds())
  }
}

// ---------------------------------------------------------------- screen

export interface FakeDisplay {
  id: number
  bounds: Rect
  workArea: Rect
  scaleFactor: number
}

const defaultDisplay = (): FakeDisplay => ({
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 25, width: 1920, height: 1055 },
  scaleFactor: 1,
})

const contains = (r: Rect, x: number, y: number) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height

export const screen = {
  displays: [defaultDisplay()] as FakeDisplay[],
  cursor: { x: 960, y: 540 },
  getPrimaryDisplay(): FakeDisplay {
    return screen.displays[0]!
  },
  getAllDisplays(): FakeDisplay[] {
    return screen.displays
  },
  getDisplayNearestPoint(point: { x: number; y: number }): FakeDisplay {
    return screen.displays.find((d) => contains(d.bounds, point.x, point.y)) ?? screen.getPrimaryDisplay()
  },
  getDisplayMatching(rect: Rect): FakeDisplay {
    return screen.getDisplayNearestPoint({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 })
  },
  getCursorScreenPoint(): { x: number; y: number } {
    return { ...screen.cursor }
  },
}

// ---------------------------------------------------------------- Notification

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = []
  static supported = true
  static isSupported(): boolean {
    return FakeNotification.supported
  }
  shown = false
  constructor(readonly options: { title?: string; body?: string }) {
    super()
    FakeNotification.instances.push(this)
  }
  show(): void {
    this.shown = true
  }
  close(): void {}
}

// ---------------------------------------------------------------- safeStorage

type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown'

/**
 * Mimics Chromium's OSCrypt on Linux: basic_text writes "v10" ciphertext with a fixed key that
 * any backend can read; a real keyring writes "v11" that only the same keyring can read.
 * The payload is XOR-scrambled so a plaintext secret never appears in what it returns.
 */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as Backend,
  /** The next decrypt reports a rotated key. */
  rotateKey: false,

  isAsyncEncryptionAvailable(): Promise<boolean> {
    return Promise.resolve(safeStorage.available)
  },
  getSelectedStorageBackend(): Backend {
    return safeStorage.backend
  },
  encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!safeStorage.available) return Promise.reject(new Error('Encryption is not available.'))
    const prefix = safeStorage.backend === 'basic_text' ? 'v10' : `v11${safeStorage.backend}`
    return Promise.resolve(Buffer.concat([Buffer.from(`${prefix}|`), scramble(Buffer.from(plainText, 'utf8'))]))
  },
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    if (!safeStorage.available) return Promise.reject(new Error('Decryption is not available.'))
    const bar = encrypted.indexOf('|')
    const prefix = encrypted.subarray(0, bar).toString()
    const readable = prefix === 'v10' || prefix === `v11${safeStorage.backend}`
    if (bar < 0 || !readable) return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'))
    const result = scramble(encrypted.subarray(bar + 1)).toString('utf8')
    const shouldReEncrypt = safeStorage.rotateKey || (prefix === 'v10' && safeStorage.backend !== 'basic_text')
    return Promise.resolve({ result, shouldReEncrypt })
  },
}

function scramble(bytes: Buffer): Buffer {
  return Buffer.from(bytes.map((b, i) => b ^ (0x5a + i * 7) % 256))
}

// ---------------------------------------------------------------- powerMonitor

class FakePowerMonitor extends EventEmitter {
  _reset(): void {
    this.removeAllListeners()
  }
}
export const powerMonitor = new FakePowerMonitor()

// ---------------------------------------------------------------- module

export function resetElectronFake(): void {
  app._reset()
  ipcMain._reset()
  ipcRenderer._reset()
  contextBridge.exposed.clear()
  session.defaultSession.permissionRequestHandler = null
  session.defaultSession.permissionCheckHandler = null
  shell.opened = []
  dialog.errorBoxes = []
  FakeBrowserWindow.instances = []
  FakeTray.instances = []
  FakeTray.defaultBounds = { x: 1500, y: 0, width: 24, height: 24 }
  nativeImage.created = 0
  screen.displays = [defaultDisplay()]
  screen.cursor = { x: 960, y: 540 }
  FakeNotification.instances = []
  FakeNotification.supported = true
  safeStorage.available = true
  safeStorage.backend = 'gnome_libsecret'
  safeStorage.rotateKey = false
  powerMonitor._reset()
}

export const electron = {
  app,
  ipcMain,
  ipcRenderer,
  contextBridge,
  session,
  shell,
  dialog,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu,
  nativeImage,
  screen,
  Notification: FakeNotification,
  safeStorage,
  powerMonitor,
}

/** What vi.mock('electron') returns: named exports for app code, `default` for electron-store. */
export function electronModule(): typeof electron & { default: typeof electron } {
  return { ...electron, default: electron }
}
