/**
 * The domain model every layer speaks. Sign conventions are defined here once and converted at
 * the vendor edge:
 * - gridW > 0 imports, < 0 exports
 * - batteryW > 0 discharges, < 0 charges
 * - evW >= 0
 * - feedInCentsPerKwh > 0 means the household is paid for export (Amber's raw sign is the opposite)
 */
import { z } from 'zod'
import { dayCount } from './calendar-day'
import { IsoDate } from './history'

export const ChargeMode = z.enum(['off', 'solar', 'minsolar', 'fast'])
export type ChargeMode = z.infer<typeof ChargeMode>

export const chargeModeLabels: Record<ChargeMode, string> = {
  off: 'Off',
  solar: 'Solar',
  minsolar: 'Min + Solar',
  fast: 'Fast',
}

export const Freshness = z.enum(['fresh', 'late', 'stale', 'offline'])
export type Freshness = z.infer<typeof Freshness>

export const SourceStatus = z.object({
  id: z.string(),
  label: z.string(),
  freshness: Freshness,
  /** Seconds since the last good reading, null when there never was one. */
  ageS: z.number().nullable(),
  /** What went wrong on the last attempt, as a sentence with a next step. */
  error: z.string().nullable(),
})
export type SourceStatus = z.infer<typeof SourceStatus>

export const PhaseReading = z.object({
  voltageV: z.number().nullable(),
  currentA: z.number().nullable(),
  powerW: z.number().nullable(),
})
export type PhaseReading = z.infer<typeof PhaseReading>

/** Null means unknown: a vendor that did not say is never read as zero. */
export const PowerFlow = z.object({
  pvW: z.number().nullable(),
  houseW: z.number().nullable(),
  batteryW: z.number().nullable(),
  socPct: z.number().nullable(),
  gridW: z.number().nullable(),
  evW: z.number(),
  gridPhases: z.array(PhaseReading).nullable(),
})
export type PowerFlow = z.infer<typeof PowerFlow>

export const PriceDescriptor = z.enum(['extremelyLow', 'veryLow', 'low', 'neutral', 'high', 'spike'])
export type PriceDescriptor = z.infer<typeof PriceDescriptor>

export const SpikeStatus = z.enum(['none', 'potential', 'spike'])
export type SpikeStatus = z.infer<typeof SpikeStatus>

export const PriceInterval = z.object({
  kind: z.enum(['actual', 'current', 'forecast']),
  startMs: z.number(),
  endMs: z.number(),
  perKwhCents: z.number(),
  feedInCentsPerKwh: z.number().nullable(),
  descriptor: PriceDescriptor,
  spikeStatus: SpikeStatus,
  renewablesPct: z.number().nullable(),
  estimate: z.boolean(),
  /** The retailer's forecast band (Amber's advancedPrice low/high), when it gives one. */
  forecastLowCents: z.number().nullable().optional(),
  forecastHighCents: z.number().nullable().optional(),
  /** The network tariff period, e.g. peak, offPeak, shoulder, solarSponge. */
  tariffPeriod: z.string().nullable().optional(),
})
export type PriceInterval = z.infer<typeof PriceInterval>

export const PriceView = z.object({
  now: PriceInterval.nullable(),
  /** Intervals from a little before now to the end of the forecast, in time order. */
  intervals: z.array(PriceInterval),
  currency: z.string(),
  unit: z.string(),
})
export type PriceView = z.infer<typeof PriceView>

export const ChargerStatus = z.enum(['charging', 'waiting', 'connected', 'idle', 'offline'])
export type ChargerStatus = z.infer<typeof ChargerStatus>

export const ChargerCapabilities = z.object({
  /** Present when the charger accepts a current setpoint. */
  current: z.object({ minA: z.number(), maxA: z.number(), stepA: z.number() }).nullable(),
  /** The charger can be paused and resumed (lock/unlock, pause/resume). */
  switchable: z.boolean(),
  phases: z.union([z.literal(1), z.literal(3)]),
})
export type ChargerCapabilities = z.infer<typeof ChargerCapabilities>

