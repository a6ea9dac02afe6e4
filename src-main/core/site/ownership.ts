/**
 * One controller per charger. When a charger's own setting (its current, or whether it may charge)
 * changes in a way this Sunspill did not command — another Sunspill, the vendor's app, the
 * charger's own schedule — the two would otherwise take turns undoing each other, each change a
 * cloud write against a rate budget. So Sunspill notices, stops commanding that charger (yields),
 * says so, and waits for the user to take control back.
 *
 * Noticing must not mistake the loop's own commands for someone else's: clouds pass a command on
 * in tens of seconds and some answer from caches meanwhile. A reading is only judged once its data
 * is newer than our last command plus a settle time, and a difference must be seen in two readings
 * with different data times before Sunspill yields. Between the two it sends nothing that would
 * raise the charging, so a single stale answer costs one skipped raise at most; a cut or a stop
 * (the fuse, a price spike) goes through regardless, safety first. The wait is bounded: past it,
 * the next newer reading that still differs settles it, and until one comes the loop controls as
 * usual (what it then sends is the new starting point).
 *
 * The user's own changes through Sunspill (mode, on/off, limit in the popover) reach the charger
 * as the loop's commands, so they are Sunspill's. Direct actions on a charger's settings page
 * (lock, fields, schedules) call forget(): whatever they lead to is the new starting point.
 *
 * A yield lasts until the user takes control back, across restarts too: after a restart Sunspill
 * cannot tell who set the charger, and taking it back silently would restart the fight the yield
 * ended. The popover keeps saying so, with the button to take control back, so nothing is hidden.
 */
import type { Charger, ChargerReading, ChargerSetpoint } from '../devices'

/** How long a cloud takes to pass a command on and report it, on top of the charger's read cadence. */
const CLOUD_LAG_MS = 30_000
/** Never judge sooner than this after a command: a wrong yield costs far more than one late notice. */
const MIN_SETTLE_MS = 120_000
/** Amps closer than this are the same setting (vendors round). */
const CURRENT_TOLERANCE_A = 0.5
/** A suspicion holds commands back at least this long, however fast the charger is read. */
const MIN_WAIT_MS = 60_000

/** Time after a command before the charger's report of it is trusted: two read cycles plus the cloud's lag. */
export function settleMsFor(pollMs: number): number {
  return Math.max(MIN_SETTLE_MS, 2 * (pollMs + CLOUD_LAG_MS))
}

interface Timing {
  /** After a command, how long before the charger's report is judged. */
  settleMs: number
  /** How long one differing reading holds the loop's raises back while a newer reading is awaited. */
  maxWaitMs: number
}

/** The settle time, and a wait of two read cycles (at least a minute) for a reading to confirm a suspicion. */
export function timingFor(pollMs: number): Timing {
  return { settleMs: settleMsFor(pollMs), maxWaitMs: Math.max(MIN_WAIT_MS, 2 * pollMs) }
}

interface Observation {
  /** What the charger reports it is set to; null while unknown or while a command is on its way. */
  setpoint: ChargerSetpoint | null
  connected: boolean
  /** When the reported data came from the charger; null when it never reported. */
  dataAtMs: number | null
}

export interface OwnershipMemory {
  /** What Sunspill last commanded, or found already set and kept, and when. */
  expected: { setpoint: ChargerSetpoint; atMs: number } | null
  /** A different setting seen once, waiting for a second reading to confirm it, and since when (the loop's time). */
  suspect: { setpoint: ChargerSetpoint; dataAtMs: number; sinceMs: number } | null
  /** Plugging in or out resets a charger's session (a pause ends with it), so it resets the baseline. */
  connected: boolean | null
}

export const freshOwnership = (): OwnershipMemory => ({ expected: null, suspect: null, connected: null })

type Verdict =
  /** Nothing says someone else is in charge: control as usual. */
  | { kind: 'ours' }
  /** One reading differs: send only cuts and stops until a newer one tells. */
  | { kind: 'suspect' }
  /** Confirmed: the charger was set to something Sunspill did not command. */
  | { kind: 'foreign'; expected: ChargerSetpoint; found: ChargerSetpoint }

/** True when every field both sides know agrees; on/off is only compared with a car plugged in. */
export function agrees(expected: ChargerSetpoint, reported: ChargerSetpoint, connected: boolean): boolean {
  if (connected && expected.on !== null && reported.on !== null && expected.on !== reported.on) return false
  if (expected.currentA !== null && reported.currentA !== null && Math.abs(expected.currentA - reported.currentA) > CURRENT_TOLERANCE_A) {
    return false
  }
  return true
}

function same(a: ChargerSetpoint, b: ChargerSetpoint): boolean {
  return a.on === b.on && (a.currentA === b.currentA || (a.currentA !== null && b.currentA !== null && Math.abs(a.currentA - b.currentA) <= CURRENT_TOLERANCE_A))
}

