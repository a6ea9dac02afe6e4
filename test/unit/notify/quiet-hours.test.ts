import { describe, expect, it } from 'vitest'
import { BREAKS_QUIET_HOURS, deliverable, inQuietHours, notificationAllowed } from '../../../src-main/core/notify/quiet-hours'
import { NotificationKind, type NotificationEvent } from '../../../src-shared/model'
import { NotificationSettings, QuietHours } from '../../../src-shared/settings'

const SYDNEY = 'Australia/Sydney'
/** A wall-clock time in Sydney (summer, +11:00) on 2026-11-23, or the next day. */
const at = (hhmm: string, nextDay = false) => Date.parse(`2026-11-${nextDay ? 24 : 23}T${hhmm}:00+11:00`)
const quiet = (start: string, end: string, enabled = true) => QuietHours.parse({ enabled, start, end })

const allKinds = NotificationKind.options
const event = (kind: NotificationKind): NotificationEvent => ({ id: kind, kind, title: kind, body: '', atMs: 0 })

describe('quiet hours', () => {
  it('covers start to end within a day, end excluded', () => {
    const q = quiet('13:00', '15:30')
    expect(inQuietHours(q, at('12:59'), SYDNEY)).toBe(false)
    expect(inQuietHours(q, at('13:00'), SYDNEY)).toBe(true)
    expect(inQuietHours(q, at('15:29'), SYDNEY)).toBe(true)
    expect(inQuietHours(q, at('15:30'), SYDNEY)).toBe(false)
  })

  it('crosses midnight', () => {
    const q = quiet('22:00', '07:00')
    expect(inQuietHours(q, at('21:59'), SYDNEY)).toBe(false)
    expect(inQuietHours(q, at('22:00'), SYDNEY)).toBe(true)
    expect(inQuietHours(q, at('23:59'), SYDNEY)).toBe(true)
    expect(inQuietHours(q, at('00:00', true), SYDNEY)).toBe(true)
    expect(inQuietHours(q, at('06:59', true), SYDNEY)).toBe(true)
    expect(inQuietHours(q, at('07:00', true), SYDNEY)).toBe(false)
    expect(inQuietHours(q, at('12:00'), SYDNEY)).toBe(false)
  })

  it('follows the site’s time zone, not UTC', () => {
    const q = quiet('22:00', '07:00')
    // 23:00 in Sydney is 12:00 UTC and 13:00 in Berlin.
    expect(inQuietHours(q, at('23:00'), SYDNEY)).toBe(true)
    expect(inQuietHours(q, at('23:00'), 'Europe/Berlin')).toBe(false)
    expect(inQuietHours(q, at('23:00'), 'UTC')).toBe(false)
  })

  it('is never on when switched off or empty', () => {
    expect(inQuietHours(quiet('00:00', '23:59', false), at('12:00'), SYDNEY)).toBe(false)
    expect(inQuietHours({ enabled: true, start: '08:00', end: '08:00' }, at('08:00'), SYDNEY)).toBe(false)
  })

  it('lets only spikes, a stopped charge and a refused battery write through', () => {
    const settings = NotificationSettings.parse({ quietHours: { enabled: true, start: '22:00', end: '07:00' } })
    const night = at('02:00', true)
    const heard = deliverable(allKinds.map(event), settings, night, SYDNEY).map((e) => e.kind)
    expect(heard).toEqual(['spike', 'chargingStopped', 'batteryWriteRejected'])
    expect([...BREAKS_QUIET_HOURS].sort()).toEqual([...heard].sort())
    // Outside quiet hours everything is heard.
    expect(deliverable(allKinds.map(event), settings, at('12:00'), SYDNEY)).toHaveLength(allKinds.length)
  })
})

describe('per-kind switches', () => {
  it('every kind has a switch, on by default', () => {
    const settings = NotificationSettings.parse({})
    for (const kind of allKinds) expect(notificationAllowed(kind, settings, at('12:00'), SYDNEY)).toBe(true)
  })

  it('a kind switched off is never heard; the master switch silences all, quiet hours or not', () => {
    const base = NotificationSettings.parse({})
    for (const kind of allKinds) {
      const off = { ...base, kinds: { ...base.kinds, [kind]: false } }
      const heard = deliverable(allKinds.map(event), off, at('12:00'), SYDNEY).map((e) => e.kind)
      expect(heard).toEqual(allKinds.filter((k) => k !== kind))
    }
    expect(deliverable(allKinds.map(event), { ...base, enabled: false }, at('12:00'), SYDNEY)).toEqual([])
  })

  it('a switched-off kind stays off during quiet hours even if it may break through', () => {
    const base = NotificationSettings.parse({ quietHours: { enabled: true } })
    const off = { ...base, kinds: { ...base.kinds, spike: false } }
    expect(notificationAllowed('spike', off, at('23:00'), SYDNEY)).toBe(false)
    expect(notificationAllowed('chargingStopped', off, at('23:00'), SYDNEY)).toBe(true)
  })
})
