/**
 * An Andersen A2 (single phase, no current setpoint: lock and unlock only) through an hour of sun
 * and clouds under the control loop's on/off control, built by the Andersen driver as the app
 * builds it (GraphQL over HTTP, live status over the WebSocket) against the fake Andersen cloud.
 * The car draws 16 A at 240 V when unlocked. Each switch is a cloud round-trip and a contactor
 * cycle, so the budget is: commands at least 5 minutes apart, about a dozen an hour at most.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountDevices } from '../../../src-main/core/vendors/driver'
import { andersenDriver } from '../../../src-main/core/vendors/andersen'
import { ANDERSEN_MIN_SWITCH_INTERVAL_S } from '../../../src-main/core/vendors/andersen/adapter'
import { AndersenAccount } from '../../../src-shared/settings'
import { chargingW } from '../../fakes/andersen/device'
import { startAndersenFake, type AndersenFake, type FakeRequest } from '../../fakes/andersen/server'
import { LONG_CLOUD, at, between, explain, passingClouds, rig, runHour, share, shortestGap, stampTimes, stoppedUnder, sunny, type Sample } from './hour'

const PEAK_W = 7_000
/** The A2's on/off hold stretches both loop delays to five minutes. */
const HOLD_MS = ANDERSEN_MIN_SWITCH_INTERVAL_S * 1000
const LAG_MS = 30_000

let fake: AndersenFake
let devices: AccountDevices
let samples: Sample[]
let timeOf: (request: FakeRequest) => number

beforeAll(async () => {
  const r = rig()
  fake = await startAndersenFake({ now: () => r.clock.now(), devices: [{ currentLimitA: 16 }] })
  timeOf = stampTimes(fake.requests, r.clock)
  const account = AndersenAccount.parse({ kind: 'andersen', id: 'andersen-hour', name: 'Driveway', baseUrl: fake.baseUrl, email: fake.email, deviceId: fake.deviceId })
  // The Andersen driver takes no sleep and needs none here: only its WebSocket reconnects wait,
  // and they run beside the loop, never inside a tick.
  devices = await andersenDriver.devices(account, { password: fake.password }, r.deps)
  const charger = devices.chargers![0]!
  samples = await runHour({ clock: r.clock, charger, peakW: PEAK_W, fake: { drawW: () => chargingW(fake.device()), currentA: () => null }, logger: r.logger })
})

afterAll(async () => {
  await devices?.close?.()
  await fake?.close()
})

const commands = () => fake.requests.filter((r) => r.kind === 'graphql' && r.name === 'runAEVCommand')

describe('Andersen A2 through a simulated hour of sun and clouds', () => {
  it('switches at most a dozen times in the hour, each lock or unlock at least 5 minutes after the last', () => {
    const switches = commands()
    expect(switches.length).toBeGreaterThan(0)
    expect(switches.length).toBeLessThanOrEqual(12)
    expect(shortestGap(switches.map(timeOf))).toBeGreaterThanOrEqual(HOLD_MS)
  })

  it('charges through most of the sunny minutes', () => {
    const inSun = sunny(samples)
    expect(share(inSun.filter((s) => s.drawW > 0), inSun)).toBeGreaterThanOrEqual(0.8)
    expect(samples.filter((s) => s.state === 'full')).toEqual([])
  })

  it('keeps charging through clouds shorter than its 5-minute hold', () => {
    const passing = passingClouds(HOLD_MS)
    expect(passing.length).toBe(4)
    expect(explain(stoppedUnder(samples, passing))).toEqual([])
  })

  it('switches off in the long cloud after 5 minutes and on again 5 minutes after the sun returns', () => {
    const off = between(samples, at(LONG_CLOUD.fromMin) + HOLD_MS + LAG_MS, at(LONG_CLOUD.toMin))
    expect(off.length).toBeGreaterThan(0)
    expect(explain(off.filter((s) => s.drawW > 0))).toEqual([])
    const backOn = between(samples, at(LONG_CLOUD.toMin) + HOLD_MS + LAG_MS, at(60))
    expect(explain(backOn.filter((s) => s.drawW === 0))).toEqual([])
    expect(commands().map((r) => r.variables?.functionName)).toEqual(['userLock', 'userUnlock'])
  })
})
