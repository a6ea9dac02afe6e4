/**
 * The history database: schema, one transaction per control tick, retention, and the queries the
 * History page and the CSV export ask for.
 */
import { rmSync } from 'node:fs'
import { HOUR_MS } from '../time/durations'
import { Db, type Row, type SqlValue } from './db'
import { demoAccountIds, isDemoDevice, type DemoIds } from './demo'
import { bucketMs, groupByBucket, mergeSamples, ownWhereMixed, retention } from './retention'
import { DEMO_SRC, type NotificationRow, type PriceRow, type SampleRow, type SessionRow, type Tier } from './types'

/** 2: sessions and prices say whether they came from the demo home (samples use src 2). */
const SCHEMA_VERSION = 2
/** The meter the site had at its last rebuild, and since when (absent: since the first record). */
export const METER_ID_KEY = 'outlook.meterId'
export const METER_SINCE_KEY = 'outlook.meterSince'
/**
 * The last sample of a file from before schema 2: what is not marked up to there could still be
 * the demo's, so it does not prove the user has data of their own.
 */
const LEGACY_THROUGH_KEY = 'history.legacyThroughMs'
/** The log is cut back to this after each checkpoint, so it does not keep its largest size. */
const WAL_SIZE_LIMIT_BYTES = 1_000_000

const SCHEMA = `
CREATE TABLE IF NOT EXISTS samples (
  t_ms INTEGER PRIMARY KEY,
  dur_ms INTEGER NOT NULL,
  tier INTEGER NOT NULL,
  src INTEGER NOT NULL,
  pv_w INTEGER, house_w INTEGER, battery_w INTEGER, grid_w INTEGER,
  soc_pct REAL, price_c REAL, feed_in_c REAL,
  ev_w REAL NOT NULL,
  ev_solar_wh REAL NOT NULL, ev_battery_wh REAL NOT NULL, ev_grid_wh REAL NOT NULL,
  ev_cost_c REAL NOT NULL, ev_grid_price_c REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS samples_tier ON samples (tier, t_ms);
CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY,
  charger_id TEXT NOT NULL,
  charger_name TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER,
  last_draw_ms INTEGER NOT NULL,
  energy_wh REAL NOT NULL, solar_wh REAL NOT NULL, battery_wh REAL NOT NULL, grid_wh REAL NOT NULL,
  cost_c REAL NOT NULL, grid_price_c REAL NOT NULL,
  max_w REAL NOT NULL,
  demo INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sessions_start ON sessions (start_ms);
CREATE TABLE IF NOT EXISTS prices (
  start_ms INTEGER PRIMARY KEY,
  end_ms INTEGER NOT NULL,
  per_kwh_c REAL NOT NULL,
  feed_in_c REAL,
  descriptor TEXT,
  tier INTEGER NOT NULL,
  demo INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS notifications (
  id TEXT PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`

const SAMPLE_COLUMNS =
  't_ms, dur_ms, tier, src, pv_w, house_w, battery_w, grid_w, soc_pct, price_c, feed_in_c, ev_w, ev_solar_wh, ev_battery_wh, ev_grid_wh, ev_cost_c, ev_grid_price_c'

function sampleValues(s: SampleRow): SqlValue[] {
  return [
    s.tMs, s.durMs, s.tier, s.src, s.pvW, s.houseW, s.batteryW, s.gridW, s.socPct, s.priceCents, s.feedInCents,
    s.evW, s.evSolarWh, s.evBatteryWh, s.evGridWh, s.evCostCents, s.evGridPriceCents,
  ]
}

const num = (v: SqlValue | undefined): number => Number(v ?? 0)
const opt = (v: SqlValue | undefined): number | null => (v === null || v === undefined ? null : Number(v))

function sampleOf(r: Row): SampleRow {
  return {
    tMs: num(r.t_ms),
    durMs: num(r.dur_ms),
    tier: num(r.tier) as Tier,
    src: num(r.src) === 1 ? 1 : num(r.src) === DEMO_SRC ? DEMO_SRC : 0,
    pvW: opt(r.pv_w),
    houseW: opt(r.house_w),
    batteryW: opt(r.battery_w),
    gridW: opt(r.grid_w),
    socPct: opt(r.soc_pct),
    priceCents: opt(r.price_c),
    feedInCents: opt(r.feed_in_c),
    evW: num(r.ev_w),
    evSolarWh: num(r.ev_solar_wh),
    evBatteryWh: num(r.ev_battery_wh),
    evGridWh: num(r.ev_grid_wh),
    evCostCents: num(r.ev_cost_c),
    evGridPriceCents: num(r.ev_grid_price_c),
  }
}

