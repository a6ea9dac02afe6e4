/**
 * A Wallbox charger's sessions for a range the user picks, against the fake cloud: the range goes
 * to Wallbox as it is (its session list takes any start and end), and the reads it costs leave
 * the control loop's status poll a read every minute.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { VendorError } from '../../../../src-main/core/errors'
import { START_MS, isApi, peakPerMinute, startRig, type Rig } from './helpers'

const DAY_MS = 86_400_000
const startS = Math.floor(START_MS / 1000)
let rig: Rig

afterEach(async () => {
  await rig?.close()
})

const sessionReads = (r: Rig) => r.fake.requests.filter((q) => q.path.startsWith('/v4/sessions/stats'))
const query = (path: string) => new URL(path, 'http://fake').searchParams

function addSession(r: Rig, daysAgo: number, energyKwh: number) {
  const start = startS - daysAgo * 86_400
  r.fake.state.charger.sessions.push({ id: String(500 + daysAgo), startS: start, endS: start + 7200, energyKwh, cost: energyKwh * 0.24 })
}

describe('Wallbox sessions by range', () => {
  it('sends a year-long range to Wallbox in one request, with the range’s own start and end', async () => {
    rig = await startRig()
    addSession(rig, 200, 22.5)
    addSession(rig, 400, 9)
    const range = { fromMs: START_MS - 366 * DAY_MS, toMs: START_MS }
    const table = await rig.charger().history!.read(range)

    expect(sessionReads(rig)).toHaveLength(1)
    const sent = query(sessionReads(rig)[0]!.path)
    expect(Number(sent.get('start_date'))).toBe(range.fromMs / 1000)
    // Wallbox's end is inclusive: the last second before the range ends.
    expect(Number(sent.get('end_date'))).toBe(range.toMs / 1000 - 1)
    // The fixture's two sessions (2 and 3 days ago) and the one 200 days ago; not the one 400 days ago.
    expect(table.rows.map((row) => row[2])).toEqual([15.06, 16.14, 22.5])
    expect(table.note).toBeNull()
  })

  it('shows an older range without the recent sessions, and an empty one as empty', async () => {
    rig = await startRig()
    addSession(rig, 200, 22.5)
    const charger = rig.charger()
    const older = await charger.history!.read({ fromMs: START_MS - 250 * DAY_MS, toMs: START_MS - 100 * DAY_MS })
    expect(older.rows.map((row) => row[2])).toEqual([22.5])
    const empty = await charger.history!.read({ fromMs: START_MS - 90 * DAY_MS, toMs: START_MS - 30 * DAY_MS })
    expect(empty.rows).toEqual([])
  })

  it('answers a range asked again within two minutes from memory, without another read', async () => {
    rig = await startRig()
    const charger = rig.charger()
    const range = { fromMs: START_MS - 90 * DAY_MS, toMs: START_MS }
    await charger.history!.read(range)
    rig.clock.advance(60_000)
    await charger.history!.read(range)
    expect(sessionReads(rig)).toHaveLength(1)
    rig.clock.advance(61_000)
    await charger.history!.read(range)
    expect(sessionReads(rig)).toHaveLength(2)
  })

  it('leaves the loop one read a minute: a third read waits for the window instead of taking it', async () => {
    rig = await startRig()
    const charger = rig.charger()
    await charger.readCharger()
    for (const days of [30, 90, 365]) await charger.history!.read({ fromMs: START_MS - days * DAY_MS, toMs: START_MS })

    expect(sessionReads(rig)).toHaveLength(3)
    // Wallbox allows three reads a minute; the user's never hold more than two of them.
    expect(peakPerMinute(rig.fake, (q) => isApi(q) && q.method === 'GET')).toBe(2)
    expect(rig.sleeps.some((ms) => ms > 0)).toBe(true)
    // The loop's poll, due now, still finds its read and sees the car unplugged.
    rig.fake.state.unplug()
    expect((await charger.readCharger()).connected).toBe(false)
    expect(rig.fake.requests.filter((q) => isApi(q)).every((q) => q.status !== 429)).toBe(true)
  })

  it('fails with a rate-limited error when Wallbox says wait longer than a click may', async () => {
    rig = await startRig()
    rig.fake.state.overrides.push({ path: '/v4/sessions/stats', status: 429, body: '{"error":"Too Many Requests"}', headers: { 'retry-after': '120' }, times: 1 })
    const read = rig.charger().history!.read({ fromMs: START_MS - 30 * DAY_MS, toMs: START_MS })
    await expect(read).rejects.toBeInstanceOf(VendorError)
    await expect(read).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 120_000 })
  })
})
