/**
 * An account whose devices could not be built at start (AlphaESS refusing a clock not yet synced,
 * a cloud down) comes back by itself: the site is built again after a minute, then at doubling
 * intervals, with no restart and no settings save.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../src-main/core/app-core'
import { manualClock } from '../../../src-main/core/clock'
import { VendorError } from '../../../src-main/core/errors'
import type { Charger } from '../../../src-main/core/devices'
import type { CoreApp } from '../../../src-main/core/host'
import { AccountRetry, RETRY_FIRST_MS } from '../../../src-main/core/site/account-retry'
import type { SiteProblem } from '../../../src-main/core/site/compose'
import type { AccountDriver } from '../../../src-main/core/vendors/driver'
import { secretKey } from '../../../src-shared/settings'
import { SYDNEY_NOON, testHost } from '../helpers/core-host'
import { waitFor } from '../helpers/wait'

const CLOCK_SENTENCE = "Your computer's clock is off by more than 5 minutes, so AlphaESS refuses the request."

const cores: CoreApp[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop().catch(() => undefined)
})

/** An AlphaESS-like driver that refuses to build its devices while `failing` is true. */
function flakyDriver() {
  const driver = {
    failing: true,
    builds: 0,
    kind: 'alphaess',
    test: async () => ({ ok: true, message: 'ok', choices: [] }),
    devices: () => {
      driver.builds++
      if (driver.failing) throw new VendorError('clock', CLOCK_SENTENCE)
      return { meter: { id: 'al:meter', label: 'AlphaESS meter', readMeter: async () => ({ pvW: 4000, houseW: 500, gridW: -3500, gridPhases: null }) } }
    },
  }
  return driver
}

async function start(driver: ReturnType<typeof flakyDriver>) {
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-account-retry-'))
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ accounts: [{ kind: 'alphaess', id: 'al', name: 'Roof', appId: 'alpha123456', systemSn: 'SN1' }] }))
  const clock = { ...manualClock(SYDNEY_NOON), speed: 100 }
  const host = testHost({ dir, clock })
  await host.secretStore.set(secretKey('al', 'appSecret'), 'secret')
  const core = await createCore(host, { driverFor: (kind) => (kind === 'alphaess' ? (driver as unknown as AccountDriver) : undefined) })
  cores.push(core)
  return { core, clock }
}

describe('an account that failed to start', () => {
  it('is tried again after a minute and joins the site once its vendor answers', async () => {
    const driver = flakyDriver()
    const { core, clock } = await start(driver)
    const roof = () => core.state().sources.find((s) => s.id === 'account:al')
    expect(roof()?.error).toBe(`${CLOCK_SENTENCE} Sunspill tries again by itself.`)
    expect(core.state().flow.pvW).toBeNull()
    core.start()

    // Still failing a minute on: tried again, and still said.
    clock.advance(RETRY_FIRST_MS)
    await waitFor(() => driver.builds === 2, 3000, 'the first retry')
    expect(roof()?.error).toMatch(/clock is off/)

    // The clock synced: the next retry, two minutes later, brings the meter in.
    driver.failing = false
    clock.advance(RETRY_FIRST_MS)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(driver.builds).toBe(2)
    clock.advance(RETRY_FIRST_MS)
    await waitFor(() => core.state().flow.pvW === 4000, 3000, 'the meter to be read')
    expect(driver.builds).toBe(3)
    expect(roof()).toBeUndefined()
  })
})

