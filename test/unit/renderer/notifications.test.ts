import { describe, expect, it } from 'vitest'
import { notificationAction, notificationTone } from '../../../src-renderer/popover/bannerModel'
import { settingsUrl } from '../../../src-renderer/popover/openSettingsWindow'
import { BREAKS_QUIET_HOURS } from '../../../src-main/core/notify/quiet-hours'
import { notificationKindRows, QUIET_HOURS_BREAK_THROUGH, QUIET_HOURS_RULE, quietHoursSummary } from '../../../src-renderer/settings/notificationsForm'
import { setPath, validateSettings } from '../../../src-renderer/settings/settingsForm'
import { sectionFromUrl } from '../../../src-renderer/settings/urlSection'
import { NotificationKind } from '../../../src-shared/model'
import { defaultSettings } from '../../../src-shared/settings'

describe('notification banners', () => {
  it('give every kind a tone', () => {
    expect(NotificationKind.options.map((kind) => [kind, notificationTone(kind)])).toEqual([
      ['potential', 'warn'],
      ['spike', 'error'],
      ['negative', 'info'],
      ['carFinished', 'info'],
      ['chargingStopped', 'error'],
      ['sourceFailing', 'warn'],
      ['batteryWriteRejected', 'error'],
      ['controlReleased', 'warn'],
    ])
  })

  it('link to the settings section a notification points at, and to nothing for the popover', () => {
    expect(notificationAction({ target: { view: 'settings', section: 'battery' } })).toEqual({ label: 'Open Settings → Battery', section: 'battery' })
    expect(notificationAction({ target: { view: 'settings', section: 'accounts' } })?.label).toBe('Open Settings → Accounts')
    expect(notificationAction({ target: { view: 'popover' } })).toBeNull()
    expect(notificationAction({})).toBeNull()
  })

  it('navigate a browser tab to the settings page at that section', () => {
    expect(settingsUrl('http://127.0.0.1:8080/?x=1#token=abc', 'battery')).toBe('http://127.0.0.1:8080/?view=settings&section=battery')
    expect(settingsUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/?view=settings')
  })
})

describe('the settings window’s section from its address', () => {
  it('reads ?section= and #section=, the hash winning, and ignores anything else', () => {
    expect(sectionFromUrl('?view=settings&section=battery')).toBe('battery')
    expect(sectionFromUrl('?view=settings&section=battery', '#section=accounts')).toBe('accounts')
    expect(sectionFromUrl('?view=settings', '#token=abc')).toBeNull()
    expect(sectionFromUrl('?view=settings&section=nonsense')).toBeNull()
    expect(sectionFromUrl('')).toBeNull()
  })
})

describe('the Notifications section', () => {
  it('has a switch for every kind, each bound to a setting that exists', () => {
    expect(notificationKindRows.map((r) => r.kind).sort()).toEqual([...NotificationKind.options].sort())
    const settings = defaultSettings()
    for (const row of notificationKindRows) expect(settings.notifications.kinds[row.kind]).toBe(true)
  })

  it('explains the same quiet-hours rule the core applies', () => {
    expect([...QUIET_HOURS_BREAK_THROUGH].sort()).toEqual([...BREAKS_QUIET_HOURS].sort())
    expect(QUIET_HOURS_RULE).toMatch(/^During quiet hours only price spikes, a charge that stopped unexpectedly and a battery that refused its settings still notify\./)
  })

  it('says what quiet hours cover, overnight included', () => {
    expect(quietHoursSummary('22:00', '07:00')).toBe('22:00 to 07:00, overnight: 9 h every day.')
    expect(quietHoursSummary('13:00', '14:30')).toBe('13:00 to 14:30: 1 h 30 min every day.')
    expect(quietHoursSummary('23:45', '00:00')).toBe('23:45 to 00:00, overnight: 15 min every day.')
    expect(quietHoursSummary('22:00', '')).toBeNull()
    expect(quietHoursSummary('08:00', '08:00')).toBeNull()
  })

  it('validates quiet hours as you type, keyed by field', () => {
    const draft = setPath(setPath(defaultSettings(), 'notifications.quietHours.enabled', true), 'notifications.quietHours.end', '22:00')
    expect(validateSettings(draft).errors['notifications.quietHours.end']).toBe('Quiet hours must end at a different time than they start')
    const fixed = setPath(draft, 'notifications.quietHours.end', '06:00')
    expect(validateSettings(fixed).settings?.notifications.quietHours).toEqual({ enabled: true, start: '22:00', end: '06:00' })
  })
})
