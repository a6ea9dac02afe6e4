import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src-shared/settings'
import { SettingsFile } from '../../../src-main/shell/settings-store'

// A real electron-store on disk (electron itself is faked by test/unit/setup.ts).
let dir: string
const fixedNow = () => Date.UTC(2025, 5, 1, 8, 30, 15, 123)
const corruptName = 'settings.corrupt-2025-06-01T08-30-15-123Z.json'

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sunspill-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const file = () => join(dir, 'settings.json')
const open = () => new SettingsFile({ cwd: dir, now: fixedNow })

describe('SettingsFile', () => {
  it('starts from defaults when there is no file, without a problem', () => {
    const store = open()
    expect(store.location).toBe(file())
    expect(store.load()).toEqual({ settings: defaultSettings(), problem: null })
  })

  it('saves and loads settings through the file', () => {
    const settings = defaultSettings()
    settings.site.fuseA = 40
    settings.notifications.spikeThresholdCents = 150
    open().save(settings)
    expect(JSON.parse(readFileSync(file(), 'utf8')).site.fuseA).toBe(40)
    expect(open().load()).toEqual({ settings, problem: null })
  })

  it('refuses to save settings that fail the schema', () => {
    const settings = defaultSettings()
    settings.site.voltageV = 999
    expect(() => open().save(settings)).toThrow(/Voltage must be at most 260 V/)
    expect(existsSync(file())).toBe(false)
  })

  it('keeps an unparseable file aside, uses defaults and says where the old file is', () => {
    writeFileSync(file(), '{"site": {"fuseA": 40,,,')
    const store = open()
    const { settings, problem } = store.load()
    expect(settings).toEqual(defaultSettings())
    expect(problem).toBe(
      `Your settings file could not be used because it is not valid JSON, so Sunspill started with default settings. The old file was kept at ${join(dir, corruptName)}.`,
    )
    expect(readFileSync(join(dir, corruptName), 'utf8')).toBe('{"site": {"fuseA": 40,,,')
    // Still usable afterwards, and the problem stays reported until the user saves.
    expect(store.load().problem).toBe(problem)
    store.save(defaultSettings())
    expect(store.load().problem).toBeNull()
    expect(JSON.parse(readFileSync(file(), 'utf8')).version).toBe(1)
  })

  it('keeps aside a file whose content fails the schema, naming the field, and keeps the credentials', () => {
    const secrets = { backend: 'gnome_libsecret', entries: { 'amber.token': { backend: 'gnome_libsecret', ciphertext: 'djExMHh5eg==' } } }
    writeFileSync(file(), JSON.stringify({ version: 1, site: { voltageV: 500 }, secrets }))
    const store = open()
    const { settings, problem } = store.load()
    expect(settings).toEqual(defaultSettings())
    expect(problem).toMatch(/^Your settings file could not be used because it has settings Sunspill cannot use \(site\.voltageV: Voltage must be at most 260 V\)/)
    expect(problem).toContain(join(dir, corruptName))
    expect(JSON.parse(readFileSync(join(dir, corruptName), 'utf8')).site.voltageV).toBe(500)
    expect(store.read()).toEqual(secrets)
  })

  it('keeps aside a file that holds JSON but not an object', () => {
    writeFileSync(file(), '[1, 2, 3]')
    const { problem } = open().load()
    expect(problem).toMatch(/because it does not hold a settings object/)
    expect(readdirSync(dir)).toContain(corruptName)
  })

  it('notices a file damaged while the app is running', () => {
    const store = open()
    store.save(defaultSettings())
    writeFileSync(file(), 'not json at all')
    expect(store.load().problem).toMatch(/not valid JSON/)
    expect(readFileSync(join(dir, corruptName), 'utf8')).toBe('not json at all')
  })

  it('never writes over a damaged file when credentials are saved', () => {
    writeFileSync(file(), '{broken')
    const store = open()
    store.write({ backend: 'kwallet5', entries: {} })
    expect(readFileSync(join(dir, corruptName), 'utf8')).toBe('{broken')
    expect(store.load().problem).toMatch(/not valid JSON/)
  })

  it('keeps credentials when settings are saved, and settings when credentials are', () => {
    const store = open()
    const secrets = { backend: 'kwallet5', entries: { a: { backend: 'kwallet5', ciphertext: 'AAAA' } } }
    store.write(secrets)
    const settings = defaultSettings()
    settings.control.startDelayS = 30
    store.save(settings)
    expect(store.read()).toEqual(secrets)
    store.write({ ...secrets, entries: {} })
    expect(store.load().settings.control.startDelayS).toBe(30)
  })
})
