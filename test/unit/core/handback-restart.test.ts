/**
 * A charger handed back to its own mode at quit (a Charge Amps schedule) may report itself on
 * while its schedule decides. After the next start Sunspill must say on or off outright once,
 * as it does after sleep, or the car waits on the schedule while the popover says it charges.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Charger, SiteDevices } from '../../../src-main/core/devices'
import { ControlWatch } from '../../../src-main/core/site/control-watch'
import type { Snapshot } from '../../../src-main/core/site/runtime'
import { handBackFile } from '../../../src-main/core/site/handback-file'
import { defaultSettings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'

const charger: Charger = {
  id: 'ca:garage',
  label: 'Garage',
  phases: 1,
  switchable: { setEnabled: async () => {} },
  handBack: { label: 'its schedule', run: async () => {} },
  readCharger: async () => ({ connected: true, enabled: true, offeredA: 16, powerW: 0, activePhases: 1, sessionEnergyWh: 0, carSocPct: null, carFull: false }),
}

const devices: SiteDevices = { meter: null, battery: null, tariff: null, chargers: [charger] }
const quietTick = { nowMs: 0, meter: null, battery: null, prices: [], chargers: [], trackers: [] } as Snapshot

function rig() {
  const path = join(mkdtempSync(join(tmpdir(), 'sunspill-handback-')), 'control-handbacks.json')
  const logger = memoryLogger()
  const watch = () => new ControlWatch({ logger, yieldStore: null, handBackStore: handBackFile(path, logger), handOffTimeoutMs: 1000, nowMs: 0 })
  return { path, logger, watch }
}

describe('a charger handed back to its own mode at quit', () => {
  it('is told on or off outright at the next start, once', async () => {
    const { watch } = rig()
    await watch().handOff([charger], defaultSettings(), 'quit')
    const next = watch()
    expect(next.ownership.takeReassert(charger.id)).toBe(true)
    expect(next.ownership.takeReassert(charger.id)).toBe(false)
    // Said: after the tick, a third start has nothing left to take back.
    await next.afterTick(quietTick, devices, defaultSettings())
    expect(watch().ownership.takeReassert(charger.id)).toBe(false)
  })

  it('is still remembered when Sunspill quits again before it was taken back', async () => {
    const { watch } = rig()
    await watch().handOff([charger], defaultSettings(), 'quit')
    const next = watch()
    await next.afterTick(quietTick, devices, defaultSettings())
    await next.handOff([charger], defaultSettings(), 'quit')
    expect(watch().ownership.takeReassert(charger.id)).toBe(true)
  })

  it('survives a quit whose own hand-off fails after an earlier one succeeded', async () => {
    const { watch } = rig()
    let cloudDown = false
    const flaky: Charger = { ...charger, handBack: { label: 'its schedule', run: async () => (cloudDown ? Promise.reject(new Error('cloud down')) : undefined) } }
    const running = watch()
    // All data stale: handed back to its schedule; then the user quits while the cloud is down.
    await running.handOff([flaky], defaultSettings(), 'stale')
    cloudDown = true
    await running.handOff([flaky], defaultSettings(), 'quit')
    expect(watch().ownership.takeReassert(charger.id)).toBe(true)
  })

  it('is remembered only for a quit or shutdown: sleep keeps the process and its list', async () => {
    const { watch } = rig()
    await watch().handOff([charger], defaultSettings(), 'suspend')
    expect(watch().ownership.takeReassert(charger.id)).toBe(false)
    await watch().handOff([charger], defaultSettings(), 'shutdown')
    expect(watch().ownership.takeReassert(charger.id)).toBe(true)
  })

  it('is not remembered when the hand-back failed or the policy was to pause', async () => {
    const { watch } = rig()
    const failing: Charger = { ...charger, handBack: { label: 'its schedule', run: async () => Promise.reject(new Error('cloud down')) } }
    await watch().handOff([failing], defaultSettings(), 'quit')
    expect(watch().ownership.takeReassert(charger.id)).toBe(false)
    const paused = defaultSettings()
    paused.chargers[charger.id] = { mode: 'solar', enabled: true, limitA: 16, phase: 1, handoff: 'pause' }
    await watch().handOff([charger], paused, 'quit')
    expect(watch().ownership.takeReassert(charger.id)).toBe(false)
  })

  it('starts clean from an unreadable file, and says so', () => {
    const { watch, path, logger } = rig()
    writeFileSync(path, 'not json')
    expect(watch().ownership.takeReassert(charger.id)).toBe(false)
    expect(logger.lines.some((l) => l.includes('could not be read'))).toBe(true)
  })
})
