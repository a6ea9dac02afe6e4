import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileLogger, MAX_REDACTED_VALUES, Redactor } from '../../../src-main/core/log'

function logger() {
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-log-'))
  return createFileLogger(join(dir, 'logs', 'sunspill.log'))
}

describe('log redaction', () => {
  it('never writes a registered secret, in the message or in fields', () => {
    const log = logger()
    const secret = 'amber-psk_8f3c2e1d9b7a'
    log.redact(secret)
    log.warn(`Request with token ${secret} failed`, { detail: `echo ${secret}`, nested: { value: secret } })
    const text = readFileSync(log.file, 'utf8')
    expect(text).not.toContain(secret)
    expect(text).toContain('Request with token [redacted] failed')
  })

  it('redacts credential-looking fields and Authorization headers nobody registered', () => {
    const log = logger()
    log.error('Vendor said no', { appSecret: 'abc123456', password: 'hunter22', headers: { authorization: 'Bearer xyz.abc.def' } })
    log.info('curl -H "Authorization: Bearer eyJhbGciOi.payload.sig"')
    const text = readFileSync(log.file, 'utf8')
    for (const leaked of ['abc123456', 'hunter22', 'xyz.abc.def', 'eyJhbGciOi.payload.sig']) expect(text).not.toContain(leaked)
    expect(text).toContain('Bearer [redacted]')
  })

  it('keeps a bounded list of values, the ones used lately last to go', () => {
    const r = new Redactor()
    r.add('lasting-password')
    for (let i = 0; i < MAX_REDACTED_VALUES - 1; i++) r.add(`rotated-token-${i}`)
    // Registered again (the account was rebuilt), the password is among the newest.
    r.add('lasting-password')
    r.add('one-more-token')
    expect(r.text('rotated-token-0 lasting-password one-more-token')).toBe('rotated-token-0 [redacted] [redacted]')
  })

  it('keeps ordinary words and returns the last lines for the About page', () => {
    const log = logger()
    for (let i = 1; i <= 5; i++) log.info(`line ${i}`)
    const tail = log.tail(2)
    expect(tail).toHaveLength(2)
    expect(tail[1]).toContain('line 5')
  })
})
