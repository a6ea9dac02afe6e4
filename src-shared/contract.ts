/**
 * The one contract between the core and the renderer. It is bound three ways from this
 * definition: ipcMain in the app, the preload's window.api, and the headless HTTP/SSE server.
 * Every request, response and event payload is a zod schema; the types are inferred from them.
 */
import { z } from 'zod'
import { AccountTestResult, BatterySettings, ChargeMode, ChargeSchedule, ChargerDetails, FieldValue, NotificationEvent, SCHEDULES_CEILING, SettingsSectionTarget, SiteState } from './model'
import { Account, Settings } from './settings'
import { CsvExport, ExportCsvRequest, HistoryImportRequest, HistoryImportView, IsoDate, HistorySessions, HistoryStats, HistoryToday, StatsDays } from './history'
import { RemoteConnectResult, RemoteRequest, RemoteTestResult, RemoteView } from './remote'
import { AccountInsights, InsightPartName, RenewablesState } from './model'
import { ChargerSessionsRequest, ChargerSessionsResult } from './model'

const Empty = z.object({}).strict()

export const SettingsView = z.object({
  settings: Settings,
  /** Set when the stored file could not be used: what happened and where the old file went. */
  problem: z.string().nullable(),
  /** Per account id, the names of the secrets that are stored. The values never leave the core. */
  secretsSet: z.record(z.string(), z.array(z.string())),
})
export type SettingsView = z.infer<typeof SettingsView>

export const SaveResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), view: SettingsView }),
  z.object({ ok: z.literal(false), error: z.string() }),
])
export type SaveResult = z.infer<typeof SaveResult>

export const AppInfo = z.object({
  appVersion: z.string(),
  runtime: z.enum(['app', 'headless']),
  versions: z.record(z.string(), z.string()),
  dataDir: z.string(),
  logFile: z.string(),
  keyringBackend: z.string(),
})
export type AppInfo = z.infer<typeof AppInfo>

const chargerId = z.string().min(1).max(100)
const accountId = z.string().min(1).max(100)
/** Write-only: secrets typed into a form. An empty or missing field keeps the stored secret. */
const SecretsInput = z.record(z.string().max(40), z.string().max(4096))

export const AccountAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('alphaess.requestCode'), accountId, sysSn: z.string().trim().min(1), checkCode: z.string().trim().min(1) }).strict(),
  z.object({ action: z.literal('alphaess.bind'), accountId, sysSn: z.string().trim().min(1), code: z.string().trim().min(1) }).strict(),
  z.object({ action: z.literal('alphaess.unbind'), accountId, sysSn: z.string().trim().min(1) }).strict(),
])
export type AccountAction = z.infer<typeof AccountAction>

/** What the account's page reads when it opens; `parts` narrows a refresh (a new day, a new state). */
export const AccountInsightsRequest = z
  .object({
    accountId,
    parts: z.array(InsightPartName).min(1).optional(),
    /** AlphaESS: the day whose energy totals to read, in the site's calendar; default yesterday. */
    date: IsoDate.optional(),
    /** Amber: whose grid renewables to read; default the state of the site's time zone. */
    state: RenewablesState.optional(),
  })
  .strict()
export type AccountInsightsRequest = z.infer<typeof AccountInsightsRequest>

export const ActionResult = z.object({ ok: z.boolean(), message: z.string() })
export type ActionResult = z.infer<typeof ActionResult>

export const SchedulesResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), schedules: z.array(ChargeSchedule) }),
  z.object({ ok: z.literal(false), error: z.string() }),
])
export type SchedulesResult = z.infer<typeof SchedulesResult>

export const BatteryView = z.object({
  /** False when no account provides a battery whose settings can be read and written. */
  available: z.boolean(),
  settings: BatterySettings.nullable(),
  /** Why the settings are missing, or a note on the vendor's write limits. */
  message: z.string().nullable(),
})
export type BatteryView = z.infer<typeof BatteryView>

