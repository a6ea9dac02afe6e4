/**
 * The demo home's simulated days never pass for the user's own: once the history holds real data
 * they are left out of the History page and the CSV; while they are all there is they are shown,
 * marked as the demo's; and a file from before the marking is migrated without losing a row.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import { createHistory, type History } from '../../../src-main/core/history'
import { Db } from '../../../src-main/core/history/db'
import { demoAccountIds, isDemoDevice, isDemoTariff, tickOrigin } from '../../../src-main/core/history/demo'
import { HistoryStore } from '../../../src-main/core/history/store'
import type { SampleRow } from '../../../src-main/core/history/types'
import { FileSecretStore } from '../../../src-main/core/secrets/file-store'
import type { SiteState } from '../../../src-shared/model'
import { defaultSettings, type Settings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'
import { HOUR, MIN, openStore, state, T0, tempDir, type StateAt } from './helpers'

const DAY = 24 * HOUR

const DEMO = ['demo:meter', 'demo:battery', 'demo:tariff', 'demo:charger']
const REAL = ['alphaess-k2j4x1:meter', 'alphaess-k2j4x1:battery', 'wallbox-q8r2m0:garage']
const DAY_START = Date.parse('2026-11-23T00:00:00+11:00')

let open: History | null = null
const stores: HistoryStore[] = []
afterEach(async () => {
  await open?.close()
  open = null
  for (const s of stores.splice(0)) s.close()
})

function from(sources: string[], at: StateAt): SiteState {
  return { ...state(at), sources: sources.map((id) => ({ id, label: id, freshness: 'fresh' as const, ageS: 0, error: null })) }
}

function history(settings: Settings = defaultSettings()) {
  const dir = tempDir()
  const clock = manualClock(T0)
  const logger = memoryLogger()
  const secretStore = new FileSecretStore(`${dir}/secrets.json`, logger, {})
  open = createHistory({ dataDir: dir, clock, logger, secretStore, deps: { clock, logger }, settings: () => settings, cadenceMs: MIN })
  const h = open
  /** A tick a minute over [fromMs, toMs], the car drawing carW in (carFromMs, carToMs]. */
  const run = (sources: string[], chargerId: string, fromMs: number, toMs: number, car: { fromMs: number; toMs: number; powerW: number }) => {
    for (let t = fromMs; t <= toMs; t += MIN) {
      clock.set(t)
      const charging = t > car.fromMs && t <= car.toMs
      h.record(from(sources, { atMs: t, pvW: 3000, houseW: 600, chargers: [{ id: chargerId, name: chargerId, status: charging ? 'charging' : 'idle', powerW: charging ? car.powerW : 0 }] }))
    }
  }
  return { h, clock, run }
}

function parseCsv(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split('\r\n')
  const names = header!.split(',')
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v])))
}

describe('which devices are the demo home’s', () => {
  it('knows the default demo, generated demo ids and demo accounts in the settings, and nothing else', () => {
    const settings = defaultSettings()
    const ids = demoAccountIds({ accounts: [...settings.accounts, { ...settings.accounts[0]!, kind: 'demo', id: 'beach-house' } as Settings['accounts'][number]] })
    expect(isDemoDevice('demo:meter', ids)).toBe(true)
    expect(isDemoDevice('demo-k3x9q2:charger', ids)).toBe(true)
    expect(isDemoDevice('beach-house:meter', ids)).toBe(true)
    expect(isDemoDevice('demo:tariff', ids)).toBe(false)
    expect(isDemoTariff('demo:tariff', ids)).toBe(true)
    for (const id of ['alphaess-k2j4x1:meter', 'account:demo-k3x9q2', 'demo', 'demolition-ab12cd:meter']) expect(isDemoDevice(id, ids)).toBe(false)
    // Real prices feeding the demo home are real; its power is not.
    expect(tickOrigin(from(['demo:meter', 'demo:charger', 'amber-a1b2c3:tariff'], { atMs: T0 }), ids)).toEqual({ demo: true, demoPrices: false })
    expect(tickOrigin(from(REAL, { atMs: T0 }), ids)).toEqual({ demo: false, demoPrices: false })
  })
})