export const ChargerView = z.object({
  id: z.string(),
  name: z.string(),
  status: ChargerStatus,
  capabilities: ChargerCapabilities,
  mode: ChargeMode,
  /** The user's on/off toggle: off pauses the charger whatever the mode says. */
  enabled: z.boolean(),
  /** The user's ceiling for this charger; the loop chooses a current at or below it. */
  limitA: z.number(),
  /** What the charger is offering the car now. */
  currentA: z.number(),
  powerW: z.number(),
  sessionEnergyWh: z.number(),
  carSocPct: z.number().nullable(),
  /** The loop's decision for this charger, as a sentence. */
  reason: z.string(),
  /** A second sentence, on its own line: what else bears on this charge and where to change it. */
  note: z.string().nullable().optional(),
  /**
   * Set when the charger was changed outside Sunspill and Sunspill stopped controlling it: the
   * sentence to show, next to a way to take control back (charger:takeControl).
   */
  yielded: z.string().nullable().optional(),
})
export type ChargerView = z.infer<typeof ChargerView>

export const KeyringStatus = z.object({
  backend: z.string(),
  /** True when secrets are only obfuscated (Linux basic_text) or cannot be stored at all. */
  weak: z.boolean(),
  message: z.string().nullable(),
})
export type KeyringStatus = z.infer<typeof KeyringStatus>

export const SiteState = z.object({
  atMs: z.number(),
  timeZone: z.string(),
  statusLine: z.string(),
  flow: PowerFlow,
  price: PriceView,
  chargers: z.array(ChargerView),
  sources: z.array(SourceStatus),
  keyring: KeyringStatus,
  /** A problem with the settings file the user must know about (kept aside, defaults in use). */
  settingsProblem: z.string().nullable(),
  /** Set when the demo home runs faster than real time. */
  simulationSpeed: z.number().nullable(),
  /**
   * The home battery kept for the house while a car charges from the grid: its minimum SOC raised
   * to heldAtPct (the user's is userMinSocPct), or the sentence saying why that could not be done.
   */
  batteryHold: z
    .object({ heldAtPct: z.number().nullable(), userMinSocPct: z.number().nullable(), problem: z.string().nullable() })
    .nullable()
    .default(null),
})
export type SiteState = z.infer<typeof SiteState>

/**
 * What Sunspill speaks up about:
 * - potential, spike, negative: the price (a spike likely soon, a spike now, paid to use power);
 * - carFinished: a car that was charging is full (or reached its own limit);
 * - chargingStopped: a car stopped drawing while the loop wanted it charging, not full;
 * - sourceFailing: a source is stale or offline, or an account cannot start;
 * - batteryWriteRejected: the home battery did not take settings written to it;
 * - controlReleased: Sunspill stopped controlling a charger (all data missing, or changed elsewhere).
 */
export const NotificationKind = z.enum([
  'potential',
  'spike',
  'negative',
  'carFinished',
  'chargingStopped',
  'sourceFailing',
  'batteryWriteRejected',
  'controlReleased',
])
export type NotificationKind = z.infer<typeof NotificationKind>

/**
 * The settings window's sections a notification or a popover banner can open. Remote is only the
 * desktop app's (its remote banner); a browser asked for it shows Accounts instead.
 */
export const SettingsSectionTarget = z.enum(['accounts', 'site', 'control', 'battery', 'notifications', 'remote', 'about'])
export type SettingsSectionTarget = z.infer<typeof SettingsSectionTarget>

/** Which view clicking a notification opens: the popover, or the settings window at a section. */
export const NotificationTarget = z.discriminatedUnion('view', [
  z.object({ view: z.literal('popover') }),
  z.object({ view: z.literal('settings'), section: SettingsSectionTarget }),
])
export type NotificationTarget = z.infer<typeof NotificationTarget>

export const NotificationEvent = z.object({
  /** One id per event: the same event raised again carries the same id. */
  id: z.string(),
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  atMs: z.number(),
  /** Where a click leads; the popover when absent. */
  target: NotificationTarget.optional(),
})
export type NotificationEvent = z.infer<typeof NotificationEvent>