function sessionOf(r: Row): SessionRow {
  return {
    id: num(r.id),
    chargerId: String(r.charger_id),
    chargerName: String(r.charger_name),
    startMs: num(r.start_ms),
    endMs: opt(r.end_ms),
    lastDrawMs: num(r.last_draw_ms),
    energyWh: num(r.energy_wh),
    solarWh: num(r.solar_wh),
    batteryWh: num(r.battery_wh),
    gridWh: num(r.grid_wh),
    costCents: num(r.cost_c),
    gridPriceCents: num(r.grid_price_c),
    maxW: num(r.max_w),
    demo: num(r.demo) === 1,
  }
}

function priceOf(r: Row): PriceRow {
  return {
    startMs: num(r.start_ms),
    endMs: num(r.end_ms),
    perKwhCents: num(r.per_kwh_c),
    feedInCents: opt(r.feed_in_c),
    descriptor: r.descriptor === null || r.descriptor === undefined ? null : String(r.descriptor),
    tier: num(r.tier) === 2 ? 2 : 0,
    demo: num(r.demo) === 1,
  }
}

export interface Totals {
  energyWh: number
  solarWh: number
  batteryWh: number
  gridWh: number
  costCents: number
  gridPriceCents: number
}

/** What an import did with its rows, by their end time. */
export interface ImportOutcome {
  addedMs: number[]
  /** Rows left out because the loop recorded their span itself (an earlier import's are left out silently). */
  keptOwnMs: number[]
}

export interface TickWrite {
  sample: SampleRow | null
  opened: SessionRow[]
  updated: SessionRow[]
  closed: SessionRow[]
  prices: PriceRow[]
}

export interface OpenOptions {
  /** False skips fsync: for measurements that only care about sizes, never for the app. */
  durable?: boolean
  /** The demo homes' account ids, to tell their rows in a file from before schema 2. */
  demoIds?: DemoIds
}

export class HistoryStore {
  /** Cached answers to "is there any of the user's own / any demo data", so each page read does not scan. */
  private ownData: boolean | null = null
  private demoData: boolean | null = null

  private constructor(private readonly db: Db) {}