describe('accounts that wait for the user', () => {
  it('is not tried again when the vendor refused its credentials', async () => {
    const driver = flakyDriver()
    driver.devices = () => {
      driver.builds++
      throw new VendorError('auth', 'AlphaESS rejected the AppID and AppSecret: check them in Settings → Accounts.')
    }
    const { core, clock } = await start(driver)
    core.start()
    for (let i = 0; i < 5; i++) {
      clock.advance(RETRY_FIRST_MS)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(driver.builds).toBe(1)
    expect(core.state().sources.find((s) => s.id === 'account:al')?.error).toBe('AlphaESS rejected the AppID and AppSecret: check them in Settings → Accounts.')
  })
})

describe('quitting while a retry builds the site', () => {
  it('waits for the build, closes what it built, and commands no charger after the hand-off', async () => {
    const log: string[] = []
    let finishBuild: () => void = () => {}
    const charger: Charger = {
      id: 'al:pile',
      label: 'Pile',
      phases: 1,
      readCharger: async () => ({ connected: true, enabled: false, offeredA: 0, powerW: 0, activePhases: 1, sessionEnergyWh: 0, carSocPct: null, carFull: false }),
      current: { minA: 6, maxA: 16, stepA: 1, setCurrent: async (a) => void log.push(`setCurrent ${a}`) },
      switchable: { setEnabled: async (on) => void log.push(`setEnabled ${on}`) },
    }
    let builds = 0
    const driver = {
      kind: 'alphaess',
      test: async () => ({ ok: true, message: 'ok', choices: [] }),
      devices: async () => {
        builds++
        if (builds === 1) throw new VendorError('offline', 'AlphaESS did not answer.')
        await new Promise<void>((resolve) => (finishBuild = resolve))
        return { chargers: [charger], close: async () => void log.push('site closed') }
      },
    }
    const dir = mkdtempSync(join(tmpdir(), 'sunspill-account-retry-'))
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        accounts: [{ kind: 'alphaess', id: 'al', name: 'Roof', appId: 'alpha123456', systemSn: 'SN1' }],
        chargers: { 'al:pile': { mode: 'fast', enabled: true, limitA: 16, phase: 1 } },
      }),
    )
    const clock = { ...manualClock(SYDNEY_NOON), speed: 100 }
    const host = testHost({ dir, clock })
    await host.secretStore.set(secretKey('al', 'appSecret'), 'secret')
    const core = await createCore(host, { driverFor: (kind) => (kind === 'alphaess' ? (driver as unknown as AccountDriver) : undefined) })
    core.start()
    clock.advance(RETRY_FIRST_MS)
    await waitFor(() => builds === 2, 3000, 'the retry to start building')

    const stopping = core.stop()
    await new Promise((resolve) => setTimeout(resolve, 300))
    finishBuild()
    await stopping
    // The quit's hand-off reaches the charger the retry built; nothing after it asks it to charge.
    const charging = () => log.filter((entry) => entry === 'setEnabled true' || entry.startsWith('setCurrent'))
    expect(log.at(-1)).toBe('site closed')
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(charging()).toEqual([])
    expect(log.at(-1)).toBe('site closed')
  })
})

describe('the retry schedule', () => {
  const failed: SiteProblem[] = [{ id: 'account:al', label: 'Roof', message: 'down', retryable: true }]
  const needsUser: SiteProblem[] = [{ id: 'account:wb', label: 'Garage', message: 'missing its Password' }]

  it('doubles while the account keeps failing, up to half an hour, and starts over after a good build', () => {
    const retry = new AccountRetry()
    let now = 0
    const waits: number[] = []
    retry.built(failed, now, false)
    for (let i = 0; i < 8; i++) {
      let waited = 0
      while (!retry.due(now)) {
        now += 10_000
        waited += 10_000
      }
      waits.push(waited / 60_000)
      retry.built(failed, now, true)
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 30, 30, 30])
    retry.built([], now, true)
    expect(retry.due(now + 24 * 3600_000)).toBe(false)
    retry.built(failed, now, false)
    expect(retry.due(now + RETRY_FIRST_MS)).toBe(true)
  })

  it('never rebuilds for problems only the user can fix', () => {
    const retry = new AccountRetry()
    retry.built(needsUser, 0, false)
    expect(retry.due(24 * 3600_000)).toBe(false)
  })
})
