/**
 * Chargers a quit or shutdown handed back to their own mode (a schedule, the charger's solar
 * setting), kept until the next start. Such a charger may report itself on while its own mode
 * decides, so the first command after taking it back must say on or off outright
 * (ownership.ts reassert); after a restart only this file remembers which ones that is.
 * A missing or unreadable file means none: at worst one charger keeps its own mode until its
 * state next differs from what the loop wants.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { writeJsonAtomic } from '../atomic-json'
import type { Logger } from '../host'

const HandBackFile = z.object({ chargerIds: z.array(z.string()) })

export interface HandBackStore {
  load(): string[]
  save(chargerIds: string[]): void
}

export function handBackFile(path: string, logger: Pick<Logger, 'warn'>): HandBackStore {
  return {
    load() {
      let raw: string
      try {
        raw = readFileSync(path, 'utf8')
      } catch {
        return []
      }
      try {
        return HandBackFile.parse(JSON.parse(raw)).chargerIds
      } catch (error) {
        logger.warn(`${path} could not be read; chargers left in their own mode are taken back as they report`, { error: String(error) })
        return []
      }
    },
    save(chargerIds) {
      try {
        writeJsonAtomic(path, { chargerIds })
      } catch (error) {
        logger.warn(`Could not save which chargers were handed back to ${path}`, { error: String(error) })
      }
    },
  }
}
