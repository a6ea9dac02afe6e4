import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src-shared/settings'
import { composeForSave, deepEqual, sectionChanged, setPath, validateSettings } from '../../../src-renderer/settings/settingsForm'

describe('settings form logic', () => {
  it('validates with the shared schema and keys sentences by field path', () => {
    const draft = setPath(defaultSettings(), 'site.fuseA', 5)
    expect(validateSettings(draft).errors['site.fuseA']).toBe('The fuse must be at least 6 A')
    const empty = setPath(defaultSettings(), 'site.fuseA', Number.NaN)
    expect(validateSettings(empty).errors['site.fuseA']).toBe('Fuse rating must be a number')
    const lat = setPath(defaultSettings(), 'site.latitude', Number.NaN)
    expect(validateSettings(lat).errors['site.latitude']).toBe('Latitude must be a number')
    expect(validateSettings(defaultSettings()).settings).not.toBeNull()
  })

  it('saves one section on top of what the server has now', () => {
    const server = { ...defaultSettings(), chargers: { wb: { mode: 'fast' as const, enabled: true, limitA: 20, phase: 1 as const } } }
    const stale = { ...defaultSettings(), chargers: { wb: { mode: 'solar' as const, enabled: false, limitA: 32, phase: 2 as const } } }
    const draft = setPath(stale, 'site.fuseA', 40)
    const saved = composeForSave(server, draft, 'site')
    expect(saved.site.fuseA).toBe(40)
    expect(saved.chargers.wb).toEqual({ mode: 'fast', enabled: true, limitA: 20, phase: 2 })
    expect(composeForSave(server, draft, 'control').site.fuseA).toBe(63)
  })

  it('knows when a section is unchanged', () => {
    const server = defaultSettings()
    expect(sectionChanged(server, setPath(server, 'control.startDelayS', 60), 'control')).toBe(false)
    expect(sectionChanged(server, setPath(server, 'control.startDelayS', 30), 'control')).toBe(true)
    expect(sectionChanged(server, setPath(server, 'control.startDelayS', 30), 'site')).toBe(false)
    expect(deepEqual({ a: [1, Number.NaN] }, { a: [1, Number.NaN] })).toBe(true)
  })

  it('sets paths immutably, arrays included', () => {
    const server = defaultSettings()
    const next = setPath(server, 'accounts.0.pvKwp', 9)
    expect(Array.isArray(next.accounts)).toBe(true)
    expect(next.accounts[0]).toMatchObject({ kind: 'demo', pvKwp: 9 })
    expect(server.accounts[0]).toMatchObject({ kind: 'demo', pvKwp: 6.6 })
  })
})
