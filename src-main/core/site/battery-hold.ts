/**
 * Keeps the home battery for the house while a car charges from the grid on purpose (Fast, a
 * plan's slot, cheap power): in self-consumption the battery would otherwise cover the car, and
 * the energy bought cheaply for the car would come out of the battery the evening needs.
 *
 * The hold raises the battery's own minimum SOC (AlphaESS batUseCap) to where the battery is, and
 * gives the user's minimum back afterwards. Vendors limit such writes (AlphaESS has allowed one a
 * day at times), so a wish must last a minute before the hold is written and its end ten minutes
 * before the release is (a plan's slots, or prices that turn cheap and back, do not cost two
 * writes each), a day allows a few holds only, and refused writes back off.
 *
 * The user's minimum is written to a file before the hold goes out (no file, no hold), so a crash
 * or a failed quit still gives it back at the next start. Before giving it back the battery is
 * read: a minimum someone changed since (in the vendor's app) is theirs, and stays.
 */
import { z } from 'zod'
import type { BatterySettings } from '../../../src-shared/model'
import type { GridIntent } from '../control/types'
import type { Battery, BatteryControl, BatteryReading } from '../devices'
import { userMessage, VendorError } from '../errors'
import type { Logger } from '../host'
import { jsonFileStore } from '../json-file-store'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../time/durations'

export const HOLD_AFTER_MS = MINUTE_MS
export const RELEASE_AFTER_MS = 10 * MINUTE_MS
/** After a refused write; doubles with each refusal in a row, up to two hours. */
export const RETRY_AFTER_MS = 5 * MINUTE_MS
const RETRY_MAX_MS = 2 * HOUR_MS
/** Each hold is two writes to a battery whose vendor limits them. */
export const MAX_HOLDS_PER_DAY = 6
/** A battery with no room to hold, or no SOC to hold at, is looked at again after this. */
const LOOK_AGAIN_MS = 5 * MINUTE_MS
/** A battery this close to its own minimum has nothing left to keep for the house. */
const MIN_ROOM_PCT = 2

export const HeldBattery = z.object({
  batteryId: z.string(),
  label: z.string().default('the home battery'),
  /** The user's own minimum, to give back. */
  userMinSocPct: z.number().int().min(0).max(100),
  heldAtPct: z.number().int().min(0).max(100),
  sinceMs: z.number(),
  /** The battery confirmed the hold; false while the write's outcome is unknown. */
  confirmed: z.boolean(),
})
export type HeldBattery = z.infer<typeof HeldBattery>

/** What outlives a restart: the minimum to give back, and when the last day's holds began (the vendor's limits count across restarts). */
export interface HoldRecord {
  held: HeldBattery | null
  holdsMs: number[]
}

export interface HoldStore {
  load(): HoldRecord
  /** False when the record could not be written down. */
  save(record: HoldRecord): boolean
}

export function holdFile(path: string, logger: Pick<Logger, 'warn'>): HoldStore {
  const file = jsonFileStore({
    path,
    schema: z.object({ held: HeldBattery.nullable(), holdsMs: z.array(z.number()).default([]) }),
    empty: { held: null, holdsMs: [] },
    logger,
    whenUnreadable: 'if Sunspill was holding the home battery, check its minimum SOC in Settings → Battery',
    what: "the home battery's minimum SOC to give back",
  })
  return { load: () => file.load(), save: (record) => file.save(record) }
}

export interface HoldTick {
  enabled: boolean
  battery: Battery | null
  reading: BatteryReading | null
  /** The first charger charging from the grid on purpose, if any. */
  gridCharging: { label: string; intent: GridIntent } | null
  nowMs: number
}

/** What the popover shows: the hold, or why a hold a car wants is not there. */
export type HoldStatus = { heldAtPct: number; userMinSocPct: number; problem: string | null } | { heldAtPct: null; problem: string }

const INTENT_WORDS: Record<GridIntent, string> = { fast: 'Fast charging', plan: "the plan's slot", cheap: 'cheap power' }

export class BatteryHold {
  private held: HeldBattery | null
  private wantSinceMs: number | null = null
  private freeSinceMs: number | null = null
  private retryAtMs = Number.NEGATIVE_INFINITY
  private refusals = 0
  private holdsMs: number[]
  private problem: string | null = null
  /** Handed off (quit, sleep, another Sunspill in charge): nothing is held until resume(). */
  private suspended = false
  /** Writes and the Settings form's reads run one at a time, and never hold up a control tick. */
  private work: Promise<void> = Promise.resolve()
  private busy = false

