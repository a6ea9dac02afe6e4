/**
 * The user's settings: one zod schema shared by the forms (validate as you type), the IPC
 * contract and the stores on disk. Every field has a default so that an older file still loads.
 */
import { z } from 'zod'
import { ChargeMode, type NotificationKind } from './model'

const price = (what: string) =>
  z.number({ error: `${what} must be a number` }).min(-1000, `${what} is at least -1000 c/kWh`).max(2000, `${what} is at most 2000 c/kWh`)

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
  /** Solar starts, and holds the minimum current, while the sun covers at least this share of it. */
  solarShareMinPct: whole('The solar share').min(10, 'The solar share is 10–100 %').max(100, 'The solar share is 10–100 %').default(50),
  /** Contactors and cars wear with every start: surplus starts are capped per rolling hour. */
  maxStartsPerHour: whole('Starts per hour').min(1, 'At least one start an hour').max(20, 'At most 20 starts an hour').default(3),
  /** A car already charging may keep the minimum from the home battery above this SOC. Null: off. */
  batteryBufferSocPct: whole('Battery buffer').min(1, 'Battery buffer is 1–100 %').max(100, 'Battery buffer is 1–100 %').nullable().default(null),
  /**
   * While Fast, a plan or cheap power charges a car from the grid, the home battery's minimum SOC
   * is raised to where it is, so it does not empty into the car; the user's minimum returns after.
   */
  holdBatteryForHouse: z.boolean().default(false),
  /** With several chargers on one meter, the one that takes the sun first; null: the first listed. */
  sunFirstChargerId: z.string().nullable().default(null),
  batteryPrioritySocPct: whole('Battery priority').min(0, 'Battery priority is 0–100 %').max(100, 'Battery priority is 0–100 %').default(80),
  /** Solar modes charge at full current when power costs this or less (negative prices pay). Null: off. */
  cheapBelowCents: price('The cheap-power price').nullable().default(0),
  /** Min + Solar does not top up from the grid above this price. Null: off. */
  neverAboveCents: price('The price ceiling').nullable().default(null),
  /** Solar modes leave the surplus to export when feed-in pays at least this. Null: off. */
  exportAboveCents: price('The feed-in price').nullable().default(null),
  /** Without fresh meter data for this long, solar charging stops. */
  staleStopAfterS: whole('The stale-data stop').min(60, 'At least a minute').max(3600, 'At most an hour').default(600),
  /** With no data from any source (meter and chargers) for this many minutes, the chargers are handed off. Null: never. */
  handOffWhenStaleMin: whole('The hand-off time').min(2, 'At least 2 minutes').max(1440, 'At most a day (1440 minutes)').nullable().default(15),
})
export type ControlSettings = z.infer<typeof ControlSettings>

/**
 * pause: stop charging; vendor: back to the charger's own mode (schedule, solar setting);
 * minimum: keep charging at the minimum current; leave: change nothing.
 */
export const HandoffPolicy = z.enum(['pause', 'vendor', 'minimum', 'leave'])
export type HandoffPolicy = z.infer<typeof HandoffPolicy>

/** Ready by a time of day with this much energy added: the planner picks the cheapest slots. */
export const ChargePlan = z.object({
  enabled: z.boolean().default(false),
  readyBy: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Ready-by is a time like 07:00').default('07:00'),
  energyKwh: z.number({ error: 'Energy to add must be a number' }).min(1, 'Add at least 1 kWh').max(200, 'At most 200 kWh').default(20),
})
export type ChargePlan = z.infer<typeof ChargePlan>

export const ChargerSettings = z.object({
  mode: ChargeMode.default('solar'),
  enabled: z.boolean().default(true),
  limitA: whole('Current limit').min(1).max(80).default(32),
  /** For single-phase chargers: which phase of the supply it is wired to (1–3). */
  phase: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
  /** What happens when Sunspill stops controlling (quit, sleep, shutdown); null: the safe default. */
  handoff: HandoffPolicy.nullish(),
  /** Solar and Min + Solar also make sure of this much energy by a time; Fast charges now anyway. */
  plan: ChargePlan.nullish(),
})
export type ChargerSettings = z.infer<typeof ChargerSettings>

/** One switch per kind of notification, all on unless the user turns one off. */
export const NotificationKindSwitches = z.object({
  spike: z.boolean().default(true),
  potential: z.boolean().default(true),
  negative: z.boolean().default(true),
  carFinished: z.boolean().default(true),
  chargingStopped: z.boolean().default(true),
  sourceFailing: z.boolean().default(true),
  batteryWriteRejected: z.boolean().default(true),
  controlReleased: z.boolean().default(true),
})
export type NotificationKindSwitches = z.infer<typeof NotificationKindSwitches>
// Every kind has a switch and every switch is a kind.
const switchForEveryKind: [NotificationKind, keyof NotificationKindSwitches] extends [keyof NotificationKindSwitches, NotificationKind] ? true : never = true
void switchForEveryKind

