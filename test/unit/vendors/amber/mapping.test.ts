/**
 * The mapping from Amber's payloads to ours, on payloads shaped like the public captures in the
 * reference (public-api #272, evcc PR #22405, public-api #256).
 */
import { describe, expect, it } from 'vitest'
import { VendorError } from '../../../../src-main/core/errors'
import { feedInEarnedCents, toPriceIntervals, toUsageIntervals } from '../../../../src-main/core/vendors/amber/mapping'
import { AmberIntervals, AmberUsages } from '../../../../src-main/core/vendors/amber/schemas'

const currentPair = [
  {
    type: 'CurrentInterval',
    date: '2026-01-28',
    duration: 5,
    startTime: '2026-01-28T00:15:01Z',
    endTime: '2026-01-28T00:20:00Z',
    nemTime: '2026-01-28T10:20:00+10:00',
    perKwh: 11.11343,
    renewables: 41.951,
    spotPerKwh: 2.222,
    channelType: 'general',
    spikeStatus: 'none',
    tariffInformation: { period: 'shoulder', season: 'default' },
    descriptor: 'extremelyLow',
    estimate: true,
    advancedPrice: { low: 9.10297, predicted: 10.0136, high: 11.07191 },
  },
  {
    type: 'CurrentInterval',
    date: '2026-01-28',
    duration: 5,
    startTime: '2026-01-28T00:15:01Z',
    endTime: '2026-01-28T00:20:00Z',
    nemTime: '2026-01-28T10:20:00+10:00',
    perKwh: -2.13572,
    renewables: 41.951,
    spotPerKwh: 2.222,
    channelType: 'feedIn',
    spikeStatus: 'none',
    descriptor: 'extremelyLow',
    estimate: true,
  },
]

function forecast(channelType: string, startTime: string, endTime: string, perKwh: number, extra: Record<string, unknown> = {}) {
  return {
    type: 'ForecastInterval',
    date: '2025-07-17',
    duration: 30,
    startTime,
    endTime,
    nemTime: '2025-07-17T09:00:00+10:00',
    perKwh,
    renewables: 34.02689292438913,
    spotPerKwh: 8.71696,
    channelType,
    spikeStatus: 'none',
    descriptor: 'high',
    ...extra,
  }
}

const parse = (json: unknown[]) => AmberIntervals.parse(json)

