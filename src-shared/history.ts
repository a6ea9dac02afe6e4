/**
 * What the history channels carry: today's power and price, charging sessions, totals over 7, 30
 * and 365 days, and CSV exports. Energy in Wh, money in cents of the tariff's currency.
 */
import { z } from 'zod'
import { dayCount } from './calendar-day'

const nullableNumber = z.number().nullable()

/**
 * The demo home's simulated data in an answer. Once the history holds any of the user's own data
 * the demo's is left out of every answer; until then the demo's is all there is, and it is shown.
 * - none: the history holds nothing from the demo home;
 * - shown: the history holds only the demo home's data, and these figures are it (label them);
 * - hidden: the demo home's data is left out because the history holds the user's own.
 */
export const HistoryDemo = z.enum(['none', 'shown', 'hidden'])
export type HistoryDemo = z.infer<typeof HistoryDemo>

/** The car's energy over a span, split by where it came from. */
export const EvTotals = z.object({
  energyWh: z.number(),
  solarWh: z.number(),
  batteryWh: z.number(),
  gridWh: z.number(),
  /** Solar energy over all energy, 0–100; null when the car took nothing. */
  solarSharePct: nullableNumber,
  /** The grid part at the import price of the moment (negative when the price was). */
  costCents: z.number(),
  /** What the same energy would have cost from the grid, less what it did cost. */
  savingCents: z.number(),
})
export type EvTotals = z.infer<typeof EvTotals>

export const HistoryPoint = z.object({
  /** The end of the span the averages cover. */
  tMs: z.number(),
  pvW: nullableNumber,
  houseW: nullableNumber,
  batteryW: nullableNumber,
  gridW: nullableNumber,
  evW: z.number(),
  socPct: nullableNumber,
  priceCents: nullableNumber,
})
export type HistoryPoint = z.infer<typeof HistoryPoint>

export const HistoryPrice = z.object({ startMs: z.number(), endMs: z.number(), perKwhCents: z.number() })
export type HistoryPrice = z.infer<typeof HistoryPrice>

export const HistoryToday = z.object({
  timeZone: z.string(),
  dayStartMs: z.number(),
  dayEndMs: z.number(),
  nowMs: z.number(),
  /** Five-minute averages from local midnight to now. */
  points: z.array(HistoryPoint),
  prices: z.array(HistoryPrice),
  totals: EvTotals,
  currency: z.string(),
  unit: z.string(),
  demo: HistoryDemo,
})
export type HistoryToday = z.infer<typeof HistoryToday>

export const HistorySession = EvTotals.extend({
  id: z.number(),
  chargerId: z.string(),
  chargerName: z.string(),
  startMs: z.number(),
  /** Null while the car is still in the session. */
  endMs: nullableNumber,
  lastDrawMs: z.number(),
})
export type HistorySession = z.infer<typeof HistorySession>

export const HistorySessions = z.object({ sessions: z.array(HistorySession), currency: z.string(), demo: HistoryDemo })
export type HistorySessions = z.infer<typeof HistorySessions>

export const statsDays = [7, 30, 365] as const
export const StatsDays = z.union([z.literal(7), z.literal(30), z.literal(365)])
export type StatsDays = z.infer<typeof StatsDays>

export const HistoryStats = EvTotals.extend({
  days: StatsDays,
  /** Local midnight days - 1 days ago, to now. */
  fromMs: z.number(),
  toMs: z.number(),
  sessions: z.number().int(),
  currency: z.string(),
  demo: HistoryDemo,
})
export type HistoryStats = z.infer<typeof HistoryStats>

export const CsvKind = z.enum(['samples', 'sessions'])
export type CsvKind = z.infer<typeof CsvKind>

const MAX_EXPORT_MS = 5 * 366 * 86_400_000

export const ExportCsvRequest = z
  .object({ from: z.number().int(), to: z.number().int(), kind: CsvKind.default('samples') })
  .strict()
  .refine((r) => r.to > r.from, { message: 'The export must end after it starts', path: ['to'] })
  .refine((r) => r.to - r.from <= MAX_EXPORT_MS, { message: 'Export at most five years at a time', path: ['from'] })

export const CsvExport = z.object({ filename: z.string(), csv: z.string(), rows: z.number().int(), demo: HistoryDemo })
export type CsvExport = z.infer<typeof CsvExport>

/*
 * Importing past days from the user's accounts (Settings → History): which accounts can, how far
 * back and how many days at a time, and the one import that may run at a time.
 */