describe('the History page and the CSV with the demo home’s days in the history', () => {
  it('leave the demo’s data out once real data is recorded, the same day', () => {
    const { h, run } = history()
    // Two hours on the demo home, its car charging at 7 kW for an hour...
    run(DEMO, 'demo:charger', T0, T0 + 2 * HOUR, { fromMs: T0 + 30 * MIN, toMs: T0 + 90 * MIN, powerW: 7000 })
    // ...then the user's own AlphaESS and Wallbox: 3 kW for half an hour.
    const switchMs = T0 + 2 * HOUR + 5 * MIN
    run(REAL, 'wallbox-q8r2m0:garage', switchMs, T0 + 4 * HOUR, { fromMs: T0 + 150 * MIN, toMs: T0 + 180 * MIN, powerW: 3000 })

    const realWh = (3000 * 30) / 60
    const today = h.today()
    expect(today.demo).toBe('hidden')
    expect(today.totals.energyWh).toBeCloseTo(realWh, 6)
    expect(today.points.length).toBeGreaterThan(0)
    expect(today.points.every((p) => p.tMs >= switchMs)).toBe(true)
    // Only the demo's tariff spoke; its prices go with its days.
    expect(today.prices).toEqual([])

    const sessions = h.sessions()
    expect(sessions.demo).toBe('hidden')
    expect(sessions.sessions.map((s) => s.chargerId)).toEqual(['wallbox-q8r2m0:garage'])
    const week = h.stats(7)
    expect(week).toMatchObject({ demo: 'hidden', sessions: 1 })
    expect(week.energyWh).toBeCloseTo(realWh, 6)

    const samples = h.exportCsv({ from: DAY_START, to: T0 + 4 * HOUR, kind: 'samples' })
    const rows = parseCsv(samples.csv)
    expect(samples).toMatchObject({ demo: 'hidden', rows: rows.length })
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['recorded']))
    expect(rows.reduce((s, r) => s + Number(r.ev_energy_wh), 0)).toBeCloseTo(realWh, 2)
    const sessionRows = parseCsv(h.exportCsv({ from: DAY_START, to: T0 + 4 * HOUR, kind: 'sessions' }).csv)
    expect(sessionRows.map((r) => [r.charger, r.source])).toEqual([['wallbox-q8r2m0:garage', 'recorded']])
  })

  it('say the demo’s data is left out only where the demo ran within what is shown', () => {
    const { h, run } = history()
    run(DEMO, 'demo:charger', T0 - 2 * DAY, T0 - 2 * DAY + HOUR, { fromMs: T0 - 2 * DAY, toMs: T0 - 2 * DAY + 30 * MIN, powerW: 7000 })
    run(REAL, 'wallbox-q8r2m0:garage', T0, T0 + HOUR, { fromMs: T0, toMs: T0 + 30 * MIN, powerW: 3000 })
    expect(h.today().demo).toBe('none')
    expect(h.stats(7).demo).toBe('hidden')
    expect(h.exportCsv({ from: T0 - HOUR, to: T0 + HOUR, kind: 'samples' }).demo).toBe('none')
  })

  it('show the demo’s data, marked as the demo’s, while it is all there is', () => {
    const { h, run } = history()
    run(DEMO, 'demo:charger', T0, T0 + 2 * HOUR, { fromMs: T0 + 30 * MIN, toMs: T0 + 90 * MIN, powerW: 7000 })

    const demoWh = (7000 * 60) / 60
    const today = h.today()
    expect(today.demo).toBe('shown')
    expect(today.totals.energyWh).toBeCloseTo(demoWh, 6)
    expect(today.points.length).toBeGreaterThan(20)
    expect(h.sessions()).toMatchObject({ demo: 'shown', sessions: [{ chargerId: 'demo:charger' }] })
    expect(h.stats(30)).toMatchObject({ demo: 'shown', sessions: 1 })

    const samples = h.exportCsv({ from: DAY_START, to: T0 + 2 * HOUR, kind: 'samples' })
    expect(samples.demo).toBe('shown')
    expect(new Set(parseCsv(samples.csv).map((r) => r.source))).toEqual(new Set(['demo']))
    expect(parseCsv(h.exportCsv({ from: DAY_START, to: T0 + 2 * HOUR, kind: 'sessions' }).csv).map((r) => r.source)).toEqual(['demo'])
  })

  it('the solar outlook of a real roof never reads the demo’s simulated sun', () => {
    const { h, run } = history()
    h.meterIs('alphaess-k2j4x1:meter')
    // The account fails to start for a while and the demo stands in, then the roof is back.
    run(DEMO, 'demo:charger', T0, T0 + HOUR, { fromMs: T0, toMs: T0, powerW: 0 })
    run(REAL, 'wallbox-q8r2m0:garage', T0 + HOUR + MIN, T0 + 2 * HOUR, { fromMs: T0, toMs: T0, powerW: 0 })
    const past = h.past(T0 - 1, T0 + 2 * HOUR)
    expect(past.length).toBeGreaterThan(50)
    expect(past.every((r) => r.tMs > T0 + HOUR)).toBe(true)
  })

  it('on the demo home itself the demo’s sun is the roof’s, for its outlook', () => {
    const { h, run } = history()
    h.meterIs('demo:meter')
    run(DEMO, 'demo:charger', T0, T0 + HOUR, { fromMs: T0, toMs: T0, powerW: 0 })
    expect(h.past(T0 - 1, T0 + HOUR).length).toBeGreaterThan(50)
  })

  it('say nothing of the demo when it never ran', () => {
    const { h, run } = history()
    run(REAL, 'wallbox-q8r2m0:garage', T0, T0 + HOUR, { fromMs: T0, toMs: T0 + 30 * MIN, powerW: 3000 })
    expect(h.today().demo).toBe('none')
    expect(h.sessions().sessions).toHaveLength(1)
  })
})

