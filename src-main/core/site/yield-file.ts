/**
 * Chargers Sunspill stopped controlling because they were changed elsewhere, kept in a small file
 * in the data folder so a restart does not silently take them back (see ownership.ts). A missing
 * or unreadable file means no yields: the worst case is one more command before the next notice.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { writeJsonAtomic } from '../atomic-json'
import type { Logger } from '../host'
import type { YieldRecord, YieldStore } from './ownership'

// Older files also hold what the charger was found set to; zod drops it.
const YieldFile = z.object({
  yields: z.array(z.object({ chargerId: z.string(), label: z.string(), message: z.string(), atMs: z.number() })),
})

export function yieldFile(path: string, logger: Pick<Logger, 'warn'>): YieldStore {
  return {
    load(): YieldRecord[] {
      let raw: string
      try {
        raw = readFileSync(path, 'utf8')
      } catch {
        return []
      }
      try {
        return YieldFile.parse(JSON.parse(raw)).yields
      } catch (error) {
        logger.warn(`${path} could not be read; every charger starts under Sunspill's control`, { error: String(error) })
        return []
      }
    },
    save(records: YieldRecord[]): void {
      try {
        writeJsonAtomic(path, { yields: records })
      } catch (error) {
        logger.warn(`Could not save which chargers Sunspill stopped controlling to ${path}`, { error: String(error) })
      }
    },
  }
}
