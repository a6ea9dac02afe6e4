import { describe, expect, it } from 'vitest'
import { sectionOrder } from '../../../src-renderer/settings/settingsForm'
import { sectionFromUrl, sectionsFor, shownSection } from '../../../src-renderer/settings/urlSection'

describe('the settings pages a runtime shows', () => {
  it('has no Remote page in a browser, which the headless Sunspill itself serves', () => {
    expect(sectionsFor('electron')).toEqual(sectionOrder)
    expect(sectionsFor('browser')).not.toContain('remote')
    expect(sectionsFor('browser')).toEqual(sectionOrder.filter((id) => id !== 'remote'))
  })

  it('turns a link to the Remote page into the first page in a browser, and keeps it in the app', () => {
    expect(shownSection(sectionFromUrl('', '#section=remote'), 'browser')).toBe('accounts')
    expect(shownSection(sectionFromUrl('?view=settings&section=remote'), 'browser')).toBe('accounts')
    expect(shownSection(sectionFromUrl('', '#section=remote'), 'electron')).toBe('remote')
    expect(shownSection(sectionFromUrl('', '#section=battery'), 'browser')).toBe('battery')
    expect(shownSection(null, 'browser')).toBe('accounts')
  })
})
