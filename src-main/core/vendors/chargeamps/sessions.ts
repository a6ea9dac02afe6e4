/**
 * A Charge Amps connector's charging sessions as the settings page's table. The EAPI's session
 * list takes a start, an end and a maximum count (Swagger v5), with no limit on the span, so a
 * range is one request. The count is ours to choose: past it the table says what it left out.
 */
import type { ChargerHistoryTable, SessionRange } from '../../devices'
import type { ChargeAmpsClient } from './client'
import type { ChargingSession } from './schemas'

/** What the page shows first: the newest sessions, whenever they were. */
export const LATEST_SESSIONS = 20
/** More than a year of daily charging; a range with more is shown in part, with a note. */
export const MAX_SESSIONS_PER_RANGE = 500

export interface ChargeAmpsSessionsOptions {
  client: Pick<ChargeAmpsClient, 'chargingSessions' | 'chargingSessionsBetween'>
  chargePointId: string
  connectorId: number
}

export async function readChargeAmpsSessions(o: ChargeAmpsSessionsOptions, range?: SessionRange): Promise<ChargerHistoryTable> {
  if (!range) return tableOf(await o.client.chargingSessions(o.chargePointId, o.connectorId, LATEST_SESSIONS), null)
  // One more than is shown tells whether the range holds more, without a second request.
  const sessions = await o.client.chargingSessionsBetween(o.chargePointId, o.connectorId, range, MAX_SESSIONS_PER_RANGE + 1)
  const note =
    sessions.length > MAX_SESSIONS_PER_RANGE
      ? `This range holds more than ${MAX_SESSIONS_PER_RANGE} sessions, the most Sunspill shows at once, so some are left out. Pick a shorter range to see them all.`
      : null
  // The Swagger does not say which end of a long range Charge Amps keeps: show what came, newest first.
  const newestFirst = [...sessions].sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? ''))
  return tableOf(newestFirst.slice(0, MAX_SESSIONS_PER_RANGE), note)
}

function tableOf(sessions: ChargingSession[], note: string | null): ChargerHistoryTable {
  return {
    columns: ['Started', 'Ended', 'Energy (kWh)', 'Phases'],
    rows: sessions.map((s) => [
      s.startTime ?? null,
      s.endTime ?? 'charging',
      s.totalConsumptionKwh === null || s.totalConsumptionKwh === undefined ? null : Math.round(s.totalConsumptionKwh * 1000) / 1000,
      s.sessionType ?? null,
    ]),
    note,
  }
}