describe('Amber prices to PriceInterval', () => {
  it('pays the household for negative feed-in, converting the sign exactly once', () => {
    const [now] = toPriceIntervals(parse(currentPair))
    expect(now).toEqual({
      kind: 'current',
      startMs: Date.parse('2026-01-28T00:15:00Z'),
      endMs: Date.parse('2026-01-28T00:20:00Z'),
      perKwhCents: 11.11343,
      feedInCentsPerKwh: 2.13572,
      descriptor: 'extremelyLow',
      spikeStatus: 'none',
      renewablesPct: 41.951,
      estimate: true,
      forecastLowCents: 9.10297,
      forecastHighCents: 11.07191,
      tariffPeriod: 'shoulder',
    })
    expect(feedInEarnedCents(8.3)).toBe(-8.3)
    expect(Object.is(feedInEarnedCents(0), 0)).toBe(true)
  })

  it('uses advancedPrice.predicted for forecasts, on feed-in too', () => {
    const band = { advancedPrice: { low: -7.13763, predicted: -11.13379, high: -14.92346 } }
    const intervals = toPriceIntervals(
      parse([
        forecast('general', '2025-07-16T22:30:01Z', '2025-07-16T23:00:00Z', 30.5, { advancedPrice: { low: 25, predicted: 27.25, high: 33 } }),
        forecast('feedIn', '2025-07-16T22:30:01Z', '2025-07-16T23:00:00Z', -8.30172, band),
        forecast('general', '2025-07-16T23:00:01Z', '2025-07-16T23:30:00Z', 31),
        forecast('feedIn', '2025-07-16T23:00:01Z', '2025-07-16T23:30:00Z', -8.1),
      ]),
    )
    expect(intervals.map((i) => [i.kind, i.perKwhCents, i.feedInCentsPerKwh])).toEqual([
      ['forecast', 27.25, 11.13379],
      ['forecast', 31, 8.1],
    ])
    expect(intervals[0]).toMatchObject({ forecastLowCents: 25, forecastHighCents: 33, estimate: false })
    expect(intervals[1]).toMatchObject({ forecastLowCents: null, forecastHighCents: null, tariffPeriod: null })
  })

  it('maps the legacy "negative" descriptor to extremelyLow and survives values Amber adds later', () => {
    const legacy = { ...currentPair[0], descriptor: 'negative' }
    expect(toPriceIntervals(parse([legacy]))[0]!.descriptor).toBe('extremelyLow')
    const newer = { ...currentPair[0], descriptor: 'superCheap', spikeStatus: 'maybe', tariffInformation: { period: 'superOffPeak' } }
    expect(toPriceIntervals(parse([newer]))[0]).toMatchObject({ descriptor: 'neutral', spikeStatus: 'none', tariffPeriod: 'superOffPeak' })
  })

  it('pairs channels by start time, not by position, whatever the order', () => {
    const general = [0, 1, 2].map((i) =>
      forecast('general', `2025-07-16T2${i}:00:01Z`, `2025-07-16T2${i}:30:00Z`, 20 + i, { advancedPrice: null }),
    )
    const feedIn = [0, 1, 2].map((i) => forecast('feedIn', `2025-07-16T2${i}:00:01Z`, `2025-07-16T2${i}:30:00Z`, -(5 + i)))
    const grouped = toPriceIntervals(parse([...general, ...feedIn]))
    const reversed = toPriceIntervals(parse([...feedIn].reverse().concat([...general].reverse())))
    const missingOne = toPriceIntervals(parse([...general, feedIn[0]!, feedIn[2]!]))
    expect(grouped.map((i) => [i.perKwhCents, i.feedInCentsPerKwh])).toEqual([
      [20, 5],
      [21, 6],
      [22, 7],
    ])
    expect(reversed).toEqual(grouped)
    expect(missingOne.map((i) => i.feedInCentsPerKwh)).toEqual([5, null, 7])
  })

  it('gives null feed-in on a site without a feed-in channel, and refuses a site with no general prices', () => {
    expect(toPriceIntervals(parse([currentPair[0]]))[0]!.feedInCentsPerKwh).toBeNull()
    expect(() => toPriceIntervals(parse([currentPair[1]]))).toThrow(VendorError)
  })

  it('rejects a payload that is not Amber\'s shape', () => {
    expect(AmberIntervals.safeParse([{ ...currentPair[0], perKwh: '11.1' }]).success).toBe(false)
    expect(AmberIntervals.safeParse([{ ...currentPair[0], type: 'PastInterval' }]).success).toBe(false)
    expect(AmberIntervals.safeParse([{ ...currentPair[0], estimate: undefined }]).success).toBe(false)
  })
})

describe('Amber usage', () => {
  const row = {
    type: 'Usage',
    duration: 5,
    date: '2025-07-14',
    endTime: '2025-07-13T14:05:00Z',
    quality: 'billable',
    kwh: 0.025,
    nemTime: '2025-07-14T00:05:00+10:00',
    perKwh: 19.04971,
    channelType: 'general',
    channelIdentifier: 'E1',
    cost: 0.4762,
    renewables: 26.29448377640961,
    spotPerKwh: 7.1379,
    startTime: '2025-07-13T14:00:01Z',
    spikeStatus: 'none',
    tariffInformation: { demandWindow: false },
    descriptor: 'veryLow',
  }

  it('keeps import cost as Amber states it', () => {
    const [usage] = toUsageIntervals(AmberUsages.parse([row]))
    expect(usage).toMatchObject({ channelType: 'general', energyWh: 25, costCents: 0.4762, perKwhCents: 19.04971, feedInCentsPerKwh: null })
    expect(usage!.startMs).toBe(Date.parse('2025-07-13T14:00:00Z'))
  })

  it('reads feed-in the same whether Amber signs the exported kWh negative or positive', () => {
    const exported = { ...row, channelType: 'feedIn', channelIdentifier: 'B1', perKwh: -8, kwh: -0.5, cost: 4 }
    const asLive = { ...exported, kwh: 0.5, cost: -4 }
    const [a, b] = [toUsageIntervals(AmberUsages.parse([exported]))[0]!, toUsageIntervals(AmberUsages.parse([asLive]))[0]!]
    expect(a).toMatchObject({ energyWh: 500, costCents: -4, feedInCentsPerKwh: 8, perKwhCents: null })
    expect(b).toEqual(a)
  })
})