  constructor(private readonly o: { store: HoldStore; logger: Logger; rejected?: (message: string) => void }) {
    const saved = o.store.load()
    this.held = saved.held
    this.holdsMs = saved.holdsMs
    // Nothing is known to want the hold after a restart: it goes at the first tick that wants none.
    if (this.held) {
      this.freeSinceMs = Number.NEGATIVE_INFINITY
      o.logger.info(`The home battery's minimum was held at ${this.held.heldAtPct} % when Sunspill last stopped; ${this.held.userMinSocPct} % goes back once no car needs the hold`)
    }
  }

  /** The battery whose minimum Sunspill holds (or may hold: a write's outcome unknown), if any. */
  get batteryId(): string | null {
    return this.held?.batteryId ?? null
  }

  /** For the battery of the site as it is now. */
  status(batteryId: string | null): HoldStatus | null {
    const held = this.held
    if (held?.confirmed && held.batteryId === batteryId) return { heldAtPct: held.heldAtPct, userMinSocPct: held.userMinSocPct, problem: this.problem }
    return this.problem && this.wantSinceMs !== null ? { heldAtPct: null, problem: this.problem } : null
  }

  /** After each control tick: starts a hold or a release when one is due, without waiting for it. */
  afterTick(t: HoldTick): void {
    if (this.suspended) return
    const control = t.battery?.control
    const want = t.enabled && t.gridCharging !== null && control !== undefined
    if (want) {
      this.freeSinceMs = null
      this.wantSinceMs ??= t.nowMs
    } else {
      this.wantSinceMs = null
      this.freeSinceMs ??= t.nowMs
      if (!this.held) this.problem = null
    }
    if (this.busy || t.nowMs < this.retryAtMs || !t.battery || !control) return
    const held = this.held
    if (held && held.batteryId !== t.battery.id) return
    if (!held?.confirmed && want && t.nowMs - this.wantSinceMs! >= HOLD_AFTER_MS) {
      if (this.holdsToday(t.nowMs) >= MAX_HOLDS_PER_DAY) {
        this.problem = `Sunspill has held the battery ${MAX_HOLDS_PER_DAY} times in the last day and leaves it alone for now, to stay within the vendor's limits on setting changes.`
        return
      }
      const battery = t.battery
      this.run(() => this.hold(battery, control, t.reading, t.gridCharging!, t.nowMs), t.nowMs)
    } else if (held && !want && (!t.enabled || t.nowMs - this.freeSinceMs! >= RELEASE_AFTER_MS)) {
      this.run(() => this.release(control), t.nowMs)
    }
  }

  /**
   * Quit, sleep, or another Sunspill taking over: the user's minimum goes back now, and nothing is
   * held until resume(). Waits for a write under way first; the caller bounds the wait, and what
   * does not finish is given back at the next start.
   */
  async handOff(battery: Battery | null, nowMs: number): Promise<void> {
    this.suspended = true
    await this.releaseNow(battery, nowMs)
  }

  resume(): void {
    this.suspended = false
  }

  /** Gives the minimum back now (the battery is leaving the site), after any write under way. */
  async releaseNow(battery: Battery | null, nowMs: number): Promise<void> {
    await this.work
    const control = battery?.control
    if (!this.held || !battery || !control || this.held.batteryId !== battery.id) return
    await this.guarded(() => this.release(control), nowMs)
  }

  /** Settles when the writes under way have finished (the hold's own steps never wait for them). */
  idle(): Promise<void> {
    return this.work
  }

  /**
   * A battery that left the site before its minimum could go back: the record is dropped so the
   * next battery can be held, and the caller tells the user what to set by hand.
   */
  abandon(): HeldBattery | null {
    const held = this.held
    if (held) this.forgetIf(held)
    return held
  }

  /** The battery as the Settings form should see it: the user's minimum, not the hold's. */
  wrap(battery: Battery | null): Battery | null {
    const control = battery?.control
    if (!battery || !control) return battery
    const hold = this
    const wrapped: BatteryControl = {
      get writeLimits() {
        const held = hold.heldFor(battery.id)
        const note = held?.confirmed
          ? `Sunspill holds the battery at ${held.heldAtPct} % while a car charges from the grid; your minimum of ${held.userMinSocPct} % returns afterwards.`
          : null
        return [control.writeLimits, note].filter(Boolean).join(' ') || null
      },
      // Through the same queue as the hold's writes, so the form never reads one half-done.
      readSettings: () => hold.serial(async () => hold.asUserSees(battery.id, await control.readSettings())),
      writeSettings: (next) => hold.serial(() => hold.writeForUser(battery.id, control, next)),
    }
    return { ...battery, control: wrapped }
  }

  private heldFor(batteryId: string): HeldBattery | null {
    return this.held?.batteryId === batteryId ? this.held : null
  }

  private asUserSees(batteryId: string, settings: BatterySettings): BatterySettings {
    const held = this.heldFor(batteryId)
    return held && settings.minSocPct === held.heldAtPct ? { ...settings, minSocPct: held.userMinSocPct } : settings
  }

