/**
 * Amber's interval payloads, built the way Amber builds them: startTime one second past the
 * boundary, endTime on it, nemTime = the END at a fixed +10:00, date = the NEM day, channels
 * grouped general → controlled load → feed-in, feed-in negative when the household is paid.
 */
import { completePrice, round, type FakeChannelType, type FakePrice, type FakePriceSeries, type FakeSite, type FakeSlot } from './fixture'

const MINUTE_MS = 60_000
const NEM_OFFSET_MS = 10 * 3_600_000
const CHANNEL_ORDER: FakeChannelType[] = ['general', 'controlledLoad', 'feedIn']

export type IntervalType = 'ActualInterval' | 'CurrentInterval' | 'ForecastInterval'
export type ChannelOrder = 'grouped' | 'feedInFirst' | 'interleaved'

export function utcIso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

export function nemIso(ms: number): string {
  return `${new Date(ms + NEM_OFFSET_MS).toISOString().slice(0, 19)}+10:00`
}

/** The NEM day an interval starting at startMs belongs to. */
export function nemDate(startMs: number): string {
  return new Date(startMs + NEM_OFFSET_MS).toISOString().slice(0, 10)
}

export function nemDayStartMs(date: string): number {
  return Date.parse(`${date}T00:00:00+10:00`)
}

export function slotStartMs(ms: number, durationMin: number): number {
  const size = durationMin * MINUTE_MS
  return Math.floor(ms / size) * size
}

export interface SlotContext {
  nowMs: number
  durationMin: 5 | 30
  series: FakePriceSeries
  /** Amber keeps the current price an estimate for about this long after the boundary. */
  estimateMs: number
}

export function slotAt(startMs: number, ctx: SlotContext): FakeSlot {
  const size = ctx.durationMin * MINUTE_MS
  const currentStart = slotStartMs(ctx.nowMs, ctx.durationMin)
  return { startMs, endMs: startMs + size, durationMin: ctx.durationMin, offset: Math.round((startMs - currentStart) / size) }
}

function typeOf(slot: FakeSlot): IntervalType {
  if (slot.offset < 0) return 'ActualInterval'
  return slot.offset === 0 ? 'CurrentInterval' : 'ForecastInterval'
}

/** A 30-minute price is final only in its last 5 minutes; a 5-minute one locks 20–30 s in. */
function isEstimate(slot: FakeSlot, ctx: SlotContext): boolean {
  if (slot.durationMin === 30) return ctx.nowMs < slot.endMs - 5 * MINUTE_MS
  return ctx.nowMs - slot.startMs < ctx.estimateMs
}

function perKwhOn(channel: FakeChannelType, price: FakePrice): number {
  if (channel === 'general') return price.generalCents
  if (channel === 'controlledLoad') return price.controlledLoadCents
  return price.feedInCents
}

function baseFields(slot: FakeSlot, channel: FakeChannelType, price: FakePrice) {
  return {
    date: nemDate(slot.startMs),
    duration: slot.durationMin,
    startTime: utcIso(slot.startMs + 1000),
    endTime: utcIso(slot.endMs),
    nemTime: nemIso(slot.endMs),
    perKwh: perKwhOn(channel, price),
    renewables: price.renewablesPct,
    spotPerKwh: price.spotCents,
    channelType: channel,
    spikeStatus: price.spikeStatus,
    ...(channel === 'feedIn' || price.tariffPeriod === null
      ? {}
      : { tariffInformation: { period: price.tariffPeriod, season: 'default' } }),
    descriptor: channel === 'feedIn' ? price.feedInDescriptor : price.descriptor,
  }
}

function intervalFor(slot: FakeSlot, channel: FakeChannelType, price: FakePrice, ctx: SlotContext): Record<string, unknown> {
  const type = typeOf(slot)
  const base = { type, ...baseFields(slot, channel, price) }
  if (type === 'ActualInterval') return base
  const band = channel === 'general' ? price.generalBand : channel === 'feedIn' ? price.feedInBand : null
  const range = price.spikeStatus === 'spike' ? { min: round(price.spotCents * 0.8), max: round(price.spotCents * 1.6) } : null
  if (type === 'CurrentInterval')
    return { ...base, estimate: isEstimate(slot, ctx), range, ...(channel === 'general' && band ? { advancedPrice: band } : {}) }
  return { ...base, range, ...(band ? { advancedPrice: band } : {}) }
}

