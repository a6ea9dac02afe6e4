/**
 * A child process for the crash test: records ticks into the history as fast as it can, with a
 * session every few dozen ticks, and reports each commit on stdout. The test kills it with SIGKILL
 * at a random moment, which almost always lands inside a transaction (most of a commit is fsync).
 * Usage: node crash-writer.js <history file> <first tick>
 */
import { recordTick, type RecorderState } from '../../../src-main/core/history/recorder'
import { HistoryStore } from '../../../src-main/core/history/store'
import { state, T0 } from './helpers'

const [file, firstArg] = process.argv.slice(2)
const store = HistoryStore.open(file!)
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
