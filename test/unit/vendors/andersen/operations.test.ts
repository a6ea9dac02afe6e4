import { parse, validate } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALL_OPERATIONS, DEVICE_STATUS_SUBSCRIPTION } from '../../../../src-main/core/vendors/andersen/operations'
import { andersenSchema } from '../../../fakes/andersen/schema'
import { startRig, type Rig } from './helpers'
import { failure } from '../failure'

let rig: Rig
beforeAll(async () => {
  rig = await startRig({ supportMessage: 'Planned maintenance on Sunday' })
})
afterAll(async () => {
  await rig.close()
})

const id = () => rig.fake.deviceId
const lastGraphql = () => rig.fake.requests.filter((q) => q.kind === 'graphql').at(-1)!

describe('Andersen GraphQL documents', () => {
  it('every query, mutation and the subscription validates against the schema the app uses', () => {
    const schema = andersenSchema()
    for (const op of ALL_OPERATIONS) {
      const errors = validate(schema, parse(op.document)).map((e) => `${op.name}: ${e.message}`)
      expect(errors).toEqual([])
      expect(op.document).toContain(` ${op.name}`)
    }
    expect(validate(schema, parse(DEVICE_STATUS_SUBSCRIPTION))).toEqual([])
  })
})

describe('Andersen queries', () => {
  it('lists the chargers and reads one device', async () => {
    const [device] = await rig.api.currentUserDevices()
    expect(device).toMatchObject({ id: id(), name: '2202210001', deviceInfo: { friendlyName: 'Driveway' }, deviceStatus: { sysFwVersion: 287 } })
    const detail = await rig.api.device(id())
    expect(detail.deviceInfo?.friendlyName).toBe('Driveway')
    expect(detail.deviceStatus?.scheduleSlotsArray).toHaveLength(5)
    expect(lastGraphql()).toMatchObject({ name: 'getDevice', variables: { id: id() } })
  })

  it('reads the full and the simple status', async () => {
    const status = await rig.api.status(id())
    expect(status).toMatchObject({ evseState: 3, sysUserLock: false, sysScheduleLock: false, sysAmpA: 32, cfgChargeAmpMax: 32 })
    expect(status.chargeStatus?.chargePower).toBe(7680)
    const simple = await rig.api.statusSimple(id())
    expect(simple).toEqual({ id: id(), online: true, evseState: 3, sysSchEnabled: false, sysUserLock: false, sysScheduleLock: false })
  })

  it('accepts evseState sent as a string', async () => {
    rig.fake.update({ evseStateAsString: true })
    try {
      expect((await rig.api.statusSimple(id())).evseState).toBe('3')
    } finally {
      rig.fake.update({ evseStateAsString: false })
    }
  })

  it('reads the solar setting, the support message, sessions, LoRa, power logs and addresses', async () => {
    expect(await rig.api.solar(id())).toMatchObject({ override: false, chargeAlways: true, maxGridChargePercent: 100 })
    expect(lastGraphql()).toMatchObject({ name: 'getSolar', variables: { deviceId: id() } })
    expect(await rig.api.supportMessage()).toBe('Planned maintenance on Sunday')
    const logs = await rig.api.chargeLogs({ id: id(), limit: 1, offset: 0, minEnergy: 0.5 })
    expect(logs[0]).toMatchObject({ chargeEnergyTotal: 5.495934, duration: 2764 })
    expect(lastGraphql().variables).toEqual({ id: id(), limit: 1, offset: 0, minEnergy: 0.5 })
    expect(await rig.api.loraDevices(id())).toEqual([])
    expect(await rig.api.solarOverrideStart(id())).toBeNull()
    expect(await rig.api.powerLogsBinned({ id: id(), binnedMinutes: 30, groupBy: 'DAY' })).toMatchObject({ binnedMinutes: 30 })
    const [address] = await rig.api.searchAddress('1 Example', 'GB')
    expect(address?.postcode).toBe('N1 1AA')
  })

  it('reads the mobile REST device list with the same token', async () => {
    const [device] = await rig.api.mobileDevices()
    expect(device).toMatchObject({ id: id(), friendlyName: 'Driveway', userLock: false })
  })
})

