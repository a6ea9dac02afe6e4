import { describe, expect, it } from 'vitest'
import { flowLinks, gridActivity, batteryActivity } from '../../../src-renderer/popover/flowModel'
import { hourTicks, priceSeries } from '../../../src-renderer/popover/priceChartData'
import { sourceTestId } from '../../../src-renderer/popover/SourceFooter'
import { settingsUrl, popoverUrl } from '../../../src-renderer/popover/openSettingsWindow'
import { priceLevel } from '../../../src-renderer/lib/priceLevel'
import { interval, siteState } from './fixtures'

describe('power flow model', () => {
  it('follows the sign conventions', () => {
    const links = Object.fromEntries(flowLinks(siteState().flow).map((l) => [l.node, l]))
    expect(links.pv?.direction).toBe('in')
    expect(links.house?.direction).toBe('out')
    expect(links.battery?.direction).toBe('out') // batteryW < 0 charges: energy flows into the battery
    expect(links.grid?.direction).toBe('out') // gridW < 0 exports
    expect(links.grid?.tone).toBe('export')
    expect(links.ev?.direction).toBe('out')
    expect(gridActivity(800)).toBe('importing')
    expect(batteryActivity(800)).toBe('discharging')
    expect(gridActivity(null)).toBe('idle')
  })

  it('fades zero and unknown flows, and draws more power thicker and faster', () => {
    const links = Object.fromEntries(
      flowLinks({ pvW: 0, houseW: 300, batteryW: null, socPct: null, gridW: 8000, evW: 0, gridPhases: null }).map((l) => [l.node, l]),
    )
    expect(links.pv?.direction).toBe('none')
    expect(links.battery?.direction).toBe('none')
    expect(links.grid?.tone).toBe('import')
    expect(links.grid!.strokeWidth).toBeGreaterThan(links.house!.strokeWidth)
    expect(links.grid!.periodS).toBeLessThan(links.house!.periodS)
  })
})

describe('price chart data', () => {
  it('steps through intervals and isolates spike stretches', () => {
    const series = priceSeries([interval(0, 10), interval(1, 190, { descriptor: 'spike' }), interval(2, 200, { descriptor: 'spike' }), interval(3, -3)])!
    expect(series.price).toHaveLength(5)
    expect(series.spike.map((p) => p.y)).toEqual([190, 200, 200, null])
    expect(priceSeries([])).toBeNull()
  })

  it('puts hour ticks on the site clock', () => {
    const first = interval(0, 1)
    const ticks = hourTicks(first.startMs, first.startMs + 12 * 3600_000, 'Australia/Adelaide')
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Australia/Adelaide', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    expect(ticks.length).toBeGreaterThan(2)
    for (const t of ticks) expect(fmt.format(t)).toMatch(/^(00|03|06|09|12|15|18|21):00$/)
  })
})

describe('small view helpers', () => {
  it('maps Amber descriptors to levels with words', () => {
    expect(priceLevel('extremelyLow')).toEqual({ tone: 'green', word: 'Extremely low' })
    expect(priceLevel('spike').tone).toBe('red')
  })

  it('makes test ids and urls', () => {
    expect(sourceTestId('alphaess:AL123/x')).toBe('source-alphaess-AL123-x')
    expect(settingsUrl('http://127.0.0.1:9/?a=1#x')).toBe('http://127.0.0.1:9/?view=settings')
    expect(popoverUrl('http://127.0.0.1:9/?view=settings')).toBe('http://127.0.0.1:9/')
  })
})
