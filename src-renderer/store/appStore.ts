import { createStore, type StoreApi } from 'zustand/vanilla'
import type {
  AccountAction,
  ActionResult,
  Api,
  AppInfo,
  BatterySaveResult,
  BatteryView,
  SaveResult,
  SchedulesResult,
  SettingsView,
} from '../../src-shared/contract'
import type {
  AccountTestResult,
  BatterySettings,
  ChargeMode,
  ChargeSchedule,
  ChargerDetails,
  FieldValue,
  NotificationEvent,
  SettingsSectionTarget,
  SiteState,
} from '../../src-shared/model'
import type { CsvExport, CsvKind, HistoryImportRequest, HistoryImportView, HistorySessions, HistoryStats, HistoryToday, StatsDays } from '../../src-shared/history'
import type { Account, Settings } from '../../src-shared/settings'
import type { RemoteConnectResult, RemoteRequest, RemoteTestResult, RemoteView } from '../../src-shared/remote'
import type { ConnectionState } from '../transport/connection'
import { stateSourceOf } from './stateSource'
import type { AccountInsightsRequest } from '../../src-shared/contract'
import type { AccountInsights } from '../../src-shared/model'
import type { ChargerSessionsResult } from '../../src-shared/model'

/**
 * A replica of the main process's state. The core stays the source of truth: actions call the
 * Api and apply what it answers; nothing here guesses a result.
 */
export interface AppState {
  site: SiteState | null
  settings: SettingsView | null
  connection: ConnectionState
  /** Why the first state:get or settings:get failed, as a sentence. */
  loadError: string | null
  /** The last failed command per charger, shown on its card until the next success. */
  chargerErrors: Record<string, string>
  /** Recent notifications, newest first (the browser has no system notifications to show them). */
  notifications: NotificationEvent[]

  load(): Promise<void>
  applyState(site: SiteState): void
  applySettings(view: SettingsView): void
  applyNotification(event: NotificationEvent): void
  dismissNotification(id: string): void
  setConnection(connection: ConnectionState): void
  setChargerMode(chargerId: string, mode: ChargeMode): Promise<void>
  setChargerEnabled(chargerId: string, enabled: boolean): Promise<void>
  setChargerLimit(chargerId: string, limitA: number): Promise<void>
  /** After the charger was changed elsewhere and Sunspill yielded. */
  takeChargerControl(chargerId: string): Promise<void>
  saveSettings(settings: Settings): Promise<SaveResult>
  /** The settings window, at the section when one is given. */
  openSettings(section?: SettingsSectionTarget): Promise<{ opened: boolean }>
  hidePopover(): Promise<void>
  /** About page reads: not kept in the store, they are only shown while the page is open. */
  fetchAppInfo(): Promise<AppInfo>
  fetchLogTail(lines: number): Promise<string[]>
  /** History page reads, like the About page's: they throw the sentence when the core cannot answer. */
  fetchHistoryToday(): Promise<HistoryToday>
  fetchHistorySessions(limit?: number): Promise<HistorySessions>
  fetchHistoryStats(days: StatsDays): Promise<HistoryStats>
  exportHistoryCsv(from: number, to: number, kind: CsvKind): Promise<CsvExport>
  /** Importing past days from the accounts: the view is polled while an import runs. */
  fetchHistoryImport(): Promise<HistoryImportView>
  startHistoryImport(request: HistoryImportRequest): Promise<HistoryImportView>
  cancelHistoryImport(): Promise<HistoryImportView>