/** Where clicking the notification leads. */
export function notificationTarget(event: Pick<NotificationEvent, 'target'>): NotificationTarget {
  return event.target ?? { view: 'popover' }
}

/** "HH:MM" on the quarter hour: AlphaESS silently ignores other times. */
export const QuarterHour = z
  .string()
  .regex(/^([01]\d|2[0-3]):(00|15|30|45)$/, 'Times are on the quarter hour, 00:00 to 23:45')
export type QuarterHour = z.infer<typeof QuarterHour>

/** A window from start to end; start equal to end means the window is off. */
export const TimeWindow = z.object({ start: QuarterHour, end: QuarterHour })
export type TimeWindow = z.infer<typeof TimeWindow>

/** The home battery's own settings, read from and written to the system. */
export const BatterySettings = z
  .object({
    /** Discharge stops here (AlphaESS batUseCap). */
    minSocPct: z.number().int().min(0, 'The minimum SOC is 0–100 %').max(100, 'The minimum SOC is 0–100 %'),
    /** Charging stops here (AlphaESS batHighCap). */
    maxSocPct: z.number().int().min(0, 'The maximum SOC is 0–100 %').max(100, 'The maximum SOC is 0–100 %'),
    gridCharge: z.object({ enabled: z.boolean(), windows: z.tuple([TimeWindow, TimeWindow]) }),
    discharge: z.object({ enabled: z.boolean(), windows: z.tuple([TimeWindow, TimeWindow]) }),
  })
  .refine((s) => s.minSocPct < s.maxSocPct, { message: 'The minimum SOC must be below the maximum', path: ['minSocPct'] })
export type BatterySettings = z.infer<typeof BatterySettings>

/** Rounds "HH:MM" down to the quarter hour. */
export function snapToQuarterHour(time: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim())
  if (!match) return time
  const hours = Math.min(23, Number(match[1]))
  const minutes = Math.floor(Math.min(59, Number(match[2])) / 15) * 15
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
}

export const AccountChoice = z.object({ id: z.string(), label: z.string(), detail: z.string().nullable() })
export type AccountChoice = z.infer<typeof AccountChoice>

/** What "Test" in the accounts page reports: the exact problem, or what the account can see. */
export const AccountTestResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  /** Systems, sites or chargers to pick from. */
  choices: z.array(AccountChoice),
})
export type AccountTestResult = z.infer<typeof AccountTestResult>

/*
 * "What this account sees" on the account's page: read when the page opens or on Refresh, never
 * polled. Every number is null when the vendor left it out or sent something unreadable.
 */

/** The AlphaESS system since installation, as AlphaESS counts it. */
export const AlphaessLifetime = z.object({
  pvKwh: z.number().nullable(),
  co2SavedKg: z.number().nullable(),
  /** Trees planted, AlphaESS's equivalent of the CO2 saved. */
  trees: z.number().nullable(),
  /** What the system earned or saved, in `currency`; AlphaESS reports it once a tariff is set in its app. */
  income: z.number().nullable(),
  currency: z.string().nullable(),
})
export type AlphaessLifetime = z.infer<typeof AlphaessLifetime>

/** One calendar day's energy through the system, kWh. */
export const DayEnergyTotals = z.object({
  /** YYYY-MM-DD in the site's calendar. */
  date: z.string(),
  pvKwh: z.number().nullable(),
  /** Worked out from the other totals (the vendor does not report it); includes the car. */
  houseKwh: z.number().nullable(),
  gridImportKwh: z.number().nullable(),
  gridExportKwh: z.number().nullable(),
  batteryChargeKwh: z.number().nullable(),
  batteryDischargeKwh: z.number().nullable(),
})
export type DayEnergyTotals = z.infer<typeof DayEnergyTotals>

/** The states Amber publishes grid renewables for. */
export const RenewablesState = z.enum(['nsw', 'qld', 'sa', 'vic'])
export type RenewablesState = z.infer<typeof RenewablesState>

