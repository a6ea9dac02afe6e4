/**
 * What the history channels carry: today's power and price, charging sessions, totals over 7, 30
 * and 365 days, and CSV exports. Energy in Wh, money in cents of the tariff's currency.
 */
import { z } from 'zod'

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
