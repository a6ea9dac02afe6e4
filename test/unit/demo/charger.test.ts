import { describe, expect, it } from 'vitest'
import { at, charger, HOUR_MS, makeHome, MINUTE_MS, SUMMER_SATURDAY, SUMMER_WEDNESDAY, sydney } from './helpers'

const SUMMER_TUESDAY = { year: 2025, month: 1, day: 14 }
const CAR_BATTERY_WH = 60_000
const CAR_EFFICIENCY = 0.9
const VOLTAGE_V = sydney.voltageV

describe('demo charger', () => {
  it('starts enabled, offering nothing, with the car plugged in at 35 %', async () => {
    const { home } = makeHome(at(SUMMER_SATURDAY, 20))
    expect(await charger(home).readCharger()).toMatchObject({
      connected: true,
      enabled: true,
      offeredA: 0,
      powerW: 0,
      sessionEnergyWh: 0,
      carSocPct: 35,
      carFull: false,
    })
  })

  it('draws the offered current times phases times voltage', async () => {
    const single = makeHome(at(SUMMER_SATURDAY, 20))
    await charger(single.home).current.setCurrent(16)
    expect(await charger(single.home).readCharger()).toMatchObject({ offeredA: 16, activePhases: 1, powerW: 16 * VOLTAGE_V })

    const three = makeHome(at(SUMMER_SATURDAY, 20), { site: { phases: 3 }, account: { chargerPhases: 3 } })
    expect(charger(three.home).phases).toBe(3)
    await charger(three.home).current.setCurrent(16)
    expect(await charger(three.home).readCharger()).toMatchObject({ offeredA: 16, activePhases: 3, powerW: 16 * 3 * VOLTAGE_V })

    // The meter sees the car: the sources cover the house plus the car.
    const meter = await three.home.meter.readMeter()
    const battery = await three.home.battery!.readBattery()
    expect((meter.pvW ?? 0) + (meter.gridW ?? 0) + (battery.batteryW ?? 0)).toBe((meter.houseW ?? 0) + 16 * 3 * VOLTAGE_V)
  })

  it('draws nothing when disabled or set to 0, and resumes when enabled again', async () => {
    const { home } = makeHome(at(SUMMER_SATURDAY, 20))
    await charger(home).current.setCurrent(16)
    await charger(home).switchable.setEnabled(false)
    expect(await charger(home).readCharger()).toMatchObject({ enabled: false, offeredA: 16, powerW: 0 })
    await charger(home).switchable.setEnabled(true)
    expect((await charger(home).readCharger()).powerW).toBe(16 * VOLTAGE_V)
    await charger(home).current.setCurrent(0)
    expect(await charger(home).readCharger()).toMatchObject({ enabled: true, offeredA: 0, powerW: 0 })
  })

  it('rejects currents outside 6–32 A or between whole amps, naming the range', async () => {
    const { home } = makeHome(at(SUMMER_SATURDAY, 20))
    await charger(home).current.setCurrent(10)
    for (const bad of [40, 6.5, 5, -6, 33, Number.NaN]) {
      await expect(charger(home).current.setCurrent(bad)).rejects.toThrow(/6 to 32 A/)
    }
    expect((await charger(home).readCharger()).offeredA).toBe(10)
    await expect(charger(home).current.setCurrent(6)).resolves.toBeUndefined()
    await expect(charger(home).current.setCurrent(32)).resolves.toBeUndefined()
  })

  it('raises the car SOC by the energy delivered, less charging losses', async () => {
    const { home, clock } = makeHome(at(SUMMER_SATURDAY, 20))
    await charger(home).current.setCurrent(16)
    clock.advance(HOUR_MS)
    const reading = await charger(home).readCharger()
    const deliveredWh = 16 * VOLTAGE_V
    expect(reading.sessionEnergyWh).toBeCloseTo(deliveredWh, -1)
    expect(reading.carSocPct).toBeCloseTo(35 + ((deliveredWh * CAR_EFFICIENCY) / CAR_BATTERY_WH) * 100, 1)
  })

  it('stops drawing once the car reaches its own 80 % limit', async () => {
    const { home, clock } = makeHome(at(SUMMER_SATURDAY, 20), { site: { phases: 3 }, account: { chargerPhases: 3 } })
    await charger(home).current.setCurrent(32)
    const powerW = 32 * 3 * VOLTAGE_V
    const neededWh = (((80 - 35) / 100) * CAR_BATTERY_WH) / CAR_EFFICIENCY
    const hoursToFull = neededWh / powerW

    clock.advance(hoursToFull * HOUR_MS - 5 * MINUTE_MS)
    expect(await charger(home).readCharger()).toMatchObject({ carFull: false, powerW })

    clock.advance(10 * MINUTE_MS)
    const full = await charger(home).readCharger()
    expect(full).toMatchObject({ connected: true, carFull: true, powerW: 0, carSocPct: 80 })
    expect(full.sessionEnergyWh).toBeGreaterThanOrEqual(neededWh - 1)
    expect(full.sessionEnergyWh).toBeLessThanOrEqual(neededWh + (powerW * 10) / 3600 + 1)

    const meter = await home.meter.readMeter()
    const battery = await home.battery!.readBattery()
    expect((meter.pvW ?? 0) + (meter.gridW ?? 0) + (battery.batteryW ?? 0)).toBe(meter.houseW)
  })
})

