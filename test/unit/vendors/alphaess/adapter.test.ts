import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BatterySettings } from '../../../../src-shared/model'
import type { Charger } from '../../../../src-main/core/devices'
import { createAlphaessSystem } from '../../../../src-main/core/vendors/alphaess/adapter'
import type { EvChargerConfig } from '../../../../src-main/core/vendors/alphaess/schemas'
import { defaultAlphaessFixture as f } from '../../../fakes/alphaess/server'
import { harness, type Harness } from './harness'
import { failure } from '../failure'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => h.close())

const pile: EvChargerConfig = { evchargerSn: f.evchargerSn, evchargerModel: f.evchargerModel }

function system(piles: EvChargerConfig[] = [pile]) {
  const devices = createAlphaessSystem({ accountId: 'acc', sysSn: f.sysSn, client: h.client(), clock: h.clock, logger: h.logger, piles })
  return { meter: devices.meter!, battery: devices.battery!, chargers: devices.chargers! }
}

describe('AlphaESS meter and battery', () => {
  it('read from one getLastPowerData per poll, in our units and signs', async () => {
    const { meter, battery } = system()
    const [m, b] = await Promise.all([meter.readMeter(), battery.readBattery()])
    expect(m).toEqual({
      pvW: 4321,
      houseW: 876,
      houseIncludesChargers: true,
      gridW: -1234,
      gridPhases: [
        { voltageV: null, currentA: null, powerW: -411 },
        { voltageV: null, currentA: null, powerW: -411 },
        { voltageV: null, currentA: null, powerW: -412 },
      ],
    })
    expect(b).toEqual({ socPct: 64.5, batteryW: -2211, capacityWh: 10_100, minSocPct: 10, maxSocPct: 95, maxChargeW: null, maxDischargeW: null })
    expect(h.calls('getLastPowerData')).toHaveLength(1)
    h.clock.advance(5_000)
    await meter.readMeter()
    expect(h.calls('getLastPowerData')).toHaveLength(1)
    h.clock.advance(10_000)
    h.fake.state.systems[f.sysSn]!.realtime.ppv = 100
    expect((await meter.readMeter()).pvW).toBe(100)
    expect(h.calls('getLastPowerData')).toHaveLength(2)
    expect(meter.pollMs).toBeGreaterThanOrEqual(10_000)
  })

  it('an all-null answer gives unknown readings, never zeros', async () => {
    h.fake.state.systems[f.sysSn]!.realtimeAllNull = true
    const { meter, battery } = system()
    expect(await meter.readMeter()).toEqual({ pvW: null, houseW: null, houseIncludesChargers: true, gridW: null, gridPhases: null })
    const b = await battery.readBattery()
    expect(b.socPct).toBeNull()
    expect(b.batteryW).toBeNull()
  })

  it('data:null with code 200 is also unknown', async () => {
    h.fake.state.faults.push({ endpoint: 'getLastPowerData', reply: { body: '{"code":200,"msg":"Success","expMsg":null,"data":null,"extra":null}' } })
    expect(await system().meter.readMeter()).toEqual({ pvW: null, houseW: null, houseIncludesChargers: true, gridW: null, gridPhases: null })
  })

  it('an offline system fails the reading with the offline sentence', async () => {
    h.fake.state.systems[f.sysSn]!.offline = true
    const error = await failure(system().meter.readMeter())
    expect(error.kind).toBe('offline')
  })

  it('a battery reading survives when capacity and limits cannot be read', async () => {
    h.fake.state.faults.push({ endpoint: 'getEssList', times: Infinity, reply: { code: 6026 } })
    h.fake.state.faults.push({ endpoint: 'getChargeConfigInfo', times: Infinity, reply: { body: 'garbage' } })
    const b = await system().battery.readBattery()
    expect(b).toMatchObject({ socPct: 64.5, capacityWh: null, maxSocPct: null, minSocPct: 10 })
  })
})

