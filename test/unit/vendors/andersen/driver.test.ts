import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { manualClock } from '../../../../src-main/core/clock'
import { andersenDriver } from '../../../../src-main/core/vendors/andersen'
import type { AndersenAccount } from '../../../../src-shared/settings'
import { startAndersenFake, type AndersenFake } from '../../../fakes/andersen/server'
import { memoryLogger } from '../../helpers/memory-logger'
import { START_MS, eventually } from './helpers'

let fake: AndersenFake | null = null
afterEach(async () => {
  await fake?.close()
  fake = null
})

const deps = () => ({ clock: manualClock(START_MS), logger: memoryLogger(), random: () => 0 })
const account = (baseUrl: string, overrides: Partial<AndersenAccount> = {}): AndersenAccount => ({
  kind: 'andersen',
  id: 'andersen-1',
  name: 'Andersen',
  baseUrl,
  email: 'driver@example.com',
  deviceId: null,
  ...overrides,
})

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('andersenDriver.test', () => {
  it('signs in and offers the account’s chargers to pick', async () => {
    fake = await startAndersenFake({ devices: [{}, { friendlyName: 'Carport', firmware: 301 }] })
    const result = await andersenDriver.test(account(fake.baseUrl), { password: fake.password }, deps())
    expect(result).toEqual({
      ok: true,
      message: 'Signed in as driver@example.com and found 2 chargers.',
      choices: [
        { id: fake.deviceId, label: 'Driveway', detail: 'serial 2202210001 · firmware 287' },
        { id: 'e00fce6891a6d30300000002', label: 'Carport', detail: 'serial 2202210002 · firmware 301' },
      ],
    })
  })

  it('names the exact problem: wrong password, unknown e-mail, no password, no network', async () => {
    fake = await startAndersenFake()
    const wrong = await andersenDriver.test(account(fake.baseUrl), { password: 'wrong' }, deps())
    expect(wrong).toEqual({ ok: false, message: expect.stringContaining('did not accept the password'), choices: [] })

    const stranger = await andersenDriver.test(account(fake.baseUrl, { email: 'nobody@example.com' }), { password: 'x' }, deps())
    expect(stranger.message).toContain('no Konnect+ account for nobody@example.com')

    const empty = await andersenDriver.test(account(fake.baseUrl), { password: '' }, deps())
    expect(empty).toEqual({ ok: false, message: 'Enter the password you use in the Konnect+ app.', choices: [] })

    const offline = await andersenDriver.test(account(`http://127.0.0.1:${await closedPort()}`), { password: 'x' }, deps())
    expect(offline.ok).toBe(false)
    expect(offline.message).toMatch(/^Could not reach Andersen \(127\.0\.0\.1:\d+: ECONNREFUSED\)/)
  })

  it('says when the account has no chargers', async () => {
    fake = await startAndersenFake({ devices: [] })
    const result = await andersenDriver.test(account(fake.baseUrl), { password: fake.password }, deps())
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('has no chargers') })
  })
})

describe('andersenDriver.devices', () => {
  it('builds the picked charger, which reads through the shared sign-in, and closes its socket', async () => {
    fake = await startAndersenFake()
    const devices = await andersenDriver.devices(account(fake.baseUrl, { deviceId: fake.deviceId }), { password: fake.password }, deps())
    const [charger] = devices.chargers ?? []
    expect(charger?.id).toBe(`andersen-1:${fake.deviceId}`)
    expect((await charger!.readCharger()).vendorStatus).toBe('Charging')
    await eventually(() => fake!.liveSubscribers() === 1, 8_000, 'the subscription')
    expect(fake.count('cognito', 'InitiateAuth:USER_SRP_AUTH')).toBe(1)
    await devices.close?.()
    await eventually(() => fake!.liveSubscribers() === 0, 3_000, 'the socket to close')
  })

  it('has nothing to build until a charger is picked', async () => {
    const devices = await andersenDriver.devices(account(''), { password: 'x' }, deps())
    expect(devices.chargers).toEqual([])
    await devices.close?.()
  })
})