/** "HH:MM" on a 24-hour clock, any minute. */
const ClockTime = (what: string) =>
  z.string({ error: `${what} is a time like 22:00` }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${what} is a time like 22:00, from 00:00 to 23:59`)

/** Quiet hours in the site's time zone; they may cross midnight (22:00 to 07:00). */
export const QuietHours = z
  .object({
    enabled: z.boolean().default(false),
    start: ClockTime('The start').default('22:00'),
    end: ClockTime('The end').default('07:00'),
  })
  .refine((q) => !q.enabled || q.start !== q.end, { message: 'Quiet hours must end at a different time than they start', path: ['end'] })
export type QuietHours = z.infer<typeof QuietHours>

export const NotificationSettings = z
  .object({
    enabled: z.boolean().default(true),
    spikeThresholdCents: z
      .number({ error: 'The spike threshold must be a number' })
      .min(1, 'The spike threshold must be above 0 c/kWh')
      .max(2000, 'The spike threshold is at most 2000 c/kWh')
      .default(100),
    /** The negative-price switch from before per-kind switches: read into kinds.negative, never written. */
    negativePrice: z.boolean().optional(),
    kinds: NotificationKindSwitches.default(() => NotificationKindSwitches.parse({})),
    quietHours: QuietHours.default(() => QuietHours.parse({})),
  })
  .transform(({ negativePrice, ...rest }) => (negativePrice === false ? { ...rest, kinds: { ...rest.kinds, negative: false } } : rest))
export type NotificationSettings = z.infer<typeof NotificationSettings>

export const DemoAccount = z.object({
  kind: z.literal('demo'),
  id: z.string().min(1),
  name: z.string().trim().min(1, 'Give the account a name').max(60, 'Keep the name under 60 characters'),
  pvKwp: z.number().min(0.5, 'PV size is at least 0.5 kWp').max(100, 'PV size is at most 100 kWp').default(6.6),
  batteryKwh: z.number().min(0, 'Battery capacity cannot be negative').max(200).default(13.3),
  chargerPhases: z.union([z.literal(1), z.literal(3)]).default(1),
})
export type DemoAccount = z.infer<typeof DemoAccount>

/** An advanced, optional override of a vendor's API address (proxies, regional endpoints, tests). */
const BaseUrl = z
  .string()
  .trim()
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'Enter a full address starting with https://, or leave it empty')
  .default('')

const AccountBase = {
  id: z.string().min(1),
  name: z.string().trim().min(1, 'Give the account a name').max(60, 'Keep the name under 60 characters'),
  baseUrl: BaseUrl,
}

export const ALPHAESS_LOGIN_GONE =
  'That looks like an AlphaESS username. AlphaESS has shut down the username and password login: sign in at open.alphaess.com, open Developer information, and copy the AppID and AppSecret here.'

export const AlphaessAccount = z.object({
  kind: z.literal('alphaess'),
  ...AccountBase,
  appId: z
    .string()
    .trim()
    .refine((v) => !v.includes('@'), ALPHAESS_LOGIN_GONE)
    .refine((v) => /^alpha[0-9a-z]{6,}$/i.test(v), 'The AppID starts with "alpha", e.g. alphaef7900ee81dbbce9 (from open.alphaess.com → Developer information)'),
  /** The system (inverter serial number) this account reads and controls; null until picked. */
  systemSn: z.string().trim().min(1).nullable().default(null),
})
export type AlphaessAccount = z.infer<typeof AlphaessAccount>

export const AmberAccount = z.object({
  kind: z.literal('amber'),
  ...AccountBase,
  siteId: z.string().trim().min(1).nullable().default(null),
})
export type AmberAccount = z.infer<typeof AmberAccount>

const Email = z.string().trim().email('Enter the e-mail address you sign in with')

export const WallboxAccount = z.object({
  kind: z.literal('wallbox'),
  ...AccountBase,
  username: Email,
  chargerId: z.string().trim().min(1).nullable().default(null),
})
export type WallboxAccount = z.infer<typeof WallboxAccount>

export const ChargeAmpsAccount = z.object({
  kind: z.literal('chargeamps'),
  ...AccountBase,
  email: Email,
  chargePointId: z.string().trim().min(1).nullable().default(null),
})
export type ChargeAmpsAccount = z.infer<typeof ChargeAmpsAccount>

export const AndersenAccount = z.object({
  kind: z.literal('andersen'),
  ...AccountBase,
  email: Email,
  deviceId: z.string().trim().min(1).nullable().default(null),
})
export type AndersenAccount = z.infer<typeof AndersenAccount>

export const Account = z.discriminatedUnion('kind', [
  DemoAccount,
  AlphaessAccount,
  AmberAccount,
  WallboxAccount,
  ChargeAmpsAccount,
  AndersenAccount,
])
export type Account = z.infer<typeof Account>
export type AccountKind = Account['kind']

/** The secrets each kind of account needs; they only ever travel towards the core. */
export const accountSecretFields: Record<AccountKind, readonly { name: string; label: string }[]> = {
  demo: [],
  alphaess: [{ name: 'appSecret', label: 'AppSecret' }],
  amber: [{ name: 'token', label: 'API token' }],
  wallbox: [{ name: 'password', label: 'Password' }],
  chargeamps: [
    { name: 'password', label: 'Password' },
    { name: 'apiKey', label: 'API key (from Charge Amps support)' },
  ],
  andersen: [{ name: 'password', label: 'Password' }],
}

/** The field that says which system, site or charger of the account Sunspill uses. */
export const accountChoiceField = {
  demo: null,
  alphaess: 'systemSn',
  amber: 'siteId',
  wallbox: 'chargerId',
  chargeamps: 'chargePointId',
  andersen: 'deviceId',
} as const satisfies Record<AccountKind, string | null>

export const accountKindLabels: Record<AccountKind, string> = {
  demo: 'Demo home',
  alphaess: 'AlphaESS',
  amber: 'Amber Electric',
  wallbox: 'Wallbox',
  chargeamps: 'Charge Amps',
  andersen: 'Andersen A2',
}

export function secretKey(accountId: string, field: string): string {
  return `${accountId}:${field}`
}

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
