import { afterEach, describe, expect, it } from 'vitest'
import { wallboxFakeFixture } from '../../../fakes/wallbox/server'
import { isApi, peakPerMinute, startRig, type Rig } from './helpers'

const ID = wallboxFakeFixture.chargerId
let rig: Rig

afterEach(async () => {
  await rig?.close()
})

describe('Wallbox rate limits', () => {
  it('waits out a 429 for the Retry-After it names, then succeeds', async () => {
    // The fake allows 1 GET a minute; the client believes 10, so the server has to say so.
    rig = await startRig({ getsPerMinute: 1 }, { limits: { readsPerMinute: 10 } })
    const client = rig.client()
    await client.getStatus(ID)
    rig.clock.advance(20_000)
    const status = await client.getStatus(ID)
    expect(status.status_id).toBe(182)
    const statusCodes = rig.fake.requests.filter(isApi).map((r) => r.status)
    expect(statusCodes).toEqual([200, 429, 200])
    expect(rig.sleeps).toEqual([40_000])
  })

  it('backs off with jitter when a 429 names no Retry-After', async () => {
    rig = await startRig()
    const client = rig.client({ random: () => 0.25 })
    rig.fake.state.overrides.push({ path: '/chargers/status/', status: 429, body: '{}', times: 2 })
    await client.getStatus(ID)
    // 10 s floor plus a quarter of the doubling ceiling (10 s, then 20 s).
    expect(rig.sleeps).toEqual([12_500, 15_000])
    expect(rig.fake.requests.filter(isApi).map((r) => r.status)).toEqual([429, 429, 200])
  })

  it('fails a user request with the rate-limited sentence when the wait is too long', async () => {
    rig = await startRig({ getsPerMinute: 1 }, { limits: { readsPerMinute: 10, maxWaitMs: 5_000 } })
    const client = rig.client()
    await client.getStatus(ID)
    const error = await client.getStatus(ID).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 60_000, message: expect.stringContaining('slow down') })
    expect(rig.sleeps).toEqual([])
  })

  it('waits for its own write budget before a user write, and fails when it would wait too long', async () => {
    rig = await startRig({}, { limits: { maxWaitMs: 30_000 } })
    const client = rig.client()
    for (let i = 0; i < 5; i++) await client.setLocked(ID, i % 2 === 0)
    // Five writes just now: the sixth could go only in a minute, longer than a click may wait.
    const error = await client.setLocked(ID, false).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'rate-limited', message: expect.stringMatching(/^Wallbox accepts only 5 changes a minute/) })
    expect(rig.fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(5)
    rig.clock.advance(35_000)
    await client.setLocked(ID, false)
    expect(rig.sleeps).toEqual([25_000])
    expect(rig.fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(6)
    expect(rig.fake.requests.filter((r) => r.status === 429)).toEqual([])
  })

  it('takes a 403 on the status after it has worked as throttling and keeps the last reading', async () => {
    rig = await startRig({ getsPerMinute: 1, statusThrottleStatus: 403 }, { limits: { readsPerMinute: 10, statusIntervalMs: 10_000 } })
    const charger = rig.charger()
    const first = await charger.readCharger()
    rig.clock.advance(15_000)
    const second = await charger.readCharger()
    expect(second).toEqual(first)
    expect(rig.fake.requests.filter(isApi).map((r) => r.status)).toEqual([200, 403])
    // Held off: no more status reads until the block passes.
    rig.clock.advance(15_000)
    await charger.readCharger()
    expect(rig.fake.requests.filter(isApi)).toHaveLength(2)
    expect(rig.logger.lines.some((l) => l.includes('slow down'))).toBe(true)
  })

  it('takes a 403 on a first write as missing rights, with a sentence that says who can', async () => {
    rig = await startRig()
    rig.fake.state.readOnlyUser = true
    const error = await rig.client().setLocked(ID, true).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'auth', message: expect.stringContaining("Only the charger's owner or an admin") })
  })

  it('explains a pause refused in OCPP mode', async () => {
    rig = await startRig({ charger: { operationMode: 'ocpp', paused: false } })
    const client = rig.client()
    await client.getStatus(ID)
    await expect(client.pause(ID)).rejects.toMatchObject({ kind: 'not-supported', message: expect.stringContaining('OCPP') })
  })

  it('keeps an hour of loop commands every 10 s inside 5 writes and 3 reads a minute', async () => {
    rig = await startRig({ tokenTtlMs: 15 * 60_000 })
    const charger = rig.charger()
    let seed = 7
    const random = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    let last = 0
    for (let t = 0; t < 3600; t += 10) {
      await charger.readCharger()
      // Mostly small changes, sometimes a stop: what a cloudy afternoon looks like.
      last = random() < 0.1 ? 0 : 6 + Math.floor(random() * 11)
      await charger.current!.setCurrent(last)
      rig.clock.advance(10_000)
    }
    expect(rig.fake.requests.filter((r) => r.status >= 400)).toEqual([])
    // Wallbox's 5 a minute, of which the loop leaves 2 for the user's clicks.
    expect(peakPerMinute(rig.fake, (r) => isApi(r) && r.method !== 'GET')).toBeLessThanOrEqual(3)
    expect(peakPerMinute(rig.fake, (r) => isApi(r) && r.method === 'GET')).toBeLessThanOrEqual(3)
    const reads = rig.fake.requests.filter((r) => isApi(r) && r.method === 'GET').length
    expect(reads).toBeGreaterThanOrEqual(55)
    expect(reads).toBeLessThanOrEqual(61)
    expect(rig.fake.state.signIns).toBe(1)

    // The last wish reaches the charger once the budget allows.
    for (let i = 0; i < 7; i++) {
      rig.clock.advance(10_000)
      await charger.readCharger()
    }
    const c = rig.fake.state.charger
    if (last === 0) expect(c.paused).toBe(true)
    else expect([c.paused, c.maxChargingCurrentA]).toEqual([false, last])

    // A click right after a busy loop minute still goes at once.
    await charger.current!.setCurrent(last === 7 ? 8 : 7)
    await charger.lock!.setLocked(true)
    expect(rig.sleeps).toEqual([])
    expect(c.locked).toBe(true)
  })

  it("gives another account at the same address its own reads, so the loop's first read is answered", async () => {
    // The previous account spends its three reads of the minute and its clock stops there.
    const first = await startRig()
    const client = first.client()
    for (let i = 0; i < 3; i++) await client.getStatus(ID)
    const port = Number(new URL(first.fake.url).port)
    await first.close()
    // A freed port handed out again: only the account tells the two clouds apart.
    rig = await startRig({ port })
    expect(rig.fake.url).toBe(first.fake.url)
    const reading = await rig.charger().readCharger()
    expect(reading).toMatchObject({ connected: true, vendorStatus: 'Paused' })
    expect(rig.fake.requests.filter(isApi).map((r) => r.status)).toEqual([200])
  })

  it('sends no write when the command changes nothing', async () => {
    rig = await startRig()
    const charger = rig.charger()
    await charger.readCharger()
    await charger.current!.setCurrent(16)
    await charger.current!.setCurrent(16)
    await charger.current!.setCurrent(16)
    await charger.switchable!.setEnabled(true)
    const writes = rig.fake.requests.filter((r) => r.method !== 'GET')
    // The fixture is paused at 16 A: one resume, no current write.
    expect(writes.map((r) => [r.path, r.body])).toEqual([[`/v3/chargers/${ID}/remote-action`, { action: 1 }]])
  })
})
