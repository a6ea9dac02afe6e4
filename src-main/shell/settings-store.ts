/**
 * The settings file (userData/settings.json) through electron-store. It holds the user's settings
 * and, under `secrets`, the keyring-encrypted credentials (Element's layout), never plaintext.
 *
 * A file that cannot be used is never silently replaced: it is renamed to
 * settings.corrupt-<timestamp>.json beside it, defaults are used, and load() says so in a sentence.
 */
import { readFileSync, renameSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import ElectronStore from 'electron-store'
import { z } from 'zod'
import { Settings, describeIssues } from '../../src-shared/settings'
import type { LoadedSettings, SettingsStore } from '../core/host'

const SECRETS_KEY = 'secrets'

export const StoredSecrets = z.object({
  /** The keyring backend of the last write; pinned with --password-store on Linux. */
  backend: z.string(),
  entries: z.record(z.string(), z.object({ backend: z.string(), ciphertext: z.string() })),
})
export type StoredSecrets = z.infer<typeof StoredSecrets>

export interface SecretsSection {
  read(): StoredSecrets | null
  write(secrets: StoredSecrets): void
}

type FileContent = Record<string, unknown>

export interface SettingsFileOptions {
  /** The folder the file lives in: app.getPath('userData') in the app. */
  cwd: string
  now?: () => number
}

export class SettingsFile implements SettingsStore, SecretsSection {
  readonly location: string
  private store: ElectronStore<FileContent>
  private problem: string | null = null
  private readonly now: () => number

  constructor(private readonly options: SettingsFileOptions) {
    this.now = options.now ?? Date.now
    this.location = join(options.cwd, 'settings.json')
    try {
      this.store = this.open()
    } catch (error) {
      this.keepAside(readFailure(error))
      this.store = this.open()
    }
  }

  load(): LoadedSettings {
    const { [SECRETS_KEY]: secrets, ...rest } = this.readRaw()
    const parsed = Settings.safeParse(rest)
    if (parsed.success) return { settings: parsed.data, problem: this.problem }

    const issues = describeIssues(parsed.error)
      .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
      .join('; ')
    this.keepAside(`it has settings Sunspill cannot use (${issues})`)
    this.store = this.open()
    // The credentials are still good ciphertext; only the settings were wrong.
    const keptSecrets = StoredSecrets.safeParse(secrets)
    if (keptSecrets.success) this.store.set(SECRETS_KEY, keptSecrets.data)
    return { settings: Settings.parse({}), problem: this.problem }
  }

  save(settings: Settings): void {
    const valid = Settings.parse(settings)
    const secrets = this.read()
    this.store.store = secrets ? { ...valid, [SECRETS_KEY]: secrets } : { ...valid }
    // The user has now chosen settings of their own; the old problem no longer describes them.
    this.problem = null
  }

  read(): StoredSecrets | null {
    const parsed = StoredSecrets.safeParse(this.readRaw()[SECRETS_KEY])
    return parsed.success ? parsed.data : null
  }

  write(secrets: StoredSecrets): void {
    this.readRaw() // a damaged file is kept aside before anything is written over it
    this.store.set(SECRETS_KEY, StoredSecrets.parse(secrets))
  }

  private open(): ElectronStore<FileContent> {
    return new ElectronStore<FileContent>({
      name: 'settings',
      cwd: this.options.cwd,
      clearInvalidConfig: false,
      // Ciphertext lives here too; nobody else on the machine needs to read it.
      configFileMode: 0o600,
    })
  }

  private readRaw(): FileContent {
    let content: FileContent
    try {
      content = this.store.store
    } catch (error) {
      this.keepAside(readFailure(error))
      this.store = this.open()
      return {}
    }
    // conf reads an array, a bare value or null as an empty store, which a save would then overwrite.
    if (Object.keys(content).length === 0 && holdsNonObjectJson(this.location)) {
      this.keepAside('it does not hold a settings object')
      this.store = this.open()
    }
    return content
  }

  private keepAside(reason: string): void {
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-')
    const aside = join(dirname(this.location), `${basename(this.location, '.json')}.corrupt-${stamp}.json`)
    renameSync(this.location, aside)
    this.problem =
      `Your settings file could not be used because ${reason}, so Sunspill started with default settings. ` +
      `The old file was kept at ${aside}.`
  }
}

function holdsNonObjectJson(file: string): boolean {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return false
  }
  try {
    const value: unknown = JSON.parse(text)
    return value === null || typeof value !== 'object' || Array.isArray(value)
  } catch {
    return true
  }
}

function readFailure(error: unknown): string {
  if (error instanceof SyntaxError || (error instanceof Error && error.name === 'SyntaxError')) return 'it is not valid JSON'
  const message = error instanceof Error ? error.message : String(error)
  return `it could not be read (${message})`
}
