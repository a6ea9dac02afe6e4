/**
 * An Andersen A2's sessions for a range the user picks, against the fake GraphQL cloud: the charge
 * logs are paged newest first until one starts before the range, the pages are capped with a note,
 * and a "slow down" holds the history back as it holds the status reads back.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { AndersenCharger } from '../../../../src-main/core/vendors/andersen/adapter'
import { MAX_SESSION_PAGES, SESSIONS_PAGE } from '../../../../src-main/core/vendors/andersen/sessions'
import type { FakeChargeLog } from '../../../fakes/andersen/device'
import { START_MS, chargerOn, startRig, type Rig } from './helpers'

const DAY_MS = 86_400_000
let rig: Rig
let charger: AndersenCharger

afterEach(async () => {
  await charger?.close()
  await rig?.close()
})

/** One session a day, the newest yesterday, `count` days back. */
function dailyLogs(count: number): FakeChargeLog[] {
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(START_MS - (i + 1) * DAY_MS).toISOString().replace('.000Z', '+00:00')
    return {
      chargeCostTotal: 1,
      chargeEnergyTotal: 5 + (i % 10),
      duration: 3600,
      gridCostTotal: 0,
      gridEnergyTotal: 0,
      solarEnergyTotal: 5,
      solarCostTotal: 0,
      startDateTimeLocal: start,
      surplusUsedCostTotal: 0,
      surplusUsedEnergyTotal: 0,
    }
  })
}

async function a2With(logs: FakeChargeLog[]) {
  rig = await startRig({ devices: [{ chargeLogs: logs }] })
  charger = chargerOn(rig, false)
}

const logPages = () => rig.fake.requests.filter((r) => r.kind === 'graphql' && r.name === 'getDeviceCalculatedChargeLogs')

describe('Andersen sessions by range', () => {
  it('pages back from the newest session until one starts before the range, and shows the range’s own', async () => {
    await a2With(dailyLogs(120))
    // The 60 days before yesterday's end: days 1 to 60 back.
    const table = await charger.history.read({ fromMs: START_MS - 60 * DAY_MS - 1, toMs: START_MS })

    expect(table.rows).toHaveLength(60)
    expect(table.note).toBeNull()
    expect(logPages().map((r) => r.variables)).toEqual([
      { id: rig.fake.deviceId, limit: SESSIONS_PAGE, offset: 0, minEnergy: 0.5 },
      { id: rig.fake.deviceId, limit: SESSIONS_PAGE, offset: SESSIONS_PAGE, minEnergy: 0.5 },
    ])
  })

  it('leaves out sessions after the range’s end', async () => {
    await a2With(dailyLogs(40))
    const table = await charger.history.read({ fromMs: START_MS - 30 * DAY_MS - 1, toMs: START_MS - 10 * DAY_MS })
    expect(table.rows).toHaveLength(20)
    expect(table.rows[0]![0]).toBe(new Date(START_MS - 11 * DAY_MS).toISOString().replace('.000Z', '+00:00'))
  })

  it('stops after eight pages and says which sessions of the range it could not reach', async () => {
    await a2With(dailyLogs(500))
    const table = await charger.history.read({ fromMs: START_MS - 480 * DAY_MS, toMs: START_MS })

    expect(logPages()).toHaveLength(MAX_SESSION_PAGES)
    expect(table.rows).toHaveLength(SESSIONS_PAGE * MAX_SESSION_PAGES)
    const oldestRead = new Date(START_MS - 400 * DAY_MS).toISOString().slice(0, 10)
    expect(table.note).toContain(`newest ${SESSIONS_PAGE * MAX_SESSION_PAGES}`)
    expect(table.note).toContain(`before ${oldestRead} are not shown`)
  })

  it('on a 429 stops, and sends nothing more until the wait Andersen asked for is over', async () => {
    await a2With(dailyLogs(120))
    rig.fake.failNext('graphql', { status: 429, body: '{}', headers: { 'retry-after': '120' } })
    const range = { fromMs: START_MS - 90 * DAY_MS, toMs: START_MS }
    await expect(charger.history.read(range)).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 120_000 })
    await expect(charger.history.read(range)).rejects.toMatchObject({ kind: 'rate-limited' })
    // Nor does the loop's status read go meanwhile.
    await expect(charger.readCharger()).rejects.toMatchObject({ kind: 'rate-limited' })
    expect(logPages()).toHaveLength(1)
    rig.clock.advance(121_000)
    expect((await charger.history.read(range)).rows).toHaveLength(90)
  })
})
