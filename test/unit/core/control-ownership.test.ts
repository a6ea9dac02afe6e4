/**
 * One controller per charger, and the all-data-missing hand-off, through the real core and the
 * Wallbox driver against the fake my.wallbox cloud on a manual clock. The fake's state is changed
 * directly, as the Wallbox app would change the charger; its request log is the evidence.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../src-main/core/app-core'
import { manualClock, type ManualClock } from '../../../src-main/core/clock'
import type { CoreApp } from '../../../src-main/core/host'
import { createFileLogger } from '../../../src-main/core/log'
import { createWallboxDriver } from '../../../src-main/core/vendors/wallbox'
import { drivers } from '../../../src-main/core/vendors/registry'
import type { NotificationEvent, SiteState } from '../../../src-shared/model'
import { secretKey } from '../../../src-shared/settings'
import { startWallboxFake, wallboxFakeFixture, type WallboxFake } from '../../fakes/wallbox/server'
import { testHost } from '../helpers/core-host'
import { peakInWindow } from '../loop/hour'

const START_MS = Date.parse('2026-03-04T12:00:00+11:00')
const TICK_MS = 10_000
const MINUTE_MS = 60_000
const CHARGER_ID = `wb:${wallboxFakeFixture.chargerId}`

interface Running {
  core: CoreApp
  clock: ManualClock
  dir: string
  heard: NotificationEvent[]
  state: () => SiteState
  /** Runs the loop for `ms` of simulated time, a tick every 10 s. */
  run(ms: number): Promise<void>
}

const cores: CoreApp[] = []
const fakes: WallboxFake[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop().catch(() => undefined)
  for (const fake of fakes.splice(0)) await fake.close()
})

async function startFake(clock: ManualClock): Promise<WallboxFake> {
  const fake = await startWallboxFake({ now: () => clock.now() })
  fakes.push(fake)
  return fake
}

async function startCore(fake: WallboxFake, clock: ManualClock, dir = mkdtempSync(join(tmpdir(), 'sunspill-ownership-'))): Promise<Running> {
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({
      accounts: [{ kind: 'wallbox', id: 'wb', name: 'Garage', baseUrl: fake.url, username: fake.username, chargerId: wallboxFakeFixture.chargerId }],
      // Fast at 20 A: a charger-only site steers to a fixed current, so any other setting is someone else's.
      chargers: { [CHARGER_ID]: { mode: 'fast', enabled: true, limitA: 20, phase: 1 } },
    }),
  )
  const host = testHost({ dir, clock, logger: createFileLogger(join(dir, 'logs', 'sunspill.log'), { now: () => clock.now() }) })
  await host.secretStore.set(secretKey('wb', 'password'), fake.password)
  const wallbox = createWallboxDriver({ sleep: async (ms) => clock.advance(ms) })
  const core = await createCore(host, { driverFor: (kind) => (kind === 'wallbox' ? wallbox : drivers[kind]) as never })
  cores.push(core)
  const heard: NotificationEvent[] = []
  core.events.on('notification', (event) => heard.push(event))
  let state = core.state()
  core.events.on('state:update', (next) => (state = next))
  // start() delivers notifications; its own timer ticks every 10 wall-clock seconds, after these tests.
  core.start()
  return {
    core,
    clock,
    dir,
    heard,
    state: () => state,
    async run(ms) {
      const until = clock.now() + ms
      while (clock.now() < until) {
        clock.advance(TICK_MS)
        // Any committing handler runs a tick; the limit is unchanged.
        await core.handlers['charger:setLimit']({ chargerId: CHARGER_ID, limitA: 20 })
      }
    },
  }
}

const charger = (r: Running) => r.state().chargers.find((c) => c.id === CHARGER_ID)!
const writesSince = (fake: WallboxFake, fromMs: number) => fake.requests.filter((r) => r.method !== 'GET' && r.atMs >= fromMs && !r.path.startsWith('/users/'))
const currentPuts = (fake: WallboxFake, fromMs: number) =>
  writesSince(fake, fromMs).filter((r) => r.method === 'PUT' && (r.body as { maxChargingCurrent?: number }).maxChargingCurrent !== undefined)

