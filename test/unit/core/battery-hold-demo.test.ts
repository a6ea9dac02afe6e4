import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SiteState } from '../../../src-shared/model'
import { CONTROL_TICK_MS } from '../../../src-main/core/app-core'
import { BATTERY_HOLD_HINT } from '../../../src-main/core/site/state-view'
import { startTestCore, type TestCore } from '../helpers/core-host'

/** An evening at home: no sun, the car plugged in, the demo battery at half charge. */
const SYDNEY_EVENING = Date.parse('2026-11-19T20:00:00+11:00')

async function runFor(test: TestCore, ms: number): Promise<SiteState[]> {
  const states: SiteState[] = []
  for (let t = 0; t < ms; t += CONTROL_TICK_MS) {
    test.clock.advance(CONTROL_TICK_MS)
    states.push(await test.core.handlers['charger:takeControl']({ chargerId: 'demo:charger' }))
  }
  return states
}

async function holdBattery(test: TestCore, on: boolean) {
  const { settings } = await test.core.handlers['settings:get']({})
  await test.core.handlers['settings:save']({ settings: { ...settings, control: { ...settings.control, holdBatteryForHouse: on } } })
}

describe('the demo home keeps its battery for the house while Fast charges the car at night', () => {
  it('without the setting the battery empties into the car', async () => {
    const test = await startTestCore(SYDNEY_EVENING)
    await test.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'fast' })
    const states = await runFor(test, 10 * 60_000)
    const last = states.at(-1)!
    expect(last.chargers[0]!.powerW).toBeGreaterThan(3000)
    expect(last.flow.batteryW!).toBeGreaterThan(3000)
    expect(last.batteryHold).toBeNull()
    // The card says so, and where to change it.
    expect(last.chargers[0]).toMatchObject({ reason: 'Fast: charging at 32 A', note: BATTERY_HOLD_HINT })
    await test.core.stop()
  })

  it('with it the battery is held where it was, the grid carries the car, and the minimum comes back after', async () => {
    const test = await startTestCore(SYDNEY_EVENING)
    await holdBattery(test, true)
    const before = await test.core.handlers['battery:get']({})
    expect(before.settings?.minSocPct).toBe(10)
    await test.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'fast' })

    const charging = await runFor(test, 5 * 60_000)
    const last = charging.at(-1)!
    expect(last.chargers[0]!.powerW).toBeGreaterThan(3000)
    expect(last.batteryHold).toMatchObject({ heldAtPct: expect.any(Number), userMinSocPct: 10, problem: null })
    const heldAtPct = last.batteryHold!.heldAtPct!
    expect(Math.abs(last.flow.batteryW!)).toBeLessThan(100)
    expect(last.flow.gridW!).toBeGreaterThan(last.chargers[0]!.powerW)
    expect(last.flow.socPct!).toBeGreaterThanOrEqual(heldAtPct)
    expect(last.chargers[0]).toMatchObject({ reason: 'Fast: charging at 32 A', note: null })
    // The form shows the user's minimum, and why the battery holds more.
    const form = await test.core.handlers['battery:get']({})
    expect(form.settings?.minSocPct).toBe(10)
    expect(form.message).toMatch(new RegExp(`holds the battery at ${heldAtPct} %`))
    // Written down before the battery was changed, for a crash.
    expect(JSON.parse(readFileSync(join(test.dir, 'battery-hold.json'), 'utf8')).held).toMatchObject({ userMinSocPct: 10, heldAtPct })

    await test.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'off' })
    const after = await runFor(test, 11 * 60_000)
    expect(after.at(-1)!.batteryHold).toBeNull()
    // The house runs on the battery again.
    expect(after.at(-1)!.flow.batteryW!).toBeGreaterThan(100)
    expect((await test.core.handlers['battery:get']({})).settings?.minSocPct).toBe(10)
    await test.core.stop()
  })

  it('quitting gives the minimum back', async () => {
    const test = await startTestCore(SYDNEY_EVENING)
    await holdBattery(test, true)
    await test.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'fast' })
    const states = await runFor(test, 3 * 60_000)
    expect(states.at(-1)!.batteryHold?.heldAtPct).toEqual(expect.any(Number))
    await test.core.stop()
    expect(JSON.parse(readFileSync(join(test.dir, 'battery-hold.json'), 'utf8')).held).toBeNull()
  })
})
