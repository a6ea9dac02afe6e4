import { describe, expect, it } from 'vitest'
import {
  ChargerOwnership,
  agrees,
  commanded,
  freshOwnership,
  judge,
  kept,
  lowersCharging,
  settleMsFor,
  timingFor,
  wantedSetpoint,
  type OwnershipMemory,
  type YieldRecord,
} from '../../../src-main/core/site/ownership'

const POLL_MS = 60_000
const TIMING = timingFor(POLL_MS)
const SETTLE_MS = TIMING.settleMs
const at16 = { on: true, currentA: 16 }
const at10 = { on: true, currentA: 10 }

/** Judged as the reading arrives: the loop's time is the data's. */
const judgeNow = (memory: OwnershipMemory, observation: Parameters<typeof judge>[1]) => judge(memory, observation, TIMING, observation.dataAtMs ?? 0)

/** Commanded 16 A at t=0 with a car plugged in. */
function afterCommand(): OwnershipMemory {
  return commanded({ ...freshOwnership(), connected: true }, at16, 0)
}

describe('one controller per charger: the rule', () => {
  it('waits two read cycles plus the cloud lag, and at least two minutes, before trusting a report', () => {
    expect(settleMsFor(60_000)).toBe(180_000)
    expect(settleMsFor(10_000)).toBe(120_000)
  })

  it('ignores what the charger says until its data is newer than the command plus the settle time', () => {
    // A cloud still answering from its cache before the command.
    const early = judgeNow(afterCommand(), { setpoint: at10, connected: true, dataAtMs: SETTLE_MS - 1 })
    expect(early.verdict).toEqual({ kind: 'ours' })
    expect(early.memory.suspect).toBeNull()
  })

  it('holds off after one differing reading and yields when a later reading confirms it', () => {
    const first = judgeNow(afterCommand(), { setpoint: at10, connected: true, dataAtMs: SETTLE_MS + 1 })
    expect(first.verdict).toEqual({ kind: 'suspect' })
    // The same data again (a cached answer) is not a second sighting.
    const same = judgeNow(first.memory, { setpoint: at10, connected: true, dataAtMs: SETTLE_MS + 1 })
    expect(same.verdict).toEqual({ kind: 'suspect' })
    const second = judgeNow(same.memory, { setpoint: at10, connected: true, dataAtMs: SETTLE_MS + 60_000 })
    expect(second.verdict).toEqual({ kind: 'foreign', expected: at16, found: at10 })
  })

  it('forgets a suspicion when the charger reports what was commanded after all', () => {
    const first = judgeNow(afterCommand(), { setpoint: at10, connected: true, dataAtMs: SETTLE_MS + 1 })
    const back = judgeNow(first.memory, { setpoint: at16, connected: true, dataAtMs: SETTLE_MS + 60_000 })
    expect(back.verdict).toEqual({ kind: 'ours' })
    const again = judgeNow(back.memory, { setpoint: at10, connected: true, dataAtMs: SETTLE_MS + 120_000 })
    expect(again.verdict).toEqual({ kind: 'suspect' })
  })

  it('a new command of the loop restarts the settle time', () => {
    const first = judgeNow(afterCommand(), { setpoint: at10, connected: true, dataAtMs: SETTLE_MS + 1 })
    const recommanded = commanded(first.memory, at10, SETTLE_MS + 5_000)
    expect(recommanded.suspect).toBeNull()
    expect(judgeNow(recommanded, { setpoint: at10, connected: true, dataAtMs: 2 * SETTLE_MS + 10_000 }).verdict).toEqual({ kind: 'ours' })
  })

  it('plugging in or out starts afresh: a pause ends with its session', () => {
    const paused = commanded({ ...freshOwnership(), connected: true }, { on: false, currentA: null }, 0)
    const unplugged = judgeNow(paused, { setpoint: { on: true, currentA: 16 }, connected: false, dataAtMs: SETTLE_MS + 1 })
    expect(unplugged.verdict).toEqual({ kind: 'ours' })
    expect(unplugged.memory.expected).toBeNull()
  })

  it('compares on/off only with a car plugged in, and only the fields both sides know', () => {
    expect(agrees({ on: false, currentA: null }, { on: true, currentA: 16 }, false)).toBe(true)
    expect(agrees({ on: false, currentA: null }, { on: true, currentA: 16 }, true)).toBe(false)
    expect(agrees({ on: null, currentA: 16 }, { on: false, currentA: 16.2 }, true)).toBe(true)
    expect(agrees({ on: true, currentA: 16 }, { on: true, currentA: null }, true)).toBe(true)
  })

  it('bounds the wait: a setting that keeps changing elsewhere is confirmed, and no newer data lets the loop go on', () => {
    expect(TIMING.maxWaitMs).toBe(120_000)
    expect(timingFor(10_000).maxWaitMs).toBe(60_000)
    const t0 = SETTLE_MS + 1
    const first = judgeNow(afterCommand(), { setpoint: at10, connected: true, dataAtMs: t0 })
    // Newer data differing another way restarts nothing: still the first suspicion's clock.
    const other = judgeNow(first.memory, { setpoint: { on: true, currentA: 12 }, connected: true, dataAtMs: t0 + 60_000 })
    expect(other.verdict).toEqual({ kind: 'suspect' })
    expect(other.memory.suspect?.sinceMs).toBe(t0)
    const third = judge(other.memory, { setpoint: { on: true, currentA: 8 }, connected: true, dataAtMs: t0 + 120_000 }, TIMING, t0 + 120_000)
    expect(third.verdict).toEqual({ kind: 'foreign', expected: at16, found: { on: true, currentA: 8 } })

    // The same data for longer than the wait: the loop controls again, and a newer differing reading still decides.
    const stuck = judge(first.memory, { setpoint: at10, connected: true, dataAtMs: t0 }, TIMING, t0 + TIMING.maxWaitMs - 1)
    expect(stuck.verdict).toEqual({ kind: 'suspect' })
    const waited = judge(stuck.memory, { setpoint: at10, connected: true, dataAtMs: t0 }, TIMING, t0 + TIMING.maxWaitMs)
    expect(waited.verdict).toEqual({ kind: 'ours' })
    const later = judge(waited.memory, { setpoint: at10, connected: true, dataAtMs: t0 + 200_000 }, TIMING, t0 + 200_000)
    expect(later.verdict.kind).toBe('foreign')
  })

  it('lets cuts and stops through while a change elsewhere is being confirmed, never a raise or a start', () => {
    const charging = { enabled: true, offeredA: 16 }
    expect(lowersCharging(charging, true, 10)).toBe(true)
    expect(lowersCharging(charging, false, 0)).toBe(true)
    expect(lowersCharging(charging, true, 16)).toBe(false)
    expect(lowersCharging(charging, true, 20)).toBe(false)
    expect(lowersCharging({ enabled: false, offeredA: 0 }, true, 6)).toBe(false)
    expect(lowersCharging({ enabled: false, offeredA: 0 }, false, 0)).toBe(false)
  })

  it('a report withheld (a command on its way) is never judged', () => {
    expect(judgeNow(afterCommand(), { setpoint: null, connected: true, dataAtMs: 10 * SETTLE_MS }).verdict).toEqual({ kind: 'ours' })
  })

  it('keeps what the loop found already set as the baseline, without resetting a command’s settle time', () => {
    const start = { ...freshOwnership(), connected: true }
    expect(kept(start, at16, at10, true, 5).expected).toBeNull()
    const adopted = kept(start, at16, at16, true, 5)
    expect(adopted.expected).toEqual({ setpoint: at16, atMs: 5 })
    expect(kept(afterCommand(), at16, at16, true, 99).expected?.atMs).toBe(0)
  })

  it('asks of each kind of charger only what the runtime sends it', () => {
    expect(wantedSetpoint({ switchable: { setEnabled: async () => {} }, current: { minA: 6, maxA: 32, stepA: 1, setCurrent: async () => {} } }, true, 12)).toEqual({ on: true, currentA: 12 })
    expect(wantedSetpoint({ switchable: { setEnabled: async () => {} }, current: { minA: 6, maxA: 32, stepA: 1, setCurrent: async () => {} } }, false, 0)).toEqual({ on: false, currentA: null })
    expect(wantedSetpoint({ current: { minA: 6, maxA: 32, stepA: 1, setCurrent: async () => {} } }, false, 0)).toEqual({ on: null, currentA: 0 })
    expect(wantedSetpoint({ switchable: { setEnabled: async () => {} } }, true, 16)).toEqual({ on: true, currentA: null })
  })
})

