import { it } from 'vitest'
import { recordTick } from '../../../src-main/core/history/recorder'
import { openStore, state, T0 } from './helpers'
it('bench', () => {
  const store = openStore()
  const memory = { lastMs: null, open: new Map() }
  let t0 = performance.now()
  let tr = 0, tc = 0
  for (let i = 0; i < 500; i++) {
    const a = performance.now()
    const s = state({ atMs: T0 + i * 10000, pvW: 3000, chargers: [{ powerW: 2000 }] })
    const tick = recordTick(memory as any, s, { maxGapMs: 300000 })!
    const b = performance.now()
    store.commitTick({ sample: tick.sample, opened: tick.opened, updated: tick.updated, closed: tick.closed, prices: [] })
    tc += performance.now() - b; tr += b - a
  }
  console.log('record', (tr / 500).toFixed(3), 'commit', (tc / 500).toFixed(3))
})
