import { afterEach, describe, expect, it } from 'vitest'
import type { ChargeSchedule, Charger } from '../../../../src-main/core/devices'
import { wallboxFakeFixture } from '../../../fakes/wallbox/server'
import { isApi, startRig, type Rig } from './helpers'

const ID = wallboxFakeFixture.chargerId
let rig: Rig

afterEach(async () => {
  await rig?.close()
})

const writes = (r: Rig) => r.fake.requests.filter((q) => isApi(q) && q.method !== 'GET').map((q) => q.body)

describe('Wallbox charger adapter', () => {
  it('describes the fixture charger and reads it', async () => {
    rig = await startRig()
    const charger: Charger = rig.charger()
    expect(charger.id).toBe(`wb:${ID}`)
    // It sets current, so no on/off hold time is needed.
    expect(charger.minSwitchIntervalS).toBeUndefined()
    expect(charger.current).toMatchObject({ minA: 6, maxA: 32, stepA: 1 })
    const reading = await charger.readCharger()
    expect(charger.label).toBe(wallboxFakeFixture.chargerName)
    expect(reading).toEqual({
      connected: true,
      enabled: true,
      offeredA: 0,
      powerW: 0,
      activePhases: 1,
      sessionEnergyWh: 546,
      carSocPct: null,
      carFull: false,
      phaseCurrentsA: null,
      locked: false,
      vendorStatus: 'Paused',
      // Paused in the fixture at 16 A: what a change elsewhere would be judged against.
      setpoint: { on: false, currentA: 16 },
    })
  })

  it('caps maxA at the installation current', async () => {
    rig = await startRig({ charger: { maxAvailableCurrentA: 20 } })
    const charger = rig.charger()
    await charger.readCharger()
    expect(charger.current!.maxA).toBe(20)
    await expect(charger.current!.setCurrent(25)).rejects.toMatchObject({ kind: 'not-supported' })
  })

  it('starts a paused charger at the wished current and stops it again with 0 A', async () => {
    rig = await startRig()
    const charger = rig.charger()
    await charger.readCharger()
    await charger.current!.setCurrent(10)
    expect(writes(rig)).toEqual([{ maxChargingCurrent: 10 }, { action: 1 }])
    expect(rig.fake.state.statusId()).toBe(194)
    // Known from the echo and our own resume, before any new status read.
    expect(await charger.readCharger()).toMatchObject({ offeredA: 10, vendorStatus: 'Paused (resuming)' })

    rig.clock.advance(60_000)
    expect(await charger.readCharger()).toMatchObject({ offeredA: 10, powerW: 2300, vendorStatus: 'Charging' })

    await charger.current!.setCurrent(0)
    expect(writes(rig).at(-1)).toEqual({ action: 2 })
    expect(rig.fake.state.statusId()).toBe(182)
    expect(await charger.readCharger()).toMatchObject({ offeredA: 0, powerW: 0, enabled: true })
  })

  it('pauses and resumes through the switch', async () => {
    rig = await startRig({ charger: { paused: false } })
    const charger = rig.charger()
    await charger.readCharger()
    await charger.switchable!.setEnabled(false)
    expect(rig.fake.state.charger.paused).toBe(true)
    expect((await charger.readCharger()).enabled).toBe(false)
    // A current wish alone does not override the switch.
    await charger.current!.setCurrent(12)
    expect(rig.fake.state.charger.paused).toBe(true)
    await charger.switchable!.setEnabled(true)
    expect(rig.fake.state.charger).toMatchObject({ paused: false, maxChargingCurrentA: 12 })
  })

  it('does not resume on a switch-on before the loop has asked for a current', async () => {
    rig = await startRig()
    const charger = rig.charger()
    await charger.readCharger()
    await charger.switchable!.setEnabled(true)
    expect(writes(rig)).toEqual([])
  })

  it('locks and unlocks, and a locked charger reads as not enabled', async () => {
    rig = await startRig()
    const charger = rig.charger()
    await charger.readCharger()
    await charger.lock!.setLocked(true)
    expect(rig.fake.state.charger.locked).toBe(true)
    expect(await charger.readCharger()).toMatchObject({ locked: true, enabled: false, offeredA: 0 })
    await charger.lock!.setLocked(true)
    expect(writes(rig)).toEqual([{ locked: 1 }])
    await charger.lock!.setLocked(false)
    expect(rig.fake.state.charger.locked).toBe(false)
  })

  it('does not resend a resume while the charger has not synced yet', async () => {
    rig = await startRig({ syncDelayMs: 30_000 }, { limits: { statusIntervalMs: 10_000 } })
    const charger = rig.charger()
    await charger.readCharger()
    await charger.current!.setCurrent(16)
    rig.clock.advance(10_000)
    // The status still says Paused; our own resume is believed until the charger syncs.
    const reading = await charger.readCharger()
    expect(reading).toMatchObject({ offeredA: 16, vendorStatus: 'Paused (resuming)' })
    rig.clock.advance(25_000)
    expect(await charger.readCharger()).toMatchObject({ offeredA: 16, vendorStatus: 'Charging', powerW: 3680 })
    expect(writes(rig)).toEqual([{ action: 1 }])
  })

  it('learns three phases from the power it delivers', async () => {
    rig = await startRig({ charger: { phases: 3, paused: false } })
    const charger = rig.charger()
    expect(charger.phases).toBe(1)
    const reading = await charger.readCharger()
    expect(reading.activePhases).toBe(3)
    expect(reading.powerW).toBe(16 * 230 * 3)
    expect(charger.phases).toBe(3)
  })

  it('reads and writes schedules in the charger’s local time, moving days across midnight', async () => {
    rig = await startRig()
    const charger = rig.charger()
    await charger.readCharger()
    // 21:00–05:00 UTC every day is 23:00–07:00 in Berlin in June.
    expect(await charger.schedules!.readSchedules()).toEqual([
      { id: '0', enabled: false, start: '23:00', end: '07:00', days: [1, 2, 3, 4, 5, 6, 7], maxCurrentA: null },
    ])
    const next: ChargeSchedule[] = [{ id: 'new', enabled: true, start: '00:30', end: '06:00', days: [1, 2, 3, 4, 5], maxCurrentA: 16 }]
    const saved = await charger.schedules!.writeSchedules(next)
    expect(saved).toEqual([{ id: '0', enabled: true, start: '00:30', end: '06:00', days: [1, 2, 3, 4, 5], maxCurrentA: 16 }])
    // Monday 00:30 in Berlin is Sunday 22:30 UTC.
    expect(rig.fake.state.charger.schedules[0]).toMatchObject({
      start: '2230',
      stop: '0400',
      max_current: 16,
      days: { sunday: true, monday: true, tuesday: true, wednesday: true, thursday: true, friday: false, saturday: false },
    })
  })

  it('disables schedule slots it no longer has, since the API cannot delete', async () => {
    rig = await startRig()
    rig.fake.state.charger.schedules[0]!.enable = true
    const charger = rig.charger()
    await charger.readCharger()
    await charger.schedules!.readSchedules()
    expect(await charger.schedules!.writeSchedules([])).toMatchObject([{ id: '0', enabled: false }])
  })

  it('offers ICP max current and energy cost as writable fields, and info as read-only ones', async () => {
    rig = await startRig()
    const charger = rig.charger()
    const field = (id: string) => charger.fields!.find((f) => f.id === id)!
    expect(charger.fields!.map((f) => [f.id, f.kind, Boolean(f.write)])).toEqual([
      ['icpMaxCurrentA', 'number', true],
      ['energyCost', 'number', true],
      ['firmware', 'text', false],
      ['serial', 'text', false],
    ])
    expect(await field('icpMaxCurrentA').read()).toBe(25)
    await field('icpMaxCurrentA').write!(30)
    expect(rig.fake.state.charger.icpMaxCurrentA).toBe(30)
    expect(await field('icpMaxCurrentA').read()).toBe(30)

    expect(await field('energyCost').read()).toBe(0.24)
    expect(field('energyCost').unit).toBe('€/kWh')
    await field('energyCost').write!('0.3')
    expect(rig.fake.state.charger.energyPricePerKwh).toBe(0.3)
    expect(await field('energyCost').read()).toBe(0.3)

    expect(await field('firmware').read()).toBe(wallboxFakeFixture.firmware)
    expect(await field('serial').read()).toBe(wallboxFakeFixture.serialNumber)
    // All of that from one status read.
    expect(rig.fake.requests.filter((r) => r.method === 'GET' && isApi(r))).toHaveLength(1)
    // The status word is the page's own Status row, not a second field.
    expect(charger.fields!.map((f) => f.id)).not.toContain('status')
    expect((await charger.readCharger()).vendorStatus).toBe('Paused')
  })

  it('explains an ICP change refused for lack of Power Boost', async () => {
    rig = await startRig({ charger: { powerBoost: false } })
    const icp = rig.charger().fields!.find((f) => f.id === 'icpMaxCurrentA')!
    await expect(icp.write!(30)).rejects.toMatchObject({ kind: 'not-supported', message: expect.stringContaining('Power Boost') })
  })

  it('restarts after confirmation, and resumes the schedule', async () => {
    rig = await startRig()
    const charger = rig.charger()
    const restart = charger.actions!.find((a) => a.id === 'restart')!
    expect(restart.confirm).toBe('Restart the charger? Charging stops for about a minute.')
    expect(await restart.run()).toMatch(/restarting/)
    expect(rig.fake.state.restarts).toBe(1)
    const resume = charger.actions!.find((a) => a.id === 'resumeSchedule')!
    expect(resume.confirm).toBeNull()
    await resume.run()
    expect(rig.fake.state.resumeSchedules).toBe(1)
  })

  it('refuses to restart a charger that is updating its firmware', async () => {
    rig = await startRig({ charger: { updating: true } })
    const restart = rig.charger().actions!.find((a) => a.id === 'restart')!
    await expect(restart.run()).rejects.toMatchObject({ kind: 'not-supported', message: expect.stringContaining('firmware') })
    expect(rig.fake.state.restarts).toBe(0)
  })

  it('lists recent sessions', async () => {
    rig = await startRig()
    const history = await rig.charger().history!.read()
    expect(history.columns).toEqual(['Start', 'Duration', 'Energy (kWh)', 'Cost'])
    expect(history.rows).toHaveLength(2)
    expect(history.rows[0]).toEqual([expect.stringMatching(/^2026-06-13 \d\d:\d\d$/), '3 h 46 min', 15.06, '6.02 EUR'])
  })

  it('returns the cached status when the poll is not due, and reads again a minute later', async () => {
    rig = await startRig()
    const charger = rig.charger()
    await charger.readCharger()
    rig.fake.state.unplug()
    rig.clock.advance(30_000)
    expect((await charger.readCharger()).connected).toBe(true)
    rig.clock.advance(30_000)
    expect((await charger.readCharger()).connected).toBe(false)
    expect(rig.fake.requests.filter((r) => isApi(r) && r.method === 'GET')).toHaveLength(2)
  })
})

