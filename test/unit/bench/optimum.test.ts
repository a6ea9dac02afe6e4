import { describe, expect, it } from 'vitest'
import { buildModel, solveOptimum } from '../../../src-main/bench/optimum'
import { tiny } from './tiny'

describe('the perfect-foresight optimum (HiGHS MILP) on one-hour scenarios with known answers', () => {
  it('constant sun: the car takes exactly the 2.53 kW surplus (11 A) for the whole hour', async () => {
    // PV 3000 W, house 470 W, a 6–16 A single-phase car: 2530 W is 11 A at 230 V.
    const o = await solveOptimum(tiny({ houseW: 470 }))
    expect(o.status).toBe('Optimal')
    expect(o.evWh).toBeCloseTo(2530, 3)
    expect(o.solarToEvWh).toBeCloseTo(2530, 3)
    expect(o.gridToEvWh).toBeCloseTo(0, 3)
    // The car costs the feed-in it displaces: 2.53 kWh × 5 c.
    expect(o.costCents).toBeCloseTo(12.65, 3)
    expect(o.starts).toBe(1)
    expect(o.currentChanges).toBe(0)
  })

  it('whole amps, as a charger takes them: 2.5 kW of surplus (10.9 A) gets 11 A, 30 W of it from the grid', async () => {
    // 10 A would leave 200 W of sun unused; 11 A catches it for 30 W of grid.
    const o = await solveOptimum(tiny())
    expect(o.evWh).toBeCloseTo(2530, 3)
    expect(o.solarToEvWh).toBeCloseTo(2500, 3)
    expect(o.gridToEvWh).toBeCloseTo(30, 3)
    for (const slot of o.slots) expect(slot.evW / 230).toBeCloseTo(Math.round(slot.evW / 230), 6)
  })

  it('an on/off charger (3.68 kW) runs all hour: 2.5 kWh of solar is worth the 1.18 kWh from the grid', async () => {
    const o = await solveOptimum(tiny({ charger: { kind: 'onoff', phases: 1, maxA: 16, mode: 'solar', responseS: 0 } }))
    expect(o.evWh).toBeCloseTo(3680, 3)
    expect(o.solarToEvWh).toBeCloseTo(2500, 3)
    expect(o.gridToEvWh).toBeCloseTo(1180, 3)
  })

  it('cheapest charging: 1.38 kWh needed, 40 c in the first half hour and 10 c in the second', async () => {
    const s = tiny({
      goal: 'cost',
      pvW: 0,
      houseW: 0,
      prices: { importCentsPerKwh: { points: [[0, 40], [30, 10]], interpolate: 'step' }, feedInCentsPerKwh: 0, intervalMin: 30 },
      // 6 A for an hour: a whole number of amps in the cheap half hour meets it exactly.
      car: { arriveMin: 0, departMin: 60, needWh: 1380, capacityWh: 40_000, phases: 1, maxA: 32 },
    })
    const o = await solveOptimum(s)
    expect(o.evWh).toBeCloseTo(1380, 3)
    expect(o.costCents).toBeCloseTo(13.8, 3)
    expect(o.missingWh).toBeCloseTo(0, 6)
    const firstHalf = o.slots.filter((p) => p.startMs < Date.parse(s.start) + 30 * 60_000)
    expect(firstHalf).toHaveLength(6)
    expect(firstHalf.every((p) => p.evW < 1e-6)).toBe(true)
  })

  it('the fuse caps the car: 20 A of house on a 30 A fuse leaves 10 A, and the rest goes missing', async () => {
    const s = tiny({
      goal: 'cost',
      pvW: 0,
      houseW: 4600,
      site: { phases: 1, voltageV: 230, fuseA: 30 },
      car: { arriveMin: 0, departMin: 60, needWh: 10_000, capacityWh: 40_000, phases: 1, maxA: 32 },
    })
    const o = await solveOptimum(s)
    expect(o.evWh).toBeCloseTo(2300, 3)
    expect(o.missingWh).toBeCloseTo(7700, 3)
    expect(o.costCents).toBeCloseTo(2.3 * 30, 3)
  })

  it('writes a model HiGHS reads: one binary per plugged slot, no exponents', () => {
    const { lp } = buildModel(tiny(), { withCar: true })
    expect(lp.match(/\bu_\d+/g)!.length).toBeGreaterThanOrEqual(12)
    expect(lp).toMatch(/^Minimize\n/)
    expect(lp).not.toMatch(/\de[-+]?\d/)
  })
})
