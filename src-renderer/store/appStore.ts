import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Api, AppInfo, SaveResult, SettingsView } from '../../src-shared/contract'
import type { ChargeMode, NotificationEvent, SiteState } from '../../src-shared/model'
import type { Settings } from '../../src-shared/settings'
import type { ConnectionState } from '../transport/connection'

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
  saveSettings(settings: Settings): Promise<SaveResult>
  openSettings(): Promise<{ opened: boolean }>
  hidePopover(): Promise<void>
  /** About page reads: not kept in the store, they are only shown while the page is open. */
  fetchAppInfo(): Promise<AppInfo>
  fetchLogTail(lines: number): Promise<string[]>
}

export type AppStore = StoreApi<AppState>

const MAX_NOTIFICATIONS = 20

export function createAppStore(api: Api, initialConnection: ConnectionState = 'connecting'): AppStore {
  return createStore<AppState>()((set, get) => {
    async function chargerCommand(chargerId: string, run: () => Promise<SiteState>) {
      try {
        const site = await run()
        get().applyState(site)
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
        const [site, settings] = await Promise.allSettled([api.invoke('state:get', {}), api.invoke('settings:get', {})])
        if (site.status === 'fulfilled') get().applyState(site.value)
        if (settings.status === 'fulfilled') get().applySettings(settings.value)
        const failure = [site, settings].find((r) => r.status === 'rejected')
        set({ loadError: failure ? messageOf(failure.reason) : null })
      },

      applyState(site) {
        // A command's reply can arrive after a newer state:update; never step back in time.
        const current = get().site
        if (current && site.atMs < current.atMs) return
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

      async saveSettings(settings) {
        let result: SaveResult
        try {
          result = await api.invoke('settings:save', { settings })
        } catch (error) {
          result = { ok: false, error: messageOf(error) }
        }
        if (result.ok) get().applySettings(result.view)
        return result
      },

      openSettings: () => api.invoke('app:openSettings', {}),

      async hidePopover() {
        await api.invoke('app:hidePopover', {}).catch(() => undefined)
      },

      fetchAppInfo: () => api.invoke('app:info', {}),
      fetchLogTail: async (lines) => (await api.invoke('app:logTail', { lines })).lines,
    }
  })
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

function without(record: Record<string, string>, key: string): Record<string, string> {
  if (!(key in record)) return record
  const { [key]: _removed, ...rest } = record
  return rest
}
