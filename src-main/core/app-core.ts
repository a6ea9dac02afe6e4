/**
 * The core as a host sees it: the contract's handlers, the events, and the tick loop. The same
 * object runs inside Electron, in the headless server and in tests.
 */
import { ContractError, type EventChannel, type EventPayload, type Handlers, type SettingsView } from '../../src-shared/contract'
import type { KeyringStatus, SiteState } from '../../src-shared/model'
import type { ChargerSettings, Settings } from '../../src-shared/settings'
import { chargerSettings, defaultDemoAccount } from '../../src-shared/settings'
import { createDemoHome } from './demo'
import type { SiteDevices } from './devices'
import type { CoreApp, CoreEvents, CoreHost } from './host'
import { SiteRuntime } from './site/runtime'
import { buildState } from './site/state-view'

/** Simulated time between control ticks; the wall-clock period shrinks with the clock's speed. */
export const CONTROL_TICK_MS = 10_000
const MIN_WALL_TICK_MS = 200

export async function createCore(host: CoreHost): Promise<CoreApp> {
  const { clock, logger } = host
  const loaded = host.settingsStore.load()
  let settings = loaded.settings
  let settingsProblem = loaded.problem
  if (settingsProblem) logger.warn(settingsProblem)

  const keyring: KeyringStatus = await host.secretStore.status()
  let devicesKey = ''
  let runtime = rebuildRuntime()
  let state: SiteState
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>()

  const events: CoreEvents = {
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener as (payload: never) => void)
      listeners.set(channel, set)
      return () => set.delete(listener as (payload: never) => void)
    },
  }

  function emit<C extends EventChannel>(channel: C, payload: EventPayload<C>) {
    for (const listener of listeners.get(channel) ?? []) {
      try {
        ;(listener as (p: EventPayload<C>) => void)(payload)
      } catch (error) {
        logger.error(`A ${channel} listener failed`, { error })
      }
    }
  }

  function rebuildRuntime(): SiteRuntime {
    devicesKey = deviceShape(settings)
    return new SiteRuntime({ devices: buildDevices(settings, host), clock, logger, settings: () => settings })
  }

  async function tick(forceRead = false): Promise<SiteState> {
    const result = await runtime.tick({ forceRead })
    state = buildState(result.snapshot, settings, {
      keyring,
      settingsProblem,
      simulationSpeed: clock.speed === 1 ? null : clock.speed,
      tariff: runtime.devices.tariff,
    })
    emit('state:update', state)
    for (const event of result.notifications) {
      logger.info(`Notification: ${event.title}`)
      emit('notification', event)
    }
    return state
  }

  function settingsView(): SettingsView {
    return { settings, problem: settingsProblem }
  }

  function persist(next: Settings): void {
    host.settingsStore.save(next)
    settings = next
    settingsProblem = null
    if (deviceShape(settings) !== devicesKey) runtime = rebuildRuntime()
    emit('settings:changed', settingsView())
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
      persist(next)
    } catch (error) {
      throw new ContractError(saveFailure(host.settingsStore.location, error), 'failed')
    }
    return tick(true)
  }

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
    'settings:get': async () => settingsView(),
    'settings:save': async ({ settings: next }) => {
      try {
        persist(next)
      } catch (error) {
        return { ok: false, error: saveFailure(host.settingsStore.location, error) }
      }
      logger.info('Settings saved')
      await tick(true)
      return { ok: true, view: settingsView() }
    },
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

  state = await tick(true)
  let timer: ReturnType<typeof setTimeout> | null = null
  let running = false

  function schedule() {
    if (!running) return
    const wallMs = Math.max(MIN_WALL_TICK_MS, CONTROL_TICK_MS / clock.speed)
    timer = setTimeout(async () => {
      try {
        await tick()
      } catch (error) {
        logger.error('Control tick failed', { error })
      }
      schedule()
    }, wallMs)
  }

  return {
    handlers,
    events,
    state: () => state,
    start() {
      if (running) return
      running = true
      logger.info(`Sunspill core started (${host.runtime})`)
      schedule()
    },
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      await runtime.tick().catch(() => undefined)
    },
  }
}

/** Only what shapes the simulated devices; a change here rebuilds them. */
function deviceShape(settings: Settings): string {
  const { latitude, longitude, timeZone, phases, voltageV } = settings.site
  return JSON.stringify({ accounts: settings.accounts, latitude, longitude, timeZone, phases, voltageV, chargers: phaseMap(settings) })
}

function phaseMap(settings: Settings): Record<string, number> {
  return Object.fromEntries(Object.entries(settings.chargers).map(([id, c]) => [id, c.phase]))
}

function buildDevices(settings: Settings, host: CoreHost): SiteDevices {
  // The demo home is the default whenever no real account is configured.
  const account = settings.accounts.find((a) => a.kind === 'demo') ?? defaultDemoAccount
  const chargerPhase = settings.chargers[`${account.id}:charger`]?.phase ?? 1
  return createDemoHome({ account, site: settings.site, clock: host.clock, chargerPhase })
}

function saveFailure(location: string, error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error)
  return `Could not save settings to ${location}: ${detail}. Check that the folder is writable and has free space.`
}

