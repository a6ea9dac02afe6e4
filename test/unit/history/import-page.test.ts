/** The History page's import control: the range it offers, what it refuses as you type, how progress reads. */
import { describe, expect, it } from 'vitest'
import { importRangeProblem, type HistoryImportJob, type HistoryImportSource } from '../../../src-shared/history'
import { catchUpNote, datedLabel, defaultRange, progressText } from '../../../src-renderer/settings/historyImport'

const alphaess: HistoryImportSource = {
  accountId: 'ess',
  name: 'Home battery',
  kind: 'alphaess',
  what: '',
  earliest: '2025-11-19',
  latest: '2026-11-19',
  maxDays: 31,
  pace: '',
  caughtUpThrough: null,
}

function job(over: Partial<HistoryImportJob>): HistoryImportJob {
  return {
    id: 1,
    accountId: 'ess',
    accountName: 'Home battery',
    kind: 'alphaess',
    from: '2026-11-12',
    to: '2026-11-18',
    state: 'running',
    totalDays: 7,
    current: null,
    waiting: false,
    counts: { days: 0, samples: 0, prices: 0, usageDays: 0, keptDays: 0 },
    message: null,
    ...over,
  }
}

describe('the import control', () => {
  it('offers the week up to yesterday, inside what the account keeps', () => {
    expect(defaultRange(alphaess)).toEqual({ from: '2026-11-12', to: '2026-11-18' })
    // An account with only today to give offers today.
    expect(defaultRange({ ...alphaess, earliest: '2026-11-19' })).toEqual({ from: '2026-11-19', to: '2026-11-19' })
  })

  it('says what is wrong with a range before anything is sent', () => {
    expect(importRangeProblem(alphaess, '2026-11-12', '2026-11-18')).toBeNull()
    expect(importRangeProblem(alphaess, '2026-11-18', '2026-11-12')).toBe('The range must end on or after the day it starts.')
    expect(importRangeProblem(alphaess, '2025-10-01', '2025-10-02')).toBe('Home battery keeps its record from 2025-11-19 on: start on that day or later.')
    expect(importRangeProblem(alphaess, '2026-11-18', '2026-11-20')).toBe('The last day can be today (2026-11-19) at the latest.')
    expect(importRangeProblem(alphaess, '2026-10-01', '2026-11-18')).toBe('Home battery can import at most 31 days at a time; this range has 49. Import it in parts.')
    expect(importRangeProblem(alphaess, '', '2026-11-18')).toBe('Pick the first day to import.')
  })

  it('reads progress as the day, or the week, being fetched', () => {
    expect(progressText(job({ counts: { days: 2, samples: 576, prices: 0, usageDays: 0, keptDays: 0 }, current: { from: '2026-11-14', to: '2026-11-14' } }))).toBe(
      'Day 3 of 7 · Sat 14 Nov',
    )
    const amber = job({ kind: 'amber', totalDays: 30, counts: { days: 7, samples: 0, prices: 2016, usageDays: 7, keptDays: 0 }, current: { from: '2026-10-27', to: '2026-11-02' } })
    expect(progressText(amber)).toBe('Days 8–14 of 30 · Tue 27 Oct to Mon 2 Nov')
    expect(progressText({ ...amber, waiting: true })).toBe("Days 8–14 of 30 · waiting for Amber's request allowance: the live price reads come first.")
    expect(progressText(job({ state: 'cancelling' }))).toBe('Cancelling after the request under way…')
  })

  it('names a day of another year with its year, so a year back does not read as today', () => {
    expect(datedLabel('2025-11-19', '2026-11-19')).toBe('19 Nov 2025')
    expect(datedLabel('2026-08-21', '2026-11-19')).toBe('Fri 21 Aug')
  })

  it('tells what the daily catch-up does and how far it has got', () => {
    expect(catchUpNote({ kind: 'amber', caughtUpThrough: '2026-11-17' })).toBe(
      'Metered usage arrives about a day late: Sunspill fetches it again each day until Amber has published it; complete through Tue 17 Nov.',
    )
  })
})
