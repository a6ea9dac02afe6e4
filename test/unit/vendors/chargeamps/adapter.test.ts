import { afterEach, describe, expect, it } from 'vitest'
import type { Charger } from '../../../../src-main/core/devices'
import { VendorError } from '../../../../src-main/core/errors'
import { createChargeAmpsCharger, REBOOT_CONFIRM } from '../../../../src-main/core/vendors/chargeamps/adapter'
import { CHARGE_AMPS_FIXTURE, fakeChargePoint, fakeConnector, type ChargeAmpsFakeOptions } from '../../../fakes/chargeamps/server'
import { nextPoll, startHarness, type Harness } from './harness'

const CP = CHARGE_AMPS_FIXTURE.chargePointId
/** The fixture's phase voltages: L1 231.0, L2 230.2, L3 232.1. */
const VOLTS = 231.0 + 230.2 + 232.1
let h: Harness

afterEach(async () => {
  await h?.close()
})

async function chargerOn(fake: ChargeAmpsFakeOptions = {}, connectorId = 1): Promise<Charger> {
  h = await startHarness({ fake })
  return createChargeAmpsCharger({ accountId: 'ca', accountName: 'My Charge Amps', chargePointId: CP, connectorId, client: h.client, timeZone: 'Europe/Stockholm' })
}

describe('Charge Amps charger readings', () => {
  it('reads a charging car: power from Σ I·V, per-phase currents, the vendor word', async () => {
    const charger = await chargerOn()
    const reading = await charger.readCharger()
    expect(reading).toMatchObject({
      connected: true,
      enabled: true,
      offeredA: 16,
      powerW: Math.round(16 * VOLTS),
      activePhases: 3,
      phaseCurrentsA: [16, 16, 16],
      carFull: false,
      vendorStatus: 'Charging',
    })
    expect(charger.id).toBe(`ca:${CP}:1`)
    expect(charger.label).toBe(CHARGE_AMPS_FIXTURE.chargePointName)
    expect(charger.phases).toBe(3)
    expect(charger.current).toMatchObject({ minA: 6, maxA: 16, stepA: 1 })
    expect(charger.pollMs).toBeGreaterThanOrEqual(30_000)
  })

  it.each([
    ['charging', () => undefined],
    ['paused', () => (h.fake.state.connector().settings.maxCurrent = 0)],
    ['full', () => (h.fake.state.connector().car.full = true)],
    ['unplugged', () => h.fake.state.unplug()],
  ])('reads a %s car the same whether statuses come as words or as numeric codes', async (_name, arrange) => {
    const readIn = async (statusForm: 'word' | 'number') => {
      const charger = await chargerOn({ statusForm })
      arrange()
      const reading = await charger.readCharger()
      const raw = h.fake.requests.length
      await h.close()
      return { reading, raw }
    }
    const asWords = await readIn('word')
    const asNumbers = await readIn('number')
    expect(asNumbers.reading).toEqual(asWords.reading)
    expect(asNumbers.raw).toBe(asWords.raw)
  })

  it('gets numeric codes from the fake when asked, so the test above compares two forms', async () => {
    const charger = await chargerOn({ statusForm: 'number' })
    await charger.readCharger()
    const status = await h.client.status(CP)
    expect(status.connectorStatuses?.[0]?.status).toBe('2')
  })

  it('reads numeric codes by the protocol: "1" is Charging on CAPI, Preparing on OCPP', async () => {
    const charger = await chargerOn({ statusForm: 'number', chargePoints: [fakeChargePoint({ id: CP, ocppVersion: null })] })
    const reading = await charger.readCharger()
    expect(reading.vendorStatus).toBe('Charging')
    expect(reading.connected).toBe(true)
  })

  it('follows a new current: offered at once, power and phases once the cloud reports', async () => {
    const charger = await chargerOn()
    await charger.readCharger()
    await charger.current!.setCurrent(10)
    const right = await charger.readCharger()
    expect(right.offeredA).toBe(10)
    nextPoll(h)
    const later = await charger.readCharger()
    expect(later.phaseCurrentsA).toEqual([10, 10, 10])
    expect(later.powerW).toBe(Math.round(10 * VOLTS))
  })

  it('pauses with 0 A: no measurements means 0 A per phase, not an error', async () => {
    const charger = await chargerOn()
    await charger.current!.setCurrent(0)
    nextPoll(h)
    const reading = await charger.readCharger()
    expect(reading).toMatchObject({ connected: true, offeredA: 0, powerW: 0, phaseCurrentsA: [0, 0, 0], vendorStatus: 'SuspendedEVSE' })
  })

  it('switches with mode On and Off, keeping the current setting', async () => {
    const charger = await chargerOn()
    await charger.switchable!.setEnabled(false)
    expect(h.fake.state.connector().settings).toMatchObject({ mode: 'Off', maxCurrent: 16 })
    expect(await charger.readCharger()).toMatchObject({ enabled: false, offeredA: 0 })
    await charger.switchable!.setEnabled(true)
    nextPoll(h)
    expect(await charger.readCharger()).toMatchObject({ enabled: true, offeredA: 16, powerW: Math.round(16 * VOLTS) })
  })

  it('counts the session energy as the car charges', async () => {
    const charger = await chargerOn()
    await charger.readCharger()
    h.clock.advance(3_600_000)
    const reading = await charger.readCharger()
    expect(reading.sessionEnergyWh).toBeGreaterThan(11_000)
    expect(reading.sessionEnergyWh).toBe(Math.round(16 * VOLTS))
  })

  it('learns one phase from a single-phase car', async () => {
    const chargePoint = fakeChargePoint({ id: CP, connectors: [fakeConnector(CP, { car: { connected: true, maxA: 32, phases: 1, full: false } })] })
    const charger = await chargerOn({ chargePoints: [chargePoint] })
    const reading = await charger.readCharger()
    expect(reading.activePhases).toBe(1)
    expect(reading.phaseCurrentsA).toEqual([16, 0, 0])
    expect(charger.phases).toBe(1)
  })

  it('reports a full car and an unplugged one', async () => {
    const charger = await chargerOn()
    h.fake.state.tick()
    h.fake.state.connector().car.full = true
    expect(await charger.readCharger()).toMatchObject({ connected: true, carFull: true, powerW: 0, vendorStatus: 'SuspendedEV' })
    h.fake.state.unplug()
    nextPoll(h)
    expect(await charger.readCharger()).toMatchObject({ connected: false, carFull: false, sessionEnergyWh: 0, vendorStatus: 'Available' })
  })

  it('fails the read with an offline sentence while the chargepoint is offline', async () => {
    const charger = await chargerOn()
    h.fake.state.chargePoint().online = false
    const error = await charger.readCharger().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VendorError)
    expect((error as VendorError).kind).toBe('offline')
    expect((error as VendorError).message).toContain(CHARGE_AMPS_FIXTURE.chargePointName)
  })
})

