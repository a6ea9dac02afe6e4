import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDataDir, parseOptions, UsageError } from '../../../src-main/headless/options'
import { loadOrCreateToken } from '../../../src-main/headless/token'

describe('serve options', () => {
  it('defaults to loopback, real time, and the platform data folder', () => {
    const o = parseOptions([], { XDG_CONFIG_HOME: '/home/u/.config' })
    expect(o.host).toBe('127.0.0.1')
    expect(o.speed).toBe(1)
    expect(o.startMs).toBeNull()
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/u/.config' }, 'linux')).toBe('/home/u/.config/sunspill-headless')
  })

  it('reads every flag, with or without =', () => {
    const o = parseOptions(['--port', '0', '--host=::1', '--data-dir', '/tmp/x', '--speed', '30', '--start', '2026-11-21T11:00:00+11:00'])
    expect(o).toEqual({ port: 0, host: '::1', dataDir: '/tmp/x', speed: 30, startMs: Date.parse('2026-11-21T00:00:00Z') })
  })

  it('explains a bad flag', () => {
    expect(() => parseOptions(['--speed', 'fast'])).toThrow(UsageError)
    expect(() => parseOptions(['--port'])).toThrow('--port needs a value.')
    expect(() => parseOptions(['--start', 'tomorrow'])).toThrow(/--start must be a date/)
    expect(() => parseOptions(['--verbose'])).toThrow('Unknown option --verbose.')
  })
})

describe('access token', () => {
  it('is made once, readable only by the user, and reused', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sunspill-token-')), 'headless-token')
    const first = loadOrCreateToken(file)
    expect(first.length).toBeGreaterThanOrEqual(40)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(loadOrCreateToken(file)).toBe(first)
    expect(readFileSync(file, 'utf8').trim()).toBe(first)
  })
})
