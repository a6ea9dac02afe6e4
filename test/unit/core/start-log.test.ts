import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startCapWaitS } from '../../../src-main/core/control/start-cap'
import type { ControlConfig } from '../../../src-main/core/control/types'
import { startFile, StartLog } from '../../../src-main/core/site/start-log'
import { chargerInput } from '../control/fixtures'

const MIN = 60_000
const T0 = Date.UTC(2026, 0, 15, 2, 0)

function fileLog() {
  const path = join(mkdtempSync(join(tmpdir(), 'sunspill-starts-')), 'control-starts.json')
  const warns: string[] = []
  const open = () => new StartLog(startFile(path, { warn: (message: string) => void warns.push(message) }))
  return { path, warns, open }
}

describe('the starts-per-hour log', () => {
  it('keeps this hour’s starts across a restart, so the cap still holds a fourth start back', () => {
    const { open } = fileLog()
    const before = open()
    for (const m of [0, 10, 20]) before.note('garage', T0 + m * MIN)

    const afterRestart = open()
    const recentStartsMs = afterRestart.recent('garage', T0 + 25 * MIN)
    expect(recentStartsMs).toEqual([T0, T0 + 10 * MIN, T0 + 20 * MIN])
    const config = { maxStartsPerHour: 3 } as ControlConfig
    expect(startCapWaitS(chargerInput({ recentStartsMs }), config, T0 + 25 * MIN)).toBe(35 * 60)
  })

  it('forgets starts older than an hour and ignores ones from a clock that was ahead', () => {
    const { open } = fileLog()
    const log = open()
    log.note('garage', T0)
    log.note('garage', T0 + 20 * MIN)
    expect(open().recent('garage', T0 + 70 * MIN)).toEqual([T0 + 20 * MIN])
    // Noted by a clock running an hour ahead, then read with the right time.
    expect(open().recent('garage', T0 + 20 * MIN - 60 * MIN)).toEqual([])
  })

  it('keeps each charger’s starts apart', () => {
    const { open } = fileLog()
    const log = open()
    log.note('garage', T0)
    log.note('carport', T0 + MIN)
    expect(open().recent('carport', T0 + 2 * MIN)).toEqual([T0 + MIN])
  })

  it('starts afresh from a corrupt file, says so, and writes a good one at the next start', () => {
    const { path, warns, open } = fileLog()
    writeFileSync(path, '{"starts": {"garage": "yesterday"')
    const log = open()
    expect(log.recent('garage', T0)).toEqual([])
    expect(warns).toEqual([`${path} could not be read; the starts-per-hour count begins afresh`])
    log.note('garage', T0)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ starts: { garage: [T0] } })
  })
})
