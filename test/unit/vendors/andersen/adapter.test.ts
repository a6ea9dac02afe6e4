import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Charger } from '../../../../src-main/core/devices'
import { VendorError } from '../../../../src-main/core/errors'
import { POLL_WHEN_SOCKET_DOWN_MS, type AndersenCharger } from '../../../../src-main/core/vendors/andersen/adapter'
import { emptySlot } from '../../../fakes/andersen/device'
import { chargerOn, eventually, startRig, type Rig } from './helpers'

let rig: Rig
let charger: AndersenCharger

beforeAll(async () => {
  rig = await startRig()
  charger = chargerOn(rig, { minDelayMs: 50 })
})
afterAll(async () => {
  await charger.close()
  await rig.close()
})

const statusReads = () => rig.fake.count('graphql', 'getDeviceStatus')
const field = (id: string) => {
  const found = charger.fields.find((f) => f.id === id)
  if (!found) throw new Error(`no field ${id}`)
  return found
}

describe('Andersen charger', () => {
  beforeEach(() => {
    rig.fake.refuseSockets(false)
  })

  it('is an on/off charger: no current setpoint, five minutes between switches, one phase', () => {
    expect(charger.id).toBe(`acc-1:${rig.fake.deviceId}`)
    expect((charger as Charger).current).toBeUndefined()
    expect(charger.minSwitchIntervalS).toBe(300)
    expect(charger.phases).toBe(1)
    expect(charger.switchable).toBeDefined()
    // The on/off switch is the lock; a second lock control would fight the loop.
    expect((charger as Charger).lock).toBeUndefined()
  })

  it('reads the status, takes its name from the charger, then stays fresh from pushes without polling', async () => {
    expect(charger.label).toBe('My Andersen')
    const first = await charger.readCharger()
    expect(first).toMatchObject({ connected: true, enabled: true, locked: false, powerW: 7680, offeredA: 32, phaseCurrentsA: [32], vendorStatus: 'Charging' })
    expect(charger.label).toBe('Driveway')
    await eventually(() => charger.live, 8_000, 'live updates')

    const reads = statusReads()
    rig.fake.update({ carConnected: false })
    await eventually(async () => !(await charger.readCharger()).connected, 5_000, 'the pushed unplug')
    expect(await charger.readCharger()).toMatchObject({ powerW: 0, vendorStatus: 'Ready, no car', phaseCurrentsA: [0] })
    expect(statusReads()).toBe(reads)
    rig.fake.update({ carConnected: true })
    await eventually(async () => (await charger.readCharger()).powerW > 0, 5_000, 'the pushed plug-in')
  })

  it('switching off locks the charger and charging stops; switching on unlocks and it restarts', async () => {
    await charger.switchable.setEnabled(false)
    expect(rig.fake.device().userLock).toBe(true)
    expect(await charger.readCharger()).toMatchObject({ enabled: false, locked: true, powerW: 0, connected: true })

    await charger.switchable.setEnabled(true)
    expect(rig.fake.device().userLock).toBe(false)
    expect(await charger.readCharger()).toMatchObject({ enabled: true, locked: false, powerW: 7680 })

    await charger.switchable.setEnabled(false)
    expect((await charger.readCharger()).locked).toBe(true)
    await charger.switchable.setEnabled(true)
    expect(rig.fake.device().commands.slice(-4)).toEqual(['userLock', 'userUnlock', 'userLock', 'userUnlock'])
  })

  it('with the socket down it polls at most once a minute, then goes back to pushes when it reconnects', async () => {
    await eventually(() => charger.live, 8_000, 'live updates')
    rig.fake.refuseSockets(true)
    rig.fake.dropSockets()
    await eventually(() => !charger.live, 5_000, 'the drop to be noticed')
    await charger.readCharger()
    const reads = statusReads()

    rig.fake.update({ carConnected: false })
    expect((await charger.readCharger()).connected).toBe(true) // not due yet: last read is recent
    expect(statusReads()).toBe(reads)
    rig.clock.advance(POLL_WHEN_SOCKET_DOWN_MS)
    expect((await charger.readCharger()).connected).toBe(false)
    expect(statusReads()).toBe(reads + 1)
    await charger.readCharger()
    expect(statusReads()).toBe(reads + 1)

    rig.fake.refuseSockets(false)
    await eventually(() => charger.live, 8_000, 'the reconnection')
    // Live means acknowledged; the subscription itself lands a moment later on a busy machine.
    await eventually(() => rig.fake.liveSubscribers() > 0, 8_000, 'the subscription')
    rig.fake.update({ carConnected: true })
    await eventually(async () => (await charger.readCharger()).connected, 5_000, 'the pushed plug-in')
    expect(statusReads()).toBe(reads + 1)
  })

  it('fails a read with the cloud’s sentence when neither socket nor polling works', async () => {
    rig.fake.refuseSockets(true)
    rig.fake.dropSockets()
    await eventually(() => !charger.live, 5_000, 'the drop to be noticed')
    rig.clock.advance(POLL_WHEN_SOCKET_DOWN_MS)
    rig.fake.failNext('graphql', { status: 502, body: 'Bad gateway', contentType: 'text/plain' })
    const error = await charger.readCharger().then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(VendorError)
    expect((error as VendorError).kind).toBe('offline')
  })

  it('reads and writes the charger’s schedules, sending only the changed slots', async () => {
    rig.fake.device().schedules = [
      { startHour: 0, startMinute: 30, endHour: 4, endMinute: 30, enabled: false, dayMap: { monday: true, tuesday: true, wednesday: true, thursday: true, friday: true, saturday: true, sunday: true } },
      emptySlot(),
      emptySlot(),
      emptySlot(),
      emptySlot(),
    ]
    const [overnight] = await charger.schedules.readSchedules()
    expect(overnight).toEqual({ id: 'sch0', enabled: false, start: '00:30', end: '04:30', days: [1, 2, 3, 4, 5, 6, 7], maxCurrentA: null })

    const saved = await charger.schedules.writeSchedules([
      { ...overnight!, enabled: true },
      { id: 'weekend', enabled: true, start: '11:00', end: '15:00', days: [6, 7], maxCurrentA: null },
    ])
    expect(saved.map((s) => [s.id, s.enabled, s.start])).toEqual([
      ['sch0', true, '00:30'],
      ['sch1', true, '11:00'],
    ])
    const write = rig.fake.requests.filter((q) => q.name === 'setSchedules').at(-1)!
    expect(Object.keys((write.variables as { scheduleSlots: object }).scheduleSlots)).toEqual(['sch0', 'sch1'])
    expect(rig.fake.device().schedules[1]).toMatchObject({ startHour: 11, endHour: 15, dayMap: { saturday: true, monday: false } })

    const disableAll = charger.actions.find((a) => a.id === 'disableAllSchedules')!
    expect(disableAll.confirm).toContain('switches off every schedule')
    expect(await disableAll.run()).toBe('All schedules are off and the charger is unlocked.')
    expect((await charger.schedules.readSchedules()).map((s) => s.enabled)).toEqual([false, false])
  })

  it('shows and changes the charger’s own solar setting and name', async () => {
    expect(await field('solarMaxGridChargePercent').read()).toBe(100)
    await field('solarMaxGridChargePercent').write!(40)
    expect(await field('solarMaxGridChargePercent').read()).toBe(40)
    await field('solarChargeAlways').write!(false)
    expect(rig.fake.device().solar).toEqual({ override: false, chargeAlways: false, maxGridChargePercent: 40 })
    await expect(field('solarMaxGridChargePercent').write!(150)).rejects.toThrow('0 to 100')

    await field('friendlyName').write!('Garage')
    expect(rig.fake.device().friendlyName).toBe('Garage')
    expect(charger.label).toBe('Garage')
    expect(field('firmware').write).toBeUndefined()
  })

  it('shows read-only facts and the charging sessions', async () => {
    expect(await field('firmware').read()).toBe('287 · EVSE 5.8')
    expect(await field('currentRange').read()).toBe('6–32 A (set by the installer)')
    expect(await field('wifi').read()).toBe('HomeWifi (-61 dBm)')
    const history = await charger.history.read()
    expect(history.columns[0]).toBe('Start')
    expect(history.rows[0]).toEqual(['2026-01-23T10:20:42+01:00', 5.5, 46, 0, 0, 1.54])
  })

  it('close() ends the subscription', async () => {
    await eventually(() => charger.live, 8_000, 'live updates')
    await charger.close()
    await eventually(() => rig.fake.liveSubscribers() === 0, 3_000, 'the socket to close')
    expect(charger.live).toBe(false)
  })
})