describe('Charge Amps charger settings page', () => {
  it('shows mode, current and the read-only facts', async () => {
    const charger = await chargerOn()
    const value = async (id: string) => charger.fields!.find((f) => f.id === id)!.read()
    expect(await value('mode')).toBe('On')
    expect(await value('maxCurrent')).toBe(16)
    expect(await value('installationCurrent')).toBe(16)
    expect(await value('firmware')).toBe('184')
    expect(await value('protocol')).toBe('OCPP 1.6')
    const readOnly = charger.fields!.filter((f) => !f.write).map((f) => f.id)
    expect(readOnly).toEqual(expect.arrayContaining(['installationCurrent', 'firmware', 'hardware', 'protocol']))
  })

  it('writes mode, locks and light through the fields', async () => {
    const charger = await chargerOn()
    const field = (id: string) => charger.fields!.find((f) => f.id === id)!
    await field('mode').write!('Schedule')
    await field('cableLock').write!(true)
    await field('dimmer').write!('High')
    expect(h.fake.state.connector().settings).toMatchObject({ mode: 'Schedule', cableLock: true, rfidLock: false, maxCurrent: 16 })
    expect(h.fake.state.chargePoint().settings).toMatchObject({ dimmer: 'High' })
    await expect(field('downLight').write!(true)).rejects.toMatchObject({ kind: 'not-supported' })
    await expect(field('mode').write!('Turbo')).rejects.toMatchObject({ kind: 'config' })
  })

  it('restarts the charger after asking, and it drops offline for a while', async () => {
    const charger = await chargerOn()
    const reboot = charger.actions!.find((a) => a.id === 'reboot')!
    expect(reboot.confirm).toBe(REBOOT_CONFIRM)
    expect(await reboot.run()).toMatch(/restarting/)
    expect(h.fake.state.chargePoint().reboots).toBe(1)
    await expect(charger.readCharger()).rejects.toMatchObject({ kind: 'offline' })
    h.clock.advance(61_000)
    expect(await charger.readCharger()).toMatchObject({ vendorStatus: 'Charging' })
  })

  it('stops a session and starts it again with the account’s RFID tag', async () => {
    const charger = await chargerOn()
    await charger.readCharger()
    const action = (id: string) => charger.actions!.find((a) => a.id === id)!
    await action('remoteStop').run()
    expect(await charger.readCharger()).toMatchObject({ powerW: 0 })
    await action('remoteStart').run()
    expect(await charger.readCharger()).toMatchObject({ powerW: Math.round(16 * VOLTS) })
    const start = h.fake.requests.find((r) => r.path.endsWith('/remotestart'))
    expect(start?.body).toEqual({ rfidLength: 4, rfidFormat: 'Hex', rfid: 'A1B2C3D4' })
  })

  it('explains that a remote start needs an RFID tag when the account has none', async () => {
    const charger = await chargerOn()
    h.fake.state.user.rfidTags = []
    const start = charger.actions!.find((a) => a.id === 'remoteStart')!
    await expect(start.run()).rejects.toMatchObject({ kind: 'not-supported', message: expect.stringMatching(/RFID tag/) })
  })

  it('lists the connector’s charging sessions', async () => {
    const charger = await chargerOn()
    await charger.readCharger()
    h.clock.advance(1_800_000)
    h.fake.state.unplug()
    const history = await charger.history!.read()
    expect(history.columns).toEqual(['Started', 'Ended', 'Energy (kWh)', 'Phases'])
    expect(history.rows).toHaveLength(1)
    expect(history.rows[0]![2]).toBeCloseTo((16 * VOLTS) / 2000, 2)
    expect(history.rows[0]![3]).toBe('ThreePhase')
  })
})

