import { describe, expect, it } from 'vitest'
import { loopFigures, maxInWindow } from '../../../src-main/bench/metrics'
import { SimHome } from '../../../src-main/bench/physics'
import { runBaseline, runLoop } from '../../../src-main/bench/run-loop'
import { tiny } from './tiny'

const MIN_MS = 60_000

describe('the simulated home', () => {
  it('conserves energy every second, with the battery, the car and curtailment all busy', () => {
    const s = tiny({
      hours: 2,
      pvW: { points: [[0, 6000], [30, 500], [60, 7000], [120, 1000]] },
      houseW: { everyMin: 1, values: Array.from({ length: 121 }, (_, m) => 400 + (m % 7) * 300) },
      prices: { importCentsPerKwh: 30, feedInCentsPerKwh: { points: [[0, 5], [60, -4]], interpolate: 'step' }, intervalMin: 30 },
      site: { phases: 3, voltageV: 230, fuseA: 40, curtailAtNegativeFeedIn: true },
      battery: { capacityWh: 5000, socPct: 50, maxChargeW: 3000, maxDischargeW: 2500, chargeEfficiency: 0.9, dischargeEfficiency: 0.92 },
      car: { arriveMin: 10, departMin: 110, capacityWh: 50_000, phases: 3, maxA: 16 },
      charger: { kind: 'current', phases: 3, minA: 6, maxA: 16, mode: 'solar', responseS: 20 },
    })
    const sim = new SimHome(s)
    const t0 = sim.f.startMs
    let stored = sim.totals.batteryStartWh
    let checked = 0
    for (let sec = 0; sec < 7200; sec++) {
      const atMs = t0 + sec * 1000
      if (sec === 15 * 60) (sim.setEnabled(true), sim.setCurrent(16))
      if (sec === 40 * 60) sim.setCurrent(6)
      if (sec === 70 * 60) sim.setCurrent(11)
      if (sec === 90 * 60) sim.setEnabled(false)
      sim.advanceTo(atMs + 1000)
      const x = sim.lastFlows!
      expect(x.atMs).toBe(atMs)
      const importW = Math.max(0, x.gridW)
      const exportW = Math.max(0, -x.gridW)
      const chargeW = Math.max(0, -x.batteryW)
      const dischargeW = Math.max(0, x.batteryW)
      expect(x.pvW + importW + dischargeW).toBeCloseTo(x.houseW + x.evW + exportW + chargeW, 6)
      // The per-phase currents add up to the grid power.
      expect(x.phaseCurrentsA.reduce((a, b) => a + b, 0) * 230).toBeCloseTo(x.gridW, 6)
      expect(x.pvW).toBeLessThanOrEqual(x.pvAvailableW + 1e-9)
      stored += (chargeW * 0.9 - dischargeW / 0.92) / 3600
      checked++
    }
    const t = sim.totals
    expect(checked).toBe(7200)
    expect(t.pvWh + t.importWh + t.batteryDischargeWh).toBeCloseTo(t.houseWh + t.evWh + t.exportWh + t.batteryChargeWh, 3)
    expect(t.solarToEvWh + t.batteryToEvWh + t.gridToEvWh).toBeCloseTo(t.evWh, 6)
    expect(t.batteryEndWh).toBeCloseTo(stored, 3)
    expect(t.curtailedWh).toBeGreaterThan(0)
    expect(t.evWh).toBeGreaterThan(0)
  })

  it('shows each source as of its cadence and delay', () => {
    const s = tiny({ pvW: { points: [[0, 0], [60, 6000]] }, data: { meter: { cadenceS: 60, delayS: 30 }, battery: { cadenceS: 60, delayS: 30 }, charger: { cadenceS: 60, delayS: 30 }, tariff: { cadenceS: 300, delayS: 0 } } })
    const sim = new SimHome(s, { warmupS: 600 })
    const t0 = sim.f.startMs
    sim.advanceTo(t0 + 10 * MIN_MS + 45_000)
    // At 10:45 the newest sample that is 30 s old is the one taken at 10:00.
    const seen = sim.sample(t0 + 10 * MIN_MS + 45_000, s.data.meter)
    expect(seen.atMs).toBe(t0 + 10 * MIN_MS)
    expect(seen.flows.pvW).toBeCloseTo(1000, 6)
    // Before the start, the warm-up's samples answer.
    expect(sim.sample(t0 + 10_000, s.data.meter).atMs).toBe(t0 - 60_000)
  })
})

describe('a charger that switches phases', () => {
  const threePhase = {
    site: { phases: 3 as const, voltageV: 230, fuseA: 32, houseShareByPhase: [1, 1, 1] as [number, number, number] },
    car: { arriveMin: 0, departMin: 60, capacityWh: 50_000, phases: 3 as const, maxA: 16 },
    charger: { kind: 'current' as const, phases: 3 as const, minA: 6, maxA: 16, mode: 'solar' as const, responseS: 0, phaseSwitch: true },
  }

  it('puts the car on its supply phase alone when switched to one phase, and says so', () => {
    const sim = new SimHome(tiny({ ...threePhase, pvW: 0, houseW: 0 }))
    sim.setEnabled(true)
    sim.setCurrent(10)
    sim.setPhases(1)
    sim.advanceTo(sim.f.startMs + 2000)
    const x = sim.lastFlows!
    expect(x.evW).toBe(10 * 230)
    expect(x.phaseCurrentsA.map((a) => Math.round(a * 10) / 10)).toEqual([10, 0, 0])
    expect(sim.chargerState(x.atMs).activePhases).toBe(1)
  })

  it('is refused for a charger that cannot, and in a scenario that is not three-phase', () => {
    expect(() => new SimHome(tiny()).setPhases(1)).toThrow('cannot switch phases')
    expect(() => tiny({ charger: { ...threePhase.charger, phases: 1 } })).toThrow(/phaseSwitch needs a three-phase charger/)
  })
})

