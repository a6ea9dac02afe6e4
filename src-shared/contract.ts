/**
 * The one contract between the core and the renderer. It is bound three ways from this
 * definition: ipcMain in the app, the preload's window.api, and the headless HTTP/SSE server.
 * Every request, response and event payload is a zod schema; the types are inferred from them.
 */
import { z } from 'zod'
import { ChargeMode, NotificationEvent, SiteState } from './model'
import { Settings } from './settings'

const Empty = z.object({}).strict()

export const SettingsView = z.object({
  settings: Settings,
  /** Set when the stored file could not be used: what happened and where the old file went. */
  problem: z.string().nullable(),
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
  'app:info': { req: Empty, res: AppInfo },
  'app:logTail': { req: z.object({ lines: z.number().int().min(1).max(1000) }).strict(), res: z.object({ lines: z.array(z.string()) }) },
  /** The app opens its settings window; a browser navigates itself when opened is false. */
  'app:openSettings': { req: Empty, res: z.object({ opened: z.boolean() }) },
  'app:hidePopover': { req: Empty, res: z.object({ hidden: z.boolean() }) },
} as const

export const eventChannels = {
  'state:update': SiteState,
  'settings:changed': SettingsView,
  notification: NotificationEvent,
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

/** One handler per invoke channel, forced at compile time. Requests arrive already parsed. */
export type Handlers = {
  [C in InvokeChannel]: (req: z.infer<(typeof invokeChannels)[C]['req']>) => Promise<InvokeRes<C>>
}

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