describe('AlphaESS battery settings', () => {
  const next: BatterySettings = {
    minSocPct: 20,
    maxSocPct: 90,
    gridCharge: {
      enabled: true,
      windows: [
        { start: '01:07', end: '05:59' },
        { start: '00:00', end: '00:00' },
      ],
    },
    discharge: {
      enabled: true,
      windows: [
        { start: '17:00', end: '21:20' },
        { start: '23:46', end: '23:59' },
      ],
    },
  }
  const snapped: BatterySettings = {
    minSocPct: 20,
    maxSocPct: 90,
    gridCharge: {
      enabled: true,
      windows: [
        { start: '01:00', end: '05:45' },
        { start: '00:00', end: '00:00' },
      ],
    },
    discharge: {
      enabled: true,
      windows: [
        { start: '17:00', end: '21:15' },
        { start: '23:45', end: '23:45' },
      ],
    },
  }

  it('reads both configs into our settings', async () => {
    h.fake.state.systems[f.sysSn]!.chargeConfig = { gridCharge: 1, batHighCap: 100, timeChaf1: '11:00', timeChae1: '14:00', timeChaf2: '00:00', timeChae2: '00:00' }
    const settings = await system().battery.control!.readSettings()
    expect(settings).toEqual({
      minSocPct: 10,
      maxSocPct: 100,
      gridCharge: {
        enabled: true,
        windows: [
          { start: '11:00', end: '14:00' },
          { start: '00:00', end: '00:00' },
        ],
      },
      discharge: {
        enabled: false,
        windows: [
          { start: '00:00', end: '00:00' },
          { start: '00:00', end: '00:00' },
        ],
      },
    })
  })

  it('round-trips with times snapped to quarter hours, writing all seven fields of each', async () => {
    const { battery } = system()
    const result = await battery.control!.writeSettings(next)
    expect(result).toEqual(snapped)
    expect(h.calls('updateChargeConfigInfo')[0]!.params).toEqual({
      sysSn: f.sysSn,
      batHighCap: 90,
      gridCharge: 1,
      timeChaf1: '01:00',
      timeChae1: '05:45',
      timeChaf2: '00:00',
      timeChae2: '00:00',
    })
    expect(h.calls('updateDisChargeConfigInfo')[0]!.params).toEqual({
      sysSn: f.sysSn,
      batUseCap: 20,
      ctrDis: 1,
      timeDisf1: '17:00',
      timeDise1: '21:15',
      timeDisf2: '23:45',
      timeDise2: '23:45',
    })
    expect(h.fake.state.systems[f.sysSn]!.dischargeConfig.batUseCap).toBe(20)
    h.clock.advance(60_000)
    expect(await battery.control!.readSettings()).toEqual(snapped)
    // The SOC limits in the battery reading follow the write.
    expect(await battery.readBattery()).toMatchObject({ minSocPct: 20, maxSocPct: 90 })
  })

  it('sends only the half that changed (each write counts against the limit)', async () => {
    const { battery } = system()
    const current = await battery.control!.readSettings()
    h.clock.advance(60_000)
    await battery.control!.writeSettings({ ...current, maxSocPct: 80 })
    expect(h.calls('updateChargeConfigInfo')).toHaveLength(1)
    expect(h.calls('updateDisChargeConfigInfo')).toHaveLength(0)
    expect(h.fake.state.systems[f.sysSn]!.chargeConfig.batHighCap).toBe(80)
  })

  it('a write the system ignores is read back, re-checked, and reported', async () => {
    h.fake.state.systems[f.sysSn]!.ignoreWrites = true
    const error = await failure(system().battery.control!.writeSettings(next))
    expect(error.kind).toBe('bad-response')
    expect(error.message).toContain("The AlphaESS system did not apply the battery's charge settings: maximum SOC is 95 instead of 90")
    expect(error.message).toContain('once every 10 minutes')
    expect(h.calls('getChargeConfigInfo').length).toBeGreaterThanOrEqual(2)
  })

  it('when only the second write fails, the sentence says the first was saved', async () => {
    h.fake.state.faults.push({ endpoint: 'updateDisChargeConfigInfo', reply: { code: 6008 } })
    const error = await failure(system().battery.control!.writeSettings(next))
    expect(error.message).toMatch(/^The charge settings were saved, the discharge settings were not\. The AlphaESS system did not apply/)
    expect(h.fake.state.systems[f.sysSn]!.chargeConfig.batHighCap).toBe(90)
  })

  it('rejects settings whose minimum is not below the maximum, before writing', async () => {
    const error = await failure(system().battery.control!.writeSettings({ ...next, minSocPct: 95 }))
    expect(error.kind).toBe('config')
    expect(error.message).toContain('minimum SOC must be below the maximum')
    expect(h.calls('updateChargeConfigInfo')).toHaveLength(0)
  })

  it('explains the write limits plainly', () => {
    expect(system().battery.control!.writeLimits).toContain('once every 10 minutes')
  })
})

