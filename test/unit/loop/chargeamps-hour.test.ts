/**
 * A Charge Amps charger (three phases on a 16 A installation, a car plugged in and charging)
 * through an hour of sun and clouds under the control loop, built by the Charge Amps driver as
 * the app builds it and talking to the fake EAPI. Charge Amps documents no limit; the budget is
 * the cloud's own cadence: no status poll more often than every 30 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountDevices } from '../../../src-main/core/vendors/driver'
import { chargeampsDriver } from '../../../src-main/core/vendors/chargeamps'
import { ChargeAmpsAccount } from '../../../src-shared/settings'
import { CHARGE_AMPS_FIXTURE, powerW, startChargeAmpsFake, type ChargeAmpsFake, type FakeRequest } from '../../fakes/chargeamps/server'
import {
  LONG_CLOUD,
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
  stampTimes,
  stoppedUnder,
  sunny,
  type Sample,
} from './hour'

const PEAK_W = 10_000
const MIN_A = 6
const MAX_A = CHARGE_AMPS_FIXTURE.installationCurrentA
/** One status poll every 30 s, plus a tick. */
const LAG_MS = 40_000

let fake: ChargeAmpsFake
let devices: AccountDevices
let samples: Sample[]
let timeOf: (request: FakeRequest) => number

beforeAll(async () => {
  const r = rig()
  fake = await startChargeAmpsFake({ now: () => r.clock.now() })
  timeOf = stampTimes(fake.requests, r.clock)
  const account = ChargeAmpsAccount.parse({
    kind: 'chargeamps',
    id: 'chargeamps-hour',
    name: 'Garage',
    baseUrl: fake.url,
    email: fake.email,
    chargePointId: CHARGE_AMPS_FIXTURE.chargePointId,
  })
  // The Charge Amps driver takes no sleep: its client sleeps only to back off a 429 or 5xx,
  // which this fake never sends unless told to.
  devices = await chargeampsDriver.devices(account, { password: fake.password, apiKey: fake.apiKey }, r.deps)
  const charger = devices.chargers![0]!
  const connector = () => fake.state.connector(CHARGE_AMPS_FIXTURE.connectorId)
  samples = await runHour({
    clock: r.clock,
    charger,
    peakW: PEAK_W,
    fake: {
      drawW: () => powerW(fake.state.chargePoint(), connector(), r.clock.now()),
      currentA: () => (connector().settings.mode === 'Off' ? 0 : (connector().settings.maxCurrent as number | null)),
    },
    logger: r.logger,
  })
})

afterAll(async () => {
  await devices?.close?.()
  await fake?.close()
})

describe('Charge Amps through a simulated hour of sun and clouds', () => {
  it('polls the status no more often than every 30 s', () => {
    const polls = fake.requests.filter((r) => r.method === 'GET' && /\/status$/i.test(r.path)).map(timeOf)
    expect(polls.length).toBeGreaterThan(60)
    expect(shortestGap(polls)).toBeGreaterThanOrEqual(30_000)
    expect(fake.requests.filter((r) => r.status >= 400)).toEqual([])
  })

  it('charges through most of the sunny minutes', () => {
    const inSun = sunny(samples)
    expect(share(inSun.filter((s) => s.drawW > 0), inSun)).toBeGreaterThanOrEqual(0.8)
    expect(samples.filter((s) => s.state === 'full')).toEqual([])
  })

  it('rides out passing clouds at the minimum current and stops in the long one after the stop delay', () => {
    const dropped = stoppedUnder(samples, passingClouds(STOP_DELAY_MS))
    expect(explain(dropped), 'stopped for a passing cloud').toEqual([])
    const minimumW = MIN_A * VOLTAGE_V * 3
    const over = overMinimumUnderClouds(samples, minimumW, LAG_MS)
    expect(explain(over), `${over.length} cloudy ticks above the minimum`).toEqual([])
    const stopped = between(samples, at(LONG_CLOUD.fromMin) + STOP_DELAY_MS + LAG_MS, at(LONG_CLOUD.toMin))
    expect(stopped.length).toBeGreaterThan(0)
    expect(explain(stopped.filter((s) => s.drawW > 0))).toEqual([])
  })

  it('sets whole amps within 6 A and the installation current', () => {
    const puts = fake.requests.filter((r) => r.method === 'PUT' && /\/connectors\/\d+\/settings$/i.test(r.path))
    expect(puts.length).toBeGreaterThan(0)
    for (const put of puts) {
      const a = (put.body as { maxCurrent?: unknown }).maxCurrent
      expect(Number.isInteger(a)).toBe(true)
      expect(a).toBeGreaterThanOrEqual(MIN_A)
      expect(a).toBeLessThanOrEqual(MAX_A)
    }
  })

  itFollowsTheSurplus(() => samples, { phases: 3, minA: MIN_A, maxA: MAX_A })
})