export const GridRenewables = z.object({
  state: RenewablesState,
  /** Oldest first: the previous intervals, the current one, the forecast ones. */
  intervals: z.array(
    z.object({
      kind: z.enum(['actual', 'current', 'forecast']).nullable(),
      startMs: z.number().nullable(),
      endMs: z.number().nullable(),
      renewablesPct: z.number().nullable(),
      /** Amber's words: best, great, ok, notGreat or worst. */
      descriptor: z.string().nullable(),
    }),
  ),
})
export type GridRenewables = z.infer<typeof GridRenewables>

/** A token's request allowance from the vendor's rate-limit headers, as last seen. */
export const ApiAllowance = z.object({
  limit: z.number().nullable(),
  remaining: z.number().nullable(),
  /** Seconds until the window resets, counted from now; 0 when it has reset since. */
  resetInS: z.number().nullable(),
  /** The window the policy names, seconds. */
  windowS: z.number().nullable(),
  /** How long ago the headers were seen; null when the vendor sent none. */
  seenAgoS: z.number().nullable(),
})
export type ApiAllowance = z.infer<typeof ApiAllowance>

/** One part of the panel: its value, or why it is missing as a sentence with a next step. */
function insightPart<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), message: z.string() })])
}

export const InsightPartName = z.enum(['lifetime', 'day', 'renewables', 'allowance'])
export type InsightPartName = z.infer<typeof InsightPartName>

/** A part is null when it was not asked for or the account's kind has no such thing. */
export const AccountInsights = z.object({
  /** Why nothing could be read at all (no such account, credentials or system missing), else null. */
  message: z.string().nullable(),
  /** Today in the site's calendar (YYYY-MM-DD): the latest day that can be picked. */
  today: z.string(),
  /** The day the energy totals were asked for (given or defaulted); null when not asked. */
  date: z.string().nullable(),
  /** The state whose renewables were asked for (given or defaulted); null when not asked. */
  state: RenewablesState.nullable(),
  lifetime: insightPart(AlphaessLifetime).nullable(),
  day: insightPart(DayEnergyTotals).nullable(),
  renewables: insightPart(GridRenewables).nullable(),
  allowance: insightPart(ApiAllowance).nullable(),
})
export type AccountInsights = z.infer<typeof AccountInsights>

/** A charging schedule as the charger keeps it; days are 1–7, Monday first. */
export const ChargeSchedule = z.object({
  id: z.string(),
  enabled: z.boolean(),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Times are HH:MM'),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Times are HH:MM'),
  days: z.array(z.number().int().min(1).max(7)).min(1, 'Pick at least one day'),
  maxCurrentA: z.number().int().min(6).max(80).nullable(),
})
export type ChargeSchedule = z.infer<typeof ChargeSchedule>

/** The most schedules any request may carry, whatever the charger; each charger's own limit is lower or equal. */
export const SCHEDULES_CEILING = 20

/**
 * What the charger's vendor allows in its schedules, so the editor offers only that and the main
 * side refuses the rest before the vendor does (with a sentence only after saving).
 */
export const ScheduleLimits = z.object({
  /** How many schedules the charger keeps; "Add schedule" stops there. */
  maxCount: z.number().int().min(1).max(SCHEDULES_CEILING),
  /** A schedule may cap the current (maxCurrentA); when false, every maxCurrentA must be null. */
  perScheduleCurrent: z.boolean(),
  /** Why the count is what it is, as a sentence, e.g. "The Andersen A2 keeps 5 schedules, one per slot." */
  maxCountReason: z.string(),
})
export type ScheduleLimits = z.infer<typeof ScheduleLimits>

export const FieldValue = z.union([z.string(), z.number(), z.boolean()])
export type FieldValue = z.infer<typeof FieldValue>

export const ChargerFieldView = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['number', 'boolean', 'text', 'select']),
  unit: z.string().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  step: z.number().nullable(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
  help: z.string().nullable(),
  value: FieldValue.nullable(),
  writable: z.boolean(),
  /** Why the value could not be read, when it could not. */
  error: z.string().nullable(),
})
export type ChargerFieldView = z.infer<typeof ChargerFieldView>

