/**
 * The user's settings: one zod schema shared by the forms (validate as you type), the IPC
 * contract and the stores on disk. Every field has a default so that an older file still loads.
 */
import { z } from 'zod'
import { ChargeMode } from './model'

const whole = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`)

export const SiteSettings = z.object({
  phases: z.union([z.literal(1), z.literal(3)], { error: 'Phases must be 1 or 3' }).default(1),
  voltageV: whole('Voltage').min(100, 'Voltage must be at least 100 V').max(260, 'Voltage must be at most 260 V').default(230),
  fuseA: whole('Fuse rating').min(6, 'The fuse must be at least 6 A').max(200, 'The fuse must be at most 200 A').default(63),
  latitude: z.number().min(-90, 'Latitude is between -90 and 90').max(90, 'Latitude is between -90 and 90').default(-33.87),
  longitude: z.number().min(-180, 'Longitude is between -180 and 180').max(180, 'Longitude is between -180 and 180').default(151.21),
  timeZone: z
    .string()
    .refine((tz) => isTimeZone(tz), 'Unknown time zone: use a name like Australia/Sydney')
    .default('Australia/Sydney'),
})
export type SiteSettings = z.infer<typeof SiteSettings>

export const ControlSettings = z.object({
  startDelayS: whole('Start delay').min(0, 'Start delay cannot be negative').max(3600, 'Start delay is at most an hour').default(60),
  stopDelayS: whole('Stop delay').min(0, 'Stop delay cannot be negative').max(3600, 'Stop delay is at most an hour').default(180),
  batteryPrioritySocPct: whole('Battery priority').min(0, 'Battery priority is 0–100 %').max(100, 'Battery priority is 0–100 %').default(80),
})
export type ControlSettings = z.infer<typeof ControlSettings>

export const ChargerSettings = z.object({
  mode: ChargeMode.default('solar'),
  enabled: z.boolean().default(true),
  limitA: whole('Current limit').min(1).max(80).default(32),
  /** For single-phase chargers: which phase of the supply it is wired to (1–3). */
  phase: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
})
export type ChargerSettings = z.infer<typeof ChargerSettings>

export const NotificationSettings = z.object({
  enabled: z.boolean().default(true),
  spikeThresholdCents: z
    .number({ error: 'The spike threshold must be a number' })
    .min(1, 'The spike threshold must be above 0 c/kWh')
    .max(2000, 'The spike threshold is at most 2000 c/kWh')
    .default(100),
  negativePrice: z.boolean().default(true),
})
export type NotificationSettings = z.infer<typeof NotificationSettings>

export const DemoAccount = z.object({
  kind: z.literal('demo'),
  id: z.string().min(1),
  name: z.string().min(1, 'Give the account a name').max(60),
  pvKwp: z.number().min(0.5, 'PV size is at least 0.5 kWp').max(100, 'PV size is at most 100 kWp').default(6.6),
  batteryKwh: z.number().min(0, 'Battery capacity cannot be negative').max(200).default(13.3),
  chargerPhases: z.union([z.literal(1), z.literal(3)]).default(1),
})
export type DemoAccount = z.infer<typeof DemoAccount>

export const Account = z.discriminatedUnion('kind', [DemoAccount])
export type Account = z.infer<typeof Account>

export const defaultDemoAccount: DemoAccount = {
  kind: 'demo',
  id: 'demo',
  name: 'Demo home',
  pvKwp: 6.6,
  batteryKwh: 13.3,
  chargerPhases: 1,
}

export const Settings = z.object({
  version: z.literal(1).default(1),
  site: SiteSettings.default(() => SiteSettings.parse({})),
  control: ControlSettings.default(() => ControlSettings.parse({})),
  chargers: z.record(z.string(), ChargerSettings).default({}),
  notifications: NotificationSettings.default(() => NotificationSettings.parse({})),
  accounts: z.array(Account).default(() => [defaultDemoAccount]),
})
export type Settings = z.infer<typeof Settings>

export function defaultSettings(): Settings {
  return Settings.parse({})
}

export function chargerSettings(settings: Settings, chargerId: string): ChargerSettings {
  return settings.chargers[chargerId] ?? ChargerSettings.parse({})
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** One sentence per problem, naming the field, for forms and for errors from disk. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
}
