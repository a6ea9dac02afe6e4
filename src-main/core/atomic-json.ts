/**
 * Writes a JSON file atomically: to a temporary file beside it, then renamed over it, so a crash
 * never leaves half a file (a rename within one folder is atomic). Files that hold anything
 * private pass a mode, which the temporary file gets before anything is written to it.
 */
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface AtomicJsonOptions {
  /** The file's permissions, e.g. 0o600; without it the process's default applies. */
  mode?: number
  /** The permissions of the folder when it has to be created. */
  dirMode?: number
  /** Indented with a final newline (the default, for files people may read), or on one line. */
  pretty?: boolean
}

export function writeJsonAtomic(path: string, value: unknown, options: AtomicJsonOptions = {}): void {
  const { mode, dirMode, pretty = true } = options
  mkdirSync(dirname(path), dirMode === undefined ? { recursive: true } : { recursive: true, mode: dirMode })
  const text = pretty ? `${JSON.stringify(value, null, 2)}\n` : JSON.stringify(value)
  const temp = `${path}.${process.pid}.tmp`
  try {
    // A mode applies only to a file being created: a temporary file left by a crash goes first.
    rmSync(temp, { force: true })
    writeFileSync(temp, text, mode === undefined ? undefined : { mode })
    // The umask may have taken bits away; the mode is what the file gets.
    if (mode !== undefined) chmodSync(temp, mode)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}
