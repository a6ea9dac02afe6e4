/**
 * When AlphaESS says "stop for a while", Sunspill stops: nothing reaches AlphaESS until the wait is
 * over, every read in between fails at once saying how long Sunspill waits, and reads work again
 * afterwards. The runtime keeps polling through it all (alphaessTiming.pollMs).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { alphaessTiming, createAlphaessSystem } from '../../../../src-main/core/vendors/alphaess/adapter'
import { defaultAlphaessFixture as f } from '../../../fakes/alphaess/server'
import { failure } from '../failure'
import { harness, START_MS, type Harness } from './harness'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => h.close())

function system() {
  const client = h.client()
  const devices = createAlphaessSystem({ accountId: 'acc', sysSn: f.sysSn, client, clock: h.clock, logger: h.logger, piles: [] })
  return { client, meter: devices.meter!, battery: devices.battery! }
}

describe('AlphaESS throttling', () => {
  it('HTTP 429 with Retry-After: 300 sends nothing for 5 minutes, says so, then reads again', async () => {
    h.fake.state.throttledUntilMs = START_MS + 300_000
    const { meter, battery } = system()

    const first = await failure(meter.readMeter())
    expect(first.kind).toBe('rate-limited')
    expect(first.retryAfterMs).toBe(300_000)
    expect(first.message).toContain('Sunspill waits 5 min before asking it again')
    expect(h.fake.requests.map((r) => r.httpStatus)).toEqual([429])

    const errors = []
    for (h.clock.advance(alphaessTiming.pollMs); h.clock.now() < START_MS + 300_000; h.clock.advance(alphaessTiming.pollMs)) {
      errors.push(await failure(meter.readMeter()), await failure(battery.readBattery()))
    }
    expect(errors).toHaveLength(38)
    expect(errors.every((e) => e.kind === 'rate-limited')).toBe(true)
    // The time left, not the time first asked for.
    expect(errors.at(-1)!.retryAfterMs).toBe(15_000)
    expect(errors.at(-1)!.message).toContain('Sunspill waits 15 s')
    expect(h.fake.requests).toHaveLength(1)

    expect((await meter.readMeter()).pvW).toBe(f.ppv)
    expect(h.fake.requests.map((r) => [r.httpStatus, r.atMs - START_MS])).toEqual([
      [429, 0],
      [200, 300_000],
    ])
  })

  it('a Retry-After short enough to sit out is sat out by the call, and nothing goes before it', async () => {
    h.fake.state.faults.push({ endpoint: 'getEssList', reply: { httpStatus: 429, headers: { 'retry-after': '20' }, body: '' } })
    const { client } = system()
    const list = await client.getEssList()
    expect(list[0]!.sysSn).toBe(f.sysSn)
    expect(h.calls('getEssList').map((r) => [r.httpStatus, r.atMs - START_MS])).toEqual([
      [429, 0],
      [200, 20_000],
    ])
  })

  it('"too fast" (6053) that outlasts the retries blocks the whole AppID, longer each time, until reads work', async () => {
    h.fake.state.faults.push({ endpoint: 'getLastPowerData', times: Infinity, reply: { code: 6053 } })
    const { client, meter } = system()

    const first = await failure(meter.readMeter())
    expect(first).toMatchObject({ kind: 'rate-limited', retryAfterMs: 10_000 })
    expect(first.message).toContain('Sunspill waits 10 s')
    expect(h.calls('getLastPowerData')).toHaveLength(3)
    // Another endpoint of the same AppID is held back too: the limit is AlphaESS's, not one endpoint's.
    expect((await failure(client.getEssList())).kind).toBe('rate-limited')
    expect(h.calls('getEssList')).toHaveLength(0)

    h.clock.advance(10_000)
    const second = await failure(meter.readMeter())
    expect(second).toMatchObject({ kind: 'rate-limited', retryAfterMs: 20_000 })
    expect(h.calls('getLastPowerData')).toHaveLength(6)
    h.clock.advance(alphaessTiming.pollMs)
    await failure(meter.readMeter())
    expect(h.calls('getLastPowerData')).toHaveLength(6)

    h.fake.state.faults.length = 0
    h.clock.advance(5_000)
    expect((await meter.readMeter()).gridW).toBe(f.pgrid)
    expect(h.calls('getLastPowerData').at(-1)!.code).toBe(200)
  })
})
