/**
 * Chargers a quit or shutdown handed back to their own mode (a schedule, the charger's solar
 * setting), kept until the next start. Such a charger may report itself on while its own mode
 * decides, so the first command after taking it back must say on or off outright
 * (ownership.ts reassert); after a restart only this file remembers which ones that is.
 * A missing or unreadable file means none: at worst one charger keeps its own mode until its
 * state next differs from what the loop wants.
 */
import { z } from 'zod'
import type { Logger } from '../host'
import { jsonFileStore } from '../json-file-store'

export interface HandBackStore {
  load(): string[]
  save(chargerIds: string[]): void
}

export function handBackFile(path: string, logger: Pick<Logger, 'warn'>): HandBackStore {
  const file = jsonFileStore({
    path,
    schema: z.object({ chargerIds: z.array(z.string()) }),
    empty: { chargerIds: [] },
    logger,
    whenUnreadable: 'chargers left in their own mode are taken back as they report',
    what: 'which chargers were handed back',
  })
  return { load: () => file.load().chargerIds, save: (chargerIds) => file.save({ chargerIds }) }
}