describe('demo car schedule', () => {
  it('leaves at 07:45 on a weekday and comes back at 09:30 with less charge and a new session', async () => {
    const { home, clock } = makeHome(at(SUMMER_TUESDAY, 22))
    await charger(home).current.setCurrent(10)

    clock.set(at(SUMMER_WEDNESDAY, 7, 44))
    const beforeLeaving = await charger(home).readCharger()
    expect(beforeLeaving).toMatchObject({ connected: true, powerW: 10 * VOLTAGE_V, carFull: false })
    expect(beforeLeaving.sessionEnergyWh).toBeGreaterThan(10_000)
    const socAtDepartureMax = (beforeLeaving.carSocPct ?? NaN) + 0.2

    clock.set(at(SUMMER_WEDNESDAY, 7, 46))
    expect(await charger(home).readCharger()).toMatchObject({ connected: false, powerW: 0, carSocPct: null, carFull: false })
    clock.set(at(SUMMER_WEDNESDAY, 9, 29))
    expect((await charger(home).readCharger()).connected).toBe(false)

    clock.set(at(SUMMER_WEDNESDAY, 9, 30))
    const back = await charger(home).readCharger()
    expect(back).toMatchObject({ connected: true, sessionEnergyWh: 0, powerW: 10 * VOLTAGE_V })
    expect(back.carSocPct).toBeLessThanOrEqual(socAtDepartureMax - 8)
    expect(back.carSocPct).toBeGreaterThanOrEqual((beforeLeaving.carSocPct ?? NaN) - 15)

    clock.advance(30 * MINUTE_MS)
    expect((await charger(home).readCharger()).sessionEnergyWh).toBeCloseTo((10 * VOLTAGE_V) / 2, -1)
  })

  it('stays plugged in all weekend', async () => {
    const { home, clock } = makeHome(at(SUMMER_SATURDAY, 0))
    for (let t = at(SUMMER_SATURDAY, 0); t < at(SUMMER_SATURDAY, 0) + 48 * HOUR_MS; t += 15 * MINUTE_MS) {
      clock.set(t)
      expect((await charger(home).readCharger()).connected).toBe(true)
    }
  })

  it('starts away when the demo opens during the commute', async () => {
    const { home, clock } = makeHome(at(SUMMER_WEDNESDAY, 8))
    expect(await charger(home).readCharger()).toMatchObject({ connected: false, carSocPct: null })
    clock.set(at(SUMMER_WEDNESDAY, 9, 30))
    const back = await charger(home).readCharger()
    expect(back.connected).toBe(true)
    expect(back.carSocPct).toBeLessThanOrEqual(35 - 8)
    expect(back.carSocPct).toBeGreaterThanOrEqual(35 - 15)
  })
})
