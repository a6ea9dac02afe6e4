import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bannerLines, type BannerFacts } from '../../../src-main/headless/banner'
import { EXPIRY_WARNING_DAYS, expiryWarning, loadTls } from '../../../src-main/headless/tls'

const TOKEN = 'banner-test-token-0123456789abcdefghijklmnop'
const facts: BannerFacts = {
  origin: 'https://sunspill.local:4777',
  token: TOKEN,
  tokenFile: '/home/sunspill/.config/sunspill-headless/headless-token',
  dataDir: '/home/sunspill/.config/sunspill-headless',
  speed: 1,
  tls: { fingerprint: 'AB:CD', validTo: 'Oct 28 16:58:23 2126 GMT' },
}

describe('what the headless server prints at start', () => {
  it('gives a terminal the link with the token', () => {
    const lines = bannerLines(facts, true)
    expect(lines).toContain(`Open https://sunspill.local:4777/#token=${TOKEN}`)
    expect(lines).toContain('Certificate SHA-256 fingerprint: AB:CD')
    expect(lines).toContain(`Access token file: ${facts.tokenFile}`)
  })

  it('keeps the token out of output that is not a terminal (journald), and says how to make the link', () => {
    const lines = bannerLines(facts, false)
    expect(lines.join('\n')).not.toContain(TOKEN)
    expect(lines).toContain(`Access token file: ${facts.tokenFile}`)
    expect(lines).toContain(`To open it, add #token= and the contents of the access token file, e.g.: echo "https://sunspill.local:4777/#token=$(cat ${facts.tokenFile})"`)
    // A folder with a space is quoted for the shell.
    const spaced = bannerLines({ ...facts, tokenFile: "/srv/my sun's/headless-token" }, false)
    expect(spaced.join('\n')).toContain(`$(cat '/srv/my sun'\\''s/headless-token')`)
  })
})

describe('the certificate’s expiry', () => {
  const DAY_MS = 86_400_000
  const validTo = 'Jan 31 00:00:00 2027 GMT'
  const validToMs = Date.parse(validTo)

  it(`warns from ${EXPIRY_WARNING_DAYS} days before, and once expired`, () => {
    expect(expiryWarning({ validTo, validToMs }, validToMs - 31 * DAY_MS)).toBeNull()
    expect(expiryWarning({ validTo, validToMs }, validToMs - 30 * DAY_MS)).toBe(
      'WARNING: the TLS certificate expires on Jan 31 00:00:00 2027 GMT, in 30 days. Make a new one (see "Remote mode" in the README) and pin its fingerprint again in each tray app.',
    )
    expect(expiryWarning({ validTo, validToMs }, validToMs - DAY_MS / 2)).toMatch(/, in 1 day\. /)
    expect(expiryWarning({ validTo, validToMs }, validToMs + DAY_MS)).toMatch(/^WARNING: the TLS certificate expired on Jan 31 00:00:00 2027 GMT\./)
  })

  it('reads the expiry from the certificate file', () => {
    const fixtures = join(__dirname, '..', '..', 'fixtures', 'tls')
    const tls = loadTls(join(fixtures, 'cert.pem'), join(fixtures, 'key.pem'))
    const x509 = new X509Certificate(readFileSync(join(fixtures, 'cert.pem')))
    expect(tls.validToMs).toBe(Date.parse(x509.validTo))
    expect(expiryWarning(tls, Date.now())).toBeNull()
    expect(expiryWarning(tls, tls.validToMs - 10 * DAY_MS)).toMatch(/in 10 days/)
  })
})
