import { describe, expect, it } from 'vitest'
import type { BatteryControl } from '../../../src-main/core/devices'
import { VendorError } from '../../../src-main/core/errors'
import type { BatterySettings } from '../../../src-shared/model'
import { at, charger, DAY_MS, HOUR_MS, localHour, makeHome, MINUTE_MS, sample, sampleUntil, SUMMER_WEDNESDAY, type FlowSample, type TestHome } from './helpers'

const CAPACITY_WH = 13_300
const CHARGE_EFFICIENCY = 0.95
const UNUSED = { start: '00:00', end: '00:00' }

const defaults: BatterySettings = {
  minSocPct: 10,
  maxSocPct: 100,
  gridCharge: { enabled: false, windows: [UNUSED, UNUSED] },
  discharge: { enabled: false, windows: [UNUSED, UNUSED] },
}

function control(test: TestHome): BatteryControl {
  const battery = test.home.battery
  if (!battery?.control) throw new Error('the demo battery has no settings control')
  return battery.control
}

function balanced(s: FlowSample): boolean {
  return Math.abs(s.pvW + s.gridW + s.batteryW - (s.houseW + s.evW)) <= 1
}

/** A summer night: no sun, the car not charging, so the house is the only load. */
function nightHome(hour: number): TestHome {
  return makeHome(at(SUMMER_WEDNESDAY, hour))
}