/** Judges one reading, at the loop's time nowMs, against what Sunspill last commanded. Pure. */
export function judge(memory: OwnershipMemory, observation: Observation, timing: Timing, nowMs: number): { memory: OwnershipMemory; verdict: Verdict } {
  const ours = (next: OwnershipMemory) => ({ memory: next, verdict: { kind: 'ours' } as const })
  const { setpoint, connected, dataAtMs } = observation
  if (memory.connected !== null && memory.connected !== connected) return ours({ expected: null, suspect: null, connected })
  const base = { ...memory, connected }
  const expected = memory.expected
  if (!expected || !setpoint || dataAtMs === null) return ours({ ...base, suspect: null })
  // The charger may still be answering from before the command, or not have applied it yet.
  if (dataAtMs < expected.atMs + timing.settleMs) return ours({ ...base, suspect: null })
  if (agrees(expected.setpoint, setpoint, connected)) return ours({ ...base, suspect: null })
  const suspect = memory.suspect
  const waitedOut = suspect !== null && nowMs - suspect.sinceMs >= timing.maxWaitMs
  // Seen again in newer data; or, past the wait, newer data still differs (someone keeps changing it).
  if (suspect && dataAtMs > suspect.dataAtMs && (same(suspect.setpoint, setpoint) || waitedOut)) {
    return { memory: { ...base, suspect: null }, verdict: { kind: 'foreign', expected: expected.setpoint, found: setpoint } }
  }
  // Past the wait with no newer data to tell: control as usual; a newer reading still decides.
  if (suspect && waitedOut) return ours({ ...base, suspect })
  // A first sighting, or a later reading that differs again in another way: wait for one more.
  const keep = suspect && same(suspect.setpoint, setpoint) ? suspect : { setpoint, dataAtMs, sinceMs: suspect?.sinceMs ?? nowMs }
  return { memory: { ...base, suspect: keep }, verdict: { kind: 'suspect' } }
}

/** The loop sent this to the charger now. */
export function commanded(memory: OwnershipMemory, sent: ChargerSetpoint, atMs: number): OwnershipMemory {
  return { ...memory, expected: { setpoint: sent, atMs }, suspect: null }
}

/**
 * The loop wanted this and sent nothing because the charger already had it: it becomes the
 * baseline, so a later change is noticed even when Sunspill never had to command the charger.
 */
export function kept(memory: OwnershipMemory, wanted: ChargerSetpoint, reported: ChargerSetpoint | null, connected: boolean, atMs: number): OwnershipMemory {
  if (!reported || !agrees(wanted, reported, connected)) return memory
  if (memory.expected && same(memory.expected.setpoint, wanted)) return memory
  return { ...memory, expected: { setpoint: wanted, atMs } }
}

/**
 * What the loop wants takes current away from the car (a lower current, a pause or a stop): sent
 * even while a change elsewhere waits to be confirmed, since a fuse cut must not wait on who owns
 * the charger. Enabling a paused charger is never a cut.
 */
export function lowersCharging(reading: Pick<ChargerReading, 'enabled' | 'offeredA'>, wantOn: boolean, targetA: number): boolean {
  if (!wantOn) return reading.enabled || reading.offeredA > 0
  return reading.enabled && targetA < reading.offeredA
}

/** "Set to 10 A", "Paused", "Switched on": what changed, for the popover and the log. */
function describeChange(expected: ChargerSetpoint, found: ChargerSetpoint): string {
  if (expected.on !== null && found.on !== null && expected.on !== found.on) return found.on ? 'Switched on' : 'Paused'
  if (found.currentA !== null) return found.currentA === 0 ? 'Set to 0 A' : `Set to ${formatAmps(found.currentA)}`
  return 'Changed'
}

function formatAmps(a: number): string {
  return `${Math.round(a * 10) / 10} A`
}

function yieldMessage(change: string): string {
  return `${change} outside Sunspill (in another app or by a schedule), so Sunspill has stopped controlling this charger.`
}

export interface YieldRecord {
  chargerId: string
  label: string
  /** The sentence the popover shows. */
  message: string
  atMs: number
}

/** Where yields are kept between runs; the core passes a small file in its data folder. */
export interface YieldStore {
  load(): YieldRecord[]
  save(records: YieldRecord[]): void
}

/**
 * The registry the runtime consults each tick, kept by the core so it survives the runtime being
 * rebuilt when settings change.
 */
export class ChargerOwnership {
  private readonly memories = new Map<string, OwnershipMemory>()
  private readonly yields = new Map<string, YieldRecord>()
  private readonly fresh: YieldRecord[] = []
  /** Set while every charger is handed off (all data stale): the runtime reads but commands nothing. */
  private handedOff: string | null = null
  private readonly toReassert = new Set<string>()

