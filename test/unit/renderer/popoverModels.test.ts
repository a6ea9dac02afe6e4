import { describe, expect, it } from 'vitest'
import type { SourceStatus } from '../../../src-shared/model'
import { accountProblems, accountProblemText, notificationTone } from '../../../src-renderer/popover/bannerModel'
import { cardsBelow, overflowEdges } from '../../../src-renderer/popover/ChargerList'

const problem = (id: string, label: string, error: string | null): SourceStatus => ({ id: `account:${id}`, label, freshness: 'offline', ageS: null, error })

describe('popover banners', () => {
  it('find account problems among the sources', () => {
    const sources: SourceStatus[] = [
      { id: 'wb:charger', label: 'Garage', freshness: 'offline', ageS: 40, error: 'Wallbox is unreachable.' },
      problem('amber-1', 'Amber', 'Amber token rejected: create a new one in Amber’s developer settings, then paste it here.'),
    ]
    expect(accountProblems(sources)).toEqual([{ id: 'account:amber-1', label: 'Amber', error: 'Amber token rejected: create a new one in Amber’s developer settings, then paste it here.' }])
    expect(accountProblemText([])).toBeNull()
  })

  it('tell the user to open Settings → Accounts', () => {
    const one = accountProblemText(accountProblems([problem('amber-1', 'Amber', 'The token was rejected.')]))
    expect(one).toEqual({ title: 'Amber', text: 'The token was rejected. Open Settings → Accounts to fix it.' })
    const named = accountProblemText(accountProblems([problem('wb', 'Garage', 'Garage is missing its Password: enter it in Settings → Accounts.')]))
    expect(named).toEqual({ title: null, text: 'Garage is missing its Password: enter it in Settings → Accounts.' })
    const many = accountProblemText(accountProblems([problem('a', 'Amber', null), problem('b', 'Wallbox', 'x'), problem('c', 'Andersen', 'y')]))
    expect(many).toEqual({ title: '3 accounts need attention', text: 'Amber, Wallbox and Andersen cannot start. Open Settings → Accounts to fix them.' })
  })

  it('colour notifications by kind, the likely spike included', () => {
    expect(notificationTone('spike')).toBe('error')
    expect(notificationTone('potential')).toBe('warn')
    expect(notificationTone('negative')).toBe('info')
  })
})

describe('charger list scrolling', () => {
  it('knows which edges hide more cards and how many cards start out of view', () => {
    expect(overflowEdges({ scrollTop: 0, scrollHeight: 160, clientHeight: 160 })).toBe('none')
    expect(overflowEdges({ scrollTop: 0, scrollHeight: 436, clientHeight: 160 })).toBe('bottom')
    expect(overflowEdges({ scrollTop: 100, scrollHeight: 436, clientHeight: 160 })).toBe('both')
    expect(overflowEdges({ scrollTop: 276, scrollHeight: 436, clientHeight: 160 })).toBe('top')
    expect(cardsBelow([3, 158, 287], 0, 164)).toBe(2)
    expect(cardsBelow([3, 158, 287], 155, 164)).toBe(0)
  })
})
