import { describe, expect, it } from 'vitest'
import { alignedAxes, formatMoney, formatShare, formatSpan, niceStep, sourceFractions, todaySeries } from '../../../src-renderer/settings/historyModel'

describe('the History page’s numbers', () => {
  it('writes money, shares and spans as people read them', () => {
    expect(formatMoney(456, 'AUD')).toBe('$4.56')
    expect(formatMoney(-31.95, 'AUD')).toBe('-$0.32')
    expect(formatMoney(-0.3, 'AUD')).toBe('$0.00')
    expect(formatShare(72.49)).toBe('72 %')
    expect(formatShare(null)).toBe('—')
    expect(formatSpan(35 * 60_000)).toBe('35 min')
    expect(formatSpan(4 * 3_600_000 + 12 * 60_000)).toBe('4 h 12 min')
    expect(formatSpan(2 * 3_600_000)).toBe('2 h')
  })

  it('splits the car’s energy into the source bar', () => {
    expect(sourceFractions({ energyWh: 10, solarWh: 5, batteryWh: 2, gridWh: 3 })).toEqual({ solar: 0.5, battery: 0.2, grid: 0.3 })
    expect(sourceFractions({ energyWh: 0, solarWh: 0, batteryWh: 0, gridWh: 0 })).toEqual({ solar: 0, battery: 0, grid: 0 })
  })

  it('puts 0 kW and 0 c/kWh on the same line, with both axes on round steps', () => {
    expect(niceStep(2.6)).toBe(5)
    expect(niceStep(21, true)).toBe(25)
    const axes = alignedAxes([7.2, -4.3, 3], [-12, 215])
    expect(axes).toMatchObject({ minKw: -5, maxKw: 10, stepKw: 5 })
    // Zero sits at the same height on both: the ends stand in the same ratio.
    expect(axes.minCents / axes.maxCents).toBeCloseTo(axes.minKw / axes.maxKw, 9)
    expect(axes.maxCents).toBeGreaterThanOrEqual(215)
    expect(axes.stepCents / axes.stepKw).toBe(axes.maxCents / axes.maxKw)
    // No negative power or price: still a step below zero, so the zero line is visible.
    expect(alignedAxes([0.4], [10]).minKw).toBe(-1)
  })

  it('draws the retailer’s prices as steps and the power at each five minutes’ middle', () => {
    const series = todaySeries(
      [{ tMs: 600_000, pvW: 1500, houseW: 500, batteryW: null, gridW: -1000, evW: 0, socPct: 50, priceCents: 9 }],
      [
        { startMs: 0, endMs: 300_000, perKwhCents: 10 },
        { startMs: 300_000, endMs: 600_000, perKwhCents: -2 },
      ],
    )
    expect(series.pv).toEqual([{ x: 450_000, y: 1.5 }])
    expect(series.battery).toEqual([{ x: 450_000, y: null }])
    expect(series.price).toEqual([
      { x: 0, y: 10 },
      { x: 300_000, y: -2 },
      { x: 600_000, y: -2 },
    ])
  })
})
