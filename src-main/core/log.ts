/**
 * Log lines go to a file the user can attach to a bug report, so nothing secret may ever reach
 * one: every registered secret value is replaced, and so is anything that looks like a
 * credential in a field name or an Authorization header, even if nobody registered it.
 */
import { appendFileSync, mkdirSync, readFileSync, statSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Logger } from './host'

const REDACTED = '[redacted]'
const SECRET_FIELD = /(secret|token|password|passwd|apikey|api_key|authorization|cookie|sign)/i
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g
/** Past this size the live file becomes `<file>.1` (replacing the previous one) and a new one starts. */
export const MAX_LOG_BYTES = 2_000_000

/**
 * Cloud tokens rotate hourly, so the values to redact would grow without end; the oldest go once
 * there are this many (weeks of rotations; a value registered again counts as new).
 */
export const MAX_REDACTED_VALUES = 1000

export class Redactor {
  private readonly values = new Set<string>()

  add(value: string): void {
    // Very short values would blank out ordinary words; real credentials are longer.
    if (value.length < 4) return
    this.values.delete(value)
    this.values.add(value)
    if (this.values.size > MAX_REDACTED_VALUES) this.values.delete(this.values.values().next().value!)
  }

  text(input: string): string {
    let out = input.replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    for (const value of this.values) out = out.split(value).join(REDACTED)
    return out
  }

  fields(fields: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(fields)) {
      if (SECRET_FIELD.test(key)) out[key] = REDACTED
      else if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Error))
        out[key] = this.fields(value as Record<string, unknown>)
      else if (value instanceof Error) out[key] = this.text(value.message)
      else if (typeof value === 'string') out[key] = this.text(value)
      else out[key] = value
    }
    return out
  }
}

type Level = 'info' | 'warn' | 'error'

export interface LoggerOptions {
  /** Where lines also go, e.g. stderr in headless mode. */
  echo?: (line: string) => void
  now?: () => number
}

export function createFileLogger(filePath: string, options: LoggerOptions = {}): Logger {
  const redactor = new Redactor()
  const now = options.now ?? Date.now
  const size = new LogSize(filePath)
  mkdirSync(dirname(filePath), { recursive: true })

  function write(level: Level, message: string, fields?: Record<string, unknown>) {
    const detail = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(redactor.fields(fields))}` : ''
    const line = `${new Date(now()).toISOString()} ${level.toUpperCase().padEnd(5)} ${redactor.text(message)}${detail}`
    const text = `${line}\n`
    rotateIfLarge(filePath, size)
    try {
      appendFileSync(filePath, text, { mode: 0o600 })
      size.appended(Buffer.byteLength(text))
    } catch {
      // A full disk or a read-only folder must not stop the control loop.
      size.forget()
    }
    options.echo?.(line)
  }

  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    redact: (value) => redactor.add(value),
    tail(lines) {
      try {
        const all = readFileSync(filePath, 'utf8').split('\n').filter(Boolean)
        return all.slice(-lines)
      } catch {
        return []
      }
    },
    file: filePath,
  }
}

/**
 * The live file's size, kept in memory because a stat per log line is too slow on the control
 * loop's path. The disk is asked once, for what earlier runs left, and again only after a failed
 * write or rename, when the count can no longer be trusted.
 */
class LogSize {
  private bytes: number | undefined

  constructor(private readonly filePath: string) {}

  current(): number {
    this.bytes ??= sizeOnDisk(this.filePath)
    return this.bytes
  }

  appended(bytes: number): void {
    if (this.bytes !== undefined) this.bytes += bytes
  }

  rotated(): void {
    this.bytes = 0
  }

  forget(): void {
    this.bytes = undefined
  }
}

function sizeOnDisk(filePath: string): number {
  try {
    return statSync(filePath).size
  } catch {
    return 0 // No file yet.
  }
}

function rotateIfLarge(filePath: string, size: LogSize) {
  if (size.current() <= MAX_LOG_BYTES) return
  try {
    renameSync(filePath, `${filePath}.1`)
    size.rotated()
  } catch {
    // The file may have gone or be locked by a viewer for a moment: look at the disk next line.
    size.forget()
  }
}