describe('Wallbox charger adapter: a write that fails', () => {
  it('drops a wish the cloud refused, so the setting is reported (and judged) again rather than hidden for good', async () => {
    rig = await startRig({ charger: { paused: false } })
    const charger = rig.charger()
    expect((await charger.readCharger()).setpoint).toEqual({ on: true, currentA: 16 })
    rig.fake.state.overrides.push({ method: 'PUT', path: '/v2/charger/', status: 500, body: '{"error":"upstream"}', times: 10 })
    await expect(charger.current!.setCurrent(10)).rejects.toMatchObject({ kind: expect.not.stringMatching(/^rate-limited$/) })
    // Not sent: the charger is read as it is, with its setting, not as "a command on its way".
    rig.clock.advance(60_000)
    const after = await charger.readCharger()
    expect(after).toMatchObject({ offeredA: 16, setpoint: { on: true, currentA: 16 } })
    rig.clock.advance(60_000)
    expect((await charger.readCharger()).setpoint).toEqual({ on: true, currentA: 16 })
    // Nothing is retried behind the loop's back; the loop's next command goes out as usual.
    rig.fake.state.overrides.splice(0)
    await charger.current!.setCurrent(10)
    expect(rig.fake.state.charger.maxChargingCurrentA).toBe(10)
  })
})