describe('AlphaESS charging pile', () => {
  function setStatus(status: number) {
    h.fake.state.systems[f.sysSn]!.chargers[0]!.status = status
  }

  it('is identified by account and pile SN, with the model in the label and its limits', () => {
    const [charger] = system().chargers as [Charger]
    expect(charger.id).toBe(`acc:${f.evchargerSn}`)
    expect(charger.label).toBe('AlphaESS charger (SMILE-EVCT11)')
    expect(charger.phases).toBe(3)
    expect(charger.current).toMatchObject({ minA: 6, maxA: 16, stepA: 1 })
    expect(charger.switchable).toBeDefined()
  })

  it('reads a plugged-in, not started pile', async () => {
    const [charger] = system().chargers as [Charger]
    expect(await charger.readCharger()).toEqual({
      connected: true,
      enabled: false,
      offeredA: 0,
      powerW: 0,
      activePhases: 3,
      sessionEnergyWh: 0,
      carSocPct: null,
      carFull: false,
      phaseCurrentsA: null,
      locked: null,
      vendorStatus: 'Preparing (plugged in, not started)',
    })
  })

  it('starts, reads the charge, stops, and then reports Finishing', async () => {
    const [charger] = system().chargers as [Charger]
    await charger.switchable!.setEnabled(true)
    expect(h.calls('remoteControlEvCharger')[0]!.params).toMatchObject({ controlMode: 1 })
    const charging = await charger.readCharger()
    expect(charging).toMatchObject({ connected: true, enabled: true, offeredA: 16, powerW: 16 * 230 * 3, vendorStatus: 'Charging', carFull: false })
    await charger.current!.setCurrent(0)
    expect(h.calls('remoteControlEvCharger')[1]!.params).toMatchObject({ controlMode: 0 })
    expect(await charger.readCharger()).toMatchObject({ enabled: false, offeredA: 0, powerW: 0, carFull: true, vendorStatus: 'Finishing (charging ended)' })
  })

  const rules: [status: number, start: boolean, stop: boolean][] = [
    [1, false, false],
    [2, true, false],
    [3, false, true],
    [4, true, true],
    [5, true, true],
    [6, false, false],
    [9, false, false],
  ]
  for (const [status, start, stop] of rules) {
    it(`in status ${status} sends start: ${start}, stop: ${stop}`, async () => {
      setStatus(status)
      const [charger] = system().chargers as [Charger]
      await charger.switchable!.setEnabled(true)
      expect(h.calls('remoteControlEvCharger').length).toBe(start ? 1 : 0)
      setStatus(status)
      h.clock.advance(20_000)
      await charger.switchable!.setEnabled(false)
      expect(h.calls('remoteControlEvCharger').length).toBe((start ? 1 : 0) + (stop ? 1 : 0))
      expect(h.calls('remoteControlEvCharger').every((r) => r.code === 200)).toBe(true)
    })
  }

  it('sets the current, confirms it, and does not resend an unchanged value', async () => {
    const [charger] = system().chargers as [Charger]
    await charger.current!.setCurrent(10)
    expect(h.calls('setEvChargerCurrentsBySn').map((r) => r.params.currentsetting)).toEqual([10])
    expect(h.fake.state.systems[f.sysSn]!.currentsetting).toBe(10)
    expect(h.calls('getEvChargerCurrentsBySn').length).toBeGreaterThanOrEqual(1)
    await charger.current!.setCurrent(10)
    expect(h.calls('setEvChargerCurrentsBySn')).toHaveLength(1)
    await charger.current!.setCurrent(40)
    await charger.current!.setCurrent(2.6)
    expect(h.calls('setEvChargerCurrentsBySn').map((r) => r.params.currentsetting)).toEqual([10, 16, 6])
  })

  it('a current the system does not take is reported after the read-back', async () => {
    h.fake.state.systems[f.sysSn]!.ignoreWrites = true
    const [charger] = system().chargers as [Charger]
    const error = await failure(charger.current!.setCurrent(8))
    expect(error.message).toContain('did not apply the charger current setting: it reports 16 A instead of 8 A')
  })

  it('power is unknown, not zero, when live data is missing while charging', async () => {
    setStatus(3)
    h.fake.state.systems[f.sysSn]!.realtimeAllNull = true
    const [charger] = system().chargers as [Charger]
    const error = await failure(charger.readCharger())
    expect(error.kind).toBe('offline')
    expect(error.message).toContain('sent no figure for its power')
  })

  it('a pile that is not charging draws 0 W even without live data', async () => {
    h.fake.state.systems[f.sysSn]!.realtimeAllNull = true
    const [charger] = system().chargers as [Charger]
    expect((await charger.readCharger()).powerW).toBe(0)
  })

  it('with two piles each reads its own slot of pevDetail', async () => {
    const second = { evchargerSn: 'EVCS7B0098765', evchargerModel: 'SMILE-EVCS7', status: 3, powerW: 7000 }
    h.fake.state.systems[f.sysSn]!.chargers.push(second)
    const [a, b] = system([pile, { evchargerSn: second.evchargerSn, evchargerModel: second.evchargerModel }]) .chargers as [Charger, Charger]
    expect(b.phases).toBe(1)
    expect(b.current!.maxA).toBe(32)
    expect((await b.readCharger()).powerW).toBe(7000)
    expect((await a.readCharger()).powerW).toBe(0)
  })
})
