/**
 * The domain model every layer speaks. Sign conventions are defined here once and converted at
 * the vendor edge:
 * - gridW > 0 imports, < 0 exports
 * - batteryW > 0 discharges, < 0 charges
 * - evW >= 0
 * - feedInCentsPerKwh > 0 means the household is paid for export (Amber's raw sign is the opposite)
 */
import { z } from 'zod'

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
})
export type SiteState = z.infer<typeof SiteState>

export const NotificationKind = z.enum(['spike', 'negative'])
export type NotificationKind = z.infer<typeof NotificationKind>

export const NotificationEvent = z.object({
  id: z.string(),
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  atMs: z.number(),
})
export type NotificationEvent = z.infer<typeof NotificationEvent>
