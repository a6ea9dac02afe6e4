/**
 * One controller per charger, through the runtime with a charger that reports its own setting:
 * what the loop still sends while a change elsewhere waits to be confirmed, and that a write
 * which fails after the charger took it is not mistaken for someone else's change.
 */
import { describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import type { Charger, ChargerReading } from '../../../src-main/core/devices'
import { VendorError } from '../../../src-main/core/errors'
import { ChargerOwnership } from '../../../src-main/core/site/ownership'
import { SiteRuntime } from '../../../src-main/core/site/runtime'
import { defaultSettings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'

const START = Date.parse('2026-01-15T12:00:00+11:00')
const TICK_MS = 10_000
const MINUTE_MS = 60_000
const ID = 'test:charger'

function rig(initial: { on: boolean; currentA: number }, user: { enabled: boolean }) {
  const clock = manualClock(START)
  const state = { ...initial }
  const sent: [string, number | boolean][] = []
  /** The next switch command is taken by the charger, but its answer is lost (a cloud timing out). */
  let loseNextSwitchAnswer = false
  const reading = (): ChargerReading => ({
    connected: true,
    enabled: state.on,
    offeredA: state.on ? state.currentA : 0,
    powerW: state.on ? state.currentA * 230 : 0,
    activePhases: 1,
    sessionEnergyWh: 0,
    carSocPct: null,
    carFull: false,
    setpoint: { on: state.on, currentA: state.currentA },
  })
  const charger: Charger = {
    id: ID,
    label: 'Charger',
    phases: 1,
    pollMs: TICK_MS,
    current: {
      minA: 6,
      maxA: 32,
      stepA: 1,
      async setCurrent(a) {
        sent.push(['current', a])
        state.currentA = a
      },
    },
    switchable: {
      async setEnabled(on) {
        sent.push(['enabled', on])
        state.on = on
        if (loseNextSwitchAnswer) {
          loseNextSwitchAnswer = false
          throw new VendorError('offline', 'The charger’s cloud did not answer in time.')
        }
      },
    },
    async readCharger() {
      return reading()
    },
  }
  const settings = defaultSettings()
  settings.chargers[ID] = { mode: 'fast', enabled: user.enabled, limitA: 16, phase: 1 }
  const ownership = new ChargerOwnership()
  const logger = memoryLogger()
  const runtime = new SiteRuntime({ devices: { meter: null, battery: null, tariff: null, chargers: [charger] }, clock, logger, settings: () => settings, ownership })
  return {
    state,
    sent,
    settings,
    ownership,
    logger,
    runtime,
    loseNextSwitchAnswer: () => void (loseNextSwitchAnswer = true),
    async run(ms: number) {
      const until = clock.now() + ms
      while (clock.now() < until) {
        clock.advance(TICK_MS)
        await runtime.tick()
      }
    },
    decision: () => runtime.snapshot().chargers[0]!.decision,
  }
}

describe('while a change elsewhere waits to be confirmed', () => {
  it('a stop still goes out at once: safety first', async () => {
    const r = rig({ on: true, currentA: 16 }, { enabled: true })
    await r.run(5 * MINUTE_MS)
    expect(r.sent).toEqual([])

    // Someone sets 10 A in the vendor's app; in the same moment the user switches the charger off in Sunspill.
    r.state.currentA = 10
    r.settings.chargers[ID]!.enabled = false
    await r.run(TICK_MS)
    expect(r.sent).toEqual([['enabled', false]])
    expect(r.state.on).toBe(false)
    await r.run(5 * MINUTE_MS)
    expect(r.ownership.isYielded(ID)).toBe(false)
  })

  it('a raise waits for the next reading, which then confirms the change and Sunspill yields', async () => {
    const r = rig({ on: true, currentA: 16 }, { enabled: true })
    await r.run(5 * MINUTE_MS)
    r.state.currentA = 10
    await r.run(TICK_MS)
    expect(r.sent).toEqual([])
    await r.run(TICK_MS)
    expect(r.ownership.isYielded(ID)).toBe(true)
    await r.run(5 * MINUTE_MS)
    expect(r.sent).toEqual([])
    expect(r.state.currentA).toBe(10)
  })
})

describe('a command whose second write fails', () => {
  it('is still Sunspill’s: the charger’s new setting is not judged foreign', async () => {
    // Paused by the user in Sunspill: the paused charger is the starting point.
    const r = rig({ on: false, currentA: 6 }, { enabled: true })
    r.settings.chargers[ID]!.enabled = false
    await r.run(5 * MINUTE_MS)
    expect(r.sent).toEqual([])

    // Switched on: 16 A goes through; the switch is taken but its answer is lost.
    r.settings.chargers[ID]!.enabled = true
    r.loseNextSwitchAnswer()
    await r.run(TICK_MS)
    expect(r.sent).toEqual([
      ['current', 16],
      ['enabled', true],
    ])
    expect(r.logger.lines.some((l) => l.includes('Commanding Charger failed'))).toBe(true)
    expect(r.state).toEqual({ on: true, currentA: 16 })

    await r.run(10 * MINUTE_MS)
    expect(r.ownership.isYielded(ID)).toBe(false)
    expect(r.decision()?.reason).not.toMatch(/outside Sunspill/)
    expect(r.sent).toHaveLength(2)
  })
})
