import { describe, expect, it } from 'vitest'
import {
  at,
  charger,
  DAY_MS,
  HOUR_MS,
  makeHome,
  MINUTE_MS,
  sample,
  sampleUntil,
  SUMMER_WEDNESDAY,
  sydney,
} from './helpers'

const CHARGE_EFFICIENCY = 0.95

describe('demo home energy balance', () => {
  const layouts = [
    { name: 'single-phase supply', site: { phases: 1 as const }, account: { chargerPhases: 1 as const } },
    { name: 'three-phase supply, single-phase charger on L2', site: { phases: 3 as const }, account: { chargerPhases: 1 as const }, chargerPhase: 2 as const },
    { name: 'three-phase supply and charger', site: { phases: 3 as const }, account: { chargerPhases: 3 as const } },
  ]

  for (const layout of layouts) {
    it(`pv + grid + battery = house + ev all day, phases sum to the grid (${layout.name})`, async () => {
      const test = makeHome(at(SUMMER_WEDNESDAY, 0), layout)
      await charger(test.home).current.setCurrent(10)
      const samples = await sampleUntil(test, test.clock.now() + DAY_MS, 7 * MINUTE_MS + 13_000)
      expect(samples.length).toBeGreaterThan(190)
      expect(samples.some((s) => s.evW > 0)).toBe(true)
      expect(samples.some((s) => s.pvW > 0)).toBe(true)
      for (const s of samples) {
        expect(Math.abs(s.pvW + s.gridW + s.batteryW - (s.houseW + s.evW))).toBeLessThanOrEqual(1)
        expect(s.phasePowersW).toHaveLength(layout.site.phases)
        expect(Math.abs(s.phasePowersW.reduce((sum, w) => sum + w, 0) - s.gridW)).toBeLessThanOrEqual(1)
      }
    })
  }

  it('reports phase voltages near nominal and currents that match power, signed like it', async () => {
    const test = makeHome(at(SUMMER_WEDNESDAY, 0), { site: { phases: 3 } })
    for (let i = 0; i < 48; i++) {
      const meter = await test.home.meter.readMeter()
      for (const phase of meter.gridPhases ?? []) {
        expect(Math.abs((phase.voltageV ?? 0) - sydney.voltageV)).toBeLessThanOrEqual(5)
        expect(phase.currentA).toBeCloseTo((phase.powerW ?? NaN) / (phase.voltageV ?? NaN), 1)
        if (Math.abs(phase.powerW ?? 0) >= 5) expect(Math.sign(phase.currentA ?? 0)).toBe(Math.sign(phase.powerW ?? 0))
      }
      test.clock.advance(30 * MINUTE_MS)
    }
  })

  it('splits the house unevenly over three phases and puts a single-phase charger on its own phase', async () => {
    // No battery and no sun, so the phase split shows the house and the car alone.
    const test = makeHome(at(SUMMER_WEDNESDAY, 23), {
      site: { phases: 3 },
      account: { batteryKwh: 0, chargerPhases: 1 },
      chargerPhase: 2,
    })
    const before = await test.home.meter.readMeter()
    const houseW = before.houseW ?? NaN
    const shares = (before.gridPhases ?? []).map((phase) => (phase.powerW ?? NaN) / houseW)
    expect(shares[0]).toBeGreaterThan(shares[1] ?? NaN)
    expect(shares[1]).toBeGreaterThan(shares[2] ?? NaN)

    await charger(test.home).current.setCurrent(16)
    const after = await test.home.meter.readMeter()
    const evW = 16 * sydney.voltageV
    const deltas = (after.gridPhases ?? []).map((phase, i) => (phase.powerW ?? NaN) - (before.gridPhases?.[i]?.powerW ?? NaN))
    expect(deltas[1]).toBeCloseTo(evW, -1)
    expect(Math.abs(deltas[0] ?? NaN)).toBeLessThanOrEqual(1)
    expect(Math.abs(deltas[2] ?? NaN)).toBeLessThanOrEqual(1)
  })
})