describe('Charge Amps schedules', () => {
  it('replaces a CAPI charger’s schedules and reads them back', async () => {
    const charger = await chargerOn({ chargePoints: [fakeChargePoint({ id: CP, ocppVersion: null })] })
    h.fake.state.chargePoint().schedules = [
      { id: 7, chargePointId: CP, name: 'Old', active: true, startHours: 1, startMinutes: 0, endHours: 5, endMinutes: 0, timeZone: 'Europe/Stockholm', monday: true, tuesday: false, wednesday: false, thursday: false, friday: false, saturday: false, sunday: false, connectorIdList: '1' },
      { id: 8, chargePointId: CP, name: 'Gone', active: true, startHours: 2, startMinutes: 0, endHours: 3, endMinutes: 0, timeZone: 'Europe/Stockholm', monday: false, tuesday: true, wednesday: false, thursday: false, friday: false, saturday: false, sunday: false, connectorIdList: '1' },
    ]
    const written = await charger.schedules!.writeSchedules([
      { id: '7', enabled: false, start: '22:00', end: '06:30', days: [1, 2, 3, 4, 5], maxCurrentA: null },
      { id: 'new', enabled: true, start: '11:00', end: '14:00', days: [6, 7], maxCurrentA: null },
    ])
    expect(written).toEqual([
      { id: '7', enabled: false, start: '22:00', end: '06:30', days: [1, 2, 3, 4, 5], maxCurrentA: null },
      { id: '9', enabled: true, start: '11:00', end: '14:00', days: [6, 7], maxCurrentA: null },
    ])
    expect(h.fake.state.chargePoint().schedules.find((s) => s.id === 7)).toMatchObject({ name: 'Old', timeZone: 'Europe/Stockholm' })
    expect(h.fake.state.chargePoint().schedules.find((s) => s.id === 9)).toMatchObject({ connectorIdList: '1', timeZone: 'Europe/Stockholm' })
    expect(await charger.schedules!.readSchedules()).toEqual(written)
  })

  it('offers no schedules on an OCPP charger once it knows the protocol', async () => {
    const charger = await chargerOn()
    expect(charger.schedules).toBeDefined()
    await expect(charger.schedules!.readSchedules()).rejects.toMatchObject({ kind: 'not-supported' })
    expect(charger.schedules).toBeUndefined()
  })
})