export const BatterySaveResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), view: BatteryView }),
  z.object({ ok: z.literal(false), error: z.string() }),
])
export type BatterySaveResult = z.infer<typeof BatterySaveResult>

export const invokeChannels = {
  'state:get': { req: Empty, res: SiteState },
  'charger:setMode': { req: z.object({ chargerId, mode: ChargeMode }).strict(), res: SiteState },
  'charger:setEnabled': { req: z.object({ chargerId, enabled: z.boolean() }).strict(), res: SiteState },
  'charger:setLimit': {
    req: z.object({ chargerId, limitA: z.number().int().min(1).max(80) }).strict(),
    res: SiteState,
  },
  'settings:get': { req: Empty, res: SettingsView },
  'settings:save': { req: z.object({ settings: Settings }).strict(), res: SaveResult },
  'charger:details': { req: z.object({ chargerId }).strict(), res: ChargerDetails },
  /** The charger page's sessions for a range of days, read from the vendor on demand. */
  'charger:sessions': { req: ChargerSessionsRequest, res: ChargerSessionsResult },
  'charger:setField': { req: z.object({ chargerId, fieldId: z.string().min(1).max(100), value: FieldValue }).strict(), res: ActionResult },
  'charger:runAction': { req: z.object({ chargerId, actionId: z.string().min(1).max(100) }).strict(), res: ActionResult },
  'charger:setLocked': { req: z.object({ chargerId, locked: z.boolean() }).strict(), res: ActionResult },
  'charger:saveSchedules': { req: z.object({ chargerId, schedules: z.array(ChargeSchedule).max(SCHEDULES_CEILING) }).strict(), res: SchedulesResult },
  /** Sunspill stopped controlling a charger changed elsewhere; this makes it steer the charger again. */
  'charger:takeControl': { req: z.object({ chargerId }).strict(), res: SiteState },
  'accounts:test': { req: z.object({ account: Account, secrets: SecretsInput }).strict(), res: AccountTestResult },
  'accounts:save': { req: z.object({ account: Account, secrets: SecretsInput }).strict(), res: SaveResult },
  'accounts:remove': { req: z.object({ accountId }).strict(), res: SaveResult },
  'accounts:action': { req: AccountAction, res: ActionResult },
  /** Read on demand for the account's page, never polled; secrets stay in the core. */
  'accounts:insights': { req: AccountInsightsRequest, res: AccountInsights },
  'battery:get': { req: Empty, res: BatteryView },
  'battery:save': { req: z.object({ settings: BatterySettings }).strict(), res: BatterySaveResult },
  'app:info': { req: Empty, res: AppInfo },
  'app:logTail': { req: z.object({ lines: z.number().int().min(1).max(1000) }).strict(), res: z.object({ lines: z.array(z.string()) }) },
  /** The app opens its settings window (at the section, when one is given); a browser navigates itself when opened is false. */
  'app:openSettings': { req: z.object({ section: SettingsSectionTarget.optional() }).strict(), res: z.object({ opened: z.boolean() }) },
  'app:hidePopover': { req: Empty, res: z.object({ hidden: z.boolean() }) },
  /** History (src-main/core/history): today's power and price, sessions, totals, CSV. */
  'history:today': { req: Empty, res: HistoryToday },
  'history:sessions': { req: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(), res: HistorySessions },
  'history:stats': { req: z.object({ days: StatsDays }).strict(), res: HistoryStats },
  'history:exportCsv': { req: ExportCsvRequest, res: CsvExport },
  /** Past days from an account's own record: what can be imported, the import under way (polled), start and cancel. */
  'history:importView': { req: Empty, res: HistoryImportView },
  'history:import': { req: HistoryImportRequest, res: HistoryImportView },
  'history:importCancel': { req: Empty, res: HistoryImportView },
  /** Remote mode (src-main/remote): answered by the desktop app itself, never forwarded to a remote. */
  'remote:get': { req: Empty, res: RemoteView },
  'remote:test': { req: RemoteRequest, res: RemoteTestResult },
  'remote:connect': { req: RemoteRequest, res: RemoteConnectResult },
  'remote:disconnect': { req: Empty, res: RemoteView },
} as const

