import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileLogger, MAX_LOG_BYTES, MAX_REDACTED_VALUES, Redactor } from '../../../src-main/core/log'

function logPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'sunspill-log-')), 'logs', 'sunspill.log')
}

function logger() {
  return createFileLogger(logPath())
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

describe('log rotation', () => {
  const LINE = 'x'.repeat(10_000)

  function fillPastLimit(log: ReturnType<typeof logger>, label: string) {
    do log.info(`${label} ${LINE}`)
    while (statSync(log.file).size <= MAX_LOG_BYTES)
  }

  it('moves the file to .1 once it passes the limit, and again each time the new one does', () => {
    const log = logger()
    fillPastLimit(log, 'first')
    expect(existsSync(`${log.file}.1`)).toBe(false)

    log.info('after the limit')
    expect(statSync(`${log.file}.1`).size).toBeGreaterThan(MAX_LOG_BYTES)
    expect(readFileSync(log.file, 'utf8').split('\n').filter(Boolean)).toHaveLength(1)
    expect(log.tail(1)[0]).toContain('after the limit')

    fillPastLimit(log, 'second')
    log.info('after the limit again')
    expect(readFileSync(`${log.file}.1`, 'utf8')).not.toContain('first')
    expect(statSync(log.file).size).toBeLessThan(100)
  })

  it('counts what an earlier run left in the file', () => {
    const file = logPath()
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, 'y'.repeat(MAX_LOG_BYTES + 1))
    const log = createFileLogger(file)
    log.info('first line of this run')
    expect(statSync(`${file}.1`).size).toBe(MAX_LOG_BYTES + 1)
    expect(log.tail(5)).toHaveLength(1)
  })

  it('leaves a file at the limit alone', () => {
    const file = logPath()
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, 'y'.repeat(MAX_LOG_BYTES))
    createFileLogger(file).info('still fits')
    expect(existsSync(`${file}.1`)).toBe(false)
  })
})
