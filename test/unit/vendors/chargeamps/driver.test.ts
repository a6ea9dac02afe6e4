import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import type { ChargeAmpsAccount } from '../../../../src-shared/settings'
import { manualClock } from '../../../../src-main/core/clock'
import { VendorError } from '../../../../src-main/core/errors'
import type { DriverDeps } from '../../../../src-main/core/vendors/driver'
import { chargeampsDriver } from '../../../../src-main/core/vendors/chargeamps'
import { API_KEY_MISSING } from '../../../../src-main/core/vendors/chargeamps/messages'
import {
  CHARGE_AMPS_FIXTURE,
  fakeChargePoint,
  fakeConnector,
  startChargeAmpsFake,
  type ChargeAmpsFake,
  type ChargeAmpsFakeOptions,
} from '../../../fakes/chargeamps/server'
import { memoryLogger } from '../../helpers/memory-logger'
import { START_MS } from './harness'

const CP = CHARGE_AMPS_FIXTURE.chargePointId
let fake: ChargeAmpsFake | undefined
const toClose: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const close of toClose.splice(0)) await close()
  await fake?.close()
  fake = undefined
})

async function setup(options: ChargeAmpsFakeOptions = {}, over: Partial<ChargeAmpsAccount> = {}) {
  const clock = manualClock(START_MS)
  fake = await startChargeAmpsFake({ now: () => clock.now(), ...options })
  const logger = memoryLogger()
  const deps: DriverDeps = { clock, logger, random: () => 0.5 }
  const account: ChargeAmpsAccount = {
    kind: 'chargeamps',
    id: 'ca1',
    name: 'Charge Amps',
    baseUrl: fake.url,
    email: fake.email,
    chargePointId: CP,
    ...over,
  }
  const secrets = { password: fake.password, apiKey: fake.apiKey }
  return { fake, clock, deps, account, secrets, redacted: logger.redacted }
}

describe('chargeampsDriver.test', () => {
  it('signs in and offers the owned chargers with their connectors and status', async () => {
    const halo = fakeChargePoint({
      id: '2103009999',
      name: 'Driveway',
      type: 'Halo',
      connectors: [fakeConnector('2103009999'), fakeConnector('2103009999', { connectorId: 2, type: 'Schuko', car: { connected: false, maxA: 10, phases: 1, full: false } })],
    })
    const { account, secrets, deps } = await setup({ chargePoints: [fakeChargePoint({ id: CP, name: 'Garage', type: 'Dawn' }), halo] })
    const result = await chargeampsDriver.test({ ...account, chargePointId: null }, secrets, deps)
    expect(result.ok).toBe(true)
    expect(result.message).toContain(CHARGE_AMPS_FIXTURE.email)
    expect(result.choices.map((c) => [c.id, c.label])).toEqual([
      [CP, 'Garage'],
      ['2103009999', 'Driveway'],
    ])
    expect(result.choices[1]!.detail).toBe('Halo · 2103009999 · Online · 1 Charger: Charging, 2 Schuko: Available')
  })

  it('gives the exact problem instead of throwing', async () => {
    const { account, secrets, deps } = await setup()
    const wrong = await chargeampsDriver.test(account, { ...secrets, password: 'nope-nope' }, deps)
    expect(wrong).toMatchObject({ ok: false, choices: [] })
    expect(wrong.message).toMatch(/did not accept the sign-in/)

    const noKey = await chargeampsDriver.test(account, { password: secrets.password, apiKey: '' }, deps)
    expect(noKey).toEqual({ ok: false, message: API_KEY_MISSING, choices: [] })

    const url = fake!.url
    await fake!.close()
    const offline = await chargeampsDriver.test({ ...account, baseUrl: url }, secrets, deps)
    expect(offline.ok).toBe(false)
    expect(offline.message).toMatch(/Could not reach Charge Amps/)
  })

  it('says so when the account owns no chargers', async () => {
    const { account, secrets, deps } = await setup({ chargePoints: [] })
    const result = await chargeampsDriver.test(account, secrets, deps)
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/owns no chargers/)
  })

  it('registers the password, API key and every token with the log redactor', async () => {
    const { account, secrets, deps, redacted } = await setup({ tokenLifetimeS: 120 })
    const { chargers, close } = await chargeampsDriver.devices(account, secrets, deps)
    toClose.push(async () => close?.())
    await chargers![0]!.readCharger()
    expect(redacted).toEqual(expect.arrayContaining([secrets.password, secrets.apiKey]))
    const jwts = redacted.filter((v) => v.split('.').length === 3)
    expect(jwts).toHaveLength(1)
    // The registered value is the live token itself: the fake accepts it.
    const res = await request(`${fake!.url}/api/v5/chargepoints/owned`, { headers: { authorization: `Bearer ${jwts[0]}` } })
    await res.body.text()
    expect(res.statusCode).toBe(200)
    expect(redacted.length).toBe(4) // password, key, token, refresh token
  })
})

