/**
 * An Andersen A2's charging sessions as the settings page's table. getDeviceCalculatedChargeLogs
 * pages with limit and offset, newest first (every public client takes the first log as the last
 * charge), and filters only by `dateFrom`, a Date scalar whose format no public client shows. So a
 * range is read by paging back from the newest log until one starts before the range, and the end
 * of the range is applied here. The pages are capped: past the cap the table says what it left out.
 */
import type { ChargerHistoryTable, SessionRange } from '../../devices'
import type { AndersenApi } from './api'
import type { ChargeLog } from './schemas'

/** What the page shows first: the newest sessions, whenever they were. */
export const LATEST_SESSIONS = 20
export const SESSIONS_PAGE = 50
/** Eight requests, 400 sessions: more than a year of daily charging. */
export const MAX_SESSION_PAGES = 8
/** The Home Assistant integrations' threshold: below it a "session" is a plug-in blip. */
const MIN_ENERGY_KWH = 0.5

export async function readAndersenSessions(api: Pick<AndersenApi, 'chargeLogs'>, deviceId: string, range?: SessionRange): Promise<ChargerHistoryTable> {
  if (!range) return tableOf(await api.chargeLogs({ id: deviceId, limit: LATEST_SESSIONS, offset: 0, minEnergy: MIN_ENERGY_KWH }), null)
  const inRange: ChargeLog[] = []
  let oldestSeen: ChargeLog | null = null
  for (let page = 0; page < MAX_SESSION_PAGES; page++) {
    const logs = await api.chargeLogs({ id: deviceId, limit: SESSIONS_PAGE, offset: page * SESSIONS_PAGE, minEnergy: MIN_ENERGY_KWH })
    for (const log of logs) {
      const startMs = startOf(log)
      if (startMs === null) continue
      if (startMs >= range.fromMs && startMs < range.toMs) inRange.push(log)
      if (oldestSeen === null || startMs < startOf(oldestSeen)!) oldestSeen = log
    }
    const reachedStart = oldestSeen !== null && startOf(oldestSeen)! < range.fromMs
    if (logs.length < SESSIONS_PAGE || reachedStart) return tableOf(inRange, null)
  }
  const since = oldestSeen?.startDateTimeLocal?.slice(0, 10) ?? null
  const note =
    since === null
      ? null
      : `Andersen lists sessions newest first, ${SESSIONS_PAGE} at a time, and Sunspill reads at most the newest ${SESSIONS_PAGE * MAX_SESSION_PAGES} (back to ${since}): this range's sessions before ${since} are not shown.`
  return tableOf(inRange, note)
}

function startOf(log: ChargeLog): number | null {
  const ms = log.startDateTimeLocal ? Date.parse(log.startDateTimeLocal) : Number.NaN
  return Number.isFinite(ms) ? ms : null
}

function tableOf(logs: ChargeLog[], note: string | null): ChargerHistoryTable {
  return {
    columns: ['Start', 'Energy (kWh)', 'Duration (min)', 'Solar (kWh)', 'Grid (kWh)', 'Cost'],
    rows: logs.map((log) => [
      log.startDateTimeLocal ?? null,
      round(log.chargeEnergyTotal, 2),
      log.duration == null ? null : Math.round(log.duration / 60),
      round(log.solarEnergyTotal, 2),
      round(log.gridEnergyTotal, 2),
      round(log.chargeCostTotal, 2),
    ]),
    note,
  }
}

function round(value: number | null | undefined, digits: number): number | null {
  if (value === null || value === undefined) return null
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
