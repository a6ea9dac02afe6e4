/**
 * The sessions table's range menu: which days each preset means on the site's calendar, what the
 * page says about a custom range before asking, and that a failed read reaches the page as a sentence.
 */
import { describe, expect, it } from 'vitest'
import { createAppStore } from '../../../src-renderer/store/appStore'
import { presetRange, todayIn } from '../../../src-renderer/settings/chargerPage'
import { chargerSessionsRangeProblem, dayRangeWords } from '../../../src-shared/model'
import { fakeApi } from './fixtures'

describe('sessions range presets', () => {
  it('count today in, and take last year whole', () => {
    const today = '2026-03-15'
    expect(presetRange('last30', today)).toEqual({ from: '2026-02-14', to: today })
    expect(presetRange('last90', today)).toEqual({ from: '2025-12-16', to: today })
    expect(presetRange('thisYear', today)).toEqual({ from: '2026-01-01', to: today })
    expect(presetRange('lastYear', today)).toEqual({ from: '2025-01-01', to: '2025-12-31' })
    expect(presetRange('latest', today)).toBeNull()
  })

  it('are all ranges the core accepts, a leap year included', () => {
    for (const today of ['2025-01-01', '2025-03-01', '2024-12-31']) {
      for (const choice of ['last30', 'last90', 'thisYear', 'lastYear'] as const) {
        const range = presetRange(choice, today)!
        expect(chargerSessionsRangeProblem(range.from, range.to)).toBeNull()
      }
    }
  })

  it('read "today" on the site’s calendar, not the computer’s', () => {
    const lateEveningUtc = Date.parse('2026-03-15T20:00:00Z')
    expect(todayIn('Australia/Sydney', lateEveningUtc)).toBe('2026-03-16')
    expect(todayIn('America/Los_Angeles', lateEveningUtc)).toBe('2026-03-15')
  })
})

describe('custom ranges', () => {
  it('are refused in words before anything is asked', () => {
    expect(chargerSessionsRangeProblem('', '2026-03-01')).toBe('Pick the first day of the range.')
    expect(chargerSessionsRangeProblem('2026-03-10', '2026-03-01')).toBe('The range must end on or after the day it starts.')
    expect(chargerSessionsRangeProblem('2024-01-01', '2025-06-30')).toMatch(/at most 366 days; this one has 547/)
  })

  it('are named the way the table’s title names them', () => {
    expect(dayRangeWords('2025-01-01', '2025-12-31')).toBe('1 Jan – 31 Dec 2025')
    expect(dayRangeWords('2025-10-16', '2026-01-13')).toBe('16 Oct 2025 – 13 Jan 2026')
    expect(dayRangeWords('2026-06-05', '2026-06-05')).toBe('5 Jun 2026')
  })
})

describe('app store: charger sessions', () => {
  it('asks for the days and turns a transport failure into a sentence', async () => {
    const fake = fakeApi({
      'charger:sessions': () => {
        throw new Error('Cannot reach Sunspill. Check that `npm run serve` is still running, then try again.')
      },
    })
    const result = await createAppStore(fake.api).getState().fetchChargerSessions('wb:1', '2026-01-01', '2026-03-31')
    expect(fake.calls).toEqual([{ channel: 'charger:sessions', req: { chargerId: 'wb:1', from: '2026-01-01', to: '2026-03-31' } }])
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^Cannot reach Sunspill/) })
  })
})
