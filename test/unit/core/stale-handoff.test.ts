import { describe, expect, it } from 'vitest'
import { staleVerdict, type WatchedSource } from '../../../src-main/core/site/stale-handoff'

const MIN = 60_000
const NOW = 100 * MIN
const quietFor = (minutes: number, freshness: WatchedSource['freshness'] = 'stale'): WatchedSource => ({ freshness, lastOkAtMs: NOW - minutes * MIN })

describe('hand-off when every source is stale', () => {
  it('hands off once every source has been stale or offline for the set time', () => {
    const base = { afterMin: 15, sinceMs: 0, nowMs: NOW, handedOff: false }
    expect(staleVerdict({ ...base, sources: [quietFor(15), quietFor(20, 'offline')] })).toBe('handOff')
    expect(staleVerdict({ ...base, sources: [quietFor(15), quietFor(14, 'offline')] })).toBe('none')
    // One source still reporting is enough to keep control.
    expect(staleVerdict({ ...base, sources: [quietFor(30), quietFor(30, 'late')] })).toBe('none')
    expect(staleVerdict({ ...base, sources: [quietFor(30), { freshness: 'offline', lastOkAtMs: null }] })).toBe('handOff')
  })

  it('counts silence from when watching began, so waking from a night’s sleep does not hand off at once', () => {
    const sources = [quietFor(8 * 60), quietFor(8 * 60, 'offline')]
    expect(staleVerdict({ sources, afterMin: 15, sinceMs: NOW - 5 * MIN, nowMs: NOW, handedOff: false })).toBe('none')
    expect(staleVerdict({ sources, afterMin: 15, sinceMs: NOW - 15 * MIN, nowMs: NOW, handedOff: false })).toBe('handOff')
  })

  it('can be turned off, and needs something to hand off', () => {
    expect(staleVerdict({ sources: [quietFor(60)], afterMin: null, sinceMs: 0, nowMs: NOW, handedOff: false })).toBe('none')
    expect(staleVerdict({ sources: [], afterMin: 15, sinceMs: 0, nowMs: NOW, handedOff: false })).toBe('none')
  })

  it('takes control back when any source reports again, and not before', () => {
    const base = { afterMin: 15, sinceMs: 0, nowMs: NOW, handedOff: true }
    expect(staleVerdict({ ...base, sources: [quietFor(40), quietFor(40, 'offline')] })).toBe('none')
    expect(staleVerdict({ ...base, sources: [quietFor(40), { freshness: 'fresh', lastOkAtMs: NOW }] })).toBe('retake')
    expect(staleVerdict({ ...base, afterMin: null, sources: [quietFor(40)] })).toBe('retake')
  })
})
