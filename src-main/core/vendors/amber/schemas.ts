/**
 * Amber Electric API v1 payloads, as Amber sends them (spec v2.0.0 plus what live captures show).
 * Enums that Amber has grown before (descriptor, tariff period, season, site status) are parsed
 * leniently: a new value must not take the prices away, and the generated SDKs that reject
 * unknown values have broken for exactly that reason. Prices here are Amber's: c/kWh incl. GST,
 * feed-in negative when the household is paid. The sign is converted in ./mapping.ts only.
 */
import { z } from 'zod'

const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time')
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD date')

/** A known value or a newer one Amber has added since. */
const grownEnum = <const T extends readonly [string, ...string[]]>(values: T) => z.union([z.enum(values), z.string()])

export const AMBER_CHANNEL_TYPES = ['general', 'controlledLoad', 'feedIn'] as const
export const AmberChannelType = grownEnum(AMBER_CHANNEL_TYPES)

/** `negative` is still in Amber's enum but "no longer used — replaced with extremelyLow". */
export const AMBER_DESCRIPTORS = ['negative', 'extremelyLow', 'veryLow', 'low', 'neutral', 'high', 'spike'] as const
export const AmberDescriptor = grownEnum(AMBER_DESCRIPTORS)

export const AMBER_SPIKE_STATUSES = ['none', 'potential', 'spike'] as const
export const AmberSpikeStatus = grownEnum(AMBER_SPIKE_STATUSES)

export const AMBER_TARIFF_PERIODS = ['offPeak', 'shoulder', 'solarSponge', 'peak'] as const
export const AMBER_TARIFF_SEASONS = [
  'default',
  'summer',
  'autumn',
  'winter',
  'spring',
  'nonSummer',
  'holiday',
  'weekend',
  'weekendHoliday',
  'weekday',
] as const

export const AmberChannel = z.object({
  identifier: z.string(),
  type: AmberChannelType,
  tariff: z.string().nullish(),
})
export type AmberChannel = z.infer<typeof AmberChannel>

export const AmberSite = z.object({
  id: z.string().min(1),
  nmi: z.string(),
  channels: z.array(AmberChannel),
  network: z.string().nullish(),
  status: grownEnum(['pending', 'active', 'closed']),
  activeFrom: isoDate.nullish(),
  closedOn: isoDate.nullish(),
  /** Required in v2; spec v1 sites lack it and their prices came at 30 minutes. */
  intervalLength: z.number().int().positive().nullish(),
})
export type AmberSite = z.infer<typeof AmberSite>
export const AmberSites = z.array(AmberSite)

export const AmberTariffInformation = z
  .object({
    period: grownEnum(AMBER_TARIFF_PERIODS).nullish(),
    season: grownEnum(AMBER_TARIFF_SEASONS).nullish(),
    block: z.number().nullish(),
    demandWindow: z.boolean().nullish(),
  })
  .nullish()

/** Amber's forecast band in c/kWh incl. network and market fees; on feed-in not ordered by value. */
export const AmberAdvancedPrice = z.object({ low: z.number(), predicted: z.number(), high: z.number() }).nullish()

/** The spot range while the market is volatile. */
export const AmberRange = z.object({ min: z.number(), max: z.number() }).nullish()

const baseInterval = {
  /** Minutes: 5, 15 or 30. */
  duration: z.number().positive(),
  /** NEM spot price, c/kWh incl. GST; the same on every channel. */
  spotPerKwh: z.number(),
  /** What one kWh costs on this channel, c/kWh incl. GST (feed-in: negative = paid). */
  perKwh: z.number(),
  /** The NEM day, not the calendar day of startTime. */
  date: isoDate,
  /** The interval's END at a fixed +10:00. */
  nemTime: isoTime,
  /** UTC, one second past the boundary (…:00:01Z). */
  startTime: isoTime,
  endTime: isoTime,
  renewables: z.number(),
  channelType: AmberChannelType,
  spikeStatus: AmberSpikeStatus,
  descriptor: AmberDescriptor,
  tariffInformation: AmberTariffInformation,
}

export const AmberActualInterval = z.object({ type: z.literal('ActualInterval'), ...baseInterval })

export const AmberCurrentInterval = z.object({
  type: z.literal('CurrentInterval'),
  ...baseInterval,
  /** True until the price locks in, usually 20–30 s after the boundary. */
  estimate: z.boolean(),
  range: AmberRange,
  advancedPrice: AmberAdvancedPrice,
})

export const AmberForecastInterval = z.object({
  type: z.literal('ForecastInterval'),
  ...baseInterval,
  range: AmberRange,
  advancedPrice: AmberAdvancedPrice,
})

export const AmberInterval = z.discriminatedUnion('type', [AmberActualInterval, AmberCurrentInterval, AmberForecastInterval])
export type AmberInterval = z.infer<typeof AmberInterval>
export const AmberIntervals = z.array(AmberInterval)

export const AmberUsage = z.object({
  type: z.literal('Usage'),
  ...baseInterval,
  channelIdentifier: z.string(),
  /** kWh through the channel; the spec says generation is negative, live summaries show it positive. */
  kwh: z.number(),
  quality: grownEnum(['estimated', 'billable']),
  /** Cents incl. GST. */
  cost: z.number(),
})
export type AmberUsage = z.infer<typeof AmberUsage>
export const AmberUsages = z.array(AmberUsage)

export const AMBER_RENEWABLE_DESCRIPTORS = ['best', 'great', 'ok', 'notGreat', 'worst'] as const

export const AmberRenewable = z.object({
  type: z.enum(['ActualRenewable', 'CurrentRenewable', 'ForecastRenewable']),
  duration: z.number().positive(),
  date: isoDate,
  nemTime: isoTime,
  startTime: isoTime,
  endTime: isoTime,
  renewables: z.number(),
  descriptor: grownEnum(AMBER_RENEWABLE_DESCRIPTORS),
})
export type AmberRenewable = z.infer<typeof AmberRenewable>
export const AmberRenewables = z.array(AmberRenewable)

/** The states Amber publishes grid renewables for. */
export const AMBER_STATES = ['nsw', 'sa', 'qld', 'vic'] as const
export type AmberState = (typeof AMBER_STATES)[number]

export type AmberResolution = 5 | 30

/** Amber's error bodies are not specified; these are the fields seen or likely. */
export const AmberErrorBody = z
  .object({ message: z.string().optional(), error: z.string().optional(), detail: z.string().optional() })
  .loose()
