/**
 * A small JSON file in the data folder that the core keeps a piece of state in (yields, starts,
 * hand-backs). Reading never throws: a missing file is the empty state, an unreadable one is the
 * empty state with a warning saying what that means; writing is atomic and a failure is logged.
 */
import { readFileSync } from 'node:fs'
import type { z } from 'zod'
import { writeJsonAtomic } from './atomic-json'
import type { Logger } from './host'

export interface JsonFileStore<T> {
  load(): T
  /** False when the file could not be written (logged); callers that must not go on check it. */
  save(value: T): boolean
}

export function jsonFileStore<T>(o: {
  path: string
  schema: z.ZodType<T>
  empty: T
  logger: Pick<Logger, 'warn'>
  /** What an unreadable file means for the user, after the path: "… could not be read; <this>". */
  whenUnreadable: string
  /** What could not be saved: "Could not save <this> to <path>". */
  what: string
}): JsonFileStore<T> {
  return {
    load() {
      let raw: string
      try {
        raw = readFileSync(o.path, 'utf8')
      } catch {
        return structuredClone(o.empty)
      }
      try {
        return o.schema.parse(JSON.parse(raw))
      } catch (error) {
        o.logger.warn(`${o.path} could not be read; ${o.whenUnreadable}`, { error: String(error) })
        return structuredClone(o.empty)
      }
    },
    save(value) {
      try {
        writeJsonAtomic(o.path, value)
        return true
      } catch (error) {
        o.logger.warn(`Could not save ${o.what} to ${o.path}`, { error: String(error) })
        return false
      }
    },
  }
}
