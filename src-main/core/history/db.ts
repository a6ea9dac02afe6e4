/**
 * The SQLite file behind the history, through node-sqlite3-wasm: SQLite compiled to WebAssembly
 * with a VFS that reads and writes the file with Node's fs (and fsyncs it). No native module, so
 * the same package runs in Node 20, in Electron's Node 24 and in a packaged app without a rebuild,
 * and every commit is SQLite's own atomic commit, through its write-ahead log.
 *
 * One process owns the file. node-sqlite3-wasm locks with a "<file>.lock" directory, which a
 * killed process leaves behind; SQLite would then see a lock held for ever. So we keep an owner
 * file with our pid, and when its owner is gone we remove the stale lock before opening.
 *
 * That same lock cannot tell SQLite's own lock from someone else's, so SQLite never rolls back a
 * rollback journal a killed process left: the history runs in WAL mode (store.ts), whose recovery
 * does not ask, and a journal left by a file from before that is played back here first
 * (rollback-journal.ts).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import sqlite from 'node-sqlite3-wasm'
import { rollBackHotJournal, type RollbackResult } from './rollback-journal'

export type SqlValue = number | string | null
export type Row = Record<string, SqlValue>

export class HistoryUnavailable extends Error {
  override name = 'HistoryUnavailable'
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class Db {
  private readonly db: InstanceType<typeof sqlite.Database>
  private readonly ownerFile: string
  /** What a journal left by an interrupted write put back before the file opened; null when none. */
  readonly rolledBack: RollbackResult | null

  private constructor(readonly file: string) {
    this.ownerFile = `${file}.owner`
    this.claim()
    this.rolledBack = rollBackHotJournal(file)
    this.db = new sqlite.Database(file)
  }

  static open(file: string): Db {
    mkdirSync(dirname(file), { recursive: true })
    return new Db(file)
  }

  private claim() {
    let owner: number | null = null
    try {
      owner = Number(readFileSync(this.ownerFile, 'utf8').trim())
    } catch {
      owner = null
    }
    if (owner !== null && owner !== process.pid && processAlive(owner)) {
      throw new HistoryUnavailable(
        `Another Sunspill (process ${owner}) is recording into ${this.file}. Quit it, or start this one with its own data folder.`,
      )
    }
    // Left by a process that was killed mid-transaction: without this SQLite would wait on it for ever.
    rmSync(`${this.file}.lock`, { recursive: true, force: true })
    writeFileSync(this.ownerFile, String(process.pid))
  }

  exec(sql: string): void {
    this.db.exec(sql)
  }

  run(sql: string, values: SqlValue[] = []): { changes: number; lastInsertRowid: number } {
    const result = this.db.run(sql, values)
    return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) }
  }

  all<T = Row>(sql: string, values: SqlValue[] = []): T[] {
    return this.db.all(sql, values) as T[]
  }

  get<T = Row>(sql: string, values: SqlValue[] = []): T | null {
    return (this.db.get(sql, values) as T | null) ?? null
  }

  /** Runs fn in one transaction: all of it lands on disk, or none of it does. */
  tx<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const result = fn()
      this.db.exec('COMMIT')
      return result
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      throw error
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close()
    rmSync(this.ownerFile, { force: true })
  }
}
