import { describe, expect, it } from 'vitest'
import { localHourOfDay, localTime, localWeekday, zonedTimeToMs } from '../../../src-main/core/time/local-time'

describe('demo local time', () => {
  it('follows the zone through daylight saving', () => {
    // Sydney: AEDT (+11) on 2025-01-15, AEST (+10) on 2025-07-15.
    expect(localHourOfDay('Australia/Sydney', Date.UTC(2025, 0, 15, 1, 30))).toBe(12.5)
    expect(localHourOfDay('Australia/Sydney', Date.UTC(2025, 6, 15, 1, 30))).toBe(11.5)
    expect(localHourOfDay('Australia/Perth', Date.UTC(2025, 0, 15, 1, 30))).toBe(9.5)
  })

  it('names the local weekday, which can differ from the UTC one', () => {
    // 2025-01-17 20:00 UTC is Saturday 07:00 in Sydney.
    expect(localWeekday('Australia/Sydney', Date.UTC(2025, 0, 17, 20))).toBe(6)
    expect(localWeekday('UTC', Date.UTC(2025, 0, 17, 20))).toBe(5)
  })

  it('turns wall-clock times into instants and back', () => {
    for (const month of [1, 4, 7, 10]) {
      const ms = zonedTimeToMs('Australia/Sydney', { year: 2025, month, day: 20, hour: 7, minute: 45 })
      expect(localTime('Australia/Sydney', ms).hourOfDay).toBe(7.75)
    }
  })
})
