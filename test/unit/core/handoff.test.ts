import { describe, expect, it } from 'vitest'
import type { Charger } from '../../../src-main/core/devices'
import { defaultHandoff, handOffChargers } from '../../../src-main/core/site/handoff'
import { defaultSettings, type Settings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'
import { startRig } from '../vendors/wallbox/helpers'
import { SYDNEY_NOON, startTestCore } from '../helpers/core-host'

function withHandoff(chargerId: string, handoff: NonNullable<Settings['chargers'][string]['handoff']>): Settings {
  const settings = defaultSettings()
  return { ...settings, chargers: { [chargerId]: { mode: 'solar', enabled: true, limitA: 32, phase: 1, handoff } } }
}

describe('hand-off when Sunspill stops controlling', () => {
  it('quitting pauses a car that was fast-charging on the demo home', async () => {
    const test = await startTestCore(SYDNEY_NOON + 7 * 3_600_000)
    const fast = await test.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'fast' })
    expect(fast.chargers[0]!.powerW).toBeGreaterThan(5000)
    await test.core.stop()
    expect(test.host.logger.tail(5).join('\n')).toContain('Hand-off (quit): Demo charger paused')
  })

  it('hands a Wallbox back to its own schedule, through its cloud', async () => {
    const rig = await startRig()
    try {
      const wallbox = rig.charger()
      await wallbox.readCharger()
      expect(defaultHandoff(wallbox)).toBe('vendor')
      const [outcome] = await handOffChargers([wallbox], defaultSettings(), 'suspend', memoryLogger(), 3_000)
      expect(outcome).toMatchObject({ policy: 'vendor', ok: true })
      expect(rig.fake.state.resumeSchedules).toBe(1)
      expect(rig.fake.state.remoteActions).toEqual([9])
    } finally {
      await rig.close()
    }
  })

  it('follows the owner’s choice: minimum current, or leave it as it was', async () => {
    const rig = await startRig()
    try {
      const wallbox = rig.charger()
      await wallbox.readCharger()
      const [left] = await handOffChargers([wallbox], withHandoff(wallbox.id, 'leave'), 'shutdown', memoryLogger(), 3_000)
      expect(left).toMatchObject({ policy: 'leave', message: 'left as it was' })
      expect(rig.fake.state.remoteActions).toEqual([])
      const [minimum] = await handOffChargers([wallbox], withHandoff(wallbox.id, 'minimum'), 'shutdown', memoryLogger(), 3_000)
      expect(minimum).toMatchObject({ policy: 'minimum', ok: true, message: 'left at 6 A' })
    } finally {
      await rig.close()
    }
  })

  it('never waits longer than its bound for a cloud that does not answer', async () => {
    const hanging: Charger = {
      id: 'slow:1',
      label: 'Slow charger',
      phases: 1,
      readCharger: () => new Promise(() => undefined),
      switchable: { setEnabled: () => new Promise(() => undefined) },
    }
    const started = Date.now()
    const [outcome] = await handOffChargers([hanging], defaultSettings(), 'quit', memoryLogger(), 200)
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(outcome).toMatchObject({ policy: 'pause', ok: false })
    expect(outcome!.message).toContain('no answer within')
  })
})
