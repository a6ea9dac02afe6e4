/**
 * A Charge Amps connector's sessions for a range the user picks, against the fake EAPI: the range
 * goes out as startTime and endTime, the count is capped with a note, and the read never takes
 * the requests the polls and writes need.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Charger } from '../../../../src-main/core/devices'
import { createChargeAmpsCharger } from '../../../../src-main/core/vendors/chargeamps/adapter'
import { MAX_SESSIONS_PER_RANGE } from '../../../../src-main/core/vendors/chargeamps/sessions'
import { CHARGE_AMPS_FIXTURE, type FakeFinishedSession } from '../../../fakes/chargeamps/server'
import { START_MS, hits, startHarness, type Harness } from './harness'

const CP = CHARGE_AMPS_FIXTURE.chargePointId
const DAY_MS = 86_400_000
let h: Harness

afterEach(async () => {
  await h?.close()
})

async function connector(): Promise<Charger> {
  h = await startHarness()
  // No car: only the sessions a test puts in the fake's past.
  h.fake.state.connector().car.connected = false
  return createChargeAmpsCharger({ accountId: 'ca', accountName: 'My Charge Amps', chargePointId: CP, connectorId: 1, client: h.client })
}

function pastSession(id: number, daysAgo: number, kwh: number, connectorId = 1): FakeFinishedSession {
  const startMs = START_MS - daysAgo * DAY_MS
  return {
    id,
    chargePointId: CP,
    connectorId,
    userId: h.fake.state.user.id,
    rfid: null,
    rfidDec: null,
    rfidDecReverse: null,
    organisationId: null,
    sessionType: 'ThreePhase',
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(startMs + 3 * 3_600_000).toISOString(),
    externalTransactionId: null,
    totalConsumptionKwh: kwh,
    externalId: null,
  }
}

const sessionCalls = () => h.fake.requests.filter((r) => r.path.toLowerCase().includes('/chargingsessions'))

describe('Charge Amps sessions by range', () => {
  it('asks for the range as startTime and endTime and shows only that connector’s sessions in it', async () => {
    const charger = await connector()
    h.fake.state.chargePoint().sessions.push(pastSession(1, 10, 12.5), pastSession(2, 100, 30), pastSession(3, 10, 4, 2), pastSession(4, 400, 7))
    const range = { fromMs: START_MS - 366 * DAY_MS, toMs: START_MS }
    const table = await charger.history!.read(range)

    expect(table.rows.map((row) => row[2])).toEqual([12.5, 30])
    expect(table.note).toBeNull()
    const sent = new URL(sessionCalls()[0]!.path, 'http://fake')
    expect(sent.pathname).toBe(`/api/v5/chargepoints/${CP}/connectors/1/chargingsessions`)
    expect(sent.searchParams.get('startTime')).toBe(new Date(range.fromMs).toISOString())
    expect(sent.searchParams.get('endTime')).toBe(new Date(range.toMs - 1000).toISOString())
    expect(sent.searchParams.get('maxCount')).toBe(String(MAX_SESSIONS_PER_RANGE + 1))
  })

  it('lists at most 500 sessions and says when the range holds more', async () => {
    const charger = await connector()
    for (let i = 0; i < MAX_SESSIONS_PER_RANGE + 20; i++) h.fake.state.chargePoint().sessions.push(pastSession(10 + i, 1 + i * 0.5, 5))
    const table = await charger.history!.read({ fromMs: START_MS - 366 * DAY_MS, toMs: START_MS })
    expect(table.rows).toHaveLength(MAX_SESSIONS_PER_RANGE)
    expect(table.note).toMatch(/more than 500 sessions.*shorter range/)
    expect(sessionCalls()).toHaveLength(1)
  })

  it('does not send a range read that would eat into what the polls and writes need', async () => {
    const charger = await connector()
    // 25 of the 40 requests a minute are spent (the override status is never cached).
    for (let i = 0; i < 25; i++) await h.client.scheduleOverrideStatus(CP)
    await expect(charger.history!.read({ fromMs: START_MS - 30 * DAY_MS, toMs: START_MS })).rejects.toMatchObject({ kind: 'rate-limited' })
    expect(sessionCalls()).toHaveLength(0)
    // The loop's own reading still goes through.
    await charger.readCharger()
    expect(hits(h, 'GET', `/chargepoints/${CP}/status`)).toBe(1)
  })
})
