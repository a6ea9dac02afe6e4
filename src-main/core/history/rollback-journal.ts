/**
 * Rolls back a hot SQLite rollback journal without SQLite, for history files written before the
 * history moved to WAL. node-sqlite3-wasm's file lock answers "is someone else writing?" with yes
 * whenever its lock directory exists, its own included, so SQLite never treats a journal left by a
 * killed process as hot and reads the half-written pages instead: the file was malformed. This
 * plays the journal back the way SQLite's pager does, following the format in
 * https://www.sqlite.org/fileformat.html#the_rollback_journal, before SQLite opens the file.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, statSync, writeSync } from 'node:fs'

const MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7])
const HEADER_BYTES = 28

export interface RollbackResult {
  /** Pages put back as they were before the interrupted transaction. */
  pages: number
}

/** Plays back `<file>-journal` if it is hot; null when there is nothing to roll back. */
export function rollBackHotJournal(file: string): RollbackResult | null {
  const journalFile = `${file}-journal`
  // An empty database has nothing a journal could restore (SQLite deletes such a journal).
  if (!existsSync(journalFile) || !existsSync(file) || statSync(file).size === 0) return null
  const journal = openSync(journalFile, 'r+')
  try {
    const first = readAt(journal, 0, HEADER_BYTES)
    if (first.length < HEADER_BYTES || !first.subarray(0, 8).equals(MAGIC)) return null
    const db = openSync(file, 'r+')
    try {
      const pages = playBack(journal, db)
      fsyncSync(db)
      // As SQLite does in PERSIST mode: a zeroed header makes the journal cold.
      writeSync(journal, Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0)
      fsyncSync(journal)
      return { pages }
    } finally {
      closeSync(db)
    }
  } finally {
    closeSync(journal)
  }
}

function playBack(journal: number, db: number): number {
  const journalBytes = fstatSync(journal).size
  const restored = new Set<number>()
  let initialPages: number | null = null
  let pageSize = 0
  let sectorSize = 0
  let offset = 0
  // A journal holds one or more segments, each a header (padded to a sector, and starting on one)
  // and its page records.
  for (;;) {
    if (sectorSize > 0) offset = Math.ceil(offset / sectorSize) * sectorSize
    if (offset + HEADER_BYTES > journalBytes) break
    const header = readAt(journal, offset, HEADER_BYTES)
    if (!header.subarray(0, 8).equals(MAGIC)) break
    let records = header.readUInt32BE(8)
    const nonce = header.readUInt32BE(12)
    if (initialPages === null) {
      // As SQLite does, the first header's sizes hold for the whole journal; a header that does
      // not make sense means there is nothing to play back, and the file is left as it is.
      sectorSize = header.readUInt32BE(20)
      pageSize = header.readUInt32BE(24)
      if (!validPageSize(pageSize) || !validSectorSize(sectorSize)) return 0
      initialPages = header.readUInt32BE(16)
    }
    offset += sectorSize
    const recordBytes = pageSize + 8
    if (records === 0xffffffff) records = Math.floor((journalBytes - offset) / recordBytes)
    for (let i = 0; i < records && offset + recordBytes <= journalBytes; i++, offset += recordBytes) {
      const record = readAt(journal, offset, recordBytes)
      const pageNumber = record.readUInt32BE(0)
      const page = record.subarray(4, 4 + pageSize)
      // A record that does not add up was never finished: the transaction did not get further.
      if (pageNumber === 0 || checksum(page, nonce) !== record.readUInt32BE(4 + pageSize)) return finish()
      // The first copy of a page is its content before the transaction.
      if (restored.has(pageNumber) || pageNumber > initialPages!) continue
      writeSync(db, page, 0, pageSize, (pageNumber - 1) * pageSize)
      restored.add(pageNumber)
    }
  }
  return finish()

  function finish(): number {
    if (initialPages !== null) ftruncateSync(db, initialPages * pageSize)
    return restored.size
  }
}

/** SQLite's journal checksum: the nonce plus every 200th byte, counted back from the page's end. */
function checksum(page: Buffer, nonce: number): number {
  let sum = nonce
  for (let i = page.length - 200; i >= 0; i -= 200) sum = (sum + page[i]!) >>> 0
  return sum
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length)
  const read = readSync(fd, buffer, 0, length, position)
  return buffer.subarray(0, read)
}

const powerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0
const validPageSize = (n: number) => powerOfTwo(n) && n >= 512 && n <= 65536
const validSectorSize = (n: number) => powerOfTwo(n) && n >= 32 && n <= 65536