/** A calendar day in the site's zone, as the vendors take it: YYYY-MM-DD, one that exists (not 2026-02-30), from 2000 on. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-19')
  .refine((date) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number]
    const at = new Date(Date.UTC(year, month - 1, day))
    return year >= 2000 && at.getUTCMonth() === month - 1 && at.getUTCDate() === day
  }, 'Pick a day that exists on the calendar')
export type IsoDate = z.infer<typeof IsoDate>

export const ImportKind = z.enum(['alphaess', 'amber'])
export type ImportKind = z.infer<typeof ImportKind>

export const HistoryImportSource = z.object({
  accountId: z.string(),
  /** The account's name, as on the Accounts page. */
  name: z.string(),
  kind: ImportKind,
  /** What the vendor's record adds to the history, in words. */
  what: z.string(),
  /** The first and last day that may be asked for (the vendor's own keeping, and today). */
  earliest: IsoDate,
  latest: IsoDate,
  /** The most days one import may cover (the vendor's pace and request budget). */
  maxDays: z.number().int().min(1),
  /** How the vendor is asked, in words: the reason for the limits above. */
  pace: z.string(),
  /** The last day the automatic catch-up has finished; null before it has run. */
  caughtUpThrough: IsoDate.nullable(),
})
export type HistoryImportSource = z.infer<typeof HistoryImportSource>

export const HistoryImportCounts = z.object({
  /** Days of the range gone through so far. */
  days: z.number().int(),
  /** Five-minute power samples added. */
  samples: z.number().int(),
  /** Retailer price intervals added. */
  prices: z.number().int(),
  /** Days that gained metered grid usage. */
  usageDays: z.number().int(),
  /** Days on which Sunspill's own record was kept in place of the vendor's. */
  keptDays: z.number().int(),
})
export type HistoryImportCounts = z.infer<typeof HistoryImportCounts>

export const HistoryImportState = z.enum(['running', 'cancelling', 'done', 'cancelled', 'failed'])
export type HistoryImportState = z.infer<typeof HistoryImportState>

export const HistoryImportJob = z.object({
  id: z.number().int(),
  accountId: z.string(),
  accountName: z.string(),
  kind: ImportKind,
  from: IsoDate,
  to: IsoDate,
  state: HistoryImportState,
  totalDays: z.number().int(),
  /** The days being asked for now (one for AlphaESS, up to a week for Amber); null when none. */
  current: z.object({ from: IsoDate, to: IsoDate }).nullable(),
  /** The import waits for the vendor's request allowance (the control loop's reads come first). */
  waiting: z.boolean(),
  counts: HistoryImportCounts,
  /** Once it has ended: what was imported, and on failure why it stopped and what to do. */
  message: z.string().nullable(),
})
export type HistoryImportJob = z.infer<typeof HistoryImportJob>

export const HistoryImportView = z.object({
  /** Today in the site's zone. */
  today: IsoDate,
  sources: z.array(HistoryImportSource),
  /** The import under way, or the last one (so its result can be read); null before the first. */
  job: HistoryImportJob.nullable(),
})
export type HistoryImportView = z.infer<typeof HistoryImportView>

export const HistoryImportRequest = z
  .object({ accountId: z.string().min(1).max(100), from: IsoDate, to: IsoDate })
  .strict()
  .refine((r) => r.to >= r.from, { message: 'The range must end on or after the day it starts', path: ['to'] })
export type HistoryImportRequest = z.infer<typeof HistoryImportRequest>

/**
 * What is wrong with a range for a source, as a sentence; null when it may be imported. The core
 * checks it again: the page only says it first.
 */
export function importRangeProblem(source: Pick<HistoryImportSource, 'name' | 'earliest' | 'latest' | 'maxDays'>, from: string, to: string): string | null {
  const valid = (d: string) => IsoDate.safeParse(d).success
  if (!valid(from)) return 'Pick the first day to import.'
  if (!valid(to)) return 'Pick the last day to import.'
  if (to < from) return 'The range must end on or after the day it starts.'
  if (from < source.earliest) return `${source.name} keeps its record from ${source.earliest} on: start on that day or later.`
  if (to > source.latest) return `The last day can be today (${source.latest}) at the latest.`
  const days = dayCount(from, to)
  if (days > source.maxDays) return `${source.name} can import at most ${source.maxDays} days at a time; this range has ${days}. Import it in parts.`
  return null
}

/** "Wed 18 Nov" for 2026-11-18: a day of an import, in the words of the page and of the core's sentences. */
export function importDayLabel(date: string): string {
  return new Intl.DateTimeFormat('en-AU', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' })
    .format(Date.parse(`${date}T12:00:00Z`))
    .replace(',', '')
}
