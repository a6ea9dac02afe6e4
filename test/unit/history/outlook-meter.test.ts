/** The solar outlook reads only what the current meter measured: demo days say nothing of a real roof. */
import { afterEach, describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import { createHistory, type History } from '../../../src-main/core/history'
import { FileSecretStore } from '../../../src-main/core/secrets/file-store'
import { defaultSettings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'
import { state, T0, tempDir } from './helpers'

const MIN = 60_000
let open: History | null = null
afterEach(async () => {
  await open?.close()
  open = null
})

function history() {
  const dir = tempDir()
  const clock = manualClock(T0)
  const logger = memoryLogger()
  const secretStore = new FileSecretStore(`${dir}/secrets.json`, logger, {})
  open = createHistory({ dataDir: dir, clock, logger, secretStore, deps: { clock, logger }, settings: () => defaultSettings(), cadenceMs: MIN })
  const recordAt = (atMs: number) => {
    clock.set(atMs)
    open!.record(state({ atMs, pvW: 4000, houseW: 500 }))
  }
  return { h: open, clock, recordAt }
}

describe('the history the solar outlook reads', () => {
  it('keeps what the first meter found, and starts afresh when another meter takes over', () => {
    const { h, recordAt } = history()
    h.meterIs('demo:meter')
    for (let m = 0; m <= 10; m++) recordAt(T0 + m * MIN)
    expect(h.past(T0, T0 + 10 * MIN)).toHaveLength(10)

    // A real AlphaESS replaces the demo home: its days start now.
    h.meterIs('alphaess:sys1')
    expect(h.past(T0, T0 + 10 * MIN)).toHaveLength(0)
    for (let m = 11; m <= 15; m++) recordAt(T0 + m * MIN)
    expect(h.past(T0, T0 + 15 * MIN).map((r) => r.tMs)).toEqual([11, 12, 13, 14, 15].map((m) => T0 + m * MIN))
  })

  it('is not reset by a rebuild that found no meter, or by the same meter again', () => {
    const { h, recordAt } = history()
    h.meterIs('alphaess:sys1')
    for (let m = 0; m <= 5; m++) recordAt(T0 + m * MIN)
    h.meterIs(null)
    h.meterIs('alphaess:sys1')
    expect(h.past(T0, T0 + 5 * MIN)).toHaveLength(5)
  })
})
