/**
 * A cloud meter that publishes half-minute-old samples once a minute: after each command the loop
 * must wait for a sample that shows the car at its new setting, not count the change twice and
 * hunt between minimum and maximum.
 */
import { describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import type { Charger, ChargerReading, Meter } from '../../../src-main/core/devices'
import { SiteRuntime } from '../../../src-main/core/site/runtime'
import { defaultSettings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'

const START = Date.parse('2026-01-15T12:00:00+11:00')
const SURPLUS_W = 3000

function rig() {
  const clock = manualClock(START)
  let offeredA = 0
  let on = false
  const drawLog: { atMs: number; drawW: number }[] = []
  const drawAt = (atMs: number) => [...drawLog].reverse().find((d) => d.atMs <= atMs)?.drawW ?? 0
  const note = () => drawLog.push({ atMs: clock.now(), drawW: on && offeredA >= 6 ? offeredA * 230 : 0 })
  note()
  const commands: number[] = []
  const sampledAt = () => Math.floor((clock.now() - 30_000) / 60_000) * 60_000
  const meter: Meter = {
    id: 'test:meter',
    label: 'Cloud meter',
    pollMs: 10_000,
    updateEveryMs: 60_000,
    lastUpdatedMs: sampledAt,
    async readMeter() {
      const atMs = sampledAt()
      return { pvW: SURPLUS_W + 500, houseW: 500, gridW: drawAt(atMs) - SURPLUS_W, gridPhases: null }
    },
  }
  const reading = (): ChargerReading => ({
    connected: true,
    enabled: on,
    offeredA,
    powerW: drawAt(clock.now()),
    activePhases: 1,
    sessionEnergyWh: 0,
    carSocPct: null,
    carFull: false,
  })
  const charger: Charger = {
    id: 'test:charger',
    label: 'Charger',
    phases: 1,
    pollMs: 10_000,
    responseMs: 5_000,
    current: {
      minA: 6,
      maxA: 32,
      stepA: 1,
      async setCurrent(a) {
        commands.push(clock.now())
        offeredA = a
        note()
      },
    },
    switchable: {
      async setEnabled(e) {
        on = e
        note()
      },
    },
    async readCharger() {
      return reading()
    },
  }
  const settings = defaultSettings()
  settings.chargers[charger.id] = { mode: 'solar', enabled: true, limitA: 32, phase: 1 }
  const runtime = new SiteRuntime({ devices: { meter, battery: null, tariff: null, chargers: [charger] }, clock, logger: memoryLogger(), settings: () => settings })
  return { clock, runtime, commands, current: () => offeredA }
}

describe('a meter whose samples are old', () => {
  it('settles on the surplus without hunting', async () => {
    const { clock, runtime, commands, current } = rig()
    const currents: number[] = []
    for (let t = 0; t < 30 * 60_000; t += 10_000) {
      clock.set(START + t)
      await runtime.tick()
      currents.push(current())
    }
    // 3000 W at 230 V is 13 A; once there it stays, with only a handful of commands on the way.
    expect(currents.slice(-60).every((a) => a === 13)).toBe(true)
    expect(commands.length).toBeLessThanOrEqual(3)
    expect(Math.max(...currents)).toBeLessThanOrEqual(14)
  })
})