  constructor(private readonly store: YieldStore | null = null) {
    for (const record of store?.load() ?? []) this.yields.set(record.chargerId, record)
  }

  /**
   * Judges a reading of a charger read every pollMs: the loop commands it, sends only cuts and
   * stops this tick ('wait'), or only watches it ('hold').
   */
  observe(chargerId: string, label: string, observation: Observation, pollMs: number, nowMs: number): 'control' | 'wait' | 'hold' {
    if (this.handedOff !== null || this.yields.has(chargerId)) return 'hold'
    const { memory, verdict } = judge(this.memory(chargerId), observation, timingFor(pollMs), nowMs)
    this.memories.set(chargerId, memory)
    if (verdict.kind === 'suspect') return 'wait'
    if (verdict.kind === 'ours') return 'control'
    const change = describeChange(verdict.expected, verdict.found)
    const record: YieldRecord = { chargerId, label, message: yieldMessage(change), atMs: nowMs }
    this.yields.set(chargerId, record)
    this.fresh.push(record)
    this.persist()
    return 'hold'
  }

  commanded(chargerId: string, sent: ChargerSetpoint, atMs: number): void {
    this.memories.set(chargerId, commanded(this.memory(chargerId), sent, atMs))
  }

  kept(chargerId: string, wanted: ChargerSetpoint, reported: ChargerSetpoint | null, connected: boolean, atMs: number): void {
    this.memories.set(chargerId, kept(this.memory(chargerId), wanted, reported, connected, atMs))
  }

  /** Why the loop does not command this charger now, as the popover says it; null when it does. */
  holdReason(chargerId: string): string | null {
    return this.yields.get(chargerId)?.message ?? this.handedOff
  }

  isYielded(chargerId: string): boolean {
    return this.yields.has(chargerId)
  }

  /** The user left the charger to itself (an action on its page): held like a yield, but not news to tell. */
  handOver(chargerId: string, label: string, message: string, atMs: number): void {
    this.yields.set(chargerId, { chargerId, label, message, atMs })
    this.forget(chargerId)
    this.persist()
  }

  /** The user takes control back: the next tick reads the charger and steers it from there. */
  takeBack(chargerId: string): boolean {
    const had = this.yields.delete(chargerId)
    this.forget(chargerId)
    if (had) this.persist()
    return had
  }

  /**
   * Drops the yields of chargers the site no longer has (their account removed, another charger
   * picked), keeping those for which keep() says the charger may still be there. Returns the labels dropped.
   */
  prune(keep: (chargerId: string) => boolean): string[] {
    const gone = [...this.yields.values()].filter((record) => !keep(record.chargerId))
    for (const record of gone) {
      this.yields.delete(record.chargerId)
      this.forget(record.chargerId)
    }
    if (gone.length > 0) this.persist()
    return gone.map((record) => record.label)
  }

  /** Whatever the charger is set to now becomes the new starting point (hand-off, resume, direct actions). */
  forget(chargerId?: string): void {
    if (chargerId === undefined) this.memories.clear()
    else this.memories.delete(chargerId)
  }

  /** Every charger handed off until data returns; the sentence is each charger's reason meanwhile. */
  handOffAll(reason: string): void {
    this.handedOff = reason
    this.forget()
  }

  retakeAll(): void {
    this.handedOff = null
    this.forget()
  }

  /**
   * Chargers handed back to their own mode (a schedule) may report themselves as switched on
   * while their schedule decides: the loop's first command after taking them back says on or
   * off outright instead of only what differs.
   */
  reassert(chargerIds: string[]): void {
    for (const id of chargerIds) this.toReassert.add(id)
  }

  takeReassert(chargerId: string): boolean {
    return this.toReassert.delete(chargerId)
  }

  /** Chargers still to be told on or off outright, for the hand-back file. */
  get pendingReasserts(): string[] {
    return [...this.toReassert]
  }

  get allHandedOff(): boolean {
    return this.handedOff !== null
  }

  /** Yields noticed since the last call, for the log and notifications. */
  drainNewYields(): YieldRecord[] {
    return this.fresh.splice(0)
  }

  private memory(chargerId: string): OwnershipMemory {
    return this.memories.get(chargerId) ?? freshOwnership()
  }

  private persist(): void {
    this.store?.save([...this.yields.values()])
  }
}

/**
 * What the runtime's apply() asks of the charger: on/off through its switch when it has one, the
 * current while on (0 A is the pause of a charger without a switch). Null fields are not sent.
 */
export function wantedSetpoint(charger: Pick<Charger, 'switchable' | 'current'>, wantOn: boolean, targetA: number): ChargerSetpoint {
  if (charger.switchable) return { on: wantOn, currentA: charger.current && wantOn ? targetA : null }
  return { on: null, currentA: charger.current ? (wantOn ? targetA : 0) : null }
}
