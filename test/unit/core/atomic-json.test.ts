import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeJsonAtomic } from '../../../src-main/core/atomic-json'
import { ControlWatch } from '../../../src-main/core/site/control-watch'
import { yieldFile } from '../../../src-main/core/site/yield-file'
import type { Charger } from '../../../src-main/core/devices'
import { memoryLogger } from '../helpers/memory-logger'

const dir = () => mkdtempSync(join(tmpdir(), 'sunspill-atomic-'))
const mode = (file: string) => statSync(file).mode & 0o777

describe('writing JSON atomically', () => {
  it('writes indented JSON with a final newline, creating the folder, and leaves no temporary file', () => {
    const root = dir()
    const file = join(root, 'deep', 'a.json')
    writeJsonAtomic(file, { a: 1 })
    expect(readFileSync(file, 'utf8')).toBe('{\n  "a": 1\n}\n')
    expect(readdirSync(join(root, 'deep'))).toEqual(['a.json'])
  })

  it('keeps a private file private, even over a temporary file a crash left readable', () => {
    const root = dir()
    const file = join(root, 's.json')
    writeFileSync(`${file}.${process.pid}.tmp`, 'left over', { mode: 0o644 })
    chmodSync(`${file}.${process.pid}.tmp`, 0o644)
    writeJsonAtomic(file, { k: 'v' }, { mode: 0o600, pretty: false })
    expect(readFileSync(file, 'utf8')).toBe('{"k":"v"}')
    expect(mode(file)).toBe(0o600)
    expect(readdirSync(root)).toEqual(['s.json'])
  })

  it('leaves the old file whole and no temporary file behind when the write fails', () => {
    const root = dir()
    const file = join(root, 'a.json')
    writeJsonAtomic(file, { a: 1 })
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => writeJsonAtomic(file, cyclic)).toThrow()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 1 })
    expect(readdirSync(root)).toEqual(['a.json'])
  })
})

describe('the yields file', () => {
  it('reads files that still say what the charger was found set to', () => {
    const file = join(dir(), 'control-yields.json')
    const record = { chargerId: 'wb:1', label: 'Garage', message: 'Paused outside Sunspill.', atMs: 5 }
    writeFileSync(file, JSON.stringify({ yields: [{ ...record, found: { on: false, currentA: 16 } }] }))
    expect(yieldFile(file, memoryLogger()).load()).toEqual([record])
  })

  it('forgets the yields of chargers no longer set up, but not of an account that could not be reached', () => {
    const file = join(dir(), 'control-yields.json')
    const store = yieldFile(file, memoryLogger())
    const yields = ['wb:1', 'ca:2:1', 'a2:3'].map((chargerId) => ({ chargerId, label: chargerId, message: 'Paused outside Sunspill.', atMs: 0 }))
    store.save(yields)
    const watch = new ControlWatch({ logger: memoryLogger(), yieldStore: store, handOffTimeoutMs: 1_000, nowMs: 0 })
    // Wallbox is there; the Charge Amps account was removed; the A2 account is set up but its cloud is down.
    watch.siteBuilt({ meter: null, battery: null, tariff: null, chargers: [{ id: 'wb:1' } as Charger] }, ['a2'])
    expect(store.load().map((r) => r.chargerId)).toEqual(['wb:1', 'a2:3'])
    expect(watch.yielded('ca:2:1')).toBeNull()
    expect(watch.yielded('wb:1')).toBe('Paused outside Sunspill.')
  })
})
