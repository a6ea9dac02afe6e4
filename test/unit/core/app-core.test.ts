import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { NotificationEvent, SiteState } from '../../../src-shared/model'
import type { Settings } from '../../../src-shared/settings'
import { CONTROL_TICK_MS } from '../../../src-main/core/app-core'
import { startTestCore, SYDNEY_NOON, type TestCore } from '../helpers/core-host'

/** Advances simulated time tick by tick, as the scheduler would, collecting what the user sees. */
async function runFor(test: TestCore, ms: number) {
  const states: SiteState[] = []
  const notifications: NotificationEvent[] = []
  const offState = test.core.events.on('state:update', (s) => states.push(s))
  const offNote = test.core.events.on('notification', (n) => notifications.push(n))
  for (let t = 0; t < ms; t += CONTROL_TICK_MS) {
    test.clock.advance(CONTROL_TICK_MS)
    await test.core.handlers['charger:setLimit']({ chargerId: 'demo:charger', limitA: test.core.state().chargers[0]!.limitA })
  }
  offState()
  offNote()
  return { states, notifications }
}

/** The demo's midday price is negative; these tests are about the sun, so price rules stay off. */
async function solarOnly(test: TestCore, control: Partial<Settings['control']> = {}) {
  const { settings } = await test.core.handlers['settings:get']({})
  await test.core.handlers['settings:save']({ settings: { ...settings, control: { ...settings.control, cheapBelowCents: null, ...control } } })
}

describe('the core on the demo home', () => {
  it('lets the home battery fill first while it is below the priority SOC', async () => {
    const test = await startTestCore()
    await solarOnly(test)
    const { states } = await runFor(test, 10 * 60_000)
    const last = states.at(-1)!
    expect(last.flow.socPct!).toBeLessThan(80)
    expect(last.flow.batteryW!).toBeLessThan(-1000)
    expect(states.every((s) => s.chargers[0]!.powerW === 0)).toBe(true)
    expect(last.statusLine).toMatch(/^Waiting: .* more surplus needed to start$/)
  })

  it('charges the car from midday surplus in Solar mode without importing once the battery has priority covered', async () => {
    const test = await startTestCore()
    await solarOnly(test, { batteryPrioritySocPct: 30 })
    const { states } = await runFor(test, 20 * 60_000)
    const charging = states.filter((s) => s.chargers[0]!.status === 'charging')
    expect(charging.length).toBeGreaterThan(states.length / 2)
    const imports = charging.filter((s) => (s.flow.gridW ?? 0) > 500)
    expect(imports.length).toBeLessThan(charging.length / 10)
    expect(states.at(-1)!.statusLine).toMatch(/Charging .* from solar|Low surplus|Starting in/)
  })

  it('charges at full current when the price is negative, which is the default cheap-power rule', async () => {
    const test = await startTestCore()
    expect(test.core.state().price.now!.perKwhCents).toBeLessThan(0)
    test.clock.advance(CONTROL_TICK_MS)
    const state = await test.core.handlers['charger:setLimit']({ chargerId: 'demo:charger', limitA: 16 })
    expect(state.chargers[0]!.reason).toMatch(/^Cheap power at -[\d.]+ c\/kWh: charging at 16 A$/)
    expect(state.chargers[0]!.powerW).toBeGreaterThan(3000)
  })

  it('Fast makes the car draw power and Off stops it', async () => {
    const test = await startTestCore(SYDNEY_NOON + 7 * 3_600_000)
    const fast = await test.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'fast' })
    expect(fast.chargers[0]!.powerW).toBeGreaterThan(6000)
    expect(fast.flow.evW).toBe(fast.chargers[0]!.powerW)
    const off = await test.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'off' })
    expect(off.chargers[0]!.powerW).toBe(0)
    expect(off.chargers[0]!.reason).toBe('Off: not charging')
  })

  it('raises one notification for the evening spike', async () => {
    const test = await startTestCore(Date.parse('2026-11-19T17:00:00+11:00'))
    const { notifications } = await runFor(test, 2 * 3_600_000)
    const spikes = notifications.filter((n) => n.kind === 'spike')
    expect(spikes).toHaveLength(1)
    expect(spikes[0]!.title).toMatch(/^Price spike: \d+ c\/kWh$/)
  })

  it('remembers a mode across a restart', async () => {
    const first = await startTestCore()
    await first.core.handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'minsolar' })
    await first.core.stop()
    const second = await startTestCore(SYDNEY_NOON, first.dir)
    expect(second.core.state().chargers[0]!.mode).toBe('minsolar')
  })

  it('starts on defaults with a visible problem when the settings file is corrupt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunspill-core-'))
    writeFileSync(join(dir, 'settings.json'), 'not json at all')
    const test = await startTestCore(SYDNEY_NOON, dir)
    expect(test.core.state().settingsProblem).toContain('was kept as')
    expect((await test.core.handlers['settings:get']({})).problem).toContain('not valid JSON')
  })

  it('refuses a current limit outside the charger’s range with a sentence', async () => {
    const test = await startTestCore()
    await expect(test.core.handlers['charger:setLimit']({ chargerId: 'demo:charger', limitA: 40 })).rejects.toThrow(
      'The current limit must be between 6 A and 32 A.',
    )
  })
})
