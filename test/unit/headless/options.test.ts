import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDataDir, isLoopback, parseOptions, USAGE, UsageError } from '../../../src-main/headless/options'
import { loadTls } from '../../../src-main/headless/tls'
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
    expect(o).toEqual({
      port: 0,
      host: '::1',
      dataDir: '/tmp/x',
      speed: 30,
      startMs: Date.parse('2026-11-21T00:00:00Z'),
      tlsCert: null,
      tlsKey: null,
      insecureLan: false,
      allowHosts: [],
    })
  })

  it('takes --allow-host more than once, and says what a name looks like', () => {
    const o = parseOptions(['--host', '192.168.1.20', '--insecure-lan', '--allow-host', 'Sunspill.local', '--allow-host=nas', '--allow-host', '[fd00::20]'])
    expect(o.allowHosts).toEqual(['sunspill.local', 'nas', 'fd00::20'])
    expect(() => parseOptions(['--allow-host', 'https://sunspill.local:4777'])).toThrow(
      '--allow-host takes a host name like sunspill.local or an IP address, without scheme or port, not https://sunspill.local:4777.',
    )
    expect(() => parseOptions(['--allow-host', 'sunspill.local:4777'])).toThrow(UsageError)
    expect(() => parseOptions(['--allow-host'])).toThrow('--allow-host needs a value.')
    expect(USAGE).toMatch(/--allow-host N +also answer to the name N/)
  })

  it('refuses a non-loopback address without TLS or --insecure-lan, and says what to do', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'sunspill.local']) {
      expect(() => parseOptions(['--host', host])).toThrow(UsageError)
    }
    expect(() => parseOptions(['--host', '0.0.0.0'])).toThrow(/--tls-cert FILE --tls-key FILE.*--insecure-lan/)
    expect(parseOptions(['--host', '0.0.0.0', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'])).toMatchObject({ tlsCert: 'c.pem', tlsKey: 'k.pem', insecureLan: false })
    expect(parseOptions(['--host', '0.0.0.0', '--insecure-lan'])).toMatchObject({ host: '0.0.0.0', insecureLan: true, tlsCert: null })
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]']) expect(isLoopback(host)).toBe(true)
  })

  it('wants both TLS files or neither', () => {
    expect(() => parseOptions(['--tls-cert', 'c.pem'])).toThrow('--tls-cert and --tls-key go together: give both files, or neither.')
    expect(() => parseOptions(['--insecure-lan=yes'])).toThrow('--insecure-lan takes no value.')
  })

  it('explains a bad flag', () => {
    expect(() => parseOptions(['--speed', 'fast'])).toThrow(UsageError)
    expect(() => parseOptions(['--port'])).toThrow('--port needs a value.')
    expect(() => parseOptions(['--start', 'tomorrow'])).toThrow(/--start must be a date/)
    expect(() => parseOptions(['--verbose'])).toThrow('Unknown option --verbose.')
  })
})

describe('TLS files', () => {
  const fixtures = join(__dirname, '..', '..', 'fixtures', 'tls')

  it('reads the certificate and key and gives the fingerprint the tray app pins', () => {
    const tls = loadTls(join(fixtures, 'cert.pem'), join(fixtures, 'key.pem'))
    expect(tls.fingerprint).toBe('A7:F3:9C:D2:45:54:4E:55:1D:AB:87:F5:C1:8A:4A:8A:82:7F:FB:85:11:1C:78:83:96:17:BA:05:FF:BF:2D:47')
  })

  it('explains a missing file, a swapped pair and a key that does not belong', () => {
    expect(() => loadTls(join(fixtures, 'nope.pem'), join(fixtures, 'key.pem'))).toThrow(/--tls-cert .*nope\.pem does not exist\./)
    expect(() => loadTls(join(fixtures, 'key.pem'), join(fixtures, 'cert.pem'))).toThrow(/is not a PEM certificate/)
    const dir = mkdtempSync(join(tmpdir(), 'sunspill-tls-'))
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    writeFileSync(join(dir, 'other.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }))
    expect(() => loadTls(join(fixtures, 'cert.pem'), join(dir, 'other.pem'))).toThrow(/is not the private key of the certificate/)
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