  static open(file: string, options: OpenOptions = {}): HistoryStore {
    const db = Db.open(file)
    try {
      // Exclusive: this process holds the file's lock from the first transaction until it closes.
      db.exec('PRAGMA locking_mode = EXCLUSIVE')
      const version = Number(db.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0)
      if (version > SCHEMA_VERSION) {
        throw new Error(`The history in ${file} was written by a newer Sunspill (schema ${version}); this one reads up to ${SCHEMA_VERSION}.`)
      }
      if (version === 0) db.exec('PRAGMA auto_vacuum = INCREMENTAL')
      // WAL: a commit appends to the log and a killed process's half-written transaction is
      // dropped on the next open (db.ts says why the rollback journal could not be trusted).
      // With the exclusive lock above the log's index lives in memory, so no shared memory is needed.
      const mode = db.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL')?.journal_mode
      if (mode !== 'wal') throw new Error(`The history in ${file} could not switch to write-ahead logging (it is in ${mode} mode).`)
      db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`)
      rmSync(`${file}-journal`, { force: true })
      db.exec(`PRAGMA synchronous = ${options.durable === false ? 'OFF' : 'FULL'}`)
      db.tx(() => {
        db.exec(SCHEMA)
        addColumn(db, 'sessions', 'demo', 'INTEGER NOT NULL DEFAULT 0')
        addColumn(db, 'prices', 'demo', 'INTEGER NOT NULL DEFAULT 0')
        if (version === 1) markOldDemoRows(db, options.demoIds ?? demoAccountIds({ accounts: [] }))
        db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`)
      })
      return new HistoryStore(db)
    } catch (error) {
      db.close()
      throw error
    }
  }

  get file(): string {
    return this.db.file
  }

  /** Pages an older Sunspill's interrupted write left, put back at this open; null when none. */
  get rolledBackPages(): number | null {
    return this.db.rolledBack?.pages ?? null
  }

  close(): void {
    this.db.close()
  }

  integrityCheck(): string {
    return String(this.db.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check ?? 'unknown')
  }

  // --- the recorder ---

  lastSampleMs(): number | null {
    return opt(this.db.get('SELECT MAX(t_ms) AS t FROM samples WHERE src != 1')?.t)
  }

  openSessions(): SessionRow[] {
    return this.db.all('SELECT * FROM sessions WHERE end_ms IS NULL ORDER BY start_ms').map(sessionOf)
  }

  /** Everything one tick learnt, in one transaction. Opened sessions get their ids here. */
  commitTick(write: TickWrite): void {
    this.db.tx(() => {
      if (write.sample) {
        // A simulated sample never takes the place of a real one recorded or imported at the same instant.
        const verb = write.sample.src === DEMO_SRC ? 'INSERT OR IGNORE' : 'INSERT OR REPLACE'
        this.db.run(`${verb} INTO samples (${SAMPLE_COLUMNS}) VALUES (${placeholders(17)})`, sampleValues(write.sample))
      }
      for (const session of write.opened) {
        const { lastInsertRowid } = this.db.run(
          `INSERT INTO sessions (charger_id, charger_name, start_ms, end_ms, last_draw_ms, energy_wh, solar_wh, battery_wh, grid_wh, cost_c, grid_price_c, max_w, demo)
           VALUES (${placeholders(13)})`,
          [...sessionValues(session), session.demo ? 1 : 0],
        )
        session.id = lastInsertRowid
      }
      for (const session of [...write.updated, ...write.closed]) {
        this.db.run(
          `UPDATE sessions SET charger_id = ?, charger_name = ?, start_ms = ?, end_ms = ?, last_draw_ms = ?, energy_wh = ?, solar_wh = ?,
           battery_wh = ?, grid_wh = ?, cost_c = ?, grid_price_c = ?, max_w = ? WHERE id = ?`,
          [...sessionValues(session), session.id],
        )
      }
      for (const price of write.prices) this.upsertPrice(price)
    })
    if (write.sample?.src === DEMO_SRC) this.demoData = true
    else if (write.sample) this.ownData = true
    for (const session of write.opened) {
      if (session.demo) this.demoData = true
      else this.ownData = true
    }
  }

  private upsertPrice(p: PriceRow) {
    const values = [p.startMs, p.endMs, p.perKwhCents, p.feedInCents, p.descriptor, p.tier, p.demo ? 1 : 0]
    const insert = 'INTO prices (start_ms, end_ms, per_kwh_c, feed_in_c, descriptor, tier, demo) VALUES (?, ?, ?, ?, ?, ?, ?)'
    if (!p.demo) {
      this.db.run(`INSERT OR REPLACE ${insert}`, values)
      return
    }
    // The demo's simulated price never overwrites a retailer's for the same interval.
    this.db.run(
      `INSERT ${insert} ON CONFLICT (start_ms) DO UPDATE SET end_ms = excluded.end_ms, per_kwh_c = excluded.per_kwh_c,
       feed_in_c = excluded.feed_in_c, descriptor = excluded.descriptor, tier = excluded.tier WHERE prices.demo = 1`,
      values,
    )
  }

  /** Many samples in one transaction (the size measurement and tests; the loop uses commitTick). */
  writeSamples(rows: SampleRow[]): void {
    this.db.tx(() => {
      for (const row of rows) this.db.run(`INSERT OR REPLACE INTO samples (${SAMPLE_COLUMNS}) VALUES (${placeholders(17)})`, sampleValues(row))
    })
    this.forgetKinds()
  }

  private forgetKinds() {
    this.ownData = null
    this.demoData = null
  }

  /** Whether the history holds any of the user's own samples or sessions (anything not from the demo home). */
  hasOwnData(): boolean {
    if (this.ownData === null) {
      const legacyThroughMs = Number(this.meta(LEGACY_THROUGH_KEY) ?? Number.MIN_SAFE_INTEGER)
      const sql = 'SELECT EXISTS (SELECT 1 FROM samples WHERE src = 1 OR (src = 0 AND t_ms > ?)) OR EXISTS (SELECT 1 FROM sessions WHERE demo = 0) AS e'
      this.ownData = num(this.db.get(sql, [legacyThroughMs])?.e) === 1
    }
    return this.ownData
  }

  /** Whether the demo home simulated anything in (fromMs, toMs]: what a page leaving it out should say. */
  hasDemoDataIn(fromMs: number, toMs: number): boolean {
    const sql = `SELECT EXISTS (SELECT 1 FROM samples WHERE src = ${DEMO_SRC} AND t_ms > ? AND t_ms <= ?)
      OR EXISTS (SELECT 1 FROM sessions WHERE demo = 1 AND start_ms <= ? AND COALESCE(end_ms, last_draw_ms) > ?) AS e`
    return num(this.db.get(sql, [fromMs, toMs, toMs, fromMs])?.e) === 1
  }

  /** Whether the history holds any of the demo home's simulated samples or sessions. */
  hasDemoData(): boolean {
    this.demoData ??= num(this.db.get(`SELECT EXISTS (SELECT 1 FROM samples WHERE src = ${DEMO_SRC}) OR EXISTS (SELECT 1 FROM sessions WHERE demo = 1) AS e`)?.e) === 1
    return this.demoData
  }

  /** The real record of a span takes the place of what the demo home simulated for it. */
  private dropDemoOver(tMs: number, durMs: number) {
    this.db.run(`DELETE FROM samples WHERE src = ${DEMO_SRC} AND ${OVERLAPS}`, overlapArgs(tMs, durMs))
  }

  /**
   * Who already covers part of the span: 0 the loop's own record (it wins), 1 an earlier import,
   * 'instant' only a row of no duration at the same time (a first tick: it holds the key, not the
   * span), null nobody real.
   */
  private coverOf(tMs: number, durMs: number, o: { besidesGridOnly?: boolean } = {}): 0 | 1 | 'instant' | null {
    const which = o.besidesGridOnly ? `AND NOT (${GRID_ONLY})` : ''
    const row = this.db.get(
      `SELECT MIN(CASE WHEN dur_ms = 0 AND t_ms = ? THEN 9 ELSE src END) AS s FROM samples WHERE src != ${DEMO_SRC} ${which} AND ${OVERLAPS}`,
      [tMs, ...overlapArgs(tMs, durMs)],
    )
    const src = opt(row?.s)
    return src === null ? null : src === 0 ? 0 : src === 1 ? 1 : 'instant'
  }

  /** An imported row that knows only the grid (Amber's metered usage) gives way to a whole flow for the same span. */
  private dropGridOnlyOver(tMs: number, durMs: number) {
    this.db.run(`DELETE FROM samples WHERE ${GRID_ONLY} AND ${OVERLAPS}`, overlapArgs(tMs, durMs))
  }

  recordNotification(n: NotificationRow): void {
    this.db.tx(() => {
      this.db.run('INSERT OR REPLACE INTO notifications (id, at_ms, kind, title, body) VALUES (?, ?, ?, ?, ?)', [n.id, n.atMs, n.kind, n.title, n.body])
    })
  }

  // --- imports ---

  /** Adds imported rows only where nothing real covers their span yet (they replace the demo's); returns how many went in. */
  importSamples(rows: SampleRow[]): number {
    return this.importSamplesDetailed(rows).addedMs.length
  }

  /**
   * importSamples, saying which rows went in and which gave way to the loop's own record. A whole
   * flow replaces an earlier import that only knew the grid.
   */
  importSamplesDetailed(rows: SampleRow[]): ImportOutcome {
    const outcome: ImportOutcome = { addedMs: [], keptOwnMs: [] }
    this.db.tx(() => {
      for (const row of rows) {
        // Only when the row goes in: where anything else covers the span, the grid-only rows stay.
        if (row.pvW !== null && this.coverOf(row.tMs, row.durMs, { besidesGridOnly: true }) === null) this.dropGridOnlyOver(row.tMs, row.durMs)
        if (this.skipCovered(row.tMs, row.durMs, outcome)) continue
        this.dropDemoOver(row.tMs, row.durMs)
        this.db.run(`INSERT INTO samples (${SAMPLE_COLUMNS}) VALUES (${placeholders(17)})`, sampleValues(row))
        outcome.addedMs.push(row.tMs)
      }
    })
    this.forgetKinds()
    return outcome
  }

  private skipCovered(tMs: number, durMs: number, outcome: ImportOutcome): boolean {
    const cover = this.coverOf(tMs, durMs)
    if (cover === 0) outcome.keptOwnMs.push(tMs)
    return cover !== null
  }

  /** Fills the grid power of samples in the span that do not know it, or adds a grid-only row. */
  importGridDetailed(rows: { tMs: number; durMs: number; gridW: number }[]): ImportOutcome {
    const outcome: ImportOutcome = { addedMs: [], keptOwnMs: [] }
    this.db.tx(() => {
      for (const row of rows) {
        const { changes } = this.db.run('UPDATE samples SET grid_w = ? WHERE src = 1 AND grid_w IS NULL AND t_ms > ? AND t_ms <= ?', [
          Math.round(row.gridW), row.tMs - row.durMs, row.tMs,
        ])
        for (let i = 0; i < changes; i++) outcome.addedMs.push(row.tMs)
        if (changes > 0) continue
        if (this.skipCovered(row.tMs, row.durMs, outcome)) continue
        this.dropDemoOver(row.tMs, row.durMs)
        this.db.run(`INSERT INTO samples (${SAMPLE_COLUMNS}) VALUES (${placeholders(17)})`, sampleValues(gridOnly(row)))
        outcome.addedMs.push(row.tMs)
      }
    })
    this.forgetKinds()
    return outcome
  }

  /**
   * Retailer intervals only where no real price covers them yet: what the loop recorded (and an
   * earlier import) stays. They replace the demo's simulated prices. Returns how many went in.
   */
  importPricesKeeping(rows: PriceRow[]): number {
    let added = 0
    this.db.tx(() => {
      for (const row of rows) {
        const real = this.db.get('SELECT 1 AS c FROM prices WHERE demo = 0 AND start_ms < ? AND end_ms > ? LIMIT 1', [row.endMs, row.startMs])
        if (real) continue
        this.db.run('DELETE FROM prices WHERE demo = 1 AND start_ms < ? AND end_ms > ?', [row.endMs, row.startMs])
        this.upsertPrice({ ...row, demo: false })
        added++
      }
    })
    return added
  }

  /**
   * How much of (fromMs, toMs] real rows already cover, in ms. `power`: only rows that know the
   * whole flow or were recorded by the loop (an import of the grid alone leaves room for more).
   */
  coveredMs(fromMs: number, toMs: number, what: 'any' | 'power' = 'any'): number {
    const which = what === 'power' ? 'AND (src = 0 OR pv_w IS NOT NULL)' : ''
    const row = this.db.get(
      `SELECT SUM(MIN(t_ms, ?) - MAX(t_ms - dur_ms, ?)) AS covered FROM samples
       WHERE src != ${DEMO_SRC} ${which} AND t_ms > ? AND t_ms < ? AND t_ms - dur_ms < ?`,
      [toMs, fromMs, fromMs, toMs + HOUR_MS, toMs],
    )
    return Math.max(0, num(row?.covered))
  }

  /** How much of [fromMs, toMs) the retailer's real prices cover, in ms. */
  priceCoveredMs(fromMs: number, toMs: number): number {
    const row = this.db.get(
      'SELECT SUM(MIN(end_ms, ?) - MAX(start_ms, ?)) AS covered FROM prices WHERE demo = 0 AND end_ms > ? AND start_ms < ?',
      [toMs, fromMs, fromMs, toMs],
    )
    return Math.max(0, num(row?.covered))
  }

  /** The retailer's price at tMs, for pricing imported energy; the demo's simulated prices do not count. */
  priceAt(tMs: number): number | null {
    return opt(this.db.get('SELECT per_kwh_c AS p FROM prices WHERE demo = 0 AND start_ms <= ? AND end_ms > ? ORDER BY start_ms DESC LIMIT 1', [tMs, tMs])?.p)
  }

  meta(key: string): string | null {
    const row = this.db.get('SELECT value FROM meta WHERE key = ?', [key])
    return row ? String(row.value) : null
  }

  setMeta(key: string, value: string): void {
    this.db.tx(() => {
      this.db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [key, value])
    })
  }

  // --- retention ---

  /** Merges old rows into coarser ones and drops what is past keeping. Safe to run at any time. */
  maintain(nowMs: number): void {
    this.db.tx(() => {
      this.downsample(1, nowMs - retention.rawMs)
      this.downsample(2, nowMs - retention.fiveMinuteMs)
      this.db.run('DELETE FROM samples WHERE t_ms <= ?', [nowMs - retention.hourlyMs])
      this.downsamplePrices(nowMs - retention.pricesRawMs)
      this.db.run('DELETE FROM prices WHERE end_ms <= ?', [nowMs - retention.hourlyMs])
      this.db.run('DELETE FROM notifications WHERE at_ms <= ?', [nowMs - retention.notificationsMs])
    })
    this.forgetKinds()
    this.db.exec('PRAGMA incremental_vacuum')
  }

  private downsample(tier: 1 | 2, beforeMs: number) {
    const size = bucketMs[tier]
    const cutoff = Math.floor(beforeMs / size) * size
    const rows = this.db.all(`SELECT * FROM samples WHERE tier < ? AND t_ms <= ? ORDER BY t_ms`, [tier, cutoff]).map(sampleOf)
    if (rows.length === 0) return
    for (const [end, group] of groupByBucket(rows, size)) {
      // A row already at the bucket's end (an earlier merge or an import) joins the merge.
      const existing = this.db.get('SELECT * FROM samples WHERE t_ms = ? AND tier >= ?', [end, tier])
      const all = existing ? [...group, sampleOf(existing)] : group
      this.db.run(`DELETE FROM samples WHERE t_ms > ? AND t_ms <= ? AND (tier < ? OR t_ms = ?)`, [end - size, end, tier, end])
      const kept = ownWhereMixed(all, (r) => r.src === DEMO_SRC)
      this.db.run(`INSERT INTO samples (${SAMPLE_COLUMNS}) VALUES (${placeholders(17)})`, sampleValues(mergeSamples(kept, tier, end)))
    }
  }

  private downsamplePrices(beforeMs: number) {
    const cutoff = Math.floor(beforeMs / HOUR_MS) * HOUR_MS
    const rows = this.db.all('SELECT * FROM prices WHERE tier = 0 AND end_ms <= ? ORDER BY start_ms', [cutoff]).map(priceOf)
    if (rows.length === 0) return
    const groups = new Map<number, PriceRow[]>()
    for (const row of rows) {
      const start = Math.floor(row.startMs / HOUR_MS) * HOUR_MS
      groups.set(start, [...(groups.get(start) ?? []), row])
    }
    for (const [start, group] of groups) {
      const existing = this.db.get('SELECT * FROM prices WHERE start_ms = ? AND tier = 2', [start])
      const all = ownWhereMixed(existing ? [...group, priceOf(existing)] : group, (r) => r.demo)
      const weight = (r: PriceRow) => Math.max(1, r.endMs - r.startMs)
      const total = all.reduce((s, r) => s + weight(r), 0)
      const feeds = all.filter((r) => r.feedInCents !== null)
      const feedTotal = feeds.reduce((s, r) => s + weight(r), 0)
      this.db.run('DELETE FROM prices WHERE start_ms >= ? AND start_ms < ?', [start, start + HOUR_MS])
      this.upsertPrice({
        startMs: start,
        endMs: start + HOUR_MS,
        perKwhCents: Math.round((all.reduce((s, r) => s + r.perKwhCents * weight(r), 0) / total) * 100) / 100,
        feedInCents: feeds.length === 0 ? null : Math.round((feeds.reduce((s, r) => s + r.feedInCents! * weight(r), 0) / feedTotal) * 100) / 100,
        descriptor: null,
        tier: 2,
        demo: all.every((r) => r.demo),
      })
    }
  }

  // --- queries ---

  // The queries take `demo`: whether the demo home's simulated rows are included (index.ts decides).

  /** Power averaged into buckets of `size` over (fromMs, toMs]. */
  powerSeries(fromMs: number, toMs: number, size: number, demo = true): SampleRow[] {
    const rows = this.samples(fromMs, toMs, demo)
    return [...groupByBucket(rows, size)].map(([end, group]) => mergeSamples(group, group[0]!.tier, end))
  }

  samples(fromMs: number, toMs: number, demo = true): SampleRow[] {
    return this.db
      .all(`SELECT * FROM samples WHERE t_ms > ? AND t_ms <= ? AND (? OR src != ${DEMO_SRC}) ORDER BY t_ms`, [fromMs, toMs, demo ? 1 : 0])
      .map(sampleOf)
  }

  /** With `demo`, the demo's simulated intervals fill only where no retailer's interval overlaps them. */
  prices(fromMs: number, toMs: number, demo = true): PriceRow[] {
    const rows = this.db.all('SELECT * FROM prices WHERE end_ms > ? AND start_ms < ? AND (? OR demo = 0) ORDER BY start_ms', [fromMs, toMs, demo ? 1 : 0]).map(priceOf)
    const real = rows.filter((r) => !r.demo)
    if (real.length === 0 || real.length === rows.length) return rows
    return rows.filter((r) => !r.demo || !real.some((o) => o.startMs < r.endMs && r.startMs < o.endMs))
  }

  /** The car's energy, its sources and its cost over (fromMs, toMs], from the samples. */
  totals(fromMs: number, toMs: number, demo = true): Totals {
    const r = this.db.get(
      `SELECT SUM(ev_solar_wh) AS solar, SUM(ev_battery_wh) AS battery, SUM(ev_grid_wh) AS grid,
              SUM(ev_cost_c) AS cost, SUM(ev_grid_price_c) AS grid_price
       FROM samples WHERE t_ms > ? AND t_ms <= ? AND (? OR src != ${DEMO_SRC})`,
      [fromMs, toMs, demo ? 1 : 0],
    )
    const solarWh = num(r?.solar)
    const batteryWh = num(r?.battery)
    const gridWh = num(r?.grid)
    return { energyWh: solarWh + batteryWh + gridWh, solarWh, batteryWh, gridWh, costCents: num(r?.cost), gridPriceCents: num(r?.grid_price) }
  }

  /** Sessions that overlap (fromMs, toMs], newest first; open ones count as reaching now. */
  sessions(options: { fromMs?: number; toMs?: number; limit?: number; demo?: boolean } = {}): SessionRow[] {
    const from = options.fromMs ?? Number.MIN_SAFE_INTEGER
    const to = options.toMs ?? Number.MAX_SAFE_INTEGER
    return this.db
      .all('SELECT * FROM sessions WHERE start_ms <= ? AND COALESCE(end_ms, last_draw_ms) > ? AND (? OR demo = 0) ORDER BY start_ms DESC LIMIT ?', [
        to, from, options.demo === false ? 0 : 1, options.limit ?? 1_000_000,
      ])
      .map(sessionOf)
  }

  notifications(fromMs: number, toMs: number): NotificationRow[] {
    return this.db
      .all('SELECT * FROM notifications WHERE at_ms > ? AND at_ms <= ? ORDER BY at_ms', [fromMs, toMs])
      .map((r) => ({ id: String(r.id), atMs: num(r.at_ms), kind: String(r.kind), title: String(r.title), body: String(r.body) }))
  }

  counts(): { samples: Record<Tier, number>; sessions: number; prices: number; notifications: number } {
    const byTier = this.db.all('SELECT tier, COUNT(*) AS n FROM samples GROUP BY tier')
    const samples: Record<Tier, number> = { 0: 0, 1: 0, 2: 0 }
    for (const r of byTier) samples[num(r.tier) as Tier] = num(r.n)
    const count = (table: string) => num(this.db.get(`SELECT COUNT(*) AS n FROM ${table}`)?.n)
    return { samples, sessions: count('sessions'), prices: count('prices'), notifications: count('notifications') }
  }
}

