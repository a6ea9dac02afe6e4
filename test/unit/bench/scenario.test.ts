import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeScenarios, scenarioJson } from '../../../src-main/bench/make-scenarios'
import { parseScenarioText, ScenarioError, seriesAt } from '../../../src-main/bench/scenario'
import { pastDaysReader } from '../../../src-main/bench/run-loop'
import { tiny, tinyInput } from './tiny'

const dir = resolve(__dirname, '../../../resources/bench-scenarios')

describe('benchmark scenario files', () => {
  it('rejects a bad file with a message naming each field and what is wrong', () => {
    const bad = tinyInput() as Record<string, unknown>
    bad.site = { phases: 2, voltageV: 230 }
    bad.charger = { kind: 'dimmer', phases: 1 }
    bad.car = { arriveMin: 30, departMin: 10, capacityWh: 1000, phases: 1 }
    let error: unknown
    try {
      parseScenarioText(JSON.stringify(bad), 'bad.json')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ScenarioError)
    const message = (error as Error).message
    expect(message).toContain('bad.json is not a valid benchmark scenario')
    expect(message).toContain('site.phases: phases must be 1 or 3')
    expect(message).toContain('site.fuseA')
    expect(message).toContain('charger.kind: charger.kind must be "current" or "onoff"')
    expect(message).toContain('car: departMin must be after arriveMin')
  })

  it('says so when the file is not JSON at all', () => {
    expect(() => parseScenarioText('{ "name": ', 'broken.json')).toThrow(/broken.json is not valid JSON/)
  })

  it('rejects unknown fields, so a typo does not silently fall back to a default', () => {
    expect(() => parseScenarioText(JSON.stringify({ ...tinyInput(), batery: null }), 'typo.json')).toThrow(/batery/)
  })

  it('ships at least the twelve scenarios of the issue, each valid', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
    const names = files.map((f) => parseScenarioText(readFileSync(join(dir, f), 'utf8'), f).name)
    expect(names.length).toBeGreaterThanOrEqual(12)
    for (const wanted of [
      'clear-summer-day',
      'overcast-day',
      'fast-clouds',
      'winter-low-sun',
      'single-phase-site',
      'three-phase-site',
      'small-fuse-heavy-house',
      'evening-price-spike',
      'negative-midday-prices',
      'export-curtailment',
      'departure-deadline',
      'onoff-charger',
    ])
      expect(names).toContain(wanted)
  })

  it('the shipped files are exactly what their generator makes', () => {
    for (const s of makeScenarios()) expect(readFileSync(join(dir, `${s.name}.json`), 'utf8'), s.name).toBe(scenarioJson(s))
  })

  it('interpolates series linearly or holds them, and holds the end values outside', () => {
    const points = { points: [[0, 0], [10, 100]] as [number, number][] }
    expect(seriesAt(points, 5)).toBe(50)
    expect(seriesAt({ ...points, interpolate: 'step' }, 5)).toBe(0)
    expect(seriesAt(points, -3)).toBe(0)
    expect(seriesAt(points, 99)).toBe(100)
    expect(seriesAt({ everyMin: 2, values: [10, 20, 40] }, 3)).toBe(30)
    expect(seriesAt({ everyMin: 2, values: [10, 20, 40] }, 3, 'step')).toBe(20)
    expect(seriesAt(7, 1234)).toBe(7)
  })
})

describe('the past days a scenario gives the planner', () => {
  it('reads as minute samples of the day profile, at local time, only before the start', () => {
    // A profile that is 0 before noon and 4 kW after, house 500 W.
    const s = tiny({ pastDays: { pvW: { points: [[719, 0], [720, 4000]], interpolate: 'step' }, houseW: 500 } })
    const read = pastDaysReader(s, 'Australia/Sydney')
    const start = Date.parse(s.start)
    const yesterdayNoon = start - 24 * 3_600_000
    const rows = read(yesterdayNoon - 2 * 60_000, yesterdayNoon + 2 * 60_000)
    expect(rows.map((r) => [r.tMs - yesterdayNoon, r.pvW, r.houseW])).toEqual([
      [-60_000, 0, 500],
      [0, 0, 500],
      [60_000, 4000, 500],
      [120_000, 4000, 500],
    ])
    expect(read(start - 60_000, start + 10 * 60_000).map((r) => r.tMs)).toEqual([start])
    expect(pastDaysReader(tiny(), 'Australia/Sydney')(yesterdayNoon, start)).toEqual([])
  })
})

