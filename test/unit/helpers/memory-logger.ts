import type { Logger } from '../../../src-main/core/host'
import { Redactor } from '../../../src-main/core/log'

export interface MemoryLogger extends Logger {
  /** One per call: `level message {fields}`. */
  lines: string[]
  /** Every value handed to redact(), in order, repeats included: tests count them. */
  redacted: string[]
}

/**
 * A logger that keeps its lines in memory. By default it redacts like the real file logger.
 * `redacting: false` keeps lines exactly as the code wrote them, so a test that says a secret
 * never reaches the log fails even if the code registered the secret before logging it.
 */
export function memoryLogger({ redacting = true }: { redacting?: boolean } = {}): MemoryLogger {
  const redactor = new Redactor()
  const lines: string[] = []
  const redacted: string[] = []
  const text = (message: string) => (redacting ? redactor.text(message) : message)
  const fieldsText = (fields: Record<string, unknown>) => JSON.stringify(redacting ? redactor.fields(fields) : fields)
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${text(message)}${fields ? ` ${fieldsText(fields)}` : ''}`)
  }
  return {
    lines,
    redacted,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    redact(value) {
      redacted.push(value)
      redactor.add(value)
    },
    tail: (n) => lines.slice(-n),
    file: 'memory',
  }
}
