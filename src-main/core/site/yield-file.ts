/**
 * Chargers Sunspill stopped controlling because they were changed elsewhere, kept in a small file
 * in the data folder so a restart does not silently take them back (see ownership.ts). A missing
 * or unreadable file means no yields: the worst case is one more command before the next notice.
 */
import { z } from 'zod'
import type { Logger } from '../host'
import { jsonFileStore } from '../json-file-store'
import type { YieldRecord, YieldStore } from './ownership'

// Older files also hold what the charger was found set to; zod drops it.
const YieldFile = z.object({
  yields: z.array(z.object({ chargerId: z.string(), label: z.string(), message: z.string(), atMs: z.number() })),
})

export function yieldFile(path: string, logger: Pick<Logger, 'warn'>): YieldStore {
  const file = jsonFileStore({
    path,
    schema: YieldFile,
    empty: { yields: [] },
    logger,
    whenUnreadable: "every charger starts under Sunspill's control",
    what: 'which chargers Sunspill stopped controlling',
  })
  return { load: (): YieldRecord[] => file.load().yields, save: (records) => file.save({ yields: records }) }
}
