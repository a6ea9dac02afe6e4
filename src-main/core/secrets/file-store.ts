/**
 * Secrets for the headless server, where no OS keyring is reachable: a JSON file readable only
 * by the user (0600), the way ssh keeps its keys. Environment variables override the file so a
 * service manager can inject them without writing them to disk. A file that cannot be used is
 * kept aside, never overwritten: a person can still recover the credentials from it by hand.
 */
import { chmodSync, readFileSync } from 'node:fs'
import type { KeyringStatus } from '../../../src-shared/model'
import { writeJsonAtomic } from '../atomic-json'
import type { Logger, SecretStore } from '../host'
import { moveAside } from '../settings/file-store'

/** A credential was asked for after the secrets file turned out damaged and was kept aside. */
export class SecretsFileDamagedError extends Error {
  constructor(readonly keptAs: string) {
    super(
      `Sunspill could not read your stored credentials because the secrets file was damaged. Re-enter them in Settings → Accounts; the damaged file was kept at ${keptAs}.`,
    )
    this.name = 'SecretsFileDamagedError'
  }
}

export class FileSecretStore implements SecretStore {
  /** Where the damaged file went, once one was found; credentials not re-entered since are lost to us. */
  private keptAs: string | null = null

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly now: () => number = Date.now,
  ) {}

  async set(key: string, value: string): Promise<void> {
    const all = this.readAll()
    all[key] = value
    this.writeAll(all)
    this.logger.redact(value)
  }

  async get(key: string): Promise<string | null> {
    const value = this.lookup(key)
    // "Not set" would send the user looking for a field they filled in long ago.
    if (value === null && this.keptAs) throw new SecretsFileDamagedError(this.keptAs)
    return value
  }

  async has(key: string): Promise<boolean> {
    try {
      return this.lookup(key) !== null
    } catch {
      // The Settings form asks this for every field; it must still open so credentials can be re-entered.
      return false
    }
  }

  async delete(key: string): Promise<void> {
    const all = this.readAll()
    delete all[key]
    this.writeAll(all)
  }

  async status(): Promise<KeyringStatus> {
    return { backend: 'file', weak: false, message: null }
  }

  private lookup(key: string): string | null {
    const value = this.env[envName(key)] ?? this.readAll()[key] ?? null
    if (value) this.logger.redact(value)
    return value
  }

  private readAll(): Record<string, string> {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return {}
      // Out of file handles, a busy disk: the file may be fine, so it stays where it is.
      throw new Error(`Sunspill could not open the secrets file ${this.file} (${code ?? String(error)}). Nothing was changed; it tries again at the next read.`)
    }
    const parsed = parseSecrets(text)
    return 'values' in parsed ? parsed.values : this.setAside(parsed.why)
  }

  /** Moves the damaged file out of the way before anything can be written over it. */
  private setAside(why: string): Record<string, string> {
    let aside: string
    try {
      aside = moveAside(this.file, this.now())
    } catch (error) {
      // Carrying on with an empty store would let the next save destroy the file.
      throw new Error(
        `Sunspill cannot read the secrets file ${this.file} because ${why}, and could not move it aside (${(error as NodeJS.ErrnoException).code ?? String(error)}). Move or repair that file, then re-enter your credentials in Settings → Accounts.`,
      )
    }
    try {
      chmodSync(aside, 0o600)
    } catch {
      // A file someone else owns keeps its mode; it was already that user's to read.
    }
    this.keptAs = aside
    this.logger.error(`The secrets file could not be read because ${why}. It was kept as ${aside}; re-enter your credentials in Settings → Accounts.`)
    return {}
  }

  private writeAll(all: Record<string, string>) {
    writeJsonAtomic(this.file, all, { mode: 0o600, dirMode: 0o700, pretty: false })
  }
}

function parseSecrets(text: string): { values: Record<string, string> } | { why: string } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // Not the parser's message: it quotes the text around the fault, and that text is a credential.
    return { why: 'it is not valid JSON' }
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { why: 'it does not hold named credentials' }
  if (!Object.values(json).every((value) => typeof value === 'string')) return { why: 'some of its values are not text' }
  return { values: json as Record<string, string> }
}

/** `amber:token` → SUNSPILL_SECRET_AMBER_TOKEN */
export function envName(key: string): string {
  return `SUNSPILL_SECRET_${key.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`
}
