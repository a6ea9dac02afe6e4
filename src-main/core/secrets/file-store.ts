/**
 * Secrets for the headless server, where no OS keyring is reachable: a JSON file readable only
 * by the user (0600), the way ssh keeps its keys. Environment variables override the file so a
 * service manager can inject them without writing them to disk.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { KeyringStatus } from '../../../src-shared/model'
import { writeJsonAtomic } from '../atomic-json'
import type { Logger, SecretStore } from '../host'

export class FileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly logger: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async set(key: string, value: string): Promise<void> {
    const all = this.readAll()
    all[key] = value
    this.writeAll(all)
    this.logger.redact(value)
  }

  async get(key: string): Promise<string | null> {
    const value = this.env[envName(key)] ?? this.readAll()[key] ?? null
    if (value) this.logger.redact(value)
    return value
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== null
  }

  async delete(key: string): Promise<void> {
    const all = this.readAll()
    delete all[key]
    this.writeAll(all)
  }

  async status(): Promise<KeyringStatus> {
    return { backend: 'file', weak: false, message: null }
  }

  private readAll(): Record<string, string> {
    if (!existsSync(this.file)) return {}
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'))
      if (parsed && typeof parsed === 'object') return parsed as Record<string, string>
    } catch {
      this.logger.error(`The secrets file ${this.file} is unreadable; re-enter your credentials.`)
    }
    return {}
  }

  private writeAll(all: Record<string, string>) {
    writeJsonAtomic(this.file, all, { mode: 0o600, dirMode: 0o700, pretty: false })
  }
}

/** `amber:token` → SUNSPILL_SECRET_AMBER_TOKEN */
export function envName(key: string): string {
  return `SUNSPILL_SECRET_${key.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`
}
