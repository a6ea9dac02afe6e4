/**
 * The Electron shell with the real core, against the three charger fakes over real sockets: the
 * power monitor's suspend and the app's before-quit leave every charger in its configured safe
 * state within the bounded time, and waking takes control back within each cloud's budget. The
 * fakes' request logs are the evidence. (app.test.ts covers the wiring with a stand-in core.)
 *
 * "Within the bound" is judged by the core's own outcome (a hand-off that ran out of time says
 * so), not by the wall clock of a loaded test machine; the tests wait on the core's promises and
 * on its ticks rather than on fixed sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HANDOFF_TIMEOUT_MS } from '../../../src-main/core/handoff-budgets'
import type { CoreApp } from '../../../src-main/core/host'
import { SiteRuntime } from '../../../src-main/core/site/runtime'
import { runApp, type RunningShell } from '../../../src-main/shell/app'
import { defaultSettings, type Account } from '../../../src-shared/settings'
import { startAndersenFake, type AndersenFake } from '../../fakes/andersen/server'
import { CHARGE_AMPS_FIXTURE, startChargeAmpsFake, type ChargeAmpsFake } from '../../fakes/chargeamps/server'
import { app, powerMonitor } from '../../fakes/electron'
import { startWallboxFake, wallboxFakeFixture, type WallboxFake } from '../../fakes/wallbox/server'
import { peakInWindow } from '../loop/hour'

const RESUME_SCHEDULE = 9
/**
 * A generous wall-clock bound that still proves the wait is bounded: the core gives up on each
 * cloud after HANDOFF_TIMEOUT_MS, and the shell on the whole stop after 5 s.
 */
const BOUNDED_WITHIN_MS = HANDOFF_TIMEOUT_MS + 10_000

/** The runtime's ticks in flight, so a check can wait for one that was already under way. */
const inFlight = new Set<Promise<unknown>>()
const originalTick = SiteRuntime.prototype.tick
function watchTicks() {
  SiteRuntime.prototype.tick = function (this: SiteRuntime, ...args: Parameters<SiteRuntime['tick']>) {
    const running = originalTick.apply(this, args)
    inFlight.add(running)
    void running.catch(() => undefined).finally(() => inFlight.delete(running))
    return running
  }
}
async function ticksSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight])
}

/** Keeps what the shell's power handling gets back from the core, to await it. */
function recordCalls(core: CoreApp) {
  const calls = { handOff: [] as ReturnType<CoreApp['handOff']>[], resume: [] as Promise<void>[] }
  const handOff = core.handOff.bind(core)
  const resume = core.resume.bind(core)
  core.handOff = (reason) => {
    const outcome = handOff(reason)
    calls.handOff.push(outcome)
    return outcome
  }
  core.resume = () => {
    const done = resume()
    calls.resume.push(done)
    return done
  }
  return calls
}

let root: string
let wallbox: WallboxFake
let chargeamps: ChargeAmpsFake
let andersen: AndersenFake
let shell: RunningShell | null

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'sunspill-power-'))
  app.setPath('userData', join(root, 'userData'))
  app.setPath('logs', join(root, 'logs'))
  wallbox = await startWallboxFake()
  chargeamps = await startChargeAmpsFake()
  andersen = await startAndersenFake({ devices: [{ currentLimitA: 16 }] })
  shell = null
  watchTicks()
})

afterEach(async () => {
  // A test that did not quit still stops the core's timers.
  if (shell && app.quitCalls === 0) {
    app.quit()
    await vi.waitFor(() => expect(app.quitCalls).toBe(2), { timeout: 8_000 })
  }
  SiteRuntime.prototype.tick = originalTick
  await Promise.all([wallbox.close(), chargeamps.close(), andersen.close()])
  rmSync(root, { recursive: true, force: true })
})

const ids = {
  wallbox: `wb:${wallboxFakeFixture.chargerId}`,
  chargeamps: `ca:${CHARGE_AMPS_FIXTURE.chargePointId}:${CHARGE_AMPS_FIXTURE.connectorId}`,
  andersen: () => `a2:${andersen.deviceId}`,
}

/** The app as a user has it: three charger accounts added through the core's channels, all on Fast. */
async function startWithChargers(): Promise<RunningShell> {
  const running = runApp({ mainDir: join(root, 'out', 'main'), platform: 'linux', env: {} })
  app._fireReady()
  const started = (await running)!
  shell = started
  const { handlers } = started.core
  const fast = { ...defaultSettings().chargers, mode: 'fast' as const, enabled: true, limitA: 16, phase: 1 as const }
  const saved = await handlers['settings:save']({
    settings: {
      ...defaultSettings(),
      accounts: [],
      chargers: {
        // Wallbox and Charge Amps keep the default (their own schedule); the A2 is set to pause.
        [ids.wallbox]: fast,
        [ids.chargeamps]: fast,
        [ids.andersen()]: { ...fast, handoff: 'pause' },
      },
    },
  })
  expect(saved.ok).toBe(true)
  // Wallbox last: each account rebuilds the site, and Wallbox allows three status reads a minute.
  const accounts: [Account, Record<string, string>][] = [
    [
      { kind: 'chargeamps', id: 'ca', name: 'Carport', baseUrl: chargeamps.url, email: chargeamps.email, chargePointId: CHARGE_AMPS_FIXTURE.chargePointId },
      { password: chargeamps.password, apiKey: chargeamps.apiKey },
    ],
    [{ kind: 'andersen', id: 'a2', name: 'Driveway', baseUrl: andersen.baseUrl, email: andersen.email, deviceId: andersen.deviceId }, { password: andersen.password }],
    [{ kind: 'wallbox', id: 'wb', name: 'Garage', baseUrl: wallbox.url, username: wallbox.username, chargerId: wallboxFakeFixture.chargerId }, { password: wallbox.password }],
  ]
  for (const [account, secrets] of accounts) expect(await handlers['accounts:save']({ account, secrets })).toMatchObject({ ok: true })
  await vi.waitFor(() => expect(underControl()).toEqual({ wallbox: true, chargeamps: true, andersen: true }), { timeout: 10_000, interval: 100 })
  return started
}

