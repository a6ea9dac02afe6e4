/**
 * When each charger was last started on surplus, for the starts-per-hour cap (control/start-cap.ts).
 * The cap protects the contactor, so it must not reset when the site is rebuilt or the app
 * restarts mid-afternoon: the log is kept in a small file in the data folder. A missing or
 * unreadable file means no recent starts: at worst one hour allows a few starts more.
 */
import { z } from 'zod'
import { START_CAP_WINDOW_MS } from '../control/start-cap'
import type { Logger } from '../host'
import { jsonFileStore } from '../json-file-store'

const StartFile = z.object({ starts: z.record(z.string(), z.array(z.number())) })

export interface StartStore {
  load(): Record<string, number[]>
  save(starts: Record<string, number[]>): void
}

export class StartLog {
  private readonly starts = new Map<string, number[]>()

  constructor(private readonly store?: StartStore) {
    for (const [chargerId, times] of Object.entries(store?.load() ?? {})) this.starts.set(chargerId, times)
  }

  /** The starts within the cap's window; a clock set back (or the demo's) does not count later ones. */
  recent(chargerId: string, nowMs: number): number[] {
    const recent = (this.starts.get(chargerId) ?? []).filter((atMs) => atMs <= nowMs && nowMs - atMs < START_CAP_WINDOW_MS)
    this.starts.set(chargerId, recent)
    return recent
  }

  note(chargerId: string, atMs: number): void {
    this.starts.set(chargerId, [...this.recent(chargerId, atMs), atMs])
    this.store?.save(Object.fromEntries([...this.starts].filter(([, times]) => times.length > 0)))
  }
}

export function startFile(path: string, logger: Pick<Logger, 'warn'>): StartStore {
  const file = jsonFileStore({
    path,
    schema: StartFile,
    empty: { starts: {} },
    logger,
    whenUnreadable: 'the starts-per-hour count begins afresh',
    what: 'the charger starts',
  })
  return { load: () => file.load().starts, save: (starts) => file.save({ starts }) }
}
