/** Two cars with departure plans cannot both have all of tomorrow's sun. */
import { describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import type { Charger, Meter } from '../../../src-main/core/devices'
import { SiteRuntime } from '../../../src-main/core/site/runtime'
import type { SolarOutlook } from '../../../src-main/core/site/solar-outlook'
import { defaultSettings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'

const EVENING = Date.parse('2026-01-15T18:00:00+11:00')

function charger(id: string): Charger {
  return {
    id,
    label: id,
    phases: 1,
    current: { minA: 6, maxA: 32, stepA: 1, setCurrent: async () => {} },
    switchable: { setEnabled: async () => {} },
    readCharger: async () => ({ connected: true, enabled: false, offeredA: 0, powerW: 0, activePhases: 1, sessionEnergyWh: 0, carSocPct: null, carFull: false }),
  }
}

async function planNotes(planned: string[]) {
  const meter: Meter = { id: 'm', label: 'Meter', readMeter: async () => ({ pvW: 0, houseW: 500, gridW: 500, gridPhases: null }) }
  const chargers = [charger('a'), charger('b')]
  const settings = defaultSettings()
  settings.site.timeZone = 'Australia/Sydney'
  for (const c of chargers) {
    settings.chargers[c.id] = { mode: 'solar', enabled: true, limitA: 32, phase: 1, plan: planned.includes(c.id) ? { enabled: true, readyBy: '15:00', energyKwh: 24 } : null }
  }
  const outlook = { carSolarWh: () => 18_000 } as unknown as SolarOutlook
  const runtime = new SiteRuntime({ devices: { meter, battery: null, tariff: null, chargers }, clock: manualClock(EVENING), logger: memoryLogger(), settings: () => settings, solarOutlook: outlook })
  const { snapshot } = await runtime.tick({ forceRead: true })
  return snapshot.chargers.map((c) => c.decision?.reason.split('. ')[0])
}

describe('the sun a plan counts on', () => {
  it('is all of it for the one car with a plan', async () => {
    expect(await planNotes(['a'])).toEqual(['Plan: 24.0 kWh by 15:00: 18.0 kWh expected from the sun', expect.not.stringContaining('Plan')])
  })

  it('is shared between two plugged-in cars with plans', async () => {
    expect(await planNotes(['a', 'b'])).toEqual([
      'Plan: 24.0 kWh by 15:00: 9.0 kWh expected from the sun',
      'Plan: 24.0 kWh by 15:00: 9.0 kWh expected from the sun',
    ])
  })
})
