/**
 * What each `status_id` means. Words are my.wallbox's own (as Home Assistant copies them from
 * the portal's chargerStatuses.js); groups follow the wallbox library's coarser enum. Which codes
 * mean "a car is plugged in" is our inference, kept in one table so it can be corrected in one place.
 */

export type WallboxStatusGroup =
  | 'disconnected'
  | 'error'
  | 'ready'
  | 'waiting'
  | 'locked'
  | 'updating'
  | 'scheduled'
  | 'paused'
  | 'charging'
  | 'discharging'
  | 'unknown'

export interface WallboxStatusInfo {
  statusId: number | null
  word: string
  group: WallboxStatusGroup
  /** A car is plugged in. */
  connected: boolean
  /** The charger offers current to the car (it may or may not take it). */
  offering: boolean
  /** Plugged in, offered current, and the car does not take it: full or its own limit. */
  carNotDrawing: boolean
  /** A remote pause makes sense: a session is running or waiting to run. */
  pausable: boolean
}

interface Row {
  word: string
  group: WallboxStatusGroup
  connected?: boolean
  offering?: boolean
  carNotDrawing?: boolean
}

const rows: Record<number, Row> = {
  0: { word: 'Disconnected', group: 'disconnected' },
  14: { word: 'Error', group: 'error' },
  15: { word: 'Error', group: 'error' },
  161: { word: 'Ready', group: 'ready' },
  162: { word: 'Ready', group: 'ready' },
  163: { word: 'Disconnected', group: 'disconnected' },
  164: { word: 'Waiting', group: 'waiting' },
  165: { word: 'Locked', group: 'locked' },
  166: { word: 'Updating', group: 'updating' },
  177: { word: 'Scheduled', group: 'scheduled' },
  178: { word: 'Paused', group: 'paused', connected: true },
  179: { word: 'Scheduled', group: 'scheduled' },
  180: { word: 'Waiting for car demand', group: 'waiting', connected: true, offering: true, carNotDrawing: true },
  181: { word: 'Waiting for car demand', group: 'waiting', connected: true, offering: true, carNotDrawing: true },
  182: { word: 'Paused', group: 'paused', connected: true },
  183: { word: 'Waiting in queue by Power Sharing', group: 'waiting', connected: true },
  184: { word: 'Waiting in queue by Power Sharing', group: 'waiting', connected: true },
  185: { word: 'Waiting in queue by Power Boost', group: 'waiting', connected: true },
  186: { word: 'Waiting in queue by Power Boost', group: 'waiting', connected: true },
  187: { word: 'Waiting MID failed', group: 'waiting', connected: true },
  188: { word: 'Waiting MID safety margin exceeded', group: 'waiting', connected: true },
  189: { word: 'Waiting in queue by Eco-Smart', group: 'waiting', connected: true },
  193: { word: 'Charging', group: 'charging', connected: true, offering: true },
  194: { word: 'Charging', group: 'charging', connected: true, offering: true },
  195: { word: 'Charging', group: 'charging', connected: true, offering: true },
  196: { word: 'Discharging', group: 'discharging', connected: true, offering: true },
  209: { word: 'Locked', group: 'locked' },
  210: { word: 'Locked, car connected', group: 'locked', connected: true },
}

/** Every status_id the reference lists, for tests and the fake. */
export const KNOWN_STATUS_IDS: readonly number[] = Object.keys(rows).map(Number)

export const PAUSED_STATUS_ID = 182
export const CHARGING_STATUS_ID = 194

export function describeStatus(statusId: number | null | undefined): WallboxStatusInfo {
  const row = statusId === null || statusId === undefined ? rows[0] : rows[statusId]
  if (!row) {
    return {
      statusId: statusId ?? null,
      word: 'Unknown',
      group: 'unknown',
      connected: false,
      offering: false,
      carNotDrawing: false,
      pausable: false,
    }
  }
  const connected = row.connected ?? false
  return {
    statusId: statusId ?? null,
    word: row.word,
    group: row.group,
    connected,
    offering: row.offering ?? false,
    carNotDrawing: row.carNotDrawing ?? false,
    pausable: connected && row.group !== 'paused' && row.group !== 'locked',
  }
}
