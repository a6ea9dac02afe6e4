import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JsonFileSettingsStore } from '../../../src-main/core/settings/file-store'
import { defaultSettings } from '../../../src-shared/settings'

function store() {
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-settings-'))
  return { dir, store: new JsonFileSettingsStore(join(dir, 'settings.json')) }
}

describe('settings file', () => {
  it('starts from defaults and keeps what was saved', () => {
    const { store: s } = store()
    expect(s.load()).toEqual({ settings: defaultSettings(), problem: null })
    const changed = { ...defaultSettings(), site: { ...defaultSettings().site, fuseA: 40 } }
    s.save(changed)
    expect(s.load().settings.site.fuseA).toBe(40)
    expect(statSync(s.location).mode & 0o777).toBe(0o600)
  })

  it('keeps a corrupt file aside and says where, instead of replacing it', () => {
    const { dir, store: s } = store()
    writeFileSync(s.location, '{"site": {"fuseA": 40,')
    const loaded = s.load()
    expect(loaded.settings).toEqual(defaultSettings())
    expect(loaded.problem).toContain('not valid JSON')
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.corrupt-'))!
    expect(loaded.problem).toContain(aside)
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"site": {"fuseA": 40,')
    expect(existsSync(s.location)).toBe(false)
  })

  it('treats a file with impossible values as unusable and names the field', () => {
    const { store: s } = store()
    writeFileSync(s.location, JSON.stringify({ site: { fuseA: 5000 } }))
    const loaded = s.load()
    expect(loaded.problem).toContain('site.fuseA')
    expect(loaded.problem).toContain('at most 200 A')
  })

  it('fills in fields a file from an older version lacks', () => {
    const { store: s } = store()
    writeFileSync(s.location, JSON.stringify({ site: { fuseA: 32 } }))
    const loaded = s.load()
    expect(loaded.problem).toBeNull()
    expect(loaded.settings.site.fuseA).toBe(32)
    expect(loaded.settings.control.startDelayS).toBe(60)
  })
})