describe('one controller per charger', () => {
  it('yields when the Wallbox app changes the current, stops sending setpoints, says so, and takes control back when asked', async () => {
    const clock = manualClock(START_MS)
    const fake = await startFake(clock)
    const r = await startCore(fake, clock)
    await r.run(4 * MINUTE_MS)
    expect(fake.state.charger.paused).toBe(false)
    expect(fake.state.charger.maxChargingCurrentA).toBe(20)
    expect(charger(r).yielded).toBeNull()

    // The Wallbox app sets 10 A.
    const changedAtMs = clock.now()
    fake.state.charger.maxChargingCurrentA = 10
    await r.run(6 * MINUTE_MS)
    expect(currentPuts(fake, changedAtMs)).toEqual([])
    expect(fake.state.charger.maxChargingCurrentA).toBe(10)
    expect(charger(r).yielded).toMatch(/^Set to 10 A outside Sunspill .*Sunspill has stopped controlling this charger/)
    expect(charger(r).reason).toBe(charger(r).yielded)
    const released = r.heard.filter((e) => e.kind === 'controlReleased')
    expect(released.map((e) => e.title)).toEqual([`Sunspill stopped controlling ${wallboxFakeFixture.chargerName}`])
    expect(existsSync(join(r.dir, 'control-yields.json'))).toBe(true)

    // Nothing more is sent while yielded, even as minutes pass.
    const quietFromMs = clock.now()
    await r.run(5 * MINUTE_MS)
    expect(writesSince(fake, quietFromMs)).toEqual([])

    const tookBackAtMs = clock.now()
    const after = await r.core.handlers['charger:takeControl']({ chargerId: CHARGER_ID })
    expect(after.chargers.find((c) => c.id === CHARGER_ID)!.yielded).toBeNull()
    await r.run(3 * MINUTE_MS)
    expect(fake.state.charger.maxChargingCurrentA).toBe(20)
    expect(currentPuts(fake, tookBackAtMs)).toHaveLength(1)
    expect(fake.requests.filter((q) => q.status === 429 || q.status === 403)).toEqual([])
  })

  it('keeps a yield across a restart and leaves the yielded charger alone when quitting', async () => {
    const clock = manualClock(START_MS)
    const fake = await startFake(clock)
    const first = await startCore(fake, clock)
    await first.run(4 * MINUTE_MS)
    fake.state.charger.paused = true
    await first.run(6 * MINUTE_MS)
    expect(charger(first).yielded).toMatch(/^Paused outside Sunspill/)
    const actionsBefore = [...fake.state.remoteActions]
    await first.core.stop()
    cores.splice(cores.indexOf(first.core), 1)
    // Quitting hands off only what Sunspill controls: no "resume schedule" (9) for this one.
    expect(fake.state.remoteActions).toEqual(actionsBefore)

    const second = await startCore(fake, clock, first.dir)
    await second.run(3 * MINUTE_MS)
    expect(charger(second).yielded).toMatch(/^Paused outside Sunspill/)
    expect(fake.state.charger.paused).toBe(true)
    expect(fake.state.remoteActions).toEqual(actionsBefore)
  })

  it('forgets the yield of a charger whose account is removed', async () => {
    const clock = manualClock(START_MS)
    const fake = await startFake(clock)
    const r = await startCore(fake, clock)
    await r.run(4 * MINUTE_MS)
    fake.state.charger.paused = true
    await r.run(6 * MINUTE_MS)
    const file = join(r.dir, 'control-yields.json')
    expect(JSON.parse(readFileSync(file, 'utf8')).yields.map((y: { chargerId: string }) => y.chargerId)).toEqual([CHARGER_ID])
    expect(await r.core.handlers['accounts:remove']({ accountId: 'wb' })).toMatchObject({ ok: true })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ yields: [] })
  })

  it('leaves the charger to its schedule after "Resume schedule" on its page, until the user takes control back', async () => {
    const clock = manualClock(START_MS)
    const fake = await startFake(clock)
    const r = await startCore(fake, clock)
    await r.run(4 * MINUTE_MS)
    expect(fake.state.charger.maxChargingCurrentA).toBe(20)

    const resumedAtMs = clock.now()
    const result = await r.core.handlers['charger:runAction']({ chargerId: CHARGER_ID, actionId: 'resumeSchedule' })
    expect(result).toEqual({ ok: true, message: expect.stringMatching(/own schedule.*Sunspill leaves the charger alone until you take control back/) })
    expect(charger(r).yielded).toBe('Back on its own schedule at your request: Sunspill is not controlling this charger.')
    // The schedule then sets its own current and pauses: Sunspill sends nothing, and says nothing new.
    const actions = fake.state.remoteActions.length
    fake.state.charger.maxChargingCurrentA = 10
    fake.state.charger.paused = true
    await r.run(10 * MINUTE_MS)
    expect(fake.state.resumeSchedules).toBe(1)
    expect(writesSince(fake, resumedAtMs)).toHaveLength(1)
    expect(fake.state.charger.paused).toBe(true)
    expect(fake.state.remoteActions).toHaveLength(actions)
    expect(r.heard.filter((e) => e.kind === 'controlReleased')).toEqual([])

    const tookBackAtMs = clock.now()
    await r.core.handlers['charger:takeControl']({ chargerId: CHARGER_ID })
    await r.run(3 * MINUTE_MS)
    expect(charger(r).yielded).toBeNull()
    expect(fake.state.charger.maxChargingCurrentA).toBe(20)
    expect(fake.state.charger.paused).toBe(false)
    expect(currentPuts(fake, tookBackAtMs)).toHaveLength(1)
  })

  it('does not mistake its own commands for someone else’s through an hour of steady control', async () => {
    const clock = manualClock(START_MS)
    const fake = await startFake(clock)
    const r = await startCore(fake, clock)
    await r.run(60 * MINUTE_MS)
    expect(charger(r).yielded).toBeNull()
    expect(r.heard.filter((e) => e.kind === 'controlReleased')).toEqual([])
  })
})

