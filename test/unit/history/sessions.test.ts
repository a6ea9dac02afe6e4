import { describe, expect, it } from 'vitest'
import { IDLE_END_MS, recordTick, type RecorderState } from '../../../src-main/core/history/recorder'
import type { HistoryStore } from '../../../src-main/core/history/store'
import type { SessionRow } from '../../../src-main/core/history/types'
import { HOUR, MIN, openStore, state, T0, tempDir, type StateAt } from './helpers'

const options = { maxGapMs: 5 * MIN }

function fresh(): RecorderState {
  return { lastMs: null, open: new Map() }
}

/** Records states through the store, as the core does each tick. */
function record(store: HistoryStore, memory: RecorderState, states: StateAt[]) {
  for (const at of states) {
    const tick = recordTick(memory, state(at), options)
    if (tick) store.commitTick({ sample: tick.sample, opened: tick.opened, updated: tick.updated, closed: tick.closed, prices: [] })
  }
}

/** A sunny morning: PV rises, the car charges, a cloud, a pause of over an hour, more charging, then it unplugs. */
function morning(step = 30_000): StateAt[] {
  const out: StateAt[] = []
  for (let t = 0; t <= 6 * HOUR; t += step) {
    const h = t / HOUR
    const pvW = Math.round(Math.max(0, 6000 * Math.sin((h / 12) * Math.PI)) * (h > 2 && h < 2.3 ? 0.2 : 1))
    const drawing = (h > 0.5 && h < 2.6) || (h > 3.8 && h < 4.8)
    const powerW = drawing ? Math.round(1400 + 5000 * Math.abs(Math.sin(h * 3))) : 0
    const status = h > 5.5 ? 'idle' : drawing ? 'charging' : 'connected'
    out.push({ atMs: T0 + t, pvW, houseW: 400 + Math.round(300 * Math.abs(Math.cos(h))), batteryW: h > 4 ? 800 : -500, priceCents: h < 1.5 ? -3 : 25 + h, chargers: [{ powerW, status }] })
  }
  return out
}

function sum(sessions: SessionRow[], key: 'energyWh' | 'solarWh' | 'batteryWh' | 'gridWh' | 'costCents') {
  return sessions.reduce((s, x) => s + x[key], 0)
}

