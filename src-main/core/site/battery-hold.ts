/**
 * Keeps the home battery for the house while a car charges from the grid on purpose (Fast, a
 * plan's slot, cheap power): in self-consumption the battery would otherwise cover the car, and
 * the energy bought cheaply for the car would come out of the battery the evening needs.
 *
 * The hold raises the battery's own minimum SOC (AlphaESS batUseCap) to where the battery is, and
 * gives the user's minimum back afterwards. Vendors limit such writes (AlphaESS has allowed one a
 * day at times), so a wish must last a minute before the hold is written and its end five minutes
 * before the release is: a plan's slots a few minutes apart do not cost two writes each.
 *
 * The user's minimum is written to a file before the hold goes out, so a crash or a failed quit
 * still gives it back at the next start. Before giving it back the battery is read: a minimum
 * someone changed since (in the vendor's app) is theirs, and stays.
 */
import { z } from 'zod'
import type { BatterySettings } from '../../../src-shared/model'
import type { GridIntent } from '../control/types'
import type { Battery, BatteryControl, BatteryReading } from '../devices'
import { userMessage } from '../errors'
import type { Logger } from '../host'
import { jsonFileStore } from '../json-file-store'
import { MINUTE_MS } from '../time/durations'

export const HOLD_AFTER_MS = MINUTE_MS
export const RELEASE_AFTER_MS = 5 * MINUTE_MS
export const RETRY_AFTER_MS = 5 * MINUTE_MS
/** A battery this close to its own minimum has nothing left to keep for the house. */
const MIN_ROOM_PCT = 2

export const HeldBattery = z.object({
  batteryId: z.string(),
  /** The user's own minimum, to give back. */
  userMinSocPct: z.number().int().min(0).max(100),
  heldAtPct: z.number().int().min(0).max(100),
  sinceMs: z.number(),
  /** The battery confirmed the hold; false while the write's outcome is unknown. */
  confirmed: z.boolean(),
})
export type HeldBattery = z.infer<typeof HeldBattery>

export interface HoldStore {
  load(): HeldBattery | null
  save(held: HeldBattery | null): void
}

export function holdFile(path: string, logger: Pick<Logger, 'warn'>): HoldStore {
  const file = jsonFileStore({
    path,
    schema: z.object({ held: HeldBattery.nullable() }),
    empty: { held: null },
    logger,
    whenUnreadable: "if Sunspill was holding the home battery, check its minimum SOC in Settings → Battery",
    what: "the home battery's minimum SOC to give back",
  })
  return { load: () => file.load().held, save: (held) => file.save({ held }) }
}

export interface HoldTick {
  enabled: boolean
  battery: Battery | null
  reading: BatteryReading | null
  /** The first charger charging from the grid on purpose, if any. */
  gridCharging: { label: string; intent: GridIntent } | null
  nowMs: number
}

/** What the popover shows: the hold, or why a hold a car wants could not be written. */
export type HoldStatus = { heldAtPct: number; userMinSocPct: number; problem: string | null } | { heldAtPct: null; problem: string }

const INTENT_WORDS: Record<GridIntent, string> = { fast: 'Fast charging', plan: "the plan's slot", cheap: 'cheap power' }

export class BatteryHold {
  private held: HeldBattery | null
  private wantSinceMs: number | null = null
  private freeSinceMs: number | null = null
  private retryAtMs = 0
  private problem: string | null = null
  /** Writes run one at a time and never hold up a control tick. */
  private work: Promise<void> = Promise.resolve()
  private busy = false

  constructor(private readonly o: { store: HoldStore; logger: Logger; rejected?: (message: string) => void }) {
    this.held = o.store.load()
    // Nothing is known to want the hold after a restart: it goes at the first tick that wants none.
    if (this.held) this.freeSinceMs = Number.NEGATIVE_INFINITY
    if (this.held) o.logger.info(`The home battery's minimum was held at ${this.held.heldAtPct} % when Sunspill last stopped; ${this.held.userMinSocPct} % goes back once no car needs the hold`)
  }

  /** The battery whose minimum Sunspill holds (or may hold: a write's outcome unknown), if any. */
  get batteryId(): string | null {
    return this.held?.batteryId ?? null
  }

  status(): HoldStatus | null {
    if (this.held?.confirmed) return { heldAtPct: this.held.heldAtPct, userMinSocPct: this.held.userMinSocPct, problem: this.problem }
    return this.problem && this.wantSinceMs !== null ? { heldAtPct: null, problem: this.problem } : null
  }

  /** After each control tick: starts a hold or a release when one is due, without waiting for it. */
  afterTick(t: HoldTick): void {
    const control = t.battery?.control
    const want = t.enabled && t.gridCharging !== null && control !== undefined
    if (want) {
      this.freeSinceMs = null
      this.wantSinceMs ??= t.nowMs
    } else {
      this.wantSinceMs = null
      this.freeSinceMs ??= t.nowMs
    }
    if (this.busy || t.nowMs < this.retryAtMs || !t.battery || !control) return
    const held = this.held
    if (held && held.batteryId !== t.battery.id) return
    if (!held?.confirmed && want && t.nowMs - this.wantSinceMs! >= HOLD_AFTER_MS) {
      this.run(() => this.hold(t.battery!.id, control, t.reading, t.gridCharging!, t.nowMs), t.nowMs)
    } else if (held && !want && (!t.enabled || t.nowMs - this.freeSinceMs! >= RELEASE_AFTER_MS)) {
      this.run(() => this.release(control), t.nowMs)
    }
  }