export const eventChannels = {
  'state:update': SiteState,
  'settings:changed': SettingsView,
  notification: NotificationEvent,
  /** Only the desktop app emits it: whether it runs the loop itself or is attached to a remote one. */
  'remote:status': RemoteView,
} as const

export type InvokeChannel = keyof typeof invokeChannels
export type EventChannel = keyof typeof eventChannels
export type InvokeReq<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['req']>
export type InvokeRes<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['res']>
export type EventPayload<C extends EventChannel> = z.infer<(typeof eventChannels)[C]>

export const invokeChannelNames = Object.keys(invokeChannels) as InvokeChannel[]
export const eventChannelNames = Object.keys(eventChannels) as EventChannel[]

export function isInvokeChannel(name: string): name is InvokeChannel {
  return Object.prototype.hasOwnProperty.call(invokeChannels, name)
}
export function isEventChannel(name: string): name is EventChannel {
  return Object.prototype.hasOwnProperty.call(eventChannels, name)
}

/** What the renderer sees as window.api, whichever transport carries it. */
export interface Api {
  invoke<C extends InvokeChannel>(channel: C, req: InvokeReq<C>): Promise<InvokeRes<C>>
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void
}

/**
 * Channels the desktop app answers itself, even while remote mode forwards every other channel
 * to a headless Sunspill elsewhere; the core and the headless server do not have them.
 */
export const shellOnlyChannelNames = ['remote:get', 'remote:test', 'remote:connect', 'remote:disconnect'] as const satisfies readonly InvokeChannel[]
export type ShellOnlyChannel = (typeof shellOnlyChannelNames)[number]
/** The channels a core (local, or remote over HTTP) answers. */
export type CoreChannel = Exclude<InvokeChannel, ShellOnlyChannel>

export function isShellOnlyChannel(name: string): name is ShellOnlyChannel {
  return (shellOnlyChannelNames as readonly string[]).includes(name)
}
export const coreChannelNames = invokeChannelNames.filter((c): c is CoreChannel => !isShellOnlyChannel(c))

/** Events only the desktop app emits (about itself); a core and the headless server never send them. */
export const shellOnlyEventNames = ['remote:status'] as const satisfies readonly EventChannel[]
export function isShellOnlyEvent(name: string): name is (typeof shellOnlyEventNames)[number] {
  return (shellOnlyEventNames as readonly string[]).includes(name)
}
/** The events a core (local, or remote over SSE) sends. */
export const coreEventNames = eventChannelNames.filter((c) => !isShellOnlyEvent(c))

type Handler<C extends InvokeChannel> = (req: z.infer<(typeof invokeChannels)[C]['req']>) => Promise<InvokeRes<C>>

/** One handler per core channel, forced at compile time. Requests arrive already parsed. */
export type Handlers = { [C in CoreChannel]: Handler<C> }
/** The desktop app's own channels. */
export type ShellHandlers = { [C in ShellOnlyChannel]: Handler<C> }
/** Everything ipcMain answers. */
export type AllHandlers = Handlers & ShellHandlers

/** A boundary error with a sentence a person can act on. */
export class ContractError extends Error {
  constructor(
    message: string,
    readonly kind: 'bad-request' | 'unknown-channel' | 'forbidden' | 'failed',
  ) {
    super(message)
    this.name = 'ContractError'
  }
}

export function parseRequest<C extends InvokeChannel>(channel: C, raw: unknown) {
  const result = invokeChannels[channel].req.safeParse(raw ?? {})
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')
    throw new ContractError(`Invalid request for ${channel}: ${detail}`, 'bad-request')
  }
  return result.data as z.infer<(typeof invokeChannels)[C]['req']>
}
