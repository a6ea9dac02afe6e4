/**
 * Every notification rule for one site tick, pure: (inputs, memory, now) → events and memory.
 * The rules raise each event once; the switches and quiet hours then choose which the user
 * hears about (a held-back event is not raised again later).
 */
import type { NotificationEvent, PriceInterval, SourceStatus } from '../../../src-shared/model'
import type { NotificationSettings } from '../../../src-shared/settings'
import { chargerAlerts, type ChargerAlertMemory, type ChargerObservation } from './charger-rules'
import { priceAlerts, quietMemory, type PriceAlertMemory } from './price-rules'
import { deliverable } from './quiet-hours'
import { sourceAlerts, type SourceAlertMemory } from './source-rules'

export interface NotifyMemory {
  price: PriceAlertMemory
  chargers: ChargerAlertMemory
  sources: SourceAlertMemory
}

export const freshNotifyMemory = (): NotifyMemory => ({ price: quietMemory(), chargers: {}, sources: {} })

export interface SiteAlertInput {
  prices: PriceInterval[]
  chargers: ChargerObservation[]
  sources: SourceStatus[]
  settings: NotificationSettings
  timeZone: string
  nowMs: number
  memory: NotifyMemory
}

export interface SiteAlertResult {
  /** Only the events the user wants to hear about now. */
  events: NotificationEvent[]
  memory: NotifyMemory
}

export function siteAlerts({ prices, chargers, sources, settings, timeZone, nowMs, memory }: SiteAlertInput): SiteAlertResult {
  const price = priceAlerts({ intervals: prices, nowMs, timeZone, settings, memory: memory.price })
  const charger = chargerAlerts(chargers, memory.chargers, nowMs)
  const source = sourceAlerts(sources, memory.sources, nowMs)
  return {
    events: deliverable([...price.events, ...charger.events, ...source.events], settings, nowMs, timeZone),
    memory: { price: price.memory, chargers: charger.memory, sources: source.memory },
  }
}
