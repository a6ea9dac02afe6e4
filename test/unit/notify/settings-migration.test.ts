import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JsonFileSettingsStore } from '../../../src-main/core/settings/file-store'
import { NotificationSettings, Settings } from '../../../src-shared/settings'

/** A settings file from before per-kind switches and quiet hours. */
const oldFile = {
  version: 1,
  site: { phases: 1, voltageV: 230, fuseA: 63, latitude: -33.87, longitude: 151.21, timeZone: 'Australia/Sydney' },
  notifications: { enabled: true, spikeThresholdCents: 150, negativePrice: false },
}

const allOn = { spike: true, potential: true, negative: true, carFinished: true, chargingStopped: true, sourceFailing: true, batteryWriteRejected: true, controlReleased: true }

describe('notification settings from older files', () => {
  it('loads a file with only the old fields: negativePrice becomes the negative switch, the rest default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunspill-notify-'))
    const file = join(dir, 'settings.json')
    writeFileSync(file, JSON.stringify(oldFile))
    const store = new JsonFileSettingsStore(file)
    const loaded = store.load()
    expect(loaded.problem).toBeNull()
    expect(loaded.settings.notifications).toEqual({
      enabled: true,
      spikeThresholdCents: 150,
      kinds: { ...allOn, negative: false },
      quietHours: { enabled: false, start: '22:00', end: '07:00' },
    })
    // Saved again, the old field is gone and the new ones are written out.
    store.save(loaded.settings)
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { notifications: Record<string, unknown> }
    expect(saved.notifications).not.toHaveProperty('negativePrice')
    expect(saved.notifications.kinds).toEqual({ ...allOn, negative: false })
    expect(store.load().settings.notifications).toEqual(loaded.settings.notifications)
  })

  it('keeps negative alerts on when the old switch was on, and when there was no notifications block', () => {
    expect(NotificationSettings.parse({ negativePrice: true }).kinds).toEqual(allOn)
    expect(Settings.parse({}).notifications.kinds).toEqual(allOn)
  })

  it('validates quiet hours with sentences', () => {
    const issues = (quietHours: unknown) => {
      const result = NotificationSettings.safeParse({ quietHours })
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    }
    expect(issues({ enabled: true, start: '22:00', end: '06:30' })).toEqual([])
    expect(issues({ enabled: true, start: '24:00', end: '06:30' })).toEqual(['quietHours.start: The start is a time like 22:00, from 00:00 to 23:59'])
    expect(issues({ enabled: true, start: '22:00', end: '' })).toEqual(['quietHours.end: The end is a time like 22:00, from 00:00 to 23:59'])
    expect(issues({ enabled: true, start: '22:00', end: '22:00' })).toEqual(['quietHours.end: Quiet hours must end at a different time than they start'])
    expect(issues({ enabled: false, start: '22:00', end: '22:00' })).toEqual([])
  })
})
