/** SiteStates and stores for the history tests. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChargerStatus, SiteState } from '../../../src-shared/model'
import { HistoryStore } from '../../../src-main/core/history/store'

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sunspill-history-'))
}

export function openStore(dir = tempDir()): HistoryStore {
  return HistoryStore.open(join(dir, 'history.sqlite'))
}

export interface ChargerAt {
  id?: string
  name?: string
  status?: ChargerStatus
  powerW?: number
}

export interface StateAt {
  atMs: number
  pvW?: number | null
  houseW?: number | null
  batteryW?: number | null
  gridW?: number | null
  socPct?: number | null
  priceCents?: number | null
  chargers?: ChargerAt[]
}

/** A SiteState with a balanced flow: the grid is whatever the others leave. */
export function state(at: StateAt): SiteState {
  const chargers = (at.chargers ?? []).map((c, i) => ({
    id: c.id ?? `c${i + 1}`,
    name: c.name ?? `Charger ${i + 1}`,
    status: c.status ?? ((c.powerW ?? 0) > 50 ? 'charging' : 'connected'),
    capabilities: { current: { minA: 6, maxA: 32, stepA: 1 }, switchable: true, phases: 1 as const },
    mode: 'solar' as const,
    enabled: true,
    limitA: 32,
    currentA: 0,
    powerW: c.powerW ?? 0,
    sessionEnergyWh: 0,
    carSocPct: null,
    reason: '',
  }))
  const evW = chargers.reduce((s, c) => s + (c.status === 'offline' ? 0 : c.powerW), 0)
  const pvW = at.pvW === undefined ? 0 : at.pvW
  const houseW = at.houseW === undefined ? 500 : at.houseW
  const batteryW = at.batteryW === undefined ? 0 : at.batteryW
  const gridW =
    at.gridW !== undefined ? at.gridW : pvW === null || houseW === null || batteryW === null ? null : houseW + evW - pvW - batteryW
  const price = at.priceCents === undefined ? 20 : at.priceCents
  return {
    atMs: at.atMs,
    timeZone: 'Australia/Sydney',
    statusLine: '',
    flow: { pvW, houseW, batteryW, socPct: at.socPct === undefined ? 50 : at.socPct, gridW, evW, gridPhases: null },
    price: {
      now:
        price === null
          ? null
          : {
              kind: 'current',
              startMs: Math.floor(at.atMs / 300_000) * 300_000,
              endMs: Math.floor(at.atMs / 300_000) * 300_000 + 300_000,
              perKwhCents: price,
              feedInCentsPerKwh: 5,
              descriptor: 'neutral',
              spikeStatus: 'none',
              renewablesPct: null,
              estimate: false,
            },
      intervals: [],
      currency: 'AUD',
      unit: 'c/kWh',
    },
    chargers,
    sources: [],
    keyring: { backend: 'test', weak: false, message: null },
    settingsProblem: null,
    simulationSpeed: null,
    batteryHold: null,
  }
}

export const T0 = Date.parse('2026-11-23T06:00:00+11:00')
export const MIN = 60_000
export const HOUR = 60 * MIN
export const DAY = 24 * HOUR