describe('hand-off when every source is stale', () => {
  it('hands the Wallbox back to its schedule once after 15 min without data, then takes control back without a burst', async () => {
    const clock = manualClock(START_MS)
    const fake = await startFake(clock)
    const r = await startCore(fake, clock)
    await r.run(4 * MINUTE_MS)
    expect(fake.state.charger.paused).toBe(false)

    // The cloud stops answering status reads (writes still go through).
    fake.state.overrides.push({ method: 'GET', path: '/chargers/status/', status: 500, body: '{"error":"upstream"}', times: 10_000 })
    const silentFromMs = clock.now()
    await r.run(12 * MINUTE_MS)
    expect(fake.state.remoteActions.filter((a) => a === 9)).toEqual([])
    await r.run(8 * MINUTE_MS)
    expect(fake.state.remoteActions.filter((a) => a === 9)).toEqual([9])
    expect(charger(r).reason).toMatch(/^No data from any source for 15 min/)
    expect(r.heard.filter((e) => e.kind === 'controlReleased').map((e) => e.title)).toEqual(['Chargers handed off: no data'])
    const log = r.core.handlers['app:logTail']({ lines: 400 })
    expect((await log).lines.join('\n')).toContain(`Hand-off (stale): ${wallboxFakeFixture.chargerName} handed back to its own schedule`)
    // Once: still silent, nothing more is sent.
    const handedOffAtMs = clock.now()
    await r.run(10 * MINUTE_MS)
    expect(writesSince(fake, handedOffAtMs)).toEqual([])
    expect(silentFromMs).toBeLessThan(handedOffAtMs)

    // Data returns: read first, then steer again within the budget.
    fake.state.overrides.splice(0)
    const backAtMs = clock.now()
    await r.run(5 * MINUTE_MS)
    expect(charger(r).reason).not.toMatch(/^No data/)
    expect(fake.state.charger.paused).toBe(false)
    const api = fake.requests.filter((q) => q.atMs >= backAtMs && !q.path.startsWith('/users/'))
    expect(peakInWindow(api.filter((q) => q.method === 'GET').map((q) => q.atMs), MINUTE_MS)).toBeLessThanOrEqual(3)
    expect(peakInWindow(api.filter((q) => q.method !== 'GET').map((q) => q.atMs), MINUTE_MS)).toBeLessThanOrEqual(5)
    expect(api.filter((q) => q.status === 429)).toEqual([])
  })
})
