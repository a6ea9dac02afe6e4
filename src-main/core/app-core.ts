/**
 * The core as a host sees it: the contract's handlers, the events, and the tick loop. The same
 * object runs inside Electron, in the headless server and in tests.
 */
import { join } from 'node:path'
import { ContractError, type Handlers, type SettingsView } from '../../src-shared/contract'
import type { KeyringStatus, NotificationEvent, SiteState } from '../../src-shared/model'
import type { ChargerSettings, Settings } from '../../src-shared/settings'
import { accountSecretFields, chargerSettings, secretKey } from '../../src-shared/settings'
import { accountHandlers } from './handlers/accounts'
import { batteryHandlers } from './handlers/battery'
import { chargerPageHandlers } from './handlers/charger-pages'
import { historyHandlers } from './handlers/history'
import { createEventHub } from './event-hub'
import { BATTERY_RELEASE_TIMEOUT_MS, HANDOFF_TIMEOUT_MS } from './handoff-budgets'
import { createHistory } from './history'
import type { Battery } from './devices'
import type { CoreApp, CoreHost } from './host'
import { batteryHoldLeft, batteryWriteRejected } from './notify/battery-rules'
import { deliverable } from './notify/quiet-hours'
import { AccountRetry } from './site/account-retry'
import { composeSite, type ComposedSite, type DriverLookup } from './site/compose'
import { BatteryHold, holdFile } from './site/battery-hold'
import { gridChargingOf } from './site/grid-charging'
import { SiteRuntime } from './site/runtime'
import { type HandoffReason } from './site/handoff'
import { ControlWatch } from './site/control-watch'
import { handBackFile } from './site/handback-file'
import { SolarOutlook } from './site/solar-outlook'
import { startFile, StartLog } from './site/start-log'
import { yieldFile } from './site/yield-file'
import { buildState } from './site/state-view'
import type { DriverDeps } from './vendors/driver'
import { drivers } from './vendors/registry'

/** Simulated time between control ticks; the wall-clock period shrinks with the clock's speed. */
export const CONTROL_TICK_MS = 10_000
const MIN_WALL_TICK_MS = 200

export interface CoreOptions {
  /** Which driver serves an account kind; tests may substitute. */
  driverFor?: DriverLookup
}