describe('chargeampsDriver.devices', () => {
  it('builds the picked chargepoint’s charging connector', async () => {
    const { account, secrets, deps } = await setup()
    const devices = await chargeampsDriver.devices(account, secrets, deps)
    toClose.push(async () => devices.close?.())
    expect(devices.chargers!.map((c) => c.id)).toEqual([`ca1:${CP}:1`])
    expect(await devices.chargers![0]!.readCharger()).toMatchObject({ connected: true, vendorStatus: 'Charging' })
  })

  it('needs a picked chargepoint and an API key', async () => {
    const { account, secrets, deps } = await setup()
    await expect(chargeampsDriver.devices({ ...account, chargePointId: null }, secrets, deps)).rejects.toMatchObject({ kind: 'config' })
    await expect(chargeampsDriver.devices({ ...account, chargePointId: null }, secrets, deps)).rejects.toBeInstanceOf(VendorError)
    await expect(chargeampsDriver.devices(account, { password: secrets.password, apiKey: ' ' }, deps)).rejects.toThrow(API_KEY_MISSING)
  })

  it('builds both outlets of an Aura, each its own charger', async () => {
    const aura = fakeChargePoint({ id: CP, name: 'Carport', type: 'Aura', connectors: [fakeConnector(CP), fakeConnector(CP, { connectorId: 2 })] })
    const { account, secrets, deps } = await setup({ chargePoints: [aura] })
    const devices = await chargeampsDriver.devices(account, secrets, deps)
    toClose.push(async () => devices.close?.())
    expect(devices.chargers!.map((c) => c.id)).toEqual([`ca1:${CP}:1`, `ca1:${CP}:2`])
    for (const outlet of devices.chargers!) await outlet.readCharger()
    expect(devices.chargers!.map((c) => c.label)).toEqual(['Carport · connector 1', 'Carport · connector 2'])
    expect(devices.chargers!.every((c) => c.current !== undefined)).toBe(true)
  })

  it('leaves a Halo’s Schuko socket alone: Solar would switch a household socket off', async () => {
    const halo = fakeChargePoint({ id: CP, name: 'Driveway', type: 'Halo', connectors: [fakeConnector(CP), fakeConnector(CP, { connectorId: 2, type: 'Schuko' })] })
    const { account, secrets, deps } = await setup({ chargePoints: [halo] })
    const devices = await chargeampsDriver.devices(account, secrets, deps)
    toClose.push(async () => devices.close?.())
    expect(devices.chargers!.map((c) => c.id)).toEqual([`ca1:${CP}:1`])
  })

  it('builds the charging outlet when the cloud is down at start-up, and says why', async () => {
    const { fake, account, secrets, deps } = await setup()
    fake.state.faults.push({ path: `/chargepoints/${CP}`, status: 503, times: 99 })
    const devices = await chargeampsDriver.devices(account, secrets, deps)
    toClose.push(async () => devices.close?.())
    expect(devices.chargers!.map((c) => c.id)).toEqual([`ca1:${CP}:1`])
    expect((deps.logger as ReturnType<typeof memoryLogger>).lines.some((l) => l.includes('building its charging outlet only'))).toBe(true)
  })
})