describe('Andersen commands', () => {
  it('locks and unlocks the charger, which stops and restarts charging', async () => {
    await rig.api.userLock(id())
    expect(lastGraphql()).toMatchObject({ name: 'runAEVCommand', variables: { deviceId: id(), functionName: 'userLock', params: null } })
    expect(await rig.api.statusSimple(id())).toMatchObject({ evseState: 255, sysUserLock: true })
    await rig.api.userUnlock(id())
    expect(await rig.api.statusSimple(id())).toMatchObject({ evseState: 3, sysUserLock: false })
    await rig.api.rcmReset(id())
    expect(rig.fake.device().commands).toEqual(['userLock', 'userUnlock', 'rcmReset'])
  })

  it('lists, creates, enables and disables schedules', async () => {
    const slot = { startHour: 1, startMinute: 0, endHour: 5, endMinute: 30, enabled: true, dayMap: { monday: true, tuesday: false, wednesday: true, thursday: false, friday: true, saturday: false, sunday: false } }
    await rig.api.createSchedule(id(), 2, slot)
    expect(lastGraphql().variables).toEqual({ deviceId: id(), scheduleSlots: { sch2: slot } })
    expect((await rig.api.schedules(id()))[2]).toEqual(slot)

    await rig.api.enableSchedule(id(), 0, true)
    expect(lastGraphql().variables).toMatchObject({ scheduleSlots: { sch0: { startHour: 0, startMinute: 30, enabled: true } } })
    expect(Object.keys((lastGraphql().variables as { scheduleSlots: object }).scheduleSlots)).toEqual(['sch0'])
    expect(rig.fake.device().schedules[0]?.enabled).toBe(true)

    await rig.api.enableSchedule(id(), 0, false)
    expect(rig.fake.device().schedules[0]?.enabled).toBe(false)

    rig.fake.update({ userLock: true, scheduleLock: true })
    await rig.api.setAllSchedulesDisabled(id())
    expect(rig.fake.device().schedules.map((s) => s.enabled)).toEqual([false, false, false, false, false])
    expect(await rig.api.statusSimple(id())).toMatchObject({ sysUserLock: false, sysScheduleLock: false, sysSchEnabled: false })

    await rig.api.setScheduleNames(id(), { schedule2Name: 'Cheap night' })
    expect(rig.fake.device().scheduleNames[2]).toBe('Cheap night')
    await expect(rig.api.createSchedule(id(), 5, slot)).rejects.toThrow('slot 5 is not 0–4')
  })

  it('writes the solar setting and the name', async () => {
    await rig.api.setSolar({ deviceId: id(), override: false, chargeAlways: false, maxGridChargePercent: 20 })
    expect(rig.fake.device().solar).toEqual({ override: false, chargeAlways: false, maxGridChargePercent: 20 })
    expect(await rig.api.setFriendlyName(id(), 'Garage')).toBe('Garage')
    expect((await rig.api.device(id())).deviceInfo?.friendlyName).toBe('Garage')
  })

  it('manages tariff periods, the account and push registrations', async () => {
    const rateId = await rig.api.createChargeRate(id(), { price: 0.075, timeStartLocal: '00:30', timeStopLocal: '04:30', dayMon: true })
    expect(rateId).toMatch(/^rate-/)
    expect((await rig.api.chargeRates(id()))[0]).toMatchObject({ id: rateId, price: 0.075, timeStartLocal: '00:30' })
    await rig.api.updateChargeRate(rateId!, { price: 0.09, timeStartLocal: '01:00', timeStopLocal: '05:00' })
    expect((await rig.api.chargeRates(id()))[0]).toMatchObject({ price: 0.09, timeStartLocal: '01:00' })
    await rig.api.deleteChargeRate(rateId!)
    expect(await rig.api.chargeRates(id())).toEqual([])

    await rig.api.upsertAccount('Ada', 'Lovelace')
    expect(rig.fake.state.account).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' })
    await rig.api.registerMobileDevice('push-token-1')
    expect(rig.fake.state.account.pushTokens.has('push-token-1')).toBe(true)
    await rig.api.unregisterMobileDevice('push-token-1')
    expect(rig.fake.state.account.pushTokens.size).toBe(0)
  })

  it('unclaims and claims the charger back by its serial', async () => {
    await rig.api.unclaimDevice(id())
    expect(await rig.api.currentUserDevices()).toEqual([])
    const error = await failure(rig.api.statusSimple(id()))
    expect(error.kind).toBe('config')
    expect(error.message).toContain('is not on this Andersen account')
    expect(await rig.api.claimDeviceByName('2202210001')).toMatchObject({ id: id() })
    expect(await rig.api.currentUserDevices()).toHaveLength(1)
  })
})

describe('Andersen answers that go wrong', () => {
  it('a body that is not JSON is a bad response', async () => {
    rig.fake.failNext('graphql', { body: '<html>Bad gateway</html>', contentType: 'text/html' })
    const error = await failure(rig.api.solar(id()))
    expect(error.kind).toBe('bad-response')
    expect(error.message).toContain('the charger’s solar setting')
  })

  it('data in the wrong shape is a bad response naming the field', async () => {
    rig.fake.failNext('graphql', { body: JSON.stringify({ data: { getSolar: { override: 'yes' } } }) })
    const error = await failure(rig.api.solar(id()))
    expect(error.kind).toBe('bad-response')
    expect(error.message).toContain('getSolar.override')
  })

  it('JSON that is not a GraphQL answer is a bad response', async () => {
    rig.fake.failNext('graphql', { body: JSON.stringify({ hello: 'world' }) })
    expect((await failure(rig.api.solar(id()))).kind).toBe('bad-response')
  })

  it('GraphQL errors become typed errors with Andersen’s message', async () => {
    rig.fake.failNext('graphql', { body: JSON.stringify({ data: null, errors: [{ message: 'Particle device timed out', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }) })
    const refused = await failure(rig.api.userLock(id()))
    expect(refused.kind).toBe('bad-response')
    expect(refused.message).toContain('Particle device timed out')

    rig.fake.failNext('graphql', { status: 400, body: JSON.stringify({ errors: [{ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }) })
    expect((await failure(rig.api.userLock(id()))).kind).toBe('not-supported')
  })

  it('a struggling or throttling cloud is offline or rate-limited', async () => {
    rig.fake.failNext('graphql', { status: 503, body: 'Service Unavailable', contentType: 'text/plain' })
    expect((await failure(rig.api.solar(id()))).kind).toBe('offline')
    rig.fake.failNext('graphql', { status: 429, body: '{}' })
    expect((await failure(rig.api.solar(id()))).kind).toBe('rate-limited')
  })

  it('a malformed mobile device list is a bad response', async () => {
    rig.fake.failNext('mobile', { body: JSON.stringify({ devices: [{ name: 'no id' }] }) })
    expect((await failure(rig.api.mobileDevices())).kind).toBe('bad-response')
  })
})