describe('session accounting', () => {
  it('sessions add up to the samples: energy, solar, battery, grid and cost', () => {
    const store = openStore()
    record(store, fresh(), morning())
    const sessions = store.sessions()
    expect(sessions.length).toBe(2)
    const totals = store.totals(T0 - 1, T0 + 7 * HOUR)
    expect(totals.energyWh).toBeGreaterThan(5000)
    expect(sum(sessions, 'energyWh')).toBeCloseTo(totals.energyWh, 6)
    expect(sum(sessions, 'solarWh')).toBeCloseTo(totals.solarWh, 6)
    expect(sum(sessions, 'batteryWh')).toBeCloseTo(totals.batteryWh, 6)
    expect(sum(sessions, 'gridWh')).toBeCloseTo(totals.gridWh, 6)
    expect(sum(sessions, 'costCents')).toBeCloseTo(totals.costCents, 6)

    // Each session equals the samples inside its own span.
    for (const s of sessions) {
      const own = store.totals(s.startMs, s.endMs!)
      expect(own.energyWh).toBeCloseTo(s.energyWh, 6)
      expect(own.solarWh).toBeCloseTo(s.solarWh, 6)
    }
    // Energy is power × time: the car's samples integrate to the same number.
    const integrated = store.samples(T0 - 1, T0 + 7 * HOUR).reduce((s, r) => s + (r.evW * r.durMs) / 3_600_000, 0)
    expect(integrated).toBeCloseTo(totals.energyWh, 6)
    expect(store.integrityCheck()).toBe('ok')
    store.close()
  })

  it('a session ends when the car is unplugged, at its last draw', () => {
    const memory = fresh()
    const states: StateAt[] = [
      { atMs: T0, chargers: [{ powerW: 0 }] },
      { atMs: T0 + 10_000, chargers: [{ powerW: 3000 }] },
      { atMs: T0 + 20_000, chargers: [{ powerW: 3000 }] },
      { atMs: T0 + 30_000, chargers: [{ powerW: 0 }] },
      { atMs: T0 + 40_000, chargers: [{ powerW: 0, status: 'idle' }] },
    ]
    const closed = states.flatMap((at) => recordTick(memory, state(at), options)?.closed ?? [])
    expect(closed).toHaveLength(1)
    expect(closed[0]).toMatchObject({ startMs: T0, endMs: T0 + 20_000, lastDrawMs: T0 + 20_000 })
    expect(closed[0]!.energyWh).toBeCloseTo((3000 * 20_000) / 3_600_000, 9)
    expect(memory.open.size).toBe(0)
  })

  it('a pause shorter than an hour stays one session; a longer one ends it', () => {
    const memory = fresh()
    const at = (t: number, powerW: number) => recordTick(memory, state({ atMs: T0 + t, chargers: [{ powerW }] }), options)
    at(0, 2000)
    for (let t = MIN; t < 50 * MIN; t += MIN) expect(at(t, 0)?.closed).toEqual([])
    at(50 * MIN, 2000)
    expect(memory.open.size).toBe(1)
    let closed: SessionRow[] = []
    for (let t = 51 * MIN; t <= 50 * MIN + IDLE_END_MS + MIN && closed.length === 0; t += MIN) closed = at(t, 0)?.closed ?? []
    expect(closed).toHaveLength(1)
    expect(closed[0]!.endMs).toBe(T0 + 50 * MIN)
    expect(closed[0]!.startMs).toBe(T0)
  })

  it('standby noise below 50 W neither starts a session nor counts as the car’s energy', () => {
    const store = openStore()
    const memory = fresh()
    record(store, memory, [0, 1, 2, 3].map((i) => ({ atMs: T0 + i * 10_000, pvW: 3000, chargers: [{ powerW: 20 }] })))
    expect(store.sessions()).toEqual([])
    expect(store.totals(0, T0 + HOUR).energyWh).toBe(0)
    store.close()
  })

  it('two chargers split the car’s sources by their share of the power', () => {
    const store = openStore()
    const states: StateAt[] = []
    for (let i = 0; i <= 60; i++) {
      states.push({ atMs: T0 + i * 10_000, pvW: 5000, houseW: 1000, batteryW: 0, chargers: [{ id: 'a', powerW: 6000 }, { id: 'b', powerW: 2000 }] })
    }
    record(store, fresh(), states)
    const [b, a] = [...store.sessions()].sort((x, y) => y.chargerId.localeCompare(x.chargerId))
    // 4 kW of solar is left over the house; it is shared 3:1 like the power.
    expect(a!.solarWh / a!.energyWh).toBeCloseTo(0.5, 9)
    expect(b!.solarWh / b!.energyWh).toBeCloseTo(0.5, 9)
    expect(a!.energyWh / b!.energyWh).toBeCloseTo(3, 9)
    const totals = store.totals(0, T0 + HOUR)
    expect(a!.energyWh + b!.energyWh).toBeCloseTo(totals.energyWh, 6)
    store.close()
  })

  it('a gap in the record is not integrated, and an open session survives a restart', () => {
    const dir = tempDir()
    let store = openStore(dir)
    record(store, fresh(), [
      { atMs: T0, chargers: [{ powerW: 3000 }] },
      { atMs: T0 + 10_000, chargers: [{ powerW: 3000 }] },
    ])
    store.close()

    // Restart ten seconds later: the same session goes on.
    store = openStore(dir)
    const memory: RecorderState = { lastMs: store.lastSampleMs(), open: new Map(store.openSessions().map((s) => [s.chargerId, s])) }
    expect(memory.open.size).toBe(1)
    record(store, memory, [{ atMs: T0 + 20_000, chargers: [{ powerW: 3000 }] }])
    expect(store.sessions()).toHaveLength(1)
    expect(store.sessions()[0]!.energyWh).toBeCloseTo((3000 * 20_000) / 3_600_000, 9)

    // Two hours later (the app was closed): the old session ends at its last draw; a new one starts
    // without the two hours counted.
    record(store, memory, [{ atMs: T0 + 2 * HOUR, chargers: [{ powerW: 3000 }] }])
    const sessions = store.sessions()
    expect(sessions).toHaveLength(2)
    expect(sessions[1]!.endMs).toBe(T0 + 20_000)
    expect(sessions[0]!.energyWh).toBe(0)
    expect(store.samples(T0, T0 + 3 * HOUR).at(-1)!.durMs).toBe(0)
    store.close()
  })

  it('a tick that is not later than the last one is skipped', () => {
    const memory = fresh()
    expect(recordTick(memory, state({ atMs: T0 }), options)).not.toBeNull()
    expect(recordTick(memory, state({ atMs: T0 }), options)).toBeNull()
    expect(recordTick(memory, state({ atMs: T0 - 1000 }), options)).toBeNull()
  })
})
