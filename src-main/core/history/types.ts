/** The history's rows as the code sees them; columns are named the same in snake case. */

/** 0: the loop's cadence (10 s), 1: five minutes, 2: one hour. */
export type Tier = 0 | 1 | 2

/**
 * 0: recorded by the loop from the user's own devices, 1: imported from a vendor's history,
 * 2: recorded by the loop from the demo home (simulated: never the user's own energy).
 */
export type SampleSource = 0 | 1 | 2
export const DEMO_SRC = 2

/**
 * Power over a span of time: the row covers (tMs - durMs, tMs]. Powers are averages over the
 * span; the car's energy, its split by source and its cost are totals, so any number of rows can
 * be merged into one without losing a watt-hour or a cent.
 */
export interface SampleRow {
  tMs: number
  durMs: number
  tier: Tier
  /** See SampleSource. */
  src: SampleSource
  pvW: number | null
  houseW: number | null
  batteryW: number | null
  gridW: number | null
  socPct: number | null
  priceCents: number | null
  feedInCents: number | null
  /** Average power of the chargers in a session (standby noise outside a session is left out). */
  evW: number
  evSolarWh: number
  evBatteryWh: number
  evGridWh: number
  /** The grid part at the import price of the moment. */
  evCostCents: number
  /** What all of the car's energy would have cost from the grid at the import price of the moment. */
  evGridPriceCents: number
}

export interface SessionRow {
  id: number
  chargerId: string
  chargerName: string
  startMs: number
  /** Null while the session is open. */
  endMs: number | null
  /** The end of the last span in which the car drew power. */
  lastDrawMs: number
  energyWh: number
  solarWh: number
  batteryWh: number
  gridWh: number
  costCents: number
  gridPriceCents: number
  maxW: number
  /** A session of the demo home's simulated car. */
  demo: boolean
}

export interface PriceRow {
  startMs: number
  endMs: number
  perKwhCents: number
  feedInCents: number | null
  descriptor: string | null
  /** 0: the retailer's own interval, 2: an hourly average of older intervals. */
  tier: 0 | 2
  /** The demo home's simulated prices (real prices can feed the demo; those are not). */
  demo: boolean
}

export interface NotificationRow {
  id: string
  atMs: number
  kind: string
  title: string
  body: string
}
