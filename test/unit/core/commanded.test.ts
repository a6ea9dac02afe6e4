import { describe, expect, it } from 'vitest'
import { steering, type Command } from '../../../src-main/core/site/commanded'
import type { ChargerReading } from '../../../src-main/core/devices'

const at = (offeredA: number, powerW: number): ChargerReading => ({
  connected: true,
  enabled: offeredA > 0,
  offeredA,
  powerW,
  activePhases: 1,
  sessionEnergyWh: 0,
  carSocPct: null,
  carFull: false,
})
// Raised from 6 A to 16 A at t = 100 s; the car follows 20 s later.
const command: Command = { atMs: 100_000, before: at(6, 1380), reading: at(16, 3680), followedAtMs: 120_000 }

describe('steering by a command the meter may not have seen', () => {
  it('holds while the meter sample predates the car following', () => {
    const s = steering(at(6, 1380), 90_000, command, 110_000)
    expect(s.settled).toBe(false)
    expect(s.reading.offeredA).toBe(16)
  })

  it('settles once the meter has measured the car at its new setting', () => {
    expect(steering(at(6, 1380), 90_000, command, 125_000)).toMatchObject({ settled: true, done: false, drawAtSampleW: 3680 })
    expect(steering(at(16, 3650), 130_000, command, 125_000)).toMatchObject({ settled: true, done: true, drawAtSampleW: 3650 })
  })

  it('never waits on a site without a meter', () => {
    expect(steering(at(6, 1380), 90_000, command, null).settled).toBe(true)
  })
})
