/**
 * An AlphaESS charging pile (SMILE-EVCT11: three phases, 6–16 A, one current setting per system,
 * start and stop by remote control) through an hour of sun and clouds under the control loop,
 * built by the AlphaESS driver as the app builds it against the fake Open API. The fake answers
 * 6053 when an endpoint is called again within 10 s; its request log is the evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAlphaessDriver } from '../../../src-main/core/vendors/alphaess'
import type { AccountDevices } from '../../../src-main/core/vendors/driver'
import { AlphaessAccount } from '../../../src-shared/settings'
import { pilePowerW } from '../../fakes/alphaess/handlers'
import { defaultAlphaessFixture, startAlphaessFake, type AlphaessFake } from '../../fakes/alphaess/server'
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
  rig,
  runHour,
  share,
  shortestGap,
  stoppedUnder,
  sunny,
  type Sample,
} from './hour'

const PEAK_W = 10_000
const MIN_A = 6
const MAX_A = 16
/** A pile read every 15–20 s, and writes paced 10 s apart. */
const LAG_MS = 30_000

let fake: AlphaessFake
let devices: AccountDevices
let samples: Sample[]

beforeAll(async () => {
  const r = rig()
  fake = await startAlphaessFake({ now: () => r.clock.now() })
  const account = AlphaessAccount.parse({
    kind: 'alphaess',
    id: 'alphaess-hour',
    name: 'Home',
    baseUrl: fake.url,
    appId: fake.appId,
    systemSn: defaultAlphaessFixture.sysSn,
  })
  // The site meter is the test's own; the system's meter and battery are not used.
  devices = await createAlphaessDriver({ sleep: r.sleep }).devices(account, { appSecret: fake.appSecret }, r.deps)
  const charger = devices.chargers![0]!
  const system = () => fake.state.systems[defaultAlphaessFixture.sysSn]!
  samples = await runHour({
    clock: r.clock,
    charger,
    peakW: PEAK_W,
    fake: { drawW: () => pilePowerW(system(), system().chargers[0]!), currentA: () => system().currentsetting },
    logger: r.logger,
  })
})

afterAll(async () => {
  await devices?.close?.()
  await fake?.close()
})

describe('AlphaESS charging pile through a simulated hour of sun and clouds', () => {
  it('never calls an endpoint twice within 10 s, and AlphaESS never says "too fast" (6053)', () => {
    const endpoints = new Set(fake.requests.map((r) => r.endpoint))
    expect(endpoints.has('getEvChargerStatusBySn')).toBe(true)
    for (const endpoint of endpoints) {
      const times = fake.requests.filter((r) => r.endpoint === endpoint).map((r) => r.atMs)
      expect(shortestGap(times), String(endpoint)).toBeGreaterThanOrEqual(10_000)
    }
    expect(fake.requests.filter((r) => r.code !== 200)).toEqual([])
  })

  it('charges through most of the sunny minutes, after the long cloud too', () => {
    const inSun = sunny(samples)
    expect(share(inSun.filter((s) => s.drawW > 0), inSun)).toBeGreaterThanOrEqual(0.8)
    const afterLongCloud = between(samples, at(LONG_CLOUD.toMin) + 2 * MINUTE_MS, at(60)).filter((s) => s.pvW > 2_000)
    expect(explain(afterLongCloud.filter((s) => s.drawW === 0)), 'not charging in the sun after the long cloud').toEqual([])
  })

  it('never tells the user the car is full (the fake car never fills)', () => {
    expect(explain(samples.filter((s) => s.state === 'full'))).toEqual([])
  })

  it('rides out passing clouds at the minimum current and stops or holds the minimum in the long one', () => {
    // Either is right here: an AlphaESS stop ends the session (Finishing until the car is unplugged).
    const dropped = stoppedUnder(samples, passingClouds(STOP_DELAY_MS))
    expect(explain(dropped), 'stopped for a passing cloud').toEqual([])
    const over = overMinimumUnderClouds(samples, MIN_A * VOLTAGE_V * 3, LAG_MS)
    expect(explain(over), `${over.length} cloudy ticks above the minimum`).toEqual([])
    expect(between(samples, at(LONG_CLOUD.fromMin) + STOP_DELAY_MS + LAG_MS, at(LONG_CLOUD.toMin)).length).toBeGreaterThan(0)
  })

  it('sets whole amps within 6–16 A', () => {
    const setpoints = fake.requests.filter((r) => r.endpoint === 'setEvChargerCurrentsBySn').map((r) => r.params.currentsetting)
    expect(setpoints.length).toBeGreaterThan(0)
    for (const a of setpoints) {
      expect(Number.isInteger(a)).toBe(true)
      expect(a).toBeGreaterThanOrEqual(MIN_A)
      expect(a).toBeLessThanOrEqual(MAX_A)
    }
  })

  itFollowsTheSurplus(() => samples, { phases: 3, minA: MIN_A, maxA: MAX_A })
})