export async function createCore(host: CoreHost, options: CoreOptions = {}): Promise<CoreApp> {
  const { clock, logger } = host
  const driverFor = options.driverFor ?? ((kind) => drivers[kind])
  const deps: DriverDeps = { clock, logger }
  const loaded = host.settingsStore.load()
  let settings = loaded.settings
  let settingsProblem = loaded.problem
  if (settingsProblem) logger.warn(settingsProblem)
  // Who controls each charger: yields (changed elsewhere) and the all-data-missing hand-off.
  const controlWatch = new ControlWatch({
    logger,
    yieldStore: yieldFile(join(host.dataDir, 'control-yields.json'), logger),
    handBackStore: handBackFile(join(host.dataDir, 'control-handbacks.json'), logger),
    handOffTimeoutMs: HANDOFF_TIMEOUT_MS,
    nowMs: clock.now(),
  })

  // One log for every site built in this run, read from the last: restarts keep the contactor's count.
  const starts = new StartLog(startFile(join(host.dataDir, 'control-starts.json'), logger))
  // The home battery kept for the house while a car charges from the grid on purpose.
  const batteryHold = new BatteryHold({
    store: holdFile(join(host.dataDir, 'battery-hold.json'), logger),
    logger,
    rejected: (message) => batteryRejected(message),
  })
  // The departure planner's expected sun: the last days' record of the same hours (history below).
  const solarOutlook = new SolarOutlook((fromMs, toMs) => history.past(fromMs, toMs))

  const accountRetry = new AccountRetry()

  let keyring: KeyringStatus = await host.secretStore.status()
  let site: ComposedSite
  let runtime: SiteRuntime
  let devicesKey = ''
  /** Bumped when a secret changes, so the devices are rebuilt with it. */
  let secretsVersion = 0
  let state: SiteState
  // A listener that throws is logged; the others still hear the event.
  const { events, emit } = createEventHub((channel, error) => logger.error(`A ${channel} listener failed`, { error }))

  /** The first tick's notifications come before any host listens; start() delivers them. */
  let heldNotifications: NotificationEvent[] | null = []

  function raise(notifications: NotificationEvent[]) {
    for (const event of notifications) {
      logger.info(`Notification: ${event.title}`)
      if (heldNotifications) heldNotifications.push(event)
      else emit('notification', event)
    }
  }

  /** Rebuilds run one at a time: a retry and a settings save at once would each close the old site and leak one of theirs. */
  let rebuilding: Promise<void> = Promise.resolve()
  function rebuildIfNeeded(force = false, retried = false): Promise<void> {
    const next = rebuilding.then(() => rebuildOnce(force, retried))
    rebuilding = next.catch(() => undefined)
    return next
  }

  async function rebuildOnce(force: boolean, retried: boolean): Promise<void> {
    const key = deviceShape(settings, secretsVersion)
    if (!force && key === devicesKey) return
    const previous = site as ComposedSite | undefined
    const previousRuntime = runtime as SiteRuntime | undefined
    devicesKey = key
    site = await composeSite(settings, host.secretStore, deps, driverFor)
    for (const problem of site.problems) logger.warn(`${problem.label}: ${problem.message}`)
    accountRetry.built(site.problems, clock.now(), retried)
    controlWatch.siteBuilt(site.devices, site.problems.flatMap((p) => (p.accountId ? [p.accountId] : [])))
    runtime = new SiteRuntime({
      devices: site.devices,
      clock,
      logger,
      settings: () => settings,
      problems: site.problems,
      // What was raised stays raised across a rebuild: a failing account is not news again.
      notifyMemory: previousRuntime?.notifyMemory,
      starts,
      ownership: controlWatch.ownership,
      solarOutlook,
    })
    // The demo standing in for an account that failed to build is not a new roof.
    if (!site.usesDemo || site.problems.length === 0) history.meterIs(site.devices.meter?.id ?? null)
    // A held battery that leaves the site gets its minimum back while its account still can.
    const heldId = batteryHold.batteryId
    if (heldId !== null && heldId !== site.devices.battery?.id) await batteryLeft(previousRuntime?.devices.battery ?? null)
    await previous?.close()
  }

  /**
   * The held battery is no longer in the site (its account removed or changed): its minimum goes
   * back while the old account still can, or the user is told what to set by hand.
   */
  async function batteryLeft(previous: Battery | null) {
    await within(batteryHold.releaseNow(previous, clock.now()), BATTERY_RELEASE_TIMEOUT_MS, 'giving the home battery its minimum back')
    const left = batteryHold.abandon()
    if (!left) return
    logger.warn(`${left.label} left the site with its minimum held at ${left.heldAtPct} %; its own minimum was ${left.userMinSocPct} %`)
    const nowMs = clock.now()
    raise(deliverable([batteryHoldLeft(left, nowMs)], settings.notifications, nowMs, settings.site.timeZone))
  }

  /** Ticks under way (the timer's and those a handler forces): detach and stop wait for them. */
  const ticking = new Set<Promise<unknown>>()

  function tick(forceRead = false): Promise<SiteState> {
    const run = tickOnce(forceRead)
    ticking.add(run)
    const done = () => void ticking.delete(run)
    run.then(done, done)
    return run
  }

  /** Clearing the timer does not stop a tick or a site rebuild that already started; this waits them out. */
  async function ticksDone(): Promise<void> {
    let rebuild: Promise<void>
    do {
      rebuild = rebuilding
      await Promise.allSettled([...ticking, rebuild])
    } while (ticking.size > 0 || rebuild !== rebuilding)
  }

  async function tickOnce(forceRead: boolean): Promise<SiteState> {
    const result = await runtime.tick({ forceRead })
    const released = await controlWatch.afterTick(result.snapshot, runtime.devices, settings)
    batteryHold.afterTick({
      enabled: settings.control.holdBatteryForHouse,
      battery: runtime.devices.battery,
      reading: result.snapshot.battery,
      gridCharging: gridChargingOf(result.snapshot, controlWatch),
      nowMs: clock.now(),
    })
    state = buildState(result.snapshot, settings, {
      keyring,
      settingsProblem,
      simulationSpeed: clock.speed === 1 ? null : clock.speed,
      tariff: runtime.devices.tariff,
      control: controlWatch,
      batteryHold: batteryHold.status(runtime.devices.battery?.id ?? null),
      batteryControllable: runtime.devices.battery?.control !== undefined,
    })
    emit('state:update', state)
    history.record(state)
    raise([...result.notifications, ...released])
    return state
  }

  async function settingsView(): Promise<SettingsView> {
    const secretsSet: Record<string, string[]> = {}
    for (const account of settings.accounts) {
      const names: string[] = []
      for (const field of accountSecretFields[account.kind]) {
        if (await host.secretStore.has(secretKey(account.id, field.name))) names.push(field.name)
      }
      secretsSet[account.id] = names
    }
    return { settings, problem: settingsProblem, secretsSet }
  }

  /** Saves, rebuilds what changed, tells every window, and runs a tick so the popover follows. */
  async function commit(next: Settings): Promise<SettingsView> {
    host.settingsStore.save(next)
    settings = next
    settingsProblem = null
    await rebuildIfNeeded()
    history.accountsChanged()
    const view = await settingsView()
    emit('settings:changed', view)
    await tick(true)
    return view
  }

  function saveFailure(error: unknown): string {
    const detail = error instanceof Error ? error.message : String(error)
    return `Could not save settings to ${host.settingsStore.location}: ${detail}. Check that the folder is writable and has free space.`
  }

  function findCharger(chargerId: string) {
    const charger = runtime.devices.chargers.find((c) => c.id === chargerId)
    if (!charger) throw new ContractError(`There is no charger called ${chargerId}; it may have been removed.`, 'bad-request')
    return charger
  }

  async function updateCharger(chargerId: string, change: (current: ChargerSettings) => ChargerSettings): Promise<SiteState> {
    findCharger(chargerId)
    const next = { ...settings, chargers: { ...settings.chargers, [chargerId]: change(chargerSettings(settings, chargerId)) } }
    try {
      await commit(next)
    } catch (error) {
      throw new ContractError(saveFailure(error), 'failed')
    }
    return state
  }

  const accounts = accountHandlers({
    host,
    deps,
    driverFor,
    settings: () => settings,
    commit: async (next) => commit(next),
    saveFailure,
    secretsChanged: async () => {
      secretsVersion++
      keyring = await host.secretStore.status()
    },
  })
  function batteryRejected(message: string) {
    const nowMs = clock.now()
    raise(deliverable([batteryWriteRejected(message, nowMs)], settings.notifications, nowMs, settings.site.timeZone))
  }
  const battery = batteryHandlers({
    battery: () => batteryHold.wrap(runtime.devices.battery),
    refresh: () => tick(true),
    rejected: batteryRejected,
  })
  const pages = chargerPageHandlers({
    findCharger,
    refresh: () => tick(true),
    settings: () => settings,
    handOver: (charger, message) => {
      controlWatch.ownership.handOver(charger.id, charger.label, message, clock.now())
      logger.info(`${charger.label}: left to run on its own at the user's request`)
    },
  })
  /** Changes made on a charger's own page are the user's through Sunspill: whatever they lead to is the new starting point. */
  const direct =
    <R extends { chargerId: string }, T>(handler: (req: R) => Promise<T>) =>
    async (req: R): Promise<T> => {
      controlWatch.ownership.forget(req.chargerId)
      try {
        return await handler(req)
      } finally {
        controlWatch.ownership.forget(req.chargerId)
      }
    }
  const chargerPages: typeof pages = {
    ...pages,
    'charger:setField': direct(pages['charger:setField']),
    'charger:runAction': direct(pages['charger:runAction']),
    'charger:setLocked': direct(pages['charger:setLocked']),
    'charger:saveSchedules': direct(pages['charger:saveSchedules']),
  }

  // History (src-main/core/history): every tick is recorded; new accounts import their day.
  const history = createHistory({
    dataDir: host.dataDir,
    clock,
    logger,
    secretStore: host.secretStore,
    deps,
    settings: () => settings,
    cadenceMs: Math.max(CONTROL_TICK_MS, MIN_WALL_TICK_MS * clock.speed),
  })
  events.on('notification', (event) => history.recordNotification(event))
  history.accountsChanged()

  const handlers: Handlers = {
    'state:get': async () => state,
    'charger:setMode': async ({ chargerId, mode }) =>
      // Choosing a charging mode is a clear wish to charge, so it also switches the charger on.
      updateCharger(chargerId, (c) => ({ ...c, mode, enabled: mode === 'off' ? c.enabled : true })),
    'charger:setEnabled': async ({ chargerId, enabled }) => updateCharger(chargerId, (c) => ({ ...c, enabled })),
    'charger:setLimit': async ({ chargerId, limitA }) => {
      const range = findCharger(chargerId).current
      if (!range) throw new ContractError('This charger does not accept a current setting.', 'bad-request')
      if (limitA < range.minA || limitA > range.maxA) {
        throw new ContractError(`The current limit must be between ${range.minA} A and ${range.maxA} A.`, 'bad-request')
      }
      return updateCharger(chargerId, (c) => ({ ...c, limitA }))
    },
    'charger:takeControl': async ({ chargerId }) => {
      const charger = findCharger(chargerId)
      if (controlWatch.ownership.takeBack(chargerId)) logger.info(`${charger.label}: the user took control back`)
      // Read first, then steer: the forced tick reads the charger before the loop commands it.
      return tick(true)
    },
    'settings:get': async () => settingsView(),
    'settings:save': async ({ settings: next }) => {
      try {
        const view = await commit(next)
        logger.info('Settings saved')
        return { ok: true, view }
      } catch (error) {
        return { ok: false, error: saveFailure(error) }
      }
    },
    ...chargerPages,
    ...accounts,
    ...battery,
    ...historyHandlers(history),
    'app:info': async () => ({
      appVersion: host.appVersion,
      runtime: host.runtime,
      versions: host.versions,
      dataDir: host.dataDir,
      logFile: logger.file,
      keyringBackend: keyring.backend,
    }),
    'app:logTail': async ({ lines }) => ({ lines: logger.tail(lines) }),
    'app:openSettings': async () => ({ opened: await host.openSettings() }),
    'app:hidePopover': async () => ({ hidden: await host.hidePopover() }),
  }

  await rebuildIfNeeded(true)
  state = await tick(true)
  const startupNotifications = heldNotifications ?? []
  heldNotifications = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let running = false

  function schedule() {
    if (!running) return
    const wallMs = Math.max(MIN_WALL_TICK_MS, CONTROL_TICK_MS / clock.speed)
    timer = setTimeout(async () => {
      try {
        if (accountRetry.due(clock.now())) {
          logger.info('Trying the accounts that failed to start again')
          await rebuildIfNeeded(true, true)
          // Stopped or detached meanwhile: the chargers are handed off and must not be commanded.
          if (!running) return
        }
        await tick()
      } catch (error) {
        logger.error('Control tick failed', { error })
      }
      schedule()
    }, wallMs)
  }

  function stopTicking() {
    running = false
    if (timer) clearTimeout(timer)
  }

  /**
   * Stops ticking and leaves each charger as its owner chose. A tick under way is waited for (up to
   * the hand-off's own budget), so it cannot command a charger after the hand-off.
   */
  async function releaseControl(reason: HandoffReason) {
    stopTicking()
    if (!(await within(ticksDone(), HANDOFF_TIMEOUT_MS, 'a control tick'))) logger.warn('A control tick was still running at the hand-off; handing off anyway')
    const [outcomes] = await Promise.all([controlWatch.handOff(runtime.devices.chargers, settings, reason), releaseBattery()])
    return outcomes
  }

  /**
   * Unwatched, the battery must not stay held for a car no one steers, and a tick that ends late
   * must not hold it again; a write that does not finish in time goes back at the next start
   * (battery-hold.json).
   */
  function releaseBattery(): Promise<boolean> {
    return within(batteryHold.handOff(runtime.devices.battery, clock.now()), BATTERY_RELEASE_TIMEOUT_MS, 'giving the home battery its minimum back')
  }

  /** Waits for work for at most budgetMs; false when it did not finish. */
  async function within(work: Promise<unknown>, budgetMs: number, what: string): Promise<boolean> {
    let waited: ReturnType<typeof setTimeout> | undefined
    const done = await Promise.race([
      work.then(
        () => true,
        (error: unknown) => {
          logger.warn(`Failed while ${what}`, { error: String(error) })
          return true
        },
      ),
      new Promise<boolean>((resolve) => (waited = setTimeout(() => resolve(false), budgetMs))),
    ])
    clearTimeout(waited)
    return done
  }

  return {
    handlers,
    events,
    state: () => state,
    start() {
      if (running) return
      running = true
      logger.info(`Sunspill core started (${host.runtime})`)
      for (const event of startupNotifications.splice(0)) emit('notification', event)
      schedule()
    },
    handOff: releaseControl,
    async resume() {
      logger.info('Taking control back')
      controlWatch.resumed(clock.now())
      batteryHold.resume()
      // Read everything first, so the first decision is made on the chargers' real state.
      await tick(true).catch((error: unknown) => logger.error('Reading after resume failed', { error }))
      running = true
      schedule()
    },
    async stop() {
      await releaseControl('quit')
      // Nothing may write to the site or the history once they are closed.
      await ticksDone()
      await site.close()
      await history.close()
    },
    async detach() {
      // Another Sunspill (remote mode) controls the chargers now: commanding them here, even to
      // hand them off, would fight it. Stop ticking and close, touching no charger; the battery
      // gets the user's own minimum back first, or the other would take the hold for the user's.
      stopTicking()
      logger.info('Sunspill core detached: another Sunspill controls the chargers')
      // A tick already under way still runs to its end; close only after it.
      await ticksDone()
      await releaseBattery()
      await site.close()
      await history.close()
    },
  }
}

/** Only what shapes the devices; a change here rebuilds them. */
function deviceShape(settings: Settings, secretsVersion: number): string {
  const { latitude, longitude, timeZone, phases, voltageV } = settings.site
  const phaseMap = Object.fromEntries(Object.entries(settings.chargers).map(([id, c]) => [id, c.phase]))
  return JSON.stringify({ accounts: settings.accounts, latitude, longitude, timeZone, phases, voltageV, phaseMap, secretsVersion })
}
