/**
 * A Wallbox charger's charging sessions as the settings page's table. Wallbox's session list takes
 * any start and end (the wallbox library's getSessionList), so any range is one request. The
 * account has about three reads a minute for everything, so a range read a moment ago is answered
 * again from memory: flicking between presets does not spend the control loop's reads.
 */
import { formatDuration } from '../../../../src-shared/format'
import type { ChargerHistoryTable, SessionRange } from '../../devices'
import type { WallboxClient, WallboxSession } from './client'

/** What the page shows first: the wallbox library's own example range. */
export const DEFAULT_HISTORY_DAYS = 30
const DAY_MS = 86_400_000
/** Sessions change only when one ends; a table this young is still the charger's. */
const REMEMBER_MS = 120_000
const REMEMBERED_TABLES = 8

export interface WallboxSessionsOptions {
  chargerId: string
  client: Pick<WallboxClient, 'getSessions'>
  now: () => number
  /** The charger's own zone once known, for the start times shown. */
  timeZone: () => string
}

export class WallboxSessions {
  private readonly remembered = new Map<string, { atMs: number; table: Promise<ChargerHistoryTable> }>()

  constructor(private readonly o: WallboxSessionsOptions) {}

  read(range?: SessionRange): Promise<ChargerHistoryTable> {
    const nowMs = this.o.now()
    const key = range ? `${range.fromMs}-${range.toMs}` : 'latest'
    const kept = this.remembered.get(key)
    if (kept && nowMs - kept.atMs < REMEMBER_MS) return kept.table
    const asked = range ?? { fromMs: nowMs - DEFAULT_HISTORY_DAYS * DAY_MS, toMs: nowMs + 1000 }
    // The API's end is inclusive, in whole seconds: the last second before the range ends.
    const table = this.o.client
      .getSessions(this.o.chargerId, { fromMs: asked.fromMs, toMs: asked.toMs - 1000 })
      .then((sessions) => this.tableOf(sessions))
    this.remember(key, nowMs, table)
    return table
  }

  private remember(key: string, atMs: number, table: Promise<ChargerHistoryTable>) {
    this.remembered.delete(key)
    this.remembered.set(key, { atMs, table })
    // A failure is not an answer worth keeping: the next ask goes to Wallbox again.
    table.catch(() => {
      if (this.remembered.get(key)?.table === table) this.remembered.delete(key)
    })
    while (this.remembered.size > REMEMBERED_TABLES) this.remembered.delete(this.remembered.keys().next().value!)
  }

  private tableOf(sessions: WallboxSession[]): ChargerHistoryTable {
    const when = new Intl.DateTimeFormat('en-CA', {
      timeZone: this.o.timeZone(),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    })
    return {
      columns: ['Start', 'Duration', 'Energy (kWh)', 'Cost'],
      rows: sessions.map((s) => [
        when.format(s.startMs).replace(',', ''),
        s.durationS !== null ? formatDuration(s.durationS) : null,
        s.energyKwh !== null ? Math.round(s.energyKwh * 100) / 100 : null,
        s.cost !== null ? `${s.cost.toFixed(2)}${s.currency ? ` ${s.currency}` : ''}` : null,
      ]),
      note: null,
    }
  }
}
