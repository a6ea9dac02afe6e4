/**
 * Turns each control tick's SiteState into one power sample and the charging sessions' progress.
 * Pure: no database, no clock. The store persists what this returns in one transaction.
 *
 * Sessions, per charger:
 * - one starts when the charger draws at least CHARGING_MIN_W (below that is standby noise);
 * - it ends when the car is unplugged, the charger disappears, or nothing has been drawn for
 *   IDLE_END_MS (a cloud or a full car); the end is the last moment it drew power;
 * - while it is open every tick adds the charger's power × the time since the previous tick,
 *   split by source with ./attribution.ts in proportion to the charger's share of the car power.
 * A sample's car power is the sum of the chargers in a session, so the sessions' totals and the
 * samples' totals are the same numbers.
 */
import type { ChargerView, SiteState } from '../../../src-shared/model'
import { attributeEv } from './attribution'
import { DEMO_SRC, type SampleRow, type SessionRow } from './types'

export const CHARGING_MIN_W = 50
export const IDLE_END_MS = 60 * 60_000
const WH_PER_WMS = 1 / 3_600_000

export interface RecorderState {
  /** The time of the last recorded sample; null before the first. */
  lastMs: number | null
  /** Open sessions by charger id. */
  open: Map<string, SessionRow>
}

export interface TickRecord {
  sample: SampleRow
  /** Sessions that started this tick (id 0: the store assigns one). */
  opened: SessionRow[]
  /** Open sessions whose totals changed. */
  updated: SessionRow[]
  closed: SessionRow[]
}

export interface RecordOptions {
  /** A gap longer than this (the app was closed, the machine slept) is not integrated. */
  maxGapMs: number
  /** The tick came from the demo home: its sample and the sessions it opens are marked simulated. */
  demo?: boolean
}

function connected(status: ChargerView['status']): boolean {
  return status === 'charging' || status === 'waiting' || status === 'connected'
}

function round(value: number, step: number): number {
  return Math.round(value / step) * step
}

/** Null when the tick is not later than the last sample (a clock that went back, a repeated tick). */
export function recordTick(memory: RecorderState, state: SiteState, options: RecordOptions): TickRecord | null {
  const t = state.atMs
  if (memory.lastMs !== null && t <= memory.lastMs) return null
  const gap = memory.lastMs === null ? null : t - memory.lastMs
  const durMs = gap !== null && gap <= options.maxGapMs ? gap : 0

  const opened: SessionRow[] = []
  const closed: SessionRow[] = []
  const byId = new Map(state.chargers.map((c) => [c.id, c]))

  // Sessions whose charger is gone, unplugged or idle for long enough end first.
  for (const [chargerId, session] of memory.open) {
    const charger = byId.get(chargerId)
    // After a gap in the record (app closed, machine asleep) a car still drawing starts a new session.
    if (!charger || charger.status === 'idle' || t - session.lastDrawMs >= IDLE_END_MS) {
      memory.open.delete(chargerId)
      closed.push({ ...session, endMs: session.lastDrawMs })
    }
  }
  for (const charger of state.chargers) {
    if (memory.open.has(charger.id)) continue
    if (charger.status === 'offline' || charger.powerW < CHARGING_MIN_W || !connected(charger.status)) continue
    const session: SessionRow = {
      id: 0,
      chargerId: charger.id,
      chargerName: charger.name,
      startMs: t - durMs,
      endMs: null,
      lastDrawMs: t,
      energyWh: 0,
      solarWh: 0,
      batteryWh: 0,
      gridWh: 0,
      costCents: 0,
      gridPriceCents: 0,
      maxW: 0,
      demo: options.demo === true,
    }
    memory.open.set(charger.id, session)
    opened.push(session)
  }

  // The car's power is what the chargers in a session draw.
  const counted: { charger: ChargerView; session: SessionRow }[] = []
  let evW = 0
  for (const charger of state.chargers) {
    const session = memory.open.get(charger.id)
    if (!session || charger.status === 'offline') continue
    counted.push({ charger, session })
    evW += Math.max(0, charger.powerW)
  }
  const sources = attributeEv(state.flow, evW)
  const price = state.price.now?.perKwhCents ?? null
  const hours = durMs * WH_PER_WMS
  const sample: SampleRow = {
    tMs: t,
    durMs,
    tier: 0,
    src: options.demo === true ? DEMO_SRC : 0,
    pvW: state.flow.pvW === null ? null : Math.round(state.flow.pvW),
    houseW: state.flow.houseW === null ? null : Math.round(state.flow.houseW),
    batteryW: state.flow.batteryW === null ? null : Math.round(state.flow.batteryW),
    gridW: state.flow.gridW === null ? null : Math.round(state.flow.gridW),
    socPct: state.flow.socPct === null ? null : round(state.flow.socPct, 0.1),
    priceCents: price === null ? null : round(price, 0.01),
    feedInCents: state.price.now?.feedInCentsPerKwh == null ? null : round(state.price.now.feedInCentsPerKwh, 0.01),
    evW,
    evSolarWh: sources.solarW * hours,
    evBatteryWh: sources.batteryW * hours,
    evGridWh: sources.gridW * hours,
    evCostCents: price === null ? 0 : (sources.gridW * hours * price) / 1000,
    evGridPriceCents: price === null ? 0 : (evW * hours * price) / 1000,
  }

  const updated: SessionRow[] = []
  for (const { charger, session } of counted) {
    const powerW = Math.max(0, charger.powerW)
    const share = evW > 0 ? powerW / evW : 0
    if (powerW >= CHARGING_MIN_W) session.lastDrawMs = t
    session.chargerName = charger.name
    session.maxW = Math.max(session.maxW, powerW)
    if (share > 0 && durMs > 0) {
      session.solarWh += sample.evSolarWh * share
      session.batteryWh += sample.evBatteryWh * share
      session.gridWh += sample.evGridWh * share
      session.energyWh = session.solarWh + session.batteryWh + session.gridWh
      session.costCents += sample.evCostCents * share
      session.gridPriceCents += sample.evGridPriceCents * share
    }
    if (!opened.includes(session)) updated.push(session)
  }

  memory.lastMs = t
  return { sample, opened, updated, closed }
}