  /*
   * Accounts, battery and charger pages. Each answers with a result instead of throwing: a
   * transport failure becomes the same kind of "not ok" with its sentence, so every caller shows
   * one error path. Replies that carry a SettingsView are applied like settings:changed.
   */
  testAccount(account: Account, secrets: Record<string, string>): Promise<AccountTestResult>
  saveAccount(account: Account, secrets: Record<string, string>): Promise<SaveResult>
  removeAccount(accountId: string): Promise<SaveResult>
  runAccountAction(action: AccountAction): Promise<ActionResult>
  /** The account page's "What this account sees"; throws the sentence when the core cannot answer. */
  fetchAccountInsights(req: AccountInsightsRequest): Promise<AccountInsights>
  /** Throws the sentence when the battery cannot be asked at all. */
  fetchBattery(): Promise<BatteryView>
  saveBattery(settings: BatterySettings): Promise<BatterySaveResult>
  /** Throws the sentence when the charger cannot be asked at all. */
  fetchChargerDetails(chargerId: string): Promise<ChargerDetails>
  /** The sessions of the days from–to (YYYY-MM-DD, the site's zone); a failure comes back as its sentence. */
  fetchChargerSessions(chargerId: string, from: string, to: string): Promise<ChargerSessionsResult>
  setChargerField(chargerId: string, fieldId: string, value: FieldValue): Promise<ActionResult>
  runChargerAction(chargerId: string, actionId: string): Promise<ActionResult>
  setChargerLocked(chargerId: string, locked: boolean): Promise<ActionResult>
  saveChargerSchedules(chargerId: string, schedules: ChargeSchedule[]): Promise<SchedulesResult>

  /** Remote mode (desktop app only): where the loop runs. Null until asked, and in a browser. */
  remote: RemoteView | null
  applyRemote(view: RemoteView): void
  /** Throws the sentence when the app cannot answer (a browser has no remote mode). */
  fetchRemote(): Promise<RemoteView>
  testRemote(req: RemoteRequest): Promise<RemoteTestResult>
  connectRemote(req: RemoteRequest): Promise<RemoteConnectResult>
  disconnectRemote(): Promise<RemoteView>
}

export type AppStore = StoreApi<AppState>

const MAX_NOTIFICATIONS = 20

