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
import type { CoreApp } from '../../../src-main/core/host'
import { AccountRetry, RETRY_FIRST_MS, RETRY_MAX_MS } from '../../../src-main/core/site/account-retry'
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
    expect(roof()?.error).toBe(`${CLOCK_SENTENCE} Sunspill tries again every few minutes.`)
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
    expect(RETRY_MAX_MS).toBe(30 * 60_000)
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
