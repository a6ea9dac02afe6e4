/**
 * The history as the core records it: a simulated day on the demo home, tick by tick, then the
 * History channels' answers checked against the CSV of the samples, and again after a restart.
 */
import { describe, expect, it } from 'vitest'
import { amberFixture } from '../../fakes/amber/fixture'
import { startAmberFake } from '../../fakes/amber/server'
import { startTestCore, type TestCore } from '../helpers/core-host'

const MONDAY_6AM = Date.parse('2026-11-23T06:00:00+11:00')
const STEP_MS = 60_000

async function runFor(test: TestCore, ms: number) {
  for (let t = 0; t < ms; t += STEP_MS) {
    test.clock.advance(STEP_MS)
    // Any handler that commits runs a tick; the limit is unchanged.
    await test.core.handlers['charger:setLimit']({ chargerId: 'demo:charger', limitA: 32 })
  }
}

function parseCsv(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split('\r\n')
  const names = header!.split(',')
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v])))
}

describe('the core records the day', () => {
  it('statistics, sessions and the CSV agree after a simulated day, and after a restart', async () => {
    const test = await startTestCore(MONDAY_6AM)
    await runFor(test, 14 * 3_600_000)
    const { handlers } = test.core

    const stats = await handlers['history:stats']({ days: 7 })
    expect(stats.energyWh).toBeGreaterThan(5000)
    expect(stats.sessions).toBeGreaterThan(0)
    // Only the demo home has run: its days are shown, as the demo's.
    expect(stats.demo).toBe('shown')

    const { csv, rows } = await handlers['history:exportCsv']({ from: stats.fromMs, to: stats.toMs, kind: 'samples' })
    const samples = parseCsv(csv)
    expect(samples).toHaveLength(rows)
    expect(samples.every((r) => r.source === 'demo')).toBe(true)
    expect(rows).toBeGreaterThan(14 * 60 - 5)
    const sum = (key: string) => samples.reduce((s, r) => s + Number(r[key] || 0), 0)
    expect(sum('ev_energy_wh')).toBeCloseTo(stats.energyWh, 1)
    expect(sum('ev_solar_wh') / sum('ev_energy_wh') * 100).toBeCloseTo(stats.solarSharePct!, 3)
    expect(sum('ev_cost_c')).toBeCloseTo(stats.costCents, 2)
    // Energy is the car's power over time.
    expect(samples.reduce((s, r) => s + (Number(r.ev_w) * Number(r.duration_s)) / 3600, 0)).toBeCloseTo(stats.energyWh, 0)

    const { sessions } = await handlers['history:sessions']({})
    expect(sessions.reduce((s, x) => s + x.energyWh, 0)).toBeCloseTo(stats.energyWh, 6)
    expect(sessions.reduce((s, x) => s + x.solarWh, 0)).toBeCloseTo(stats.solarWh, 6)
    expect(sessions.every((s) => s.chargerName.length > 0)).toBe(true)

    const today = await handlers['history:today']({})
    expect(today.points.length).toBeGreaterThan(14 * 12 - 2)
    expect(today.points.some((p) => p.evW > 1000)).toBe(true)
    expect(today.prices.length).toBeGreaterThan(14 * 12 - 2)
    expect(today.totals.energyWh).toBeCloseTo(stats.energyWh, 6)
    expect(today.dayStartMs).toBe(Date.parse('2026-11-23T00:00:00+11:00'))

    const sessionsCsv = parseCsv((await handlers['history:exportCsv']({ from: stats.fromMs, to: stats.toMs, kind: 'sessions' })).csv)
    expect(sessionsCsv).toHaveLength(sessions.length)

    // A restart on the same folder, a minute later, shows the same figures.
    await handlers['charger:setMode']({ chargerId: 'demo:charger', mode: 'off' })
    const before = await handlers['history:stats']({ days: 7 })
    await test.core.stop()
    const again = await startTestCore(test.clock.now() + 60_000, test.dir)
    const after = await again.core.handlers['history:stats']({ days: 7 })
    expect(after.energyWh).toBeCloseTo(before.energyWh, 9)
    expect(after.solarSharePct).toBeCloseTo(before.solarSharePct!, 9)
    expect(after.costCents).toBeCloseTo(before.costCents, 9)
    expect(after.sessions).toBe(before.sessions)
    await again.core.stop()
  }, 120_000)

  it('an Amber account, once saved with its site, brings in its price history and yesterday’s usage', async () => {
    const test = await startTestCore(MONDAY_6AM + 9 * 3_600_000)
    const amber = await startAmberFake({ now: () => test.clock.now() })
    try {
      const account = { kind: 'amber' as const, id: 'amber-1', name: 'Amber', baseUrl: amber.url, siteId: amberFixture.activeSite.id }
      const saved = await test.core.handlers['accounts:save']({ account, secrets: { token: amber.token } })
      expect(saved.ok).toBe(true)
      const yesterday = { from: MONDAY_6AM - 30 * 3_600_000, to: MONDAY_6AM - 6 * 3_600_000, kind: 'samples' as const }
      await expect
        .poll(async () => parseCsv((await test.core.handlers['history:exportCsv'](yesterday)).csv).filter((r) => r.source === 'imported').length, {
          timeout: 15_000,
        })
        .toBeGreaterThan(200)
      const today = await test.core.handlers['history:today']({})
      expect(today.prices.length).toBeGreaterThan(12 * 12)
      // Amber's metered usage is the user's own: the demo's simulated day gives way to it.
      expect(today.demo).toBe('hidden')
    } finally {
      await test.core.stop()
      await amber.close()
    }
  })
})