describe('one controller per charger: the registry', () => {
  function memoryStore(initial: YieldRecord[] = []) {
    let saved = initial
    return { load: () => saved, save: (records: YieldRecord[]) => void (saved = records), saved: () => saved }
  }

  it('yields once confirmed, says why, persists it, and hands control back only when asked', () => {
    const store = memoryStore()
    const ownership = new ChargerOwnership(store)
    ownership.commanded('wb', at16, 0)
    const see = (dataAtMs: number) => ownership.observe('wb', 'Garage', { setpoint: at10, connected: true, dataAtMs }, POLL_MS, dataAtMs)
    expect(see(1_000)).toBe('control')
    expect(see(SETTLE_MS + 1)).toBe('wait')
    expect(see(SETTLE_MS + 60_000)).toBe('hold')
    expect(ownership.holdReason('wb')).toMatch(/^Set to 10 A outside Sunspill .*Sunspill has stopped controlling this charger/)
    expect(ownership.drainNewYields().map((r) => r.label)).toEqual(['Garage'])
    expect(ownership.drainNewYields()).toEqual([])
    expect(store.saved().map((r) => r.chargerId)).toEqual(['wb'])

    // A restart reads the yield back: no silent return to the fight.
    const restarted = new ChargerOwnership(store)
    expect(restarted.observe('wb', 'Garage', { setpoint: at10, connected: true, dataAtMs: 10 * SETTLE_MS }, POLL_MS, 0)).toBe('hold')
    expect(restarted.takeBack('wb')).toBe(true)
    expect(store.saved()).toEqual([])
    expect(restarted.observe('wb', 'Garage', { setpoint: at10, connected: true, dataAtMs: 11 * SETTLE_MS }, POLL_MS, 0)).toBe('control')
  })

  it('holds every charger while handed off for missing data, and starts afresh when it returns', () => {
    const ownership = new ChargerOwnership()
    ownership.commanded('wb', at16, 0)
    ownership.handOffAll('No data.')
    expect(ownership.observe('wb', 'Garage', { setpoint: at16, connected: true, dataAtMs: 1 }, POLL_MS, 1)).toBe('hold')
    expect(ownership.holdReason('wb')).toBe('No data.')
    ownership.retakeAll()
    // The hand-off changed the charger: that is not someone else's change.
    expect(ownership.observe('wb', 'Garage', { setpoint: { on: false, currentA: 16 }, connected: true, dataAtMs: 10 * SETTLE_MS }, POLL_MS, 1)).toBe('control')
    expect(ownership.holdReason('wb')).toBeNull()
  })

  it('drops the yields of chargers no longer set up, and keeps the others', () => {
    const store = memoryStore([
      { chargerId: 'wb:1', label: 'Garage', message: 'Paused outside Sunspill', atMs: 0 },
      { chargerId: 'ca:2:1', label: 'Carport', message: 'Paused outside Sunspill', atMs: 0 },
    ])
    const ownership = new ChargerOwnership(store)
    expect(ownership.prune((id) => id === 'wb:1')).toEqual(['Carport'])
    expect(store.saved().map((r) => r.chargerId)).toEqual(['wb:1'])
    expect(ownership.isYielded('ca:2:1')).toBe(false)
    expect(ownership.isYielded('wb:1')).toBe(true)
    // Nothing gone, nothing written.
    let writes = 0
    const counted = new ChargerOwnership({ load: () => store.saved(), save: () => void writes++ })
    expect(counted.prune(() => true)).toEqual([])
    expect(writes).toBe(0)
  })
})