function sample(tMs: number, src: SampleRow['src'], evWh = 0): SampleRow {
  return {
    tMs, durMs: MIN, tier: 0, src, pvW: 1000, houseW: 500, batteryW: 0, gridW: -500, socPct: 50, priceCents: 20, feedInCents: 5,
    evW: evWh * 60, evSolarWh: evWh, evBatteryWh: 0, evGridWh: 0, evCostCents: 0, evGridPriceCents: evWh * 0.2,
  }
}

describe('the store with the demo’s rows next to real ones', () => {
  it('an import takes the place of the demo’s simulated span, and never of a real one', () => {
    const store = openStore()
    stores.push(store)
    store.writeSamples([1, 2, 3, 4, 5, 6].map((m) => sample(T0 + m * MIN, 2, 10)))
    store.writeSamples([sample(T0 + 7 * MIN, 0, 1)])
    const imported = (tMs: number): SampleRow => ({ ...sample(tMs, 1), durMs: 5 * MIN, pvW: 4000 })
    expect(store.importSamples([imported(T0 + 5 * MIN), imported(T0 + 10 * MIN)])).toBe(1)
    expect(store.samples(T0, T0 + HOUR).map((r) => [(r.tMs - T0) / MIN, r.src])).toEqual([[6, 2], [7, 0], [5, 1]].sort((a, b) => a[0]! - b[0]!))
  })

  it('a demo price never overwrites the retailer’s, and imports are priced by the retailer alone', () => {
    const store = openStore()
    stores.push(store)
    const price = (startMs: number, perKwhCents: number, demo: boolean) => ({ startMs, endMs: startMs + 5 * MIN, perKwhCents, feedInCents: null, descriptor: null, tier: 0 as const, demo })
    store.commitTick({ sample: null, opened: [], updated: [], closed: [], prices: [price(T0, 25, false), price(T0 + 5 * MIN, 99, true)] })
    store.commitTick({ sample: null, opened: [], updated: [], closed: [], prices: [price(T0, 99, true)] })
    expect(store.priceAt(T0 + MIN)).toBe(25)
    expect(store.priceAt(T0 + 6 * MIN)).toBeNull()
    expect(store.prices(T0, T0 + HOUR, false).map((p) => p.perKwhCents)).toEqual([25])
    expect(store.prices(T0, T0 + HOUR, true).map((p) => p.perKwhCents)).toEqual([25, 99])
  })

  it('downsampling keeps only the real rows of a bucket they share with the demo’s, and the demo’s alone as the demo’s', () => {
    const store = openStore()
    stores.push(store)
    const start = T0 - (T0 % HOUR)
    // 00–30: the demo; 30–60: the user's own; all within one hour.
    store.writeSamples(Array.from({ length: 60 }, (_, m) => sample(start + (m + 1) * MIN, m < 30 ? 2 : 0, 1)))
    store.maintain(start + 61 * 24 * HOUR)
    const [row, ...rest] = store.samples(start, start + HOUR)
    expect(rest).toEqual([])
    expect(row).toMatchObject({ tier: 2, src: 0, durMs: 30 * MIN, evSolarWh: 30 })

    const other = openStore()
    stores.push(other)
    other.writeSamples(Array.from({ length: 60 }, (_, m) => sample(start + (m + 1) * MIN, 2, 1)))
    other.maintain(start + 61 * 24 * HOUR)
    expect(other.samples(start, start + HOUR)).toMatchObject([{ tier: 2, src: 2, durMs: HOUR, evSolarWh: 60 }])
  })
})