describe('demo battery settings', () => {
  it('starts with the settings it always had and says how it takes changes', async () => {
    const test = nightHome(22)
    expect(await control(test).readSettings()).toEqual(defaults)
    expect(control(test).writeLimits).toBe('The demo battery takes changes at once.')
  })

  it('reads back what was written, with times snapped to the quarter hour', async () => {
    const test = nightHome(22)
    const written: BatterySettings = {
      minSocPct: 20,
      maxSocPct: 90,
      gridCharge: { enabled: true, windows: [{ start: '01:07', end: '05:59' }, UNUSED] },
      discharge: { enabled: true, windows: [{ start: '17:14', end: '23:46' }, { start: '6:30', end: '08:00' }] },
    }
    const expected: BatterySettings = {
      minSocPct: 20,
      maxSocPct: 90,
      gridCharge: { enabled: true, windows: [{ start: '01:00', end: '05:45' }, UNUSED] },
      discharge: { enabled: true, windows: [{ start: '17:00', end: '23:45' }, { start: '06:30', end: '08:00' }] },
    }
    expect(await control(test).writeSettings(written)).toEqual(expected)
    const read = await control(test).readSettings()
    expect(read).toEqual(expected)
    read.minSocPct = 50
    expect((await control(test).readSettings()).minSocPct).toBe(20)
    expect(await test.home.battery!.readBattery()).toMatchObject({ minSocPct: 20, maxSocPct: 90 })
  })

  it('rejects a minimum at or above the maximum with a clear message and keeps discharging as before', async () => {
    const test = nightHome(22)
    const before = await sample(test)
    expect(before.batteryW).toBeGreaterThan(0)

    const write = control(test).writeSettings({ ...defaults, minSocPct: 60, maxSocPct: 60 })
    await expect(write).rejects.toBeInstanceOf(VendorError)
    await expect(write).rejects.toMatchObject({ kind: 'config', message: 'The minimum SOC must be below the maximum' })

    expect(await control(test).readSettings()).toEqual(defaults)
    test.clock.advance(10 * MINUTE_MS)
    const after = await sample(test)
    expect(after.batteryW).toBeGreaterThan(0)
    expect(after.socPct).toBeLessThan(before.socPct ?? NaN)
  })

  it('stops discharging at night once the minimum is raised above the SOC, and the house draws from the grid', async () => {
    const test = nightHome(20)
    const start = await sample(test)
    // Not read through the evening peak: that hour still ran under the old minimum.
    test.clock.advance(HOUR_MS)
    await control(test).writeSettings({ ...defaults, minSocPct: 60 })
    const atWrite = await sample(test)
    expect(atWrite.socPct).toBeLessThan((start.socPct ?? NaN) - 10)

    const samples = await sampleUntil(test, test.clock.now() + 3 * HOUR_MS, 5 * MINUTE_MS)
    for (const s of samples) {
      expect(balanced(s)).toBe(true)
      expect(s.batteryW).toBe(0)
      expect(s.gridW).toBe(s.houseW + s.evW - s.pvW)
      // Below the new minimum it waits for the sun rather than charging from the grid.
      expect(s.socPct).toBe(atWrite.socPct)
    }
  })

  it('with discharge time control discharges only inside its windows, also across midnight', async () => {
    const test = nightHome(22)
    await control(test).writeSettings({ ...defaults, discharge: { enabled: true, windows: [UNUSED, { start: '23:00', end: '01:00' }] } })

    const samples = await sampleUntil(test, at({ ...SUMMER_WEDNESDAY, day: SUMMER_WEDNESDAY.day + 1 }, 2), 5 * MINUTE_MS)
    // A minute's margin either side of the window's edges, which the 10 s steps straddle.
    const inside = samples.filter((s) => localHour(s.atMs) > 23.02 || localHour(s.atMs) < 0.98)
    const outside = samples.filter((s) => localHour(s.atMs) > 1.02 && localHour(s.atMs) < 22.98)
    expect(inside.length).toBeGreaterThan(20)
    expect(outside.length).toBeGreaterThan(20)
    for (const s of samples) expect(balanced(s)).toBe(true)
    for (const s of inside) {
      expect(s.batteryW).toBeGreaterThan(0)
      expect(Math.abs(s.gridW)).toBeLessThanOrEqual(1)
    }
    for (const s of outside) {
      expect(s.batteryW).toBe(0)
      expect(s.gridW).toBe(s.houseW + s.evW)
    }
  })

  it('charges from the grid at full power inside a grid-charge window and stops at the maximum SOC', async () => {
    const test = nightHome(23)
    await control(test).writeSettings({
      ...defaults,
      maxSocPct: 80,
      gridCharge: { enabled: true, windows: [{ start: '22:00', end: '04:00' }, UNUSED] },
    })
    const start = await sample(test)
    const halfHour = await sampleUntil(test, test.clock.now() + 30 * MINUTE_MS, MINUTE_MS)
    for (const s of halfHour) {
      expect(balanced(s)).toBe(true)
      expect(s.batteryW).toBe(-5000)
      expect(s.gridW).toBe(s.houseW + s.evW + 5000)
    }
    const after = await sample(test)
    const chargedWh = (5000 * (after.atMs - start.atMs)) / HOUR_MS
    const expectedSocPct = (start.socPct ?? NaN) + ((chargedWh * CHARGE_EFFICIENCY) / CAPACITY_WH) * 100
    // SOC is reported to 0.1 %.
    expect(Math.abs((after.socPct ?? NaN) - expectedSocPct)).toBeLessThanOrEqual(0.1)

    const rest = await sampleUntil(test, at({ ...SUMMER_WEDNESDAY, day: SUMMER_WEDNESDAY.day + 1 }, 3), MINUTE_MS)
    for (const s of rest) {
      expect(balanced(s)).toBe(true)
      expect(s.socPct).toBeLessThanOrEqual(80)
    }
    const full = rest.filter((s) => s.socPct === 80)
    expect(full.length).toBeGreaterThan(60)
    // Full, it holds its charge for later instead of covering the house.
    for (const s of full) {
      // A full battery reports -0 W on the charging side.
      expect(Math.abs(s.batteryW)).toBe(0)
      expect(s.gridW).toBe(s.houseW + s.evW)
    }
  })

  it('keeps energy balanced and SOC within its limits all day with both controls on', async () => {
    const test = makeHome(at(SUMMER_WEDNESDAY, 0))
    await charger(test.home).current.setCurrent(10)
    await control(test).writeSettings({
      minSocPct: 20,
      maxSocPct: 90,
      gridCharge: { enabled: true, windows: [{ start: '03:00', end: '04:00' }, { start: '11:00', end: '13:00' }] },
      discharge: { enabled: true, windows: [{ start: '17:00', end: '21:00' }, { start: '22:00', end: '02:00' }] },
    })
    const samples = await sampleUntil(test, test.clock.now() + DAY_MS, 7 * MINUTE_MS + 13_000)
    for (const s of samples) {
      expect(balanced(s)).toBe(true)
      expect(s.socPct).toBeGreaterThanOrEqual(20)
      expect(s.socPct).toBeLessThanOrEqual(90)
      expect(Math.abs(s.batteryW)).toBeLessThanOrEqual(5000)
    }
    expect(samples.some((s) => s.batteryW > 1000)).toBe(true)
    expect(samples.some((s) => s.batteryW < -1000)).toBe(true)
  })
})
