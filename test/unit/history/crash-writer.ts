/**
 * A child process for the crash test: records ticks into the history as fast as it can, with a
 * session every few dozen ticks, and reports each commit on stdout. The test kills it with SIGKILL
 * at a random moment, which almost always lands inside a transaction (most of a commit is fsync).
 * Usage: node crash-writer.js <history file> <first tick>
 *    or: node crash-writer.js <history file> import <rows>: one import of that many samples in one
 *        transaction, big enough to spill into the log before it commits ("I" before, "D" after).
 */
import { recordTick, type RecorderState } from '../../../src-main/core/history/recorder'
import { HistoryStore } from '../../../src-main/core/history/store'
import { state, T0 } from './helpers'

const [file, firstArg, rowsArg] = process.argv.slice(2)
const store = HistoryStore.open(file!)
if (firstArg === 'import') importThenWait(Number(rowsArg))
const memory: RecorderState = { lastMs: store.lastSampleMs(), open: new Map(store.openSessions().map((s) => [s.chargerId, s])) }
let tick = Number(firstArg)
for (;;) {
  const phase = tick % 40
  const powerW = phase < 25 ? 2000 + (tick % 7) * 500 : 0
  const status = phase >= 30 ? 'idle' : powerW > 0 ? 'charging' : 'connected'
  const record = recordTick(memory, state({ atMs: T0 + tick * 10_000, pvW: (tick * 37) % 6000, chargers: [{ powerW, status }] }), { maxGapMs: 60_000 })
  if (record) {
    store.commitTick({ sample: record.sample, opened: record.opened, updated: record.updated, closed: record.closed, prices: [] })
    // Only what is committed is reported: each of these must survive the kill.
    const closed = record.closed.map((s) => `${s.id}:${s.energyWh.toFixed(6)}`).join(' ')
    process.stdout.write(`C ${tick} ${closed}\n`)
  }
  tick++
}

function importThenWait(rows: number): never {
  const sample = (i: number) => ({ tMs: T0 - (rows - i) * 60_000, durMs: 60_000, tier: 0 as const, src: 1 as const, pvW: i % 5000, houseW: 400, batteryW: 0, gridW: 400 - (i % 5000), socPct: 50, priceCents: 30, feedInCents: 5, evW: 0, evSolarWh: 0, evBatteryWh: 0, evGridWh: 0, evCostCents: 0, evGridPriceCents: 0 })
  process.stdout.write('I\n')
  store.importSamples(Array.from({ length: rows }, (_, i) => sample(i)))
  process.stdout.write('D\n')
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000)
}