  /**
   * Quit, a hand-off, or the battery leaving the site: the user's minimum goes back now. Waits for
   * a write under way first; the caller bounds the wait.
   */
  async releaseNow(battery: Battery | null): Promise<void> {
    await this.work
    const control = battery?.control
    if (!this.held || !battery || !control || this.held.batteryId !== battery.id) return
    await this.guarded(() => this.release(control), Number.NEGATIVE_INFINITY)
  }

  /** The battery as the Settings form should see it: the user's minimum, not the hold's. */
  wrap(battery: Battery | null): Battery | null {
    const control = battery?.control
    if (!battery || !control) return battery
    const hold = this
    const wrapped: BatteryControl = {
      get writeLimits() {
        const held = hold.heldFor(battery.id)
        const note = held
          ? `Sunspill holds the battery at ${held.heldAtPct} % while a car charges from the grid; your minimum of ${held.userMinSocPct} % returns afterwards.`
          : null
        return [control.writeLimits, note].filter(Boolean).join(' ') || null
      },
      async readSettings() {
        return hold.asUserSees(battery.id, await control.readSettings())
      },
      async writeSettings(next) {
        let written: BatterySettings | null = null
        await hold.serial(async () => {
          written = hold.asUserSees(battery.id, await control.writeSettings(hold.withHold(battery.id, next)))
        })
        return written!
      },
    }
    return { ...battery, control: wrapped }
  }

  private heldFor(batteryId: string): HeldBattery | null {
    return this.held?.confirmed && this.held.batteryId === batteryId ? this.held : null
  }

  private asUserSees(batteryId: string, settings: BatterySettings): BatterySettings {
    const held = this.heldFor(batteryId)
    return held && settings.minSocPct === held.heldAtPct ? { ...settings, minSocPct: held.userMinSocPct } : settings
  }

  /** The user's new settings, with the hold kept where it still means something. */
  private withHold(batteryId: string, next: BatterySettings): BatterySettings {
    const held = this.heldFor(batteryId)
    if (!held) return next
    if (next.minSocPct >= held.heldAtPct || next.maxSocPct <= held.heldAtPct) {
      // The user's own limits now keep the battery at least as well, or leave no room to hold.
      this.forget()
      return next
    }
    this.remember({ ...held, userMinSocPct: next.minSocPct })
    return { ...next, minSocPct: held.heldAtPct }
  }

  private run(task: () => Promise<void>, nowMs: number) {
    void this.guarded(task, nowMs)
  }

  private guarded(task: () => Promise<void>, nowMs: number): Promise<void> {
    return this.serial(async () => {
      try {
        await task()
        this.problem = null
      } catch (error) {
        const problem = userMessage(error, 'the home battery')
        this.retryAtMs = nowMs + RETRY_AFTER_MS
        this.o.logger.warn('Changing the home battery’s minimum failed', { error: problem })
        // Said once; the retries every few minutes are not news.
        if (problem !== this.problem) this.o.rejected?.(problem)
        this.problem = problem
      }
    })
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const next = this.work.then(async () => {
      this.busy = true
      try {
        await task()
      } finally {
        this.busy = false
      }
    })
    this.work = next.catch(() => undefined)
    return next
  }

  private async hold(batteryId: string, control: BatteryControl, reading: BatteryReading | null, why: NonNullable<HoldTick['gridCharging']>, nowMs: number) {
    const socPct = reading?.socPct
    if (socPct == null) return
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
      if (tried) this.forget()
      return
    }
    // Written down before the battery is changed: whatever happens next, the minimum goes back.
    this.remember({ batteryId, userMinSocPct: current.minSocPct, heldAtPct, sinceMs: nowMs, confirmed: false })
    await control.writeSettings({ ...current, minSocPct: heldAtPct })
    this.remember({ ...this.held!, confirmed: true })
    this.o.logger.info(`Holding the home battery at ${heldAtPct} % (its minimum was ${current.minSocPct} %) while ${why.label} charges on ${INTENT_WORDS[why.intent]}`)
  }

  private async release(control: BatteryControl) {
    const held = this.held
    if (!held) return
    const current = await control.readSettings()
    if (current.minSocPct !== held.heldAtPct) {
      // Never written, or changed since in the vendor's app: either way the battery's value stands.
      if (held.confirmed) this.o.logger.info(`The home battery's minimum was changed outside Sunspill to ${current.minSocPct} %; leaving it there`)
      this.forget()
      return
    }
    await control.writeSettings({ ...current, minSocPct: held.userMinSocPct })
    this.forget()
    this.o.logger.info(`The home battery's minimum is back at ${held.userMinSocPct} %`)
  }

  private remember(held: HeldBattery) {
    this.held = held
    this.o.store.save(held)
  }

  private forget() {
    this.held = null
    this.o.store.save(null)
  }
}