  /**
   * The user's new settings, with the hold kept where it still means something. The record
   * changes only once the battery took them: a refused save leaves everything as it was.
   */
  private async writeForUser(batteryId: string, control: BatteryControl, next: BatterySettings): Promise<BatterySettings> {
    const held = this.heldFor(batteryId)
    // The user's own limits may now keep the battery at least as well, or leave no room to hold.
    const keep = held !== null && next.minSocPct < held.heldAtPct && next.maxSocPct > held.heldAtPct
    const applied = await control.writeSettings(keep ? { ...next, minSocPct: held.heldAtPct } : next)
    if (keep) this.remember({ ...held, userMinSocPct: next.minSocPct, confirmed: true })
    else if (held) this.forgetIf(held)
    return keep ? { ...applied, minSocPct: next.minSocPct } : applied
  }

  private holdsToday(nowMs: number): number {
    this.holdsMs = this.holdsMs.filter((t) => nowMs - t < DAY_MS)
    return this.holdsMs.length
  }

  private run(task: () => Promise<void>, nowMs: number) {
    void this.guarded(task, nowMs)
  }

  private guarded(task: () => Promise<void>, nowMs: number): Promise<void> {
    return this.serial(async () => {
      try {
        await task()
        this.problem = null
        this.refusals = 0
      } catch (error) {
        const problem = userMessage(error, 'the home battery')
        this.retryAtMs = nowMs + Math.min(RETRY_MAX_MS, RETRY_AFTER_MS * 2 ** this.refusals)
        this.refusals++
        this.o.logger.warn('Changing the home battery’s minimum failed', { error: problem })
        // Said once; the retries are not news.
        if (problem !== this.problem) this.o.rejected?.(problem)
        this.problem = problem
      }
    })
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.work.then(async () => {
      this.busy = true
      try {
        return await task()
      } finally {
        this.busy = false
      }
    })
    this.work = next.then(
      () => undefined,
      () => undefined,
    )
    return next
  }

  private async hold(battery: Battery, control: BatteryControl, reading: BatteryReading | null, why: NonNullable<HoldTick['gridCharging']>, nowMs: number) {
    const socPct = reading?.socPct
    if (socPct == null) {
      this.retryAtMs = nowMs + LOOK_AGAIN_MS
      return
    }
    const current = await control.readSettings()
    const tried = this.held
    if (tried && current.minSocPct === tried.heldAtPct) {
      // The last try landed after all, only its answer was lost.
      this.remember({ ...tried, confirmed: true })
      return
    }
    // Rounded down: a minimum above the charge could make some inverters top up from the grid.
    const heldAtPct = Math.min(current.maxSocPct - 1, Math.floor(socPct))
    if (heldAtPct < current.minSocPct + MIN_ROOM_PCT) {
      if (tried) this.forgetIf(tried)
      this.retryAtMs = nowMs + LOOK_AGAIN_MS
      return
    }
    // Written down before the battery is changed: whatever happens next, the minimum goes back.
    const record: HeldBattery = { batteryId: battery.id, label: battery.label, userMinSocPct: current.minSocPct, heldAtPct, sinceMs: nowMs, confirmed: false }
    this.holdsMs.push(nowMs)
    if (!this.remember(record)) {
      this.holdsMs.pop()
      throw new VendorError('config', "Sunspill could not write down the battery's own minimum in its data folder, so it leaves the battery alone. Check that the folder is writable and has free space.")
    }
    await control.writeSettings({ ...current, minSocPct: heldAtPct })
    this.remember({ ...record, confirmed: true })
    this.o.logger.info(`Holding ${battery.label} at ${heldAtPct} % (its minimum was ${current.minSocPct} %) while ${why.label} charges on ${INTENT_WORDS[why.intent]}`)
  }

  private async release(control: BatteryControl) {
    const held = this.held
    if (!held) return
    const current = await control.readSettings()
    if (current.minSocPct !== held.heldAtPct) {
      // Never written, or changed since in the vendor's app: either way the battery's value stands.
      if (held.confirmed) this.o.logger.info(`The minimum of ${held.label} was changed outside Sunspill to ${current.minSocPct} %; leaving it there`)
      this.forgetIf(held)
      return
    }
    await control.writeSettings({ ...current, minSocPct: held.userMinSocPct })
    this.forgetIf(held)
    this.o.logger.info(`The minimum of ${held.label} is back at ${held.userMinSocPct} %`)
  }

  private remember(held: HeldBattery): boolean {
    this.held = held
    return this.o.store.save({ held, holdsMs: this.holdsMs })
  }

  /** Only the record this step worked on: one abandoned meanwhile may have made way for another. */
  private forgetIf(held: HeldBattery) {
    if (this.held !== held && this.held?.batteryId !== held.batteryId) return
    this.held = null
    this.o.store.save({ held: null, holdsMs: this.holdsMs })
  }
}
