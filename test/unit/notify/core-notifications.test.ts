import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CONTROL_TICK_MS, createCore } from '../../../src-main/core/app-core'
import { manualClock, type ManualClock } from '../../../src-main/core/clock'
import type { Battery } from '../../../src-main/core/devices'
import { VendorError } from '../../../src-main/core/errors'
import type { CoreApp } from '../../../src-main/core/host'
import type { AccountDriver } from '../../../src-main/core/vendors/driver'
import { drivers as realDrivers } from '../../../src-main/core/vendors/registry'
import type { BatterySettings, NotificationEvent } from '../../../src-shared/model'
import { defaultDemoAccount, secretKey, type Account, type Settings } from '../../../src-shared/settings'
import { SYDNEY_NOON, testHost } from '../helpers/core-host'

const amber: Account = { kind: 'amber', id: 'amber', name: 'Amber', baseUrl: '', siteId: 'S1' }
const alpha: Account = { kind: 'alphaess', id: 'alpha', name: 'Home battery', baseUrl: '', appId: 'alphaef7900ee81dbbce9', systemSn: 'SN1' }
const REFUSED = 'AlphaESS refused the new settings: the discharge window overlaps the grid-charge window.'

const batterySettings: BatterySettings = {
  minSocPct: 10,
  maxSocPct: 100,
  gridCharge: { enabled: false, windows: [{ start: '00:00', end: '00:00' }, { start: '00:00', end: '00:00' }] },
  discharge: { enabled: false, windows: [{ start: '00:00', end: '00:00' }, { start: '00:00', end: '00:00' }] },
}

/** A battery whose system refuses every write, the way AlphaESS answers a bad request. */
const refusingBattery: AccountDriver = {
  kind: 'alphaess',
  test: async () => ({ ok: true, message: '', choices: [] }),
  devices: (): { battery: Battery } => ({
    battery: {
      id: 'alpha:battery',
      label: 'Home battery',
      readBattery: async () => ({ socPct: 60, batteryW: 0, capacityWh: 10_000, minSocPct: 10, maxSocPct: 100, maxChargeW: 5000, maxDischargeW: 5000 }),
      control: {
        readSettings: async () => batterySettings,
        writeSettings: async () => {
          throw new VendorError('bad-response', REFUSED)
        },
        writeLimits: null,
      },
    },
  }),
}

interface Running {
  core: CoreApp
  clock: ManualClock
  heard: NotificationEvent[]
}
const running: CoreApp[] = []
afterEach(async () => {
  for (const core of running.splice(0)) await core.stop()
})

async function start(settings: Partial<Settings>, secrets: Record<string, string> = {}, startMs = SYDNEY_NOON): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-notify-core-'))
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings))
  const clock = manualClock(startMs)
  const host = testHost({ dir, clock })
  for (const [key, value] of Object.entries(secrets)) await host.secretStore.set(key, value)
  const core = await createCore(host, { driverFor: (kind) => (kind === 'alphaess' ? refusingBattery : realDrivers[kind]) as never })
  running.push(core)
  const heard: NotificationEvent[] = []
  core.events.on('notification', (event) => heard.push(event))
  return { core, clock, heard }
}

/** Advances simulated time tick by tick, as the scheduler would. */
async function ticks({ core, clock }: Running, count: number) {
  for (let i = 0; i < count; i++) {
    clock.advance(CONTROL_TICK_MS)
    const { settings } = await core.handlers['settings:get']({})
    await core.handlers['settings:save']({ settings })
  }
}

const ofKind = (events: NotificationEvent[], kind: NotificationEvent['kind']) => events.filter((e) => e.kind === kind)

describe('notifications from the core', () => {
  it('tells about an account that cannot start once, on start, across ticks and rebuilds', async () => {
    const run = await start({ accounts: [defaultDemoAccount, amber] })
    // Raised by the first tick, before anyone could listen: delivered when the host starts the core.
    expect(run.heard).toEqual([])
    run.core.start()
    expect(ofKind(run.heard, 'sourceFailing')).toHaveLength(1)
    expect(ofKind(run.heard, 'sourceFailing')[0]).toMatchObject({
      title: 'Amber needs attention',
      body: 'Amber is missing its API token: enter it in Settings → Accounts.',
      target: { view: 'settings', section: 'accounts' },
    })

    await ticks(run, 30)
    // A change that rebuilds the devices keeps what was already said.
    const { settings } = await run.core.handlers['settings:get']({})
    await run.core.handlers['settings:save']({ settings: { ...settings, site: { ...settings.site, phases: 3 } } })
    await ticks(run, 30)
    expect(ofKind(run.heard, 'sourceFailing')).toHaveLength(1)

    // Removed, the problem is gone; added back still broken, it is news again.
    await run.core.handlers['accounts:remove']({ accountId: 'amber' })
    await ticks(run, 3)
    await run.core.handlers['accounts:save']({ account: amber, secrets: {} })
    await ticks(run, 3)
    expect(ofKind(run.heard, 'sourceFailing')).toHaveLength(2)
  })

  it('stays quiet about a failing account while that kind is switched off', async () => {
    const run = await start({ accounts: [defaultDemoAccount, amber], notifications: { kinds: { sourceFailing: false } } as never })
    run.core.start()
    await ticks(run, 10)
    expect(ofKind(run.heard, 'sourceFailing')).toEqual([])
  })

  it('tells when the battery refuses its settings, pointing at Settings → Battery', async () => {
    const run = await start({ accounts: [alpha] }, { [secretKey('alpha', 'appSecret')]: 'secret' })
    run.core.start()
    const reply = await run.core.handlers['battery:save']({ settings: batterySettings })
    expect(reply).toEqual({ ok: false, error: REFUSED })
    const rejected = ofKind(run.heard, 'batteryWriteRejected')
    expect(rejected).toHaveLength(1)
    expect(rejected[0]).toMatchObject({
      title: 'The battery did not take its new settings',
      body: `${REFUSED} The battery keeps the settings it had.`,
      target: { view: 'settings', section: 'battery' },
    })

    const { settings } = await run.core.handlers['settings:get']({})
    await run.core.handlers['settings:save']({ settings: { ...settings, notifications: { ...settings.notifications, kinds: { ...settings.notifications.kinds, batteryWriteRejected: false } } } })
    await run.core.handlers['battery:save']({ settings: batterySettings })
    expect(ofKind(run.heard, 'batteryWriteRejected')).toHaveLength(1)
  })

  it('raises each event once through the demo home’s evening', async () => {
    const run = await start({}, {}, Date.parse('2026-11-19T17:00:00+11:00'))
    run.core.start()
    await ticks(run, 90 * 6)
    expect(run.heard.length).toBeGreaterThan(0)
    expect(new Set(run.heard.map((e) => e.id)).size).toBe(run.heard.length)
    expect(ofKind(run.heard, 'sourceFailing')).toEqual([])
    expect(ofKind(run.heard, 'spike')).toHaveLength(1)
  }, 60_000)
})
