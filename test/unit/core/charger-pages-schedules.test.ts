/**
 * The charger page's schedules against what each vendor allows: the page tells the editor the
 * limits, and charger:saveSchedules refuses a list the charger cannot keep with a sentence before
 * anything reaches the vendor. Real adapters, talking to the vendors' fake clouds.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ChargeSchedule, Charger } from '../../../src-main/core/devices'
import { chargerPageHandlers } from '../../../src-main/core/handlers/charger-pages'
import type { AndersenCharger } from '../../../src-main/core/vendors/andersen/adapter'
import { createChargeAmpsCharger } from '../../../src-main/core/vendors/chargeamps/adapter'
import { defaultSettings } from '../../../src-shared/settings'
import { CHARGE_AMPS_FIXTURE, fakeChargePoint } from '../../fakes/chargeamps/server'
import { chargerOn, startRig as startAndersenRig, type Rig as AndersenRig } from '../vendors/andersen/helpers'
import { startHarness, type Harness } from '../vendors/chargeamps/harness'
import { isApi, startRig as startWallboxRig, type Rig as WallboxRig } from '../vendors/wallbox/helpers'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

function pages(charger: Charger) {
  return chargerPageHandlers({ findCharger: () => charger, refresh: async () => undefined, settings: defaultSettings, handOver: () => undefined })
}

const nightly = (id: string, maxCurrentA: number | null = null): ChargeSchedule => ({
  id,
  enabled: true,
  start: '22:00',
  end: '06:00',
  days: [1, 2, 3, 4, 5, 6, 7],
  maxCurrentA,
})

async function andersen(): Promise<{ rig: AndersenRig; charger: AndersenCharger }> {
  const rig = await startAndersenRig()
  const charger = chargerOn(rig, false)
  closers.push(() => rig.close(), async () => charger.close())
  return { rig, charger }
}

async function capiChargeAmps(): Promise<{ h: Harness; charger: Charger }> {
  const h = await startHarness({ fake: { chargePoints: [fakeChargePoint({ id: CHARGE_AMPS_FIXTURE.chargePointId, ocppVersion: null })] } })
  closers.push(() => h.close())
  const charger = createChargeAmpsCharger({
    accountId: 'ca',
    accountName: 'My Charge Amps',
    chargePointId: CHARGE_AMPS_FIXTURE.chargePointId,
    connectorId: 1,
    client: h.client,
    timeZone: 'Europe/Stockholm',
  })
  return { h, charger }
}

describe('charger page: schedule limits', () => {
  it('an Andersen A2 keeps five schedules without a cap; a sixth or a cap is refused before the cloud hears of it', async () => {
    const { rig, charger } = await andersen()
    const handlers = pages(charger)
    const details = await handlers['charger:details']({ chargerId: charger.id })
    expect(details.scheduleLimits).toEqual({ maxCount: 5, perScheduleCurrent: false, maxCountReason: 'The Andersen A2 keeps 5 schedules, one per slot.' })

    const writes = () => rig.fake.count('graphql', 'setSchedules')
    const before = writes()
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => nightly(id))
    expect(await handlers['charger:saveSchedules']({ chargerId: charger.id, schedules: six })).toEqual({
      ok: false,
      error: 'The Andersen A2 keeps 5 schedules, one per slot. Remove one schedule, then save again.',
    })
    const capped = await handlers['charger:saveSchedules']({ chargerId: charger.id, schedules: [nightly('sch0'), nightly('x', 16)] })
    expect(capped).toEqual({
      ok: false,
      error: 'Schedule 2 has a current cap, but this charger’s schedules only switch charging on and off; they cannot cap the current.',
    })
    expect(writes()).toBe(before)

    const five = await handlers['charger:saveSchedules']({ chargerId: charger.id, schedules: six.slice(0, 5) })
    expect(five.ok).toBe(true)
    expect(five.ok && five.schedules.map((s) => s.id)).toEqual(['sch0', 'sch1', 'sch2', 'sch3', 'sch4'])
    expect(writes()).toBe(before + 1)
  })

  it('a Charge Amps connector takes no per-schedule current, and the cloud is not asked', async () => {
    const { h, charger } = await capiChargeAmps()
    const handlers = pages(charger)
    const details = await handlers['charger:details']({ chargerId: charger.id })
    expect(details.schedules).toEqual([])
    expect(details.scheduleLimits).toMatchObject({ maxCount: 10, perScheduleCurrent: false })

    // Every schedules request, reads included: a refusal must not even look at the charger's list.
    const scheduleCalls = () => h.fake.requests.filter((r) => /\/schedules/i.test(r.path)).length
    const before = scheduleCalls()
    const refused = await handlers['charger:saveSchedules']({ chargerId: charger.id, schedules: [nightly('new', 16)] })
    expect(refused.ok).toBe(false)
    expect(!refused.ok && refused.error).toMatch(/^Schedule 1 has a current cap, but .* cannot cap the current\.$/)
    const many = await handlers['charger:saveSchedules']({ chargerId: charger.id, schedules: Array.from({ length: 12 }, (_, i) => nightly(`n${i}`)) })
    expect(!many.ok && many.error).toBe(`${details.scheduleLimits!.maxCountReason} Remove 2 schedules, then save again.`)
    expect(scheduleCalls()).toBe(before)

    const saved = await handlers['charger:saveSchedules']({ chargerId: charger.id, schedules: [nightly('new')] })
    expect(saved).toMatchObject({ ok: true, schedules: [{ start: '22:00', end: '06:00', maxCurrentA: null }] })
    expect(h.fake.requests.filter((r) => /\/schedules/i.test(r.path) && r.method === 'POST')).toHaveLength(1)
  })

  it('a Wallbox schedule may cap the current, so the cap goes through', async () => {
    const rig: WallboxRig = await startWallboxRig()
    closers.push(() => rig.close())
    const charger = rig.charger()
    const handlers = pages(charger)
    expect((await handlers['charger:details']({ chargerId: charger.id })).scheduleLimits).toMatchObject({ maxCount: 10, perScheduleCurrent: true })
    const saved = await handlers['charger:saveSchedules']({ chargerId: charger.id, schedules: [nightly('0', 16)] })
    expect(saved).toMatchObject({ ok: true, schedules: [{ maxCurrentA: 16 }] })
    expect(rig.fake.requests.some((q) => isApi(q) && q.method === 'POST' && /schedules/.test(q.path))).toBe(true)
  })

  it('a charger without schedules has no limits on its page', async () => {
    const { charger } = await capiChargeAmps()
    const plain: Charger = Object.create(charger, { schedules: { value: undefined } })
    expect((await pages(plain)['charger:details']({ chargerId: charger.id })).scheduleLimits).toBeNull()
  })
})