export function createAppStore(api: Api, initialConnection: ConnectionState = 'connecting'): AppStore {
  return createStore<AppState>()((set, get) => {
    // Which core the held state came from. Two cores stamp their states with two clocks, so after
    // a switch the first state of the new one replaces the old one whatever its time says.
    let source: string | null = null
    let sourceChanged = false
    function setRemote(remote: RemoteView) {
      const next = stateSourceOf(remote)
      if (next !== source) sourceChanged = true
      source = next
      set({ remote })
    }

    /** A reply that comes back from a core the windows have since left says nothing of the new one. */
    function applyReply(site: SiteState, sentTo: string | null) {
      if (sentTo !== null && sentTo !== source) return
      get().applyState(site)
    }

    async function chargerCommand(chargerId: string, run: () => Promise<SiteState>) {
      const sentTo = source
      try {
        const site = await run()
        applyReply(site, sentTo)
        set((s) => ({ chargerErrors: without(s.chargerErrors, chargerId) }))
      } catch (error) {
        set((s) => ({ chargerErrors: { ...s.chargerErrors, [chargerId]: messageOf(error) } }))
      }
    }

    return {
      site: null,
      settings: null,
      connection: initialConnection,
      loadError: null,
      chargerErrors: {},
      notifications: [],

      async load() {
        const sentTo = source
        const [site, settings] = await Promise.allSettled([api.invoke('state:get', {}), api.invoke('settings:get', {})])
        if (site.status === 'fulfilled') applyReply(site.value, sentTo)
        if (settings.status === 'fulfilled') get().applySettings(settings.value)
        const failure = [site, settings].find((r) => r.status === 'rejected')
        set({ loadError: failure ? messageOf(failure.reason) : null })
      },

      applyState(site) {
        // A command's reply can arrive after a newer state:update; never step back in time.
        const current = get().site
        if (current && !sourceChanged && site.atMs < current.atMs) return
        sourceChanged = false
        set({ site, loadError: null })
      },

      applySettings(view) {
        set({ settings: view })
      },

      applyNotification(event) {
        set((s) => ({
          notifications: [event, ...s.notifications.filter((n) => n.id !== event.id)].slice(0, MAX_NOTIFICATIONS),
        }))
      },

      dismissNotification(id) {
        set((s) => ({ notifications: s.notifications.filter((n) => n.id !== id) }))
      },

      setConnection(connection) {
        set({ connection })
      },

      setChargerMode: (chargerId, mode) => chargerCommand(chargerId, () => api.invoke('charger:setMode', { chargerId, mode })),
      setChargerEnabled: (chargerId, enabled) =>
        chargerCommand(chargerId, () => api.invoke('charger:setEnabled', { chargerId, enabled })),
      setChargerLimit: (chargerId, limitA) =>
        chargerCommand(chargerId, () => api.invoke('charger:setLimit', { chargerId, limitA: Math.round(limitA) })),
      takeChargerControl: (chargerId) => chargerCommand(chargerId, () => api.invoke('charger:takeControl', { chargerId })),

      async saveSettings(settings) {
        const result = await settled(api.invoke('settings:save', { settings }), failedSave)
        if (result.ok) get().applySettings(result.view)
        return result
      },

      openSettings: (section) => api.invoke('app:openSettings', section ? { section } : {}),

      async hidePopover() {
        await api.invoke('app:hidePopover', {}).catch(() => undefined)
      },

      fetchAppInfo: () => api.invoke('app:info', {}),
      fetchLogTail: async (lines) => (await api.invoke('app:logTail', { lines })).lines,
      fetchHistoryToday: () => api.invoke('history:today', {}),
      fetchHistorySessions: (limit) => api.invoke('history:sessions', limit === undefined ? {} : { limit }),
      fetchHistoryStats: (days) => api.invoke('history:stats', { days }),
      exportHistoryCsv: (from, to, kind) => api.invoke('history:exportCsv', { from, to, kind }),
      fetchHistoryImport: () => api.invoke('history:importView', {}),
      startHistoryImport: (request) => api.invoke('history:import', request),
      cancelHistoryImport: () => api.invoke('history:importCancel', {}),

      testAccount: (account, secrets) =>
        settled(api.invoke('accounts:test', { account, secrets }), (message) => ({ ok: false, message, choices: [] })),

      async saveAccount(account, secrets) {
        const result = await settled(api.invoke('accounts:save', { account, secrets }), failedSave)
        if (result.ok) get().applySettings(result.view)
        return result
      },

      async removeAccount(accountId) {
        const result = await settled(api.invoke('accounts:remove', { accountId }), failedSave)
        if (result.ok) get().applySettings(result.view)
        return result
      },

      runAccountAction: (action) => settled(api.invoke('accounts:action', action), failedAction),
      fetchAccountInsights: (req) => api.invoke('accounts:insights', req),

      fetchBattery: () => api.invoke('battery:get', {}),
      saveBattery: (settings) => settled(api.invoke('battery:save', { settings }), failedSave),

      fetchChargerDetails: (chargerId) => api.invoke('charger:details', { chargerId }),
      fetchChargerSessions: (chargerId, from, to) =>
        settled(api.invoke('charger:sessions', { chargerId, from, to }), (error): ChargerSessionsResult => ({ ok: false, error })),
      setChargerField: (chargerId, fieldId, value) => settled(api.invoke('charger:setField', { chargerId, fieldId, value }), failedAction),
      runChargerAction: (chargerId, actionId) => settled(api.invoke('charger:runAction', { chargerId, actionId }), failedAction),
      setChargerLocked: (chargerId, locked) => settled(api.invoke('charger:setLocked', { chargerId, locked }), failedAction),
      saveChargerSchedules: (chargerId, schedules) =>
        settled(api.invoke('charger:saveSchedules', { chargerId, schedules }), failedSave),

      remote: null,
      applyRemote: setRemote,
      fetchRemote: async () => {
        const remote = await api.invoke('remote:get', {})
        setRemote(remote)
        return remote
      },
      testRemote: (req) =>
        settled(api.invoke('remote:test', req), (message) => ({ ok: false, message, fingerprint: null, needsPin: false })),
      connectRemote: async (req) => {
        const result = await settled(api.invoke('remote:connect', req), (error): RemoteConnectResult => ({ ok: false, error, test: null }))
        if (result.ok) setRemote(result.view)
        return result
      },
      disconnectRemote: async () => {
        const remote = await api.invoke('remote:disconnect', {})
        setRemote(remote)
        return remote
      },
    }
  })
}

/** The reply, or the failure turned into a result that carries its sentence. */
async function settled<T>(reply: Promise<T>, failure: (message: string) => T): Promise<T> {
  try {
    return await reply
  } catch (error) {
    return failure(messageOf(error))
  }
}

const failedSave = (error: string) => ({ ok: false as const, error })
const failedAction = (message: string): ActionResult => ({ ok: false, message })

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

function without(record: Record<string, string>, key: string): Record<string, string> {
  if (!(key in record)) return record
  const { [key]: _removed, ...rest } = record
  return rest
}
