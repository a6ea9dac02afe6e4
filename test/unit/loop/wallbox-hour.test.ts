/**
 * A Wallbox Pulsar Plus (single phase, 6–32 A, paused with a car plugged in) through an hour of
 * sun and clouds under the control loop, built by the Wallbox driver exactly as the app builds
 * it and talking to the fake my.wallbox cloud. The fake enforces Wallbox's announced budget
 * (3 GET and 5 other requests a minute); its request log is the evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountDevices } from '../../../src-main/core/vendors/driver'
import { createWallboxDriver } from '../../../src-main/core/vendors/wallbox'
import { WallboxAccount } from '../../../src-shared/settings'
import { startWallboxFake, wallboxFakeFixture, type WallboxFake } from '../../fakes/wallbox/server'
import {
  LONG_CLOUD,
  MINUTE_MS,
  STOP_DELAY_MS,
  VOLTAGE_V,
  at,
  between,
  explain,
  itFollowsTheSurplus,
  overMinimumUnderClouds,
  passingClouds,
  peakInWindow,
  rig,
  runHour,
  share,
  stoppedUnder,
  sunny,
  type Sample,
} from './hour'

const PEAK_W = 7_000
const MIN_A = 6
const MAX_A = 32
/** A status read a minute, and writes that may wait for the loop's share of the write budget. */
const LAG_MS = 60_000

let fake: WallboxFake
let devices: AccountDevices
let samples: Sample[]

beforeAll(async () => {
  const r = rig()
  fake = await startWallboxFake({ now: () => r.clock.now() })
  const account = WallboxAccount.parse({
    kind: 'wallbox',
    id: 'wallbox-hour',
    name: 'Garage',
    baseUrl: fake.url,
    username: fake.username,
    chargerId: wallboxFakeFixture.chargerId,
  })
  devices = await createWallboxDriver({ sleep: r.sleep }).devices(account, { password: fake.password }, r.deps)
  const charger = devices.chargers![0]!
  samples = await runHour({
    clock: r.clock,
    charger,
    peakW: PEAK_W,
    fake: { drawW: () => fake.state.chargingPowerKw() * 1000, currentA: () => fake.state.charger.maxChargingCurrentA },
    logger: r.logger,
  })
})

afterAll(async () => {
  await devices?.close?.()
  await fake?.close()
})

describe('Wallbox through a simulated hour of sun and clouds', () => {
  it("stays inside Wallbox's budget in every minute and is never throttled", () => {
    const api = fake.requests.filter((r) => !r.path.startsWith('/users/'))
    const reads = api.filter((r) => r.method === 'GET').map((r) => r.atMs)
    const writes = api.filter((r) => r.method !== 'GET').map((r) => r.atMs)
    expect(reads.length).toBeGreaterThan(0)
    expect(writes.length).toBeGreaterThan(0)
    expect(peakInWindow(reads, MINUTE_MS)).toBeLessThanOrEqual(3)
    expect(peakInWindow(writes, MINUTE_MS)).toBeLessThanOrEqual(5)
    expect(fake.requests.filter((r) => r.status === 429 || r.status === 403)).toEqual([])
  })

  it('charges through most of the sunny minutes', () => {
    const inSun = sunny(samples)
    const charging = inSun.filter((s) => s.drawW > 0)
    expect(share(charging, inSun)).toBeGreaterThanOrEqual(0.8)
    expect(samples.filter((s) => s.state === 'full')).toEqual([])
  })

  it('rides out passing clouds at the minimum current and stops in the long one after the stop delay', () => {
    const dropped = stoppedUnder(samples, passingClouds(STOP_DELAY_MS))
    expect(explain(dropped), 'stopped for a passing cloud').toEqual([])
    const over = overMinimumUnderClouds(samples, MIN_A * VOLTAGE_V, LAG_MS)
    expect(explain(over), `${over.length} cloudy ticks above the minimum`).toEqual([])
    const stopped = between(samples, at(LONG_CLOUD.fromMin) + STOP_DELAY_MS + LAG_MS, at(LONG_CLOUD.toMin))
    expect(stopped.length).toBeGreaterThan(0)
    expect(explain(stopped.filter((s) => s.drawW > 0))).toEqual([])
  })

  it('sets whole amps within 6–32 A', () => {
    const setpoints = fake.requests.filter((r) => r.method === 'PUT').map((r) => (r.body as { maxChargingCurrent?: unknown }).maxChargingCurrent)
    expect(setpoints.length).toBeGreaterThan(0)
    for (const a of setpoints) {
      expect(Number.isInteger(a)).toBe(true)
      expect(a).toBeGreaterThanOrEqual(MIN_A)
      expect(a).toBeLessThanOrEqual(MAX_A)
    }
  })

  itFollowsTheSurplus(() => samples, { phases: 1, minA: MIN_A, maxA: MAX_A })
})
