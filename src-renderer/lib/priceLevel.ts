import type { PriceDescriptor, PriceInterval } from '../../src-shared/model'

/** Amber's descriptor on a green → red scale; the word always travels with the colour. */
export type PriceTone = 'green' | 'lightgreen' | 'neutral' | 'orange' | 'red'

export interface PriceLevel {
  tone: PriceTone
  word: string
}

const levels: Record<PriceDescriptor, PriceLevel> = {
  extremelyLow: { tone: 'green', word: 'Extremely low' },
  veryLow: { tone: 'green', word: 'Very low' },
  low: { tone: 'lightgreen', word: 'Low' },
  neutral: { tone: 'neutral', word: 'Neutral' },
  high: { tone: 'orange', word: 'High' },
  spike: { tone: 'red', word: 'Spike' },
}

export function priceLevel(descriptor: PriceDescriptor): PriceLevel {
  return levels[descriptor]
}

/** Amber flags spikes both ways: the descriptor and the separate spike status. */
export function isSpike(interval: PriceInterval | null | undefined): boolean {
  return !!interval && (interval.descriptor === 'spike' || interval.spikeStatus === 'spike')
}
