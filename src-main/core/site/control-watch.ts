/**
 * The core's side of "who controls the chargers": after each tick it hands every charger off when
 * all data has been missing too long (stale-handoff.ts) and takes them back when data returns,
 * and turns the yields the runtime noticed (ownership.ts) into log lines and notifications.
 * Kept by the core, so it survives the runtime being rebuilt when settings change.
 */
import type { NotificationEvent } from '../../../src-shared/model'
import type { Settings } from '../../../src-shared/settings'
import type { Charger, SiteDevices } from '../devices'
import type { Logger } from '../host'
import { chargerYielded, chargersHandedOffStale } from '../notify/control-rules'
import { deliverable } from '../notify/quiet-hours'
import type { HandBackStore } from './handback-file'
import { handOffChargers, type HandoffOutcome } from './handoff'
import { ChargerOwnership, type YieldStore } from './ownership'
import type { Snapshot } from './runtime'
import { staleHoldReason, staleVerdict } from './stale-handoff'

interface ControlWatchOptions {
  logger: Logger
  yieldStore: YieldStore | null
  /** Chargers a quit handed back, for the next start (handback-file.ts). */
  handBackStore?: HandBackStore | null
  handOffTimeoutMs: number
  nowMs: number
}

export class ControlWatch {
  readonly ownership: ChargerOwnership
  private sinceMs: number
  /** Chargers handed back to their own mode and not yet taken back, to be told on or off outright then. */
  private handedBack: string[] = []
  /** What the hand-back file holds now. */
  private savedHandBacks: string[] = []

  constructor(private readonly o: ControlWatchOptions) {
    this.ownership = new ChargerOwnership(o.yieldStore)
    this.sinceMs = o.nowMs
    // Handed back when Sunspill last quit: taken back now, with on or off said outright. The file
    // keeps each until that has been said (afterTick), so a quit before it keeps the list.
    this.savedHandBacks = [...(o.handBackStore?.load() ?? [])].sort()
    this.ownership.reassert(this.savedHandBacks)
  }

  /** After a tick: the stale rule, then news of yields. Returns the notifications the user wants. */
  async afterTick(snapshot: Snapshot, devices: SiteDevices, settings: Settings): Promise<NotificationEvent[]> {
    const { nowMs } = snapshot
    const events: NotificationEvent[] = []
    this.saveHandBacks(this.ownership.pendingReasserts)
    for (const record of this.ownership.drainNewYields()) {
      this.o.logger.warn(`${record.label}: ${record.message}`)
      events.push(chargerYielded(record))
    }

    const afterMin = settings.control.handOffWhenStaleMin
    const watched = [devices.meter, ...devices.chargers].filter((d): d is NonNullable<typeof d> => d !== null)
    const byId = new Map(snapshot.trackers.map((t) => [t.id, t]))
    const sources = watched.flatMap((d) => {
      const tracker = byId.get(d.id)
      return tracker ? [{ freshness: tracker.freshness(nowMs), lastOkAtMs: tracker.dataAtMs }] : []
    })
    const verdict = staleVerdict({ sources, afterMin, sinceMs: this.sinceMs, nowMs, handedOff: this.ownership.allHandedOff })
    if (verdict === 'handOff') {
      // staleVerdict hands off only with a limit set.
      const minutes = afterMin!
      this.o.logger.warn(`No data from any source for ${minutes} min: handing the chargers off`)
      this.ownership.handOffAll(staleHoldReason(minutes))
      const outcomes = await this.handOff(devices.chargers, settings, 'stale')
      if (outcomes.length > 0) events.push(chargersHandedOffStale(minutes, outcomes, nowMs))
    } else if (verdict === 'retake') {
      // The runtime reads first and commands from the next tick on, at its usual pace.
      this.o.logger.info('Data is back: taking control of the chargers again')
      this.ownership.retakeAll()
      this.ownership.reassert(this.handedBack.splice(0))
    }
    return deliverable(events, settings.notifications, nowMs, settings.site.timeZone)
  }

  /**
   * Hands off the chargers Sunspill controls. A charger it yielded is someone else's now: leaving
   * it alone on quit or sleep is the point of yielding.
   */
  async handOff(chargers: Charger[], settings: Settings, reason: 'quit' | 'suspend' | 'shutdown' | 'stale'): Promise<(HandoffOutcome & { label: string })[]> {
    const ours = chargers.filter((c) => !this.ownership.isYielded(c.id))
    for (const charger of chargers) {
      if (this.ownership.isYielded(charger.id)) this.o.logger.info(`Hand-off (${reason}): ${charger.label} left alone; it is controlled elsewhere`)
    }
    const outcomes = await handOffChargers(ours, settings, reason, this.o.logger, this.o.handOffTimeoutMs)
    // A hand-off that failed leaves a charger where an earlier one put it: the list only grows
    // until control is taken back.
    const handedNow = outcomes.filter((o) => o.ok && o.policy === 'vendor').map((o) => o.chargerId)
    this.handedBack = [...new Set([...this.handedBack, ...handedNow])]
    // Sleep and stale data keep the process, and the list; a quit must leave it for the next start.
    if (reason === 'quit' || reason === 'shutdown') this.saveHandBacks([...this.handedBack, ...this.ownership.pendingReasserts])
    // Sunspill itself just changed the chargers: that is the new starting point, not a foreign change.
    this.ownership.forget()
    return outcomes.map((o) => ({ ...o, label: ours.find((c) => c.id === o.chargerId)?.label ?? o.chargerId }))
  }

  private saveHandBacks(chargerIds: string[]): void {
    const ids = [...new Set(chargerIds)].sort()
    if (!this.o.handBackStore || ids.join() === this.savedHandBacks.join()) return
    this.o.handBackStore.save(ids)
    this.savedHandBacks = ids
  }

  /**
   * A site was built: yields of chargers it does not have go, unless their account is still set
   * up but could not provide its devices this time (offline, a missing password), so a cloud down
   * at startup does not lose a yield.
   */
  siteBuilt(devices: SiteDevices, unbuiltAccountIds: string[]): void {
    const present = new Set(devices.chargers.map((c) => c.id))
    // Every charger's id starts with its account's.
    const dropped = this.ownership.prune((chargerId) => present.has(chargerId) || unbuiltAccountIds.some((id) => chargerId.startsWith(`${id}:`)))
    if (dropped.length > 0) this.o.logger.info(`No longer set up, so no longer marked as controlled elsewhere: ${dropped.join(', ')}`)
  }

  /** Waking from sleep: silence is counted from now, and each charger's state is the new starting point. */
  resumed(nowMs: number): void {
    this.sinceMs = nowMs
    this.ownership.forget()
    this.ownership.reassert(this.handedBack.splice(0))
  }

  /** For the state view: the sentence of a yielded charger, and why a held one is not steered. */
  yielded(chargerId: string): string | null {
    return this.ownership.isYielded(chargerId) ? this.ownership.holdReason(chargerId) : null
  }

  holdReason(chargerId: string): string | null {
    return this.ownership.holdReason(chargerId)
  }
}
