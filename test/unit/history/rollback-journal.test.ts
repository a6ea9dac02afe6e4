/**
 * A history file from before the move to WAL may hold a rollback journal a killed Sunspill left.
 * SQLite, through node-sqlite3-wasm's lock, would not roll it back and would read half-written
 * pages; rollBackHotJournal puts the pages back first.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import sqlite from 'node-sqlite3-wasm'
import { describe, expect, it } from 'vitest'
import { rollBackHotJournal } from '../../../src-main/core/history/rollback-journal'
import { HistoryStore } from '../../../src-main/core/history/store'

const root = resolve(__dirname, '../../..')
const MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7])

/** A file of 5000 rows, then a transaction rewriting all of them, killed after it spilled to disk. */
function interruptedFile(synchronous: 'FULL' | 'OFF' = 'FULL'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sunspill-journal-')), 'history.sqlite')
  const script = `
    const sqlite = require('node-sqlite3-wasm')
    const db = new sqlite.Database(process.argv[1])
    db.exec('PRAGMA locking_mode = EXCLUSIVE'); db.exec('PRAGMA journal_mode = PERSIST'); db.exec('PRAGMA cache_size = 10'); db.exec('PRAGMA synchronous = ' + process.argv[2])
    db.exec('CREATE TABLE t (x, y)'); db.exec('CREATE INDEX ty ON t (y)')
    db.exec('BEGIN'); for (let i = 0; i < 5000; i++) db.run('INSERT INTO t VALUES (?, ?)', [i, 'a'.repeat(50) + i]); db.exec('COMMIT')
    db.exec('BEGIN'); db.run("UPDATE t SET y = 'b' || y")
    process.kill(process.pid, 'SIGKILL')`
  const run = spawnSync(process.execPath, ['-e', script, file, synchronous], { env: { ...process.env, NODE_PATH: join(root, 'node_modules') } })
  expect(run.signal).toBe('SIGKILL')
  expect(readFileSync(`${file}-journal`).subarray(0, 8).equals(MAGIC)).toBe(true)
  // The lock directory a killed writer leaves behind; the history removes it the same way (db.ts).
  rmSync(`${file}.lock`, { recursive: true, force: true })
  return file
}

function read(file: string): { rewritten: number; rows: number; integrity: string } {
  const db = new sqlite.Database(file)
  try {
    // As the history opens it: a WAL file without shared memory needs the exclusive lock.
    db.exec('PRAGMA locking_mode = EXCLUSIVE')
    return {
      rewritten: Number(db.get("SELECT count(*) AS n FROM t WHERE y LIKE 'b%'")?.n),
      rows: Number(db.get('SELECT count(*) AS n FROM t')?.n),
      integrity: String(db.get('PRAGMA integrity_check')?.integrity_check),
    }
  } finally {
    db.close()
  }
}

describe('a rollback journal left by a killed writer', () => {
  it('is not rolled back by SQLite through this lock: the file reads malformed', () => {
    const file = interruptedFile()
    expect(() => read(file)).toThrow(/malformed/)
  })

  it('is played back before opening: the interrupted rewrite is gone and the file is whole', () => {
    const file = interruptedFile()
    expect(rollBackHotJournal(file)?.pages).toBeGreaterThan(0)
    expect(read(file)).toEqual({ rewritten: 0, rows: 5000, integrity: 'ok' })
    // Cold now: a second look finds nothing to do.
    expect(rollBackHotJournal(file)).toBeNull()
  })

  it('is played back when the history opens such a file, which then moves to WAL', () => {
    const file = interruptedFile()
    const store = HistoryStore.open(file)
    try {
      expect(store.integrityCheck()).toBe('ok')
      expect(store.rolledBackPages).toBeGreaterThan(0)
    } finally {
      store.close()
    }
    expect(read(file)).toEqual({ rewritten: 0, rows: 5000, integrity: 'ok' })
    expect(existsSync(`${file}-journal`)).toBe(false)
  })

  it('is left alone when its header makes no sense, rather than cutting the file short', () => {
    const file = interruptedFile()
    const journal = readFileSync(`${file}-journal`)
    journal.writeUInt32BE(3, 20)
    writeFileSync(`${file}-journal`, journal)
    const before = statSync(file).size
    expect(rollBackHotJournal(file)).toEqual({ pages: 0 })
    expect(statSync(file).size).toBe(before)
  })

  it('plays back a journal whose record count says "to the end" (written without fsync)', () => {
    const file = interruptedFile('OFF')
    expect(readFileSync(`${file}-journal`).readUInt32BE(8)).toBe(0xffffffff)
    expect(rollBackHotJournal(file)?.pages).toBeGreaterThan(0)
    expect(read(file)).toEqual({ rewritten: 0, rows: 5000, integrity: 'ok' })
  })
})

