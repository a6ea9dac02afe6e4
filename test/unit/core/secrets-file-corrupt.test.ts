import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileSecretStore } from '../../../src-main/core/secrets/file-store'
import { memoryLogger } from '../helpers/memory-logger'

// Hand-edited with a trailing comma: three credentials, all still readable by a person.
const DAMAGED = '{"wb:password":"hunter2-wallbox","ca:password":"pw-chargeamps","ca:apiKey":"KEY-123456",}'

function damagedStore(content: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-secrets-'))
  const file = join(dir, 'secrets.json')
  writeFileSync(file, content, { mode: 0o644 })
  // Unredacted, so a credential written to the log would show.
  const logger = memoryLogger({ redacting: false })
  const store = new FileSecretStore(file, logger, {}, () => Date.parse('2026-11-19T01:00:00Z'))
  const aside = () => readdirSync(dir).find((name) => name.startsWith('secrets.corrupt-'))
  return { dir, file, logger, store, aside }
}

describe('a damaged secrets file', () => {
  it('is kept aside, not overwritten, when a new credential is saved', async () => {
    const { dir, file, logger, store, aside } = damagedStore(DAMAGED)
    await store.set('am:token', 'psk_new_amber_token')

    const kept = aside()!
    expect(kept).toBe('secrets.corrupt-2026-11-19T01-00-00-000Z.json')
    expect(readFileSync(join(dir, kept), 'utf8')).toBe(DAMAGED)
    expect(statSync(join(dir, kept)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'am:token': 'psk_new_amber_token' })
    expect(await store.get('am:token')).toBe('psk_new_amber_token')

    await store.set('wb:password', 'hunter3-wallbox')
    expect(readdirSync(dir).filter((name) => name.startsWith('secrets.corrupt-'))).toEqual([kept])
    const errors = logger.lines.filter((line) => line.startsWith('error'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(kept)
    for (const secret of ['hunter2-wallbox', 'pw-chargeamps', 'KEY-123456']) expect(logger.lines.join('\n')).not.toContain(secret)
  })

  it('makes reads say the credentials were lost, what to do, and where the damaged copy is', async () => {
    const { store, aside } = damagedStore(DAMAGED)
    const read = store.get('wb:password')
    await expect(read).rejects.toThrow(/could not read your stored credentials/)
    await expect(read).rejects.toThrow(/Re-enter them in Settings → Accounts/)
    await expect(read).rejects.toThrow(aside()!)
    // The Settings form still opens, showing the field as empty so it can be filled in again.
    expect(await store.has('wb:password')).toBe(false)

    await store.set('wb:password', 'hunter3-wallbox')
    expect(await store.get('wb:password')).toBe('hunter3-wallbox')
    await expect(store.get('ca:password')).rejects.toThrow(aside()!)
  })

  it('counts a file whose values are not all text as damaged too', async () => {
    const content = JSON.stringify({ 'wb:password': 'hunter2-wallbox', 'ca:apiKey': { value: 'KEY-123456' } })
    const { dir, file, store, aside } = damagedStore(content)
    await expect(store.get('wb:password')).rejects.toThrow(/could not read your stored credentials/)
    expect(readFileSync(join(dir, aside()!), 'utf8')).toBe(content)
    expect(existsSync(file)).toBe(false)
  })
})

describe('a secrets file that cannot be opened for now', () => {
  it('stays where it is, and the read says so without calling it damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunspill-secrets-'))
    const file = join(dir, 'secrets.json')
    // A directory in its place gives a read error other than "not there", as a busy system would.
    mkdirSync(file)
    const store = new FileSecretStore(file, memoryLogger(), {})
    await expect(store.get('wb:password')).rejects.toThrow(/could not open the secrets file .*\(EISDIR\)\. Nothing was changed/)
    expect(await store.has('wb:password')).toBe(false)
    expect(readdirSync(dir)).toEqual(['secrets.json'])
  })
})
