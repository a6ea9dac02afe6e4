/**
 * Settings as a JSON file, for the headless server. Writes are atomic (temp file + rename) so a
 * crash never leaves half a file; a file that cannot be used is kept aside, never overwritten.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { Settings, defaultSettings, describeIssues } from '../../../src-shared/settings'
import { writeJsonAtomic } from '../atomic-json'
import type { LoadedSettings, SettingsStore } from '../host'

export function parseStoredSettings(raw: string): { settings: Settings } | { error: string } {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (error) {
    return { error: `it is not valid JSON (${(error as Error).message})` }
  }
  const parsed = Settings.safeParse(json)
  if (!parsed.success) {
    const first = describeIssues(parsed.error).slice(0, 3)
    return { error: `it does not match the expected shape (${first.map((i) => `${i.path || 'file'}: ${i.message}`).join('; ')})` }
  }
  return { settings: parsed.data }
}

/** Moves an unusable file next to itself with a timestamp; returns where it now is. */
export function moveAside(file: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, '-')
  const aside = join(dirname(file), `${basename(file, '.json')}.corrupt-${stamp}.json`)
  renameSync(file, aside)
  return aside
}

/** Moves an unusable file next to itself with a timestamp and says so in a sentence. */
export function keepAside(file: string, why: string, nowMs: number): string {
  const aside = moveAside(file, nowMs)
  return `Your settings file could not be read because ${why}. It was kept as ${aside} and Sunspill started with default settings; re-enter your changes or repair that file.`
}

export class JsonFileSettingsStore implements SettingsStore {
  constructor(
    readonly location: string,
    private readonly now: () => number = Date.now,
  ) {}

  load(): LoadedSettings {
    if (!existsSync(this.location)) return { settings: defaultSettings(), problem: null }
    const result = parseStoredSettings(readFileSync(this.location, 'utf8'))
    if ('settings' in result) return { settings: result.settings, problem: null }
    return { settings: defaultSettings(), problem: keepAside(this.location, result.error, this.now()) }
  }

  save(settings: Settings): void {
    writeJsonAtomic(this.location, Settings.parse(settings), { mode: 0o600 })
  }
}