/** The schema a Sunspill before the demo marking wrote (schema 1), word for word. */
const SCHEMA_1 = `
CREATE TABLE samples (
  t_ms INTEGER PRIMARY KEY, dur_ms INTEGER NOT NULL, tier INTEGER NOT NULL, src INTEGER NOT NULL,
  pv_w INTEGER, house_w INTEGER, battery_w INTEGER, grid_w INTEGER, soc_pct REAL, price_c REAL, feed_in_c REAL,
  ev_w REAL NOT NULL, ev_solar_wh REAL NOT NULL, ev_battery_wh REAL NOT NULL, ev_grid_wh REAL NOT NULL,
  ev_cost_c REAL NOT NULL, ev_grid_price_c REAL NOT NULL
);
CREATE INDEX samples_tier ON samples (tier, t_ms);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY, charger_id TEXT NOT NULL, charger_name TEXT NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER,
  last_draw_ms INTEGER NOT NULL, energy_wh REAL NOT NULL, solar_wh REAL NOT NULL, battery_wh REAL NOT NULL, grid_wh REAL NOT NULL,
  cost_c REAL NOT NULL, grid_price_c REAL NOT NULL, max_w REAL NOT NULL
);
CREATE INDEX sessions_start ON sessions (start_ms);
CREATE TABLE prices (start_ms INTEGER PRIMARY KEY, end_ms INTEGER NOT NULL, per_kwh_c REAL NOT NULL, feed_in_c REAL, descriptor TEXT, tier INTEGER NOT NULL);
CREATE TABLE notifications (id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
PRAGMA user_version = 1;
`

function schema1File(meta: Record<string, string>): string {
  const file = join(tempDir(), 'history.sqlite')
  const db = Db.open(file)
  db.exec('PRAGMA journal_mode = WAL')
  db.exec(SCHEMA_1)
  const insert = (t: number, src: number, pv: number | null, tier = 0) =>
    db.run('INSERT INTO samples VALUES (?, 60000, ?, ?, ?, 500, 0, -500, 50, 20, 5, 0, 1, 0, 0, 0, 0.2)', [t, tier, src, pv])
  insert(T0 - 2 * HOUR, 0, 1000) // before the meter the meta names
  insert(T0 + MIN, 0, 1000)
  insert(T0 + 2 * MIN, 0, null) // a real charger-only site records no solar
  insert(T0 + 3 * MIN, 1, 1000) // imported: always a vendor's
  insert(T0 + 20 * MIN, 0, 1000) // while a demo charger was in a session
  insert(T0 + 30 * MIN, 0, 1000, 1) // five minutes merged, all inside that session
  insert(T0 + 2 * HOUR, 0, 1000, 2) // an hour merged, only partly inside it
  const session = (charger: string, startMs: number) =>
    db.run('INSERT INTO sessions (charger_id, charger_name, start_ms, end_ms, last_draw_ms, energy_wh, solar_wh, battery_wh, grid_wh, cost_c, grid_price_c, max_w) VALUES (?, ?, ?, ?, ?, 10, 10, 0, 0, 0, 2, 7000)', [
      charger, charger, startMs, startMs + HOUR, startMs + HOUR,
    ])
  session('demo:charger', T0 + 10 * MIN)
  session('demo-k3x9q2:charger', T0 + 15 * MIN)
  session('wallbox-q8r2m0:garage', T0 - 4 * HOUR)
  db.run('INSERT INTO prices VALUES (?, ?, 25, NULL, NULL, 0)', [T0, T0 + 5 * MIN])
  for (const [key, value] of Object.entries(meta)) db.run('INSERT INTO meta VALUES (?, ?)', [key, value])
  db.close()
  return file
}