function addColumn(db: Db, table: string, column: string, definition: string) {
  const columns = db.all(`PRAGMA table_info(${table})`).map((c) => String(c.name))
  // ADD COLUMN with a constant default only changes the schema: no row is rewritten.
  if (!columns.includes(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`)
}

/**
 * A file from before schema 2 did not say what came from the demo home. Marked here, only where
 * it is certain:
 * - sessions of a demo charger (its id names its account);
 * - the loop's samples wholly inside such a session: the demo is used whole, so while its charger
 *   was there so was its meter (this covers the car's energy and cost of a demo that has already
 *   been replaced);
 * - the loop's samples since the meter the site last noted (meterIs), when that meter is a demo's.
 *   Those without solar power are left: a site of real chargers without a meter records none and
 *   notes no new meter, so they could be the user's own.
 * Anything else cannot be told apart and stays as it was; prices too.
 */
function markOldDemoRows(db: Db, demoIds: DemoIds) {
  for (const row of db.all('SELECT DISTINCT charger_id FROM sessions')) {
    const chargerId = String(row.charger_id)
    if (isDemoDevice(chargerId, demoIds)) db.run('UPDATE sessions SET demo = 1 WHERE charger_id = ?', [chargerId])
  }
  // A merged row covers its whole bucket, which must lie inside the session.
  db.run(
    `UPDATE samples SET src = ${DEMO_SRC} WHERE src = 0 AND EXISTS (
       SELECT 1 FROM sessions s WHERE s.demo = 1
       AND samples.t_ms - (CASE samples.tier WHEN 1 THEN ? WHEN 2 THEN ? ELSE samples.dur_ms END) >= s.start_ms
       AND samples.t_ms <= COALESCE(s.end_ms, s.last_draw_ms))`,
    [bucketMs[1], bucketMs[2]],
  )
  const lastMs = db.get('SELECT MAX(t_ms) AS t FROM samples')?.t
  if (lastMs !== null && lastMs !== undefined) db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [LEGACY_THROUGH_KEY, String(lastMs)])
  const metaOf = (key: string) => db.get('SELECT value FROM meta WHERE key = ?', [key])?.value ?? null
  const meterId = metaOf(METER_ID_KEY)
  const since = Number(metaOf(METER_SINCE_KEY))
  // Without a noted change of meter the demo's span is unknown: a first meter has no "since", and
  // the samples before it may be a real roof's from before meters were noted.
  if (meterId === null || !isDemoDevice(String(meterId), demoIds) || metaOf(METER_SINCE_KEY) === null || !Number.isFinite(since)) return
  db.run(`UPDATE samples SET src = ${DEMO_SRC} WHERE src = 0 AND pv_w IS NOT NULL AND t_ms > ?`, [since])
}

/**
 * Rows whose span meets (t - dur, t], and a row at t itself (a first tick covers no time but holds
 * the key). No row spans more than an hour (the hourly tier), so rows ending an hour after the
 * span cannot overlap it: the bound keeps these lookups on the time key instead of scanning on.
 */
const OVERLAPS = '((t_ms > ? AND t_ms < ? AND t_ms - dur_ms < ?) OR t_ms = ?)'

/** An imported row that knows only the grid (Amber's metered usage). */
const GRID_ONLY = 'src = 1 AND pv_w IS NULL AND house_w IS NULL AND battery_w IS NULL'

function overlapArgs(tMs: number, durMs: number): SqlValue[] {
  return [tMs - durMs, tMs + HOUR_MS, tMs, tMs]
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ')
}

function sessionValues(s: SessionRow): SqlValue[] {
  return [s.chargerId, s.chargerName, s.startMs, s.endMs, s.lastDrawMs, s.energyWh, s.solarWh, s.batteryWh, s.gridWh, s.costCents, s.gridPriceCents, s.maxW]
}

function gridOnly(row: { tMs: number; durMs: number; gridW: number }): SampleRow {
  return {
    tMs: row.tMs,
    durMs: row.durMs,
    tier: 1,
    src: 1,
    pvW: null,
    houseW: null,
    batteryW: null,
    gridW: Math.round(row.gridW),
    socPct: null,
    priceCents: null,
    feedInCents: null,
    evW: 0,
    evSolarWh: 0,
    evBatteryWh: 0,
    evGridWh: 0,
    evCostCents: 0,
    evGridPriceCents: 0,
  }
}