const connector = () => chargeamps.state.connector(CHARGE_AMPS_FIXTURE.connectorId)
const a2Commands = () => andersen.requests.filter((r) => r.kind === 'graphql' && r.name === 'runAEVCommand').map((r) => r.variables?.functionName)

/** Each charger charging under the loop: resumed, On, unlocked. */
function underControl() {
  return {
    wallbox: !wallbox.state.charger.paused,
    chargeamps: connector().settings.mode === 'On',
    andersen: !andersen.device().userLock,
  }
}

/** Each charger in its configured safe state: back on its schedule, or paused. */
function handedOff() {
  return {
    wallbox: wallbox.state.remoteActions.at(-1) === RESUME_SCHEDULE,
    chargeamps: connector().settings.mode === 'Schedule',
    andersen: andersen.device().userLock,
  }
}

describe('hand-off through the shell, against the chargers’ clouds', () => {
  it('a suspend event hands every charger off within the bound; resume takes control back within the budgets', async () => {
    const started = await startWithChargers()
    const calls = recordCalls(started.core)
    const before = { wallbox: wallbox.requests.length, chargeamps: chargeamps.requests.length, a2: a2Commands().length }

    const suspendAtMs = Date.now()
    powerMonitor.emit('suspend')
    expect(calls.handOff).toHaveLength(1)
    const outcomes = await calls.handOff[0]!
    // Each charger answered before the core's own time limit ran out (else its outcome says so).
    expect(outcomes.map((o) => ({ id: o.chargerId, ok: o.ok, message: o.message }))).toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: true }),
    ])
    expect(Date.now() - suspendAtMs).toBeLessThan(BOUNDED_WITHIN_MS)
    expect(handedOff()).toEqual({ wallbox: true, chargeamps: true, andersen: true })
    expect(a2Commands().slice(before.a2)).toEqual(['userLock'])
    const log = started.core.handlers['app:logTail']({ lines: 200 })
    expect((await log).lines.join('\n')).toMatch(/Hand-off \(suspend\): Driveway paused/)

    // Asleep: a tick already under way when the laptop went to sleep finishes first; after it, nothing more is sent.
    await ticksSettled()
    const asleep = { wallbox: wallbox.requests.length, chargeamps: chargeamps.requests.length, andersen: andersen.requests.length }
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(inFlight.size).toBe(0)
    expect({ wallbox: wallbox.requests.length, chargeamps: chargeamps.requests.length, andersen: andersen.requests.length }).toEqual(asleep)

    const resumeAtMs = Date.now()
    powerMonitor.emit('resume')
    // Waking waits for the hand-off, then reads every charger and steers: wait for that tick, and any other under way.
    await vi.waitFor(() => expect(calls.resume).toHaveLength(1), { timeout: 5_000, interval: 10 })
    await calls.resume[0]
    await ticksSettled()
    expect(underControl()).toEqual({ wallbox: true, chargeamps: true, andersen: true })
    const wallboxApi = wallbox.requests.filter((r) => r.atMs >= resumeAtMs && !r.path.startsWith('/users/'))
    expect(peakInWindow(wallboxApi.filter((r) => r.method === 'GET').map((r) => r.atMs), 60_000)).toBeLessThanOrEqual(3)
    expect(peakInWindow(wallboxApi.filter((r) => r.method !== 'GET').map((r) => r.atMs), 60_000)).toBeLessThanOrEqual(5)
    expect(wallbox.requests.filter((r) => r.status === 429 || r.status === 403)).toEqual([])
    expect(chargeamps.requests.filter((r) => r.status === 429)).toEqual([])
    // One unlock brings the A2 back: no burst of switching, which wears its contactor.
    expect(a2Commands().slice(before.a2)).toEqual(['userLock', 'userUnlock'])
    expect(wallbox.requests.length - before.wallbox).toBeLessThan(20)
  })

  it('quitting hands every charger off before the app exits, within the bound', async () => {
    const started = await startWithChargers()
    const quitAtMs = Date.now()
    app.quit()
    await vi.waitFor(() => expect(app.quitCalls).toBe(2), { timeout: BOUNDED_WITHIN_MS, interval: 20 })
    expect(Date.now() - quitAtMs).toBeLessThan(BOUNDED_WITHIN_MS)
    // By the time the app quits, the clouds have the hand-off.
    expect(handedOff()).toEqual({ wallbox: true, chargeamps: true, andersen: true })
    // Within the bounds by the core's and the shell's own account: no charger ran out of time, and the core stopped cleanly.
    const log = started.logger.tail(400).join('\n')
    expect(log.match(/Hand-off \(quit\): /g)).toHaveLength(3)
    expect(log).not.toMatch(/Hand-off \(quit\) of .* failed/)
    expect(log).not.toMatch(/did not stop cleanly/)
  })
})