/** The sessions table on a charger's page, as its vendor's history read it. */
export const ChargerHistoryView = z.object({
  title: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
  /** Set when the vendor could not give the whole range (its API or request budget): what is left out. */
  note: z.string().nullable().optional(),
})
export type ChargerHistoryView = z.infer<typeof ChargerHistoryView>

/** Everything the charger's settings page shows: only what its vendor really offers. */
export const ChargerDetails = z.object({
  id: z.string(),
  name: z.string(),
  capabilities: ChargerCapabilities,
  lockable: z.boolean(),
  locked: z.boolean().nullable(),
  vendorStatus: z.string().nullable(),
  fields: z.array(ChargerFieldView),
  actions: z.array(z.object({ id: z.string(), label: z.string(), confirm: z.string().nullable() })),
  /** Null when the charger keeps no schedules. */
  schedules: z.array(ChargeSchedule).nullable(),
  /** What the charger's schedules may hold; null exactly when schedules is null. */
  scheduleLimits: ScheduleLimits.nullable(),
  history: ChargerHistoryView.nullable(),
  /** What went wrong reading the charger, when something did. */
  error: z.string().nullable(),
  /** What happens when Sunspill stops controlling: the choices this charger allows. */
  handoff: z.object({
    options: z.array(z.enum(['pause', 'vendor', 'minimum', 'leave'])),
    defaultPolicy: z.enum(['pause', 'vendor', 'minimum', 'leave']),
    chosen: z.enum(['pause', 'vendor', 'minimum', 'leave']).nullable(),
    /** What "its own mode" means for this charger, e.g. "its own schedule and Eco-Smart settings". */
    ownModeLabel: z.string().nullable(),
  }),
})
export type ChargerDetails = z.infer<typeof ChargerDetails>

/**
 * The most days one read of a charger's sessions covers: any calendar year, or a year back from
 * today. Wallbox and Charge Amps would take more in one request; the cap keeps an answer, and
 * Andersen's pages, to what the page and the vendors' request budgets carry.
 */
export const CHARGER_SESSIONS_MAX_DAYS = 366

/** What is wrong with a range of days for the sessions table, as a sentence; null when it can be read. */
export function chargerSessionsRangeProblem(from: string, to: string): string | null {
  if (!IsoDate.safeParse(from).success) return 'Pick the first day of the range.'
  if (!IsoDate.safeParse(to).success) return 'Pick the last day of the range.'
  if (to < from) return 'The range must end on or after the day it starts.'
  const days = dayCount(from, to)
  if (days > CHARGER_SESSIONS_MAX_DAYS) return `A range can cover at most ${CHARGER_SESSIONS_MAX_DAYS} days; this one has ${days}. Pick a shorter one.`
  return null
}

/** Spelt out here: ICU's short months differ between locales and versions ("Jun", "June", "Sept"). */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** "1 Jan – 31 Dec 2025", "16 Oct 2025 – 13 Jan 2026", "5 Mar 2026": a range of days in the page's words. */
export function dayRangeWords(from: string, to: string): string {
  const words = (day: string, withYear: boolean) => {
    const [year, month, date] = day.split('-').map(Number) as [number, number, number]
    return `${date} ${MONTHS[month - 1] ?? '?'}${withYear ? ` ${year}` : ''}`
  }
  if (from === to) return words(to, true)
  return `${words(from, from.slice(0, 4) !== to.slice(0, 4))} – ${words(to, true)}`
}

/** A charger's sessions for the days from–to, both included, in the site's time zone. */
export const ChargerSessionsRequest = z
  .object({ chargerId: z.string().min(1).max(100), from: IsoDate, to: IsoDate })
  .strict()
  .superRefine((r, ctx) => {
    const problem = chargerSessionsRangeProblem(r.from, r.to)
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['to'] })
  })
export type ChargerSessionsRequest = z.infer<typeof ChargerSessionsRequest>

/** The table for the range, or why it could not be read (the page keeps the table it showed). */
export const ChargerSessionsResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), history: ChargerHistoryView }),
  z.object({ ok: z.literal(false), error: z.string() }),
])
export type ChargerSessionsResult = z.infer<typeof ChargerSessionsResult>