describe('metrics on a one-hour scenario worked out by hand', () => {
  it('a car at 10 A under constant sun: energies, solar share, cost, starts and changes', () => {
    // PV 3000 W, house 500 W, no battery, 230 V single phase; feed-in 5 c, import 30 c.
    const s = tiny()
    const sim = new SimHome(s)
    sim.setEnabled(true)
    sim.setCurrent(10) // 2300 W, applied at once (responseS 0)
    sim.advanceTo(sim.f.startMs + 30 * MIN_MS)
    sim.setCurrent(12) // 2760 W for the second half hour: 260 W more than the 2500 W surplus
    sim.advanceTo(sim.f.endMs)
    const t = sim.totals
    expect(t.evWh).toBeCloseTo(1150 + 1380, 6)
    expect(t.solarToEvWh).toBeCloseTo(1150 + 1250, 6)
    expect(t.gridToEvWh).toBeCloseTo(130, 6)
    expect(t.exportWh).toBeCloseTo(100, 6)
    expect(t.importWh).toBeCloseTo(130, 6)
    // Bill: 0.13 kWh × 30 c − 0.1 kWh × 5 c = 3.4 c. Without the car: −2.5 kWh × 5 c = −12.5 c.
    expect(t.billCents).toBeCloseTo(3.4, 6)
    const f = loopFigures(s, t, runBaseline(s), 0)
    expect(f.costCents).toBeCloseTo(3.4 + 12.5, 6)
    expect(f.evKwh).toBeCloseTo(2.53, 6)
    expect(f.solarShare).toBeCloseTo(2400 / 2530, 6)
    expect(f.startsPerHour).toBe(1)
    expect(f.maxStartsInHour).toBe(1)
    expect(f.currentChangesPerHour).toBe(1)
    expect(f.fuseOverS).toBe(0)
    expect(f.missingKwh).toBe(0)
  })

  it('counts seconds above the fuse after the first 10 s of each excursion, and energy missing at departure', () => {
    // Night, 25 A fuse, house 460 W (2 A); the car takes 24 A (fine), then 32 A for 10 minutes
    // (34 A on the phase), then 24 A, then 32 A again for 5 s (one short excursion, not counted).
    const s = tiny({
      pvW: 0,
      houseW: 460,
      site: { phases: 1, voltageV: 230, fuseA: 25 },
      charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, mode: 'fast', responseS: 0 },
      car: { arriveMin: 0, departMin: 60, needWh: 30_000, capacityWh: 40_000, phases: 1, maxA: 32 },
    })
    const sim = new SimHome(s)
    const t0 = sim.f.startMs
    sim.setEnabled(true)
    sim.setCurrent(20)
    sim.advanceTo(t0 + 10 * MIN_MS)
    sim.setCurrent(32)
    sim.advanceTo(t0 + 20 * MIN_MS)
    sim.setCurrent(20)
    sim.advanceTo(t0 + 30 * MIN_MS)
    sim.setCurrent(32)
    sim.advanceTo(t0 + 30 * MIN_MS + 5000)
    sim.setCurrent(20)
    sim.advanceTo(sim.f.endMs)
    const t = sim.totals
    expect(t.fuseOverTotalS).toBe(600 + 5)
    expect(t.fuseOverS).toBe(600 - 10)
    expect(t.maxPhaseA).toBeCloseTo(34, 6)
    const deliveredWh = (20 * 230 * (3600 - 605) + 32 * 230 * 605) / 3600
    expect(t.deliveredByDepartWh).toBeCloseTo(deliveredWh, 6)
    const f = loopFigures(s, t, runBaseline(s), 0)
    expect(f.missingKwh).toBeCloseTo((30_000 - deliveredWh) / 1000, 6)
    expect(f.currentChangesPerHour).toBe(4)
    expect(f.fuseOverS).toBe(590)
  })

  it('finds the busiest hour of starts', () => {
    const m = MIN_MS
    expect(maxInWindow([])).toBe(0)
    expect(maxInWindow([0, 10 * m, 59 * m, 60 * m, 61 * m])).toBe(4)
    expect(maxInWindow([0, 30 * m, 60 * m, 90 * m])).toBe(2)
    expect(maxInWindow([0, 20 * m, 40 * m, 50 * m, 119 * m])).toBe(4)
  })
})

describe('the real loop in the simulated home', () => {
  it('charges from the surplus through the runtime and the device interfaces', async () => {
    const s = tiny({ hours: 1 })
    const run = await runLoop(s)
    const t = run.totals
    // 2500 W of surplus: after the start delay and the data's delay the car takes about 10 A.
    expect(t.evWh).toBeGreaterThan(1000)
    expect(t.solarToEvWh / t.evWh).toBeGreaterThan(0.8)
    expect(t.starts.length).toBeGreaterThanOrEqual(1)
    expect(run.warnings).toBe(0)
    expect(t.rejectedCommands).toBe(0)
  })
})