describe('a history file from before the demo marking', () => {
  it('gains the marks without losing or rewriting a row: the loop’s samples since a demo meter, and the demo chargers’ sessions', () => {
    const file = schema1File({ 'outlook.meterId': 'demo:meter', 'outlook.meterSince': String(T0 - HOUR) })
    const store = HistoryStore.open(file)
    stores.push(store)
    const all = store.samples(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
    expect(all.map((r) => [r.tMs, r.src])).toEqual([
      [T0 - 2 * HOUR, 0],
      [T0 + MIN, 2],
      [T0 + 2 * MIN, 0],
      [T0 + 3 * MIN, 1],
      [T0 + 20 * MIN, 2],
      [T0 + 30 * MIN, 2],
      [T0 + 2 * HOUR, 2],
    ])
    expect(all.every((r) => r.durMs === MIN && r.evSolarWh === 1 && r.evGridPriceCents === 0.2)).toBe(true)
    expect(store.sessions().map((s) => [s.chargerId, s.demo, s.energyWh]).sort()).toEqual([
      ['demo-k3x9q2:charger', true, 10],
      ['demo:charger', true, 10],
      ['wallbox-q8r2m0:garage', false, 10],
    ])
    expect(store.prices(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toMatchObject([{ perKwhCents: 25, demo: false }])
    expect(store.counts()).toMatchObject({ samples: { 0: 5, 1: 1, 2: 1 }, sessions: 3, prices: 1 })
    expect(store.meta('outlook.meterId')).toBe('demo:meter')
    store.close()
    stores.pop()

    // Opened again, nothing moves: the marks were made once.
    const again = HistoryStore.open(file)
    stores.push(again)
    expect(again.samples(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).map((r) => r.src)).toEqual([0, 2, 0, 1, 2, 2, 2])
    expect(again.integrityCheck()).toBe('ok')
  })

  it('when the meter it last noted is a real one, marks only the samples inside the demo charger’s sessions', () => {
    const store = HistoryStore.open(schema1File({ 'outlook.meterId': 'alphaess-k2j4x1:meter', 'outlook.meterSince': String(T0 + 3 * HOUR) }))
    stores.push(store)
    expect(store.samples(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).map((r) => r.src)).toEqual([0, 0, 0, 1, 2, 2, 0])
    expect(store.sessions().filter((s) => s.demo).map((s) => s.chargerId).sort()).toEqual(['demo-k3x9q2:charger', 'demo:charger'])
    expect(store.hasOwnData()).toBe(true)
  })

  it('a demo meter noted first, with no change of meter, marks no sample outside the demo’s sessions: they may be a real roof’s from before meters were noted', () => {
    const store = HistoryStore.open(schema1File({ 'outlook.meterId': 'demo:meter' }))
    stores.push(store)
    expect(store.samples(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).map((r) => r.src)).toEqual([0, 0, 0, 1, 2, 2, 0])
  })

  it('rows it could not tell apart do not count as the user’s own: a demo-only history keeps showing the demo’s new days', () => {
    const file = join(tempDir(), 'history.sqlite')
    const db = Db.open(file)
    db.exec('PRAGMA journal_mode = WAL')
    db.exec(SCHEMA_1)
    db.run('INSERT INTO samples VALUES (?, 60000, 0, 0, 1000, 500, 0, -500, 50, 20, 5, 0, 0, 0, 0, 0, 0)', [T0])
    db.close()
    const store = HistoryStore.open(file)
    stores.push(store)
    expect(store.hasOwnData()).toBe(false)
    store.commitTick({ sample: { ...store.samples(0, T0 + 1)[0]!, tMs: T0 + MIN, src: 2 }, opened: [], updated: [], closed: [], prices: [] })
    expect(store.hasDemoData()).toBe(true)
    expect(store.hasOwnData()).toBe(false)
    // The user's own first sample after the upgrade is.
    store.commitTick({ sample: { ...store.samples(0, T0 + 1)[0]!, tMs: T0 + 2 * MIN, src: 0 }, opened: [], updated: [], closed: [], prices: [] })
    expect(store.hasOwnData()).toBe(true)
  })
})
