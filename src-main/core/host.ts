/**
 * What a host (the Electron shell or the headless server) hands the core, and what it gets back.
 * The core never imports electron; everything platform-specific arrives through these seams.
 */
import type { Api, EventChannel, EventPayload, Handlers } from '../../src-shared/contract'
import type { KeyringStatus, SiteState } from '../../src-shared/model'
import type { Settings } from '../../src-shared/settings'
import type { Clock } from './clock'
import type { HandoffOutcome } from './site/handoff'

export interface LoadedSettings {
  settings: Settings
  /** Set when the stored file was unusable: it was kept aside and defaults are in use. */
  problem: string | null
}

export interface SettingsStore {
  /** Never throws for a bad file: it is moved aside and reported in `problem`. */
  load(): LoadedSettings
  save(settings: Settings): void
  readonly location: string
}

/** Secrets go in and never come out to the renderer; only the core reads them back. */
export interface SecretStore {
  set(key: string, value: string): Promise<void>
  get(key: string): Promise<string | null>
  has(key: string): Promise<boolean>
  delete(key: string): Promise<void>
  status(): Promise<KeyringStatus>
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  /** Values that must never appear in a log line, e.g. every secret the core has read. */
  redact(value: string): void
  tail(lines: number): string[]
  readonly file: string
}

export interface CoreHost {
  runtime: 'app' | 'headless'
  appVersion: string
  versions: Record<string, string>
  dataDir: string
  clock: Clock
  settingsStore: SettingsStore
  secretStore: SecretStore
  logger: Logger
  /** Opens the settings window; false when the host has none (a browser navigates itself). */
  openSettings(): Promise<boolean>
  hidePopover(): Promise<boolean>
}

export interface CoreEvents {
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void
}

export interface CoreApp {
  handlers: Handlers
  events: CoreEvents
  state(): SiteState
  /** Begins polling and control; ticks at the site's cadence scaled by the clock's speed. */
  start(): void
  /**
   * Stops controlling (the computer sleeps or shuts down) and leaves each charger as its owner
   * chose; bounded in time. Control resumes with resume().
   */
  handOff(reason: 'suspend' | 'shutdown'): Promise<HandoffOutcome[]>
  /** Takes control back after a hand-off: reads the state first, then steers as usual. */
  resume(): Promise<void>
  /** Stops for good, handing the chargers off first. */
  stop(): Promise<void>
  /** Stops for good without touching the chargers: a remote Sunspill controls them now. */
  detach(): Promise<void>
}

export type { Api }
