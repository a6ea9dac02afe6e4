/**
 * Detaching (switching to a remote Sunspill) or stopping while a control tick is under way: the
 * tick runs to its end before the site and the history are closed, so nothing commands a charger
 * or writes to a closed file afterwards. The charger is a slow fake whose read the test holds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../src-main/core/app-core'
import { manualClock } from '../../../src-main/core/clock'
import type { Charger, ChargerReading } from '../../../src-main/core/devices'
import type { CoreApp } from '../../../src-main/core/host'
import type { AccountDriver } from '../../../src-main/core/vendors/driver'
import { secretKey } from '../../../src-shared/settings'
import { SYDNEY_NOON, testHost } from '../helpers/core-host'
import { waitFor } from '../helpers/wait'

const CHARGER_ID = 'wb:slow'

/** A charger whose reads can be held open, and a log of what reached it and when the site closed. */
function slowSite() {
  const log: string[] = []
  let hold: Promise<void> | null = null
  let release: () => void = () => {}
  let reads = 0
  const reading: ChargerReading = { connected: true, enabled: false, offeredA: 0, powerW: 0, activePhases: 1, sessionEnergyWh: 0, carSocPct: null, carFull: false }
  const charger: Charger = {
    id: CHARGER_ID,
    label: 'Slow charger',
    phases: 1,
    async readCharger() {
      reads++
      if (hold) {
        log.push('read held')
        await hold
        log.push('read released')
      }
      return reading
    },
    current: {
      minA: 6,
      maxA: 32,
      stepA: 1,
      async setCurrent(currentA) {
        log.push(`setCurrent ${currentA}`)
        reading.offeredA = currentA
      },
    },
    switchable: {
      async setEnabled(enabled) {
        log.push(`setEnabled ${enabled}`)
        reading.enabled = enabled
      },
    },
  }
  const driver: AccountDriver = {
    kind: 'wallbox',
    test: async () => ({ ok: true, message: 'ok', choices: [] }) as never,
    devices: () => ({
      meter: { id: 'meter', label: 'Meter', readMeter: async () => ({ pvW: 8000, houseW: 500, gridW: -7500, gridPhases: null }) },
      chargers: [charger],
      close: async () => void log.push('site closed'),
    }),
  }
  return {
    driver,
    log,
    reads: () => reads,
    hold() {
      hold = new Promise((resolve) => (release = resolve))
    },
    release() {
      hold = null
      release()
    },
  }
}

const cores: CoreApp[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop().catch(() => undefined)
})

async function start(slow: ReturnType<typeof slowSite>) {
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-tick-shutdown-'))
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({
      accounts: [{ kind: 'wallbox', id: 'wb', name: 'Garage', username: 'owner@example.com', chargerId: 'slow' }],
      chargers: { [CHARGER_ID]: { mode: 'fast', enabled: true, limitA: 16, phase: 1 } },
    }),
  )
  // Fast enough that the core's own timer ticks every 200 ms of wall time.
  const clock = { ...manualClock(SYDNEY_NOON), speed: 100 }
  const host = testHost({ dir, clock })
  await host.secretStore.set(secretKey('wb', 'password'), 'pw')
  const core = await createCore(host, { driverFor: (kind) => (kind === 'wallbox' ? slow.driver : undefined) })
  cores.push(core)
  return { core, clock }
}

/** Whether a promise has settled, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(
    () => (done = true),
    () => (done = true),
  )
  await new Promise((resolve) => setTimeout(resolve, 50))
  return done
}

describe('a tick under way when the core stops', () => {
  it.each(['detach', 'stop'] as const)('%s waits for the timer’s tick before closing the site', async (how) => {
    const slow = slowSite()
    const { core, clock } = await start(slow)
    core.start()
    slow.hold()
    // The core's own timer starts a tick, which hangs reading the charger (once it is due again).
    await waitFor(() => {
      clock.advance(60_000)
      return slow.log.includes('read held')
    })
    const closing = core[how]()
    expect(await settled(closing)).toBe(false)
    expect(slow.log).not.toContain('site closed')

    slow.release()
    await closing
    const closedAt = slow.log.indexOf('site closed')
    expect(closedAt).toBeGreaterThan(slow.log.indexOf('read released'))
    // Nothing reached the charger after the site closed, and no tick started again.
    expect(slow.log.slice(closedAt + 1)).toEqual([])
    const reads = slow.reads()
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(slow.reads()).toBe(reads)
  })

  it('detach waits for a tick a handler forced, too', async () => {
    const slow = slowSite()
    const { core } = await start(slow)
    slow.hold()
    const forced = core.handlers['charger:takeControl']({ chargerId: CHARGER_ID })
    await waitFor(() => slow.log.includes('read held'))
    const closing = core.detach()
    expect(await settled(closing)).toBe(false)
    slow.release()
    await forced
    await closing
    expect(slow.log.at(-1)).toBe('site closed')
  })
})
