import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { manualClock } from '../../../../src-main/core/clock'
import { createFileLogger } from '../../../../src-main/core/log'
import type { DriverDeps } from '../../../../src-main/core/vendors/driver'
import { createWallboxDriver, wallboxDriver, wallboxUrls } from '../../../../src-main/core/vendors/wallbox'
import { WallboxAccount } from '../../../../src-shared/settings'
import { startWallboxFake, wallboxFakeFixture, type WallboxFake } from '../../../fakes/wallbox/server'
import { START_MS } from './helpers'

let fake: WallboxFake | null = null
afterEach(async () => {
  await fake?.close()
  fake = null
})

function setup(fakeNow?: () => number) {
  const clock = manualClock(START_MS)
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-wallbox-'))
  const logger = createFileLogger(join(dir, 'sunspill.log'), { now: () => clock.now() })
  const deps: DriverDeps = { clock, logger, random: () => 0.5 }
  const driver = createWallboxDriver({ sleep: async (ms) => clock.advance(ms) })
  return { clock, logger, deps, driver, now: fakeNow ?? (() => clock.now()) }
}

/** The fake's own account (each fake is a new one), or an address where nothing answers. */
function account(at: WallboxFake | string, chargerId: string | null = null): WallboxAccount {
  const [baseUrl, username] = typeof at === 'string' ? [at, wallboxFakeFixture.username] : [at.url, at.username]
  return WallboxAccount.parse({ kind: 'wallbox', id: 'wb1', name: 'Garage', baseUrl, username, chargerId })
}

describe('wallboxDriver', () => {
  it('is the wallbox kind and uses both Wallbox hosts when no address is set', () => {
    expect(wallboxDriver.kind).toBe('wallbox')
    expect(wallboxUrls('')).toEqual({ apiUrl: 'https://api.wall-box.com', userApiUrl: 'https://user-api.wall-box.com' })
    expect(wallboxUrls('http://127.0.0.1:8080/')).toEqual({ apiUrl: 'http://127.0.0.1:8080', userApiUrl: 'http://127.0.0.1:8080' })
  })

  it('test() signs in and offers the account’s chargers', async () => {
    const t = setup()
    fake = await startWallboxFake({ now: t.now })
    const result = await t.driver.test(account(fake), { password: fake.password }, t.deps)
    expect(result).toEqual({
      ok: true,
      message: `Signed in to Wallbox as ${fake.username}; found 1 charger.`,
      choices: [{ id: wallboxFakeFixture.chargerId, label: wallboxFakeFixture.chargerName, detail: 'Paused' }],
    })
  })

  it('test() reports a wrong password as the exact problem, without throwing', async () => {
    const t = setup()
    fake = await startWallboxFake({ now: t.now })
    const result = await t.driver.test(account(fake), { password: 'nope' }, t.deps)
    expect(result.ok).toBe(false)
    expect(result.choices).toEqual([])
    expect(result.message).toMatch(/^Wallbox rejected your e-mail or password/)
  })

  it('test() says when the picked charger is not on the account', async () => {
    const t = setup()
    fake = await startWallboxFake({ now: t.now })
    const result = await t.driver.test(account(fake, '1234'), { password: fake.password }, t.deps)
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('charger 1234 is not on this account') })
    expect(result.choices).toHaveLength(1)
  })

  it('test() never throws, even when nothing answers', async () => {
    const t = setup()
    const result = await t.driver.test(account('http://127.0.0.1:9'), { password: 'x' }, t.deps)
    expect(result).toMatchObject({ ok: false, choices: [], message: expect.stringContaining('Could not reach Wallbox') })
  })

  it('devices() needs a picked charger', async () => {
    const t = setup()
    await expect(async () => t.driver.devices(account('http://127.0.0.1:9'), { password: 'x' }, t.deps)).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringMatching(/^Pick a charger/),
    })
  })

  it('devices() builds the picked charger, and the loop can drive it', async () => {
    const t = setup()
    fake = await startWallboxFake({ now: t.now })
    const devices = await t.driver.devices(account(fake, wallboxFakeFixture.chargerId), { password: fake.password }, t.deps)
    try {
      expect(devices.chargers).toHaveLength(1)
      const charger = devices.chargers![0]!
      expect(charger.id).toBe(`wb1:${wallboxFakeFixture.chargerId}`)
      expect(await charger.readCharger()).toMatchObject({ connected: true, vendorStatus: 'Paused' })
      await charger.current!.setCurrent(8)
      expect(fake.state.charger).toMatchObject({ paused: false, maxChargingCurrentA: 8 })
    } finally {
      await devices.close?.()
    }
  })

  it('keeps the password and tokens out of the log file', async () => {
    const t = setup()
    fake = await startWallboxFake({ now: t.now, tokenTtlMs: 5 * 60_000 })
    const a = account(fake, wallboxFakeFixture.chargerId)
    await t.driver.test(a, { password: fake.password }, t.deps)
    const devices = await t.driver.devices(a, { password: fake.password }, t.deps)
    try {
      const charger = devices.chargers![0]!
      await charger.readCharger()
      t.clock.advance(6 * 60_000)
      fake.state.expireAccessTokens()
      await charger.readCharger()
      // Something that would carry secrets if anything slipped.
      fake.state.overrides.push({ path: '/chargers/status/', status: 401, body: '{}', times: 2 })
      t.clock.advance(60_000)
      await charger.readCharger().catch(() => undefined)
      t.logger.warn(`diagnostic ${fake.password}`)
    } finally {
      await devices.close?.()
    }
    const log = readFileSync(t.logger.file, 'utf8')
    expect(log).toContain('diagnostic [redacted]')
    expect(log).not.toContain(fake.password)
    expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/)
    expect(fake.state.signIns).toBe(1)
  })
})