function ordered<T extends { channelType: FakeChannelType }>(rows: T[][], order: ChannelOrder): T[] {
  // rows[i] holds one slot's intervals in channel order.
  if (order === 'interleaved') return rows.flat()
  const byChannel = CHANNEL_ORDER.map((channel) => rows.flat().filter((row) => row.channelType === channel))
  if (order === 'feedInFirst') byChannel.reverse()
  return byChannel.flat()
}

export function siteChannels(site: FakeSite): FakeChannelType[] {
  return CHANNEL_ORDER.filter((channel) => site.channels.some((c) => c.type === channel))
}

/** The intervals for the given slot starts, on every channel the site has. */
export function priceIntervals(site: FakeSite, startsMs: number[], ctx: SlotContext, order: ChannelOrder): Record<string, unknown>[] {
  const channels = siteChannels(site)
  const rows = startsMs.map((startMs) => {
    const slot = slotAt(startMs, ctx)
    const price = completePrice(ctx.series(slot))
    return channels.map((channel) => ({ channelType: channel, ...intervalFor(slot, channel, price, ctx) }))
  })
  return ordered(rows, order)
}

/** previous actuals, the current interval, next forecasts. */
export function currentWindowStarts(nowMs: number, durationMin: 5 | 30, previous: number, next: number): number[] {
  const size = durationMin * MINUTE_MS
  const current = slotStartMs(nowMs, durationMin)
  const starts: number[] = []
  for (let i = -previous; i <= next; i++) starts.push(current + i * size)
  return starts
}

/** Every slot of the NEM days from startDate to endDate, inclusive. */
export function dayStarts(startDate: string, endDate: string, durationMin: 5 | 30): number[] {
  const size = durationMin * MINUTE_MS
  const starts: number[] = []
  for (let t = nemDayStartMs(startDate); t < nemDayStartMs(endDate) + 24 * 3_600_000; t += size) starts.push(t)
  return starts
}

export interface UsageOptions {
  /** Amber's spec says generation is negative; live summaries show it positive. */
  feedInKwhSign: 1 | -1
}

/** Metered usage per channel, as /usage returns it. */
export function usageRows(site: FakeSite, startsMs: number[], ctx: SlotContext, options: UsageOptions): Record<string, unknown>[] {
  const rows = startsMs.map((startMs) => {
    const slot = slotAt(startMs, ctx)
    const price = completePrice(ctx.series(slot))
    const hour = new Date(startMs + NEM_OFFSET_MS).getUTCHours()
    const sunny = hour >= 8 && hour < 17
    return site.channels.map((channel) => {
      const kwh =
        channel.type === 'feedIn'
          ? options.feedInKwhSign * (sunny ? round(0.15 * (slot.durationMin / 5), 3) : 0)
          : round((sunny ? 0.02 : 0.05) * (slot.durationMin / 5) * (channel.type === 'controlledLoad' ? 2 : 1), 3)
      const perKwh = perKwhOn(channel.type, price)
      return {
        type: 'Usage',
        ...baseFields(slot, channel.type, price),
        tariffInformation: { demandWindow: false },
        channelIdentifier: channel.identifier,
        kwh,
        quality: ctx.nowMs - slot.endMs > 2 * 24 * 3_600_000 ? 'billable' : 'estimated',
        // Amber's cost is the plain product, so its sign on feed-in follows whichever kWh sign it uses.
        cost: round(kwh * perKwh, 4),
      }
    })
  })
  return ordered(rows as { channelType: FakeChannelType }[][], 'grouped')
}

export type RenewablesSeries = (slot: FakeSlot, state: string) => number

export function renewableDescriptor(pct: number): string {
  if (pct >= 60) return 'best'
  if (pct >= 45) return 'great'
  if (pct >= 35) return 'ok'
  if (pct >= 20) return 'notGreat'
  return 'worst'
}

export function renewables(state: string, startsMs: number[], ctx: SlotContext, series: RenewablesSeries): Record<string, unknown>[] {
  return startsMs.map((startMs) => {
    const slot = slotAt(startMs, ctx)
    const pct = series(slot, state)
    const type = slot.offset < 0 ? 'ActualRenewable' : slot.offset === 0 ? 'CurrentRenewable' : 'ForecastRenewable'
    return {
      type,
      duration: slot.durationMin,
      date: nemDate(slot.startMs),
      nemTime: nemIso(slot.endMs),
      startTime: utcIso(slot.startMs + 1000),
      endTime: utcIso(slot.endMs),
      renewables: pct,
      descriptor: renewableDescriptor(pct),
    }
  })
}
