/**
 * A tiny scenario for the benchmark's unit tests: one hour, constant sun and house, so every
 * figure can be worked out by hand.
 */
import type { z } from 'zod'
import { parseScenario, type Scenario } from '../../../src-main/bench/scenario'

export type ScenarioInput = z.input<typeof Scenario>

export function tinyInput(over: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    name: 'tiny',
    title: 'Tiny',
    goal: 'solar',
    start: '2026-01-15T12:00:00+11:00',
    hours: 1,
    site: { phases: 1, voltageV: 230, fuseA: 63 },
    pvW: 3000,
    houseW: 500,
    prices: { importCentsPerKwh: 30, feedInCentsPerKwh: 5, intervalMin: 30 },
    car: { arriveMin: 0, departMin: 60, capacityWh: 50_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 16, mode: 'solar', responseS: 0 },
    ...over,
  }
}

export const tiny = (over: Partial<ScenarioInput> = {}): Scenario => parseScenario(tinyInput(over), 'tiny')
