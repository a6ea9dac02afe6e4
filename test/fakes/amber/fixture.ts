/**
 * What the Amber fake serves unless a test says otherwise: a token, an old closed site and the
 * active one, and a price series whose current interval is always the same, so an end-to-end
 * test can assert the numbers whatever the time of day.
 */

export type FakeChannelType = 'general' | 'controlledLoad' | 'feedIn'

export interface FakeSite {
  id: string
  nmi: string
  channels: { identifier: string; type: FakeChannelType; tariff: string }[]
  network: string
  status: 'pending' | 'active' | 'closed'
  activeFrom?: string
  closedOn?: string
  intervalLength: 5 | 30
}

export interface FakeBand {
  low: number
  predicted: number
  high: number
}

/** One interval's prices as Amber would quote them: c/kWh incl. GST, feed-in negative = paid. */
export interface FakePrice {
  generalCents: number
  feedInCents: number
  controlledLoadCents: number
  spotCents: number
  renewablesPct: number
  spikeStatus: 'none' | 'potential' | 'spike'
  /** Amber's descriptor for the general channel, e.g. 'negative' to send the legacy value. */
  descriptor: string
  feedInDescriptor: string
  tariffPeriod: string | null
  /** Amber's forecast band; null leaves advancedPrice out. */
  generalBand: FakeBand | null
  feedInBand: FakeBand | null
}

/** Where an interval sits: `offset` counts intervals from the current one (negative = past). */
export interface FakeSlot {
  startMs: number
  endMs: number
  durationMin: 5 | 30
  offset: number
}

export type FakePriceSeries = (slot: FakeSlot) => Partial<FakePrice>

export const amberFixture = {
  token: 'psk_2b7d0c51e6a94f3f8c1d7e0a9b4c6d21',
  activeSite: {
    id: '01J8ZQ6E4F5K0M3N2P1R7S9T5V',
    nmi: '4102345678',
    channels: [
      { identifier: 'E1', type: 'general', tariff: 'EA116' },
      { identifier: 'B1', type: 'feedIn', tariff: 'EA116' },
    ],
    network: 'Ausgrid',
    status: 'active',
    activeFrom: '2024-03-01',
    intervalLength: 5,
  } satisfies FakeSite,
  closedSite: {
    id: '01F5A5CRKMZ5BCX9P1S4V990AM',
    nmi: '3052282872',
    channels: [{ identifier: 'E1', type: 'general', tariff: 'A100' }],
    network: 'Jemena',
    status: 'closed',
    activeFrom: '2021-05-01',
    closedOn: '2024-02-29',
    intervalLength: 30,
  } satisfies FakeSite,
  /** The current interval, at every moment. */
  current: {
    generalCents: 23.4,
    /** As Amber sends it. */
    feedInRawCents: -6.1,
    /** As Sunspill shows it: the household is paid 6.1 c/kWh. */
    feedInPaidCents: 6.1,
    renewablesPct: 41,
    descriptor: 'neutral',
    spikeStatus: 'none',
    tariffPeriod: 'shoulder',
  },
  /** Grid renewables now, in every state. */
  renewablesPct: 41,
} as const

export function round(value: number, places = 5): number {
  const factor = 10 ** places
  return Math.round(value * factor) / factor
}

/** Amber's descriptor for a general price, roughly as Amber draws its bands. */
export function describe(generalCents: number): string {
  if (generalCents < 0) return 'extremelyLow'
  if (generalCents < 10) return 'veryLow'
  if (generalCents < 20) return 'low'
  if (generalCents < 35) return 'neutral'
  if (generalCents < 100) return 'high'
  return 'spike'
}

/** A gentle wave around the fixture's current price, with the current interval exactly on it. */
export const defaultPriceSeries: FakePriceSeries = ({ offset }) => {
  const wave = Math.sin(offset / 6)
  return {
    generalCents: round(amberFixture.current.generalCents + 4 * wave, 2),
    feedInCents: round(amberFixture.current.feedInRawCents - 1.5 * wave, 2),
    renewablesPct: round(amberFixture.current.renewablesPct + 5 * wave, 2),
  }
}

/** Fills what a series left out, the way Amber's fields relate to each other. */
export function completePrice(partial: Partial<FakePrice>): FakePrice {
  const generalCents = partial.generalCents ?? amberFixture.current.generalCents
  const feedInCents = partial.feedInCents ?? amberFixture.current.feedInRawCents
  const spikeStatus = partial.spikeStatus ?? (generalCents >= 100 ? 'spike' : 'none')
  return {
    generalCents,
    feedInCents,
    controlledLoadCents: partial.controlledLoadCents ?? round(generalCents * 0.6, 2),
    spotCents: partial.spotCents ?? round(Math.max(-100, generalCents * 0.45 - 3), 5),
    renewablesPct: partial.renewablesPct ?? amberFixture.current.renewablesPct,
    spikeStatus,
    descriptor: partial.descriptor ?? describe(generalCents),
    feedInDescriptor: partial.feedInDescriptor ?? describe(generalCents),
    tariffPeriod: partial.tariffPeriod === undefined ? amberFixture.current.tariffPeriod : partial.tariffPeriod,
    generalBand:
      partial.generalBand === undefined
        ? { low: round(generalCents - 2.5), predicted: round(generalCents - 0.4), high: round(generalCents + 3.1) }
        : partial.generalBand,
    // On feed-in Amber orders the band by value to the user: low is numerically above high.
    feedInBand:
      partial.feedInBand === undefined
        ? { low: round(feedInCents * 0.8), predicted: round(feedInCents * 1.05), high: round(feedInCents * 1.3) }
        : partial.feedInBand,
  }
}