describe('demo battery', () => {
  it('keeps SOC within its window and power within its limits over several days', async () => {
    const test = makeHome(at(SUMMER_WEDNESDAY, 0))
    await charger(test.home).current.setCurrent(16)
    const reading = await test.home.battery!.readBattery()
    expect(reading).toMatchObject({ socPct: 50, minSocPct: 10, maxSocPct: 100, maxChargeW: 5000, maxDischargeW: 5000, capacityWh: 13_300 })

    const samples = await sampleUntil(test, test.clock.now() + 4 * DAY_MS, 10 * MINUTE_MS)
    for (const s of samples) {
      expect(s.socPct).toBeGreaterThanOrEqual(10)
      expect(s.socPct).toBeLessThanOrEqual(100)
      expect(Math.abs(s.batteryW)).toBeLessThanOrEqual(5000)
    }
    expect(samples.some((s) => s.batteryW < -1000)).toBe(true)
    expect(samples.some((s) => s.batteryW > 1000)).toBe(true)
    expect(Math.max(...samples.map((s) => s.socPct ?? 0))).toBeGreaterThanOrEqual(99.9)
  })

  it('charges from surplus and discharges to cover a deficit, so the grid stays near zero', async () => {
    const test = makeHome(at(SUMMER_WEDNESDAY, 0))
    const samples = await sampleUntil(test, test.clock.now() + DAY_MS, 5 * MINUTE_MS)
    for (const s of samples) {
      const surplusW = s.pvW - s.houseW - s.evW
      const roomToCharge = (s.socPct ?? 0) < 99.9
      const roomToDischarge = (s.socPct ?? 0) > 10.1
      if (surplusW > 0 && surplusW < 4000 && roomToCharge) expect(Math.abs(s.gridW)).toBeLessThanOrEqual(1)
      if (surplusW < 0 && surplusW > -4000 && roomToDischarge) expect(Math.abs(s.gridW)).toBeLessThanOrEqual(1)
      if (surplusW > 0) expect(s.batteryW).toBeLessThanOrEqual(0)
      if (surplusW < 0) expect(s.batteryW).toBeGreaterThanOrEqual(0)
    }
  })

  it('moves its SOC by the energy it reports, less charging losses', async () => {
    const test = makeHome(at(SUMMER_WEDNESDAY, 9))
    const start = await test.home.battery!.readBattery()
    // Reads every 10 s line up with the simulation's own steps, so the sum is the integral.
    let storedWh = 0
    for (let i = 0; i < 360; i++) {
      const { batteryW } = await test.home.battery!.readBattery()
      const energyWh = ((batteryW ?? 0) * 10) / 3600
      storedWh += energyWh < 0 ? -energyWh * CHARGE_EFFICIENCY : -energyWh
      test.clock.advance(10_000)
    }
    const end = await test.home.battery!.readBattery()
    const movedWh = (((end.socPct ?? 0) - (start.socPct ?? 0)) / 100) * 13_300
    expect(Math.abs(storedWh)).toBeGreaterThan(500)
    // SOC is reported to 0.1 %: 13.3 Wh on each end.
    expect(Math.abs(movedWh - storedWh)).toBeLessThanOrEqual(30)
  })

  it('stops at the minimum SOC and leaves the rest to the grid', async () => {
    const test = makeHome(at(SUMMER_WEDNESDAY, 18), { account: { batteryKwh: 2 } })
    const samples = await sampleUntil(test, test.clock.now() + 12 * HOUR_MS, 5 * MINUTE_MS)
    const atMinimum = samples.filter((s) => (s.socPct ?? 0) <= 10)
    expect(atMinimum.length).toBeGreaterThan(10)
    for (const s of atMinimum) {
      expect(s.batteryW).toBeLessThanOrEqual(0)
      if (s.pvW === 0) expect(s.gridW).toBe(s.houseW + s.evW)
    }
  })

  it('without a battery there is no battery device and the grid covers everything', async () => {
    const test = makeHome(at(SUMMER_WEDNESDAY, 0), { account: { batteryKwh: 0 } })
    expect(test.home.battery).toBeNull()
    await charger(test.home).current.setCurrent(16)
    const samples = await sampleUntil(test, test.clock.now() + DAY_MS, 10 * MINUTE_MS)
    for (const s of samples) expect(s.gridW).toBe(s.houseW + s.evW - s.pvW)
    expect(samples.some((s) => s.gridW < 0)).toBe(true)
  })
})

describe('demo devices', () => {
  it('have the documented ids and labels', async () => {
    const { home } = makeHome(at(SUMMER_WEDNESDAY, 12), { account: { id: 'acc1' } })
    expect(home.meter).toMatchObject({ id: 'acc1:meter', label: 'Demo meter' })
    expect(home.battery).toMatchObject({ id: 'acc1:battery', label: 'Demo battery' })
    expect(home.tariff).toMatchObject({ id: 'acc1:tariff', label: 'Demo prices', currency: 'AUD', unit: 'c/kWh' })
    expect(home.chargers).toHaveLength(1)
    expect(home.chargers[0]).toMatchObject({ id: 'acc1:charger', label: 'Demo charger', phases: 1 })
    expect(home.chargers[0].current).toMatchObject({ minA: 6, maxA: 32, stepA: 1 })
  })

  it('never goes back in time: an earlier clock reads the latest state', async () => {
    const test = makeHome(at(SUMMER_WEDNESDAY, 10))
    test.clock.advance(2 * HOUR_MS)
    const later = await sample(test)
    test.clock.set(at(SUMMER_WEDNESDAY, 11))
    const earlierClock = await sample(test)
    expect({ ...earlierClock, atMs: 0 }).toEqual({ ...later, atMs: 0 })
  })

  it('fast-forwards a clock that jumped weeks ahead and stays consistent', async () => {
    const test = makeHome(at(SUMMER_WEDNESDAY, 10))
    await sample(test)
    test.clock.advance(60 * DAY_MS)
    const s = await sample(test)
    expect(Math.abs(s.pvW + s.gridW + s.batteryW - (s.houseW + s.evW))).toBeLessThanOrEqual(1)
    expect(s.socPct).toBeGreaterThanOrEqual(10)
    expect(s.socPct).toBeLessThanOrEqual(100)
    const prices = await test.home.tariff.readPrices()
    expect(prices.find((p) => p.kind === 'current')?.startMs).toBeLessThanOrEqual(test.clock.now())
  })
})
