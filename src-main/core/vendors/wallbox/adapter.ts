/**
 * One Wallbox charger as a Sunspill Charger. Wallbox allows about one status read a minute and
 * five writes, so this keeps the last status and what it has itself changed since, answers the
 * loop from that, and sends only writes that change something. The loop's current and pause
 * wishes are kept and sent when the budget allows (latest wish wins), never queued up.
 */
import type { WallboxAccount } from '../../../../src-shared/settings'
import type {
  ChargeSchedule,
  Charger,
  ChargerAction,
  ChargerField,
  ChargerHistory,
  ChargerReading,
  CurrentSetter,
  Lockable,
  Schedulable,
  Switchable,
} from '../../devices'
import { VendorError } from '../../errors'
import type { Logger } from '../../host'
import { energyCostOf, MAX_CURRENT_A, MIN_CURRENT_A, type Priority, type WallboxClient } from './client'
import { refused } from './messages'
import { toChargeSchedule, toWallboxSchedules } from './schedules'
import type { ChargerData, StatusResponse, WallboxSchedule } from './schemas'
import { DEFAULT_HISTORY_DAYS, WallboxSessions } from './sessions'
import { describeStatus } from './statuses'

/** The charger syncs with the cloud every 30 s; a read sooner after a write may not show it yet. */
const SETTLE_MS = 90_000
/** Fields and actions in the settings window accept a status this old rather than spend a read. */
const FIELD_STATUS_MAX_AGE_MS = 120_000
const NOMINAL_VOLTAGE_V = 230
/**
 * Schedules Sunspill lets a Wallbox hold. Wallbox documents no slot count (the reference is
 * silent), so this is a conservative choice of ours, not the vendor's figure.
 */
const SCHEDULE_LIMIT = 10

export interface WallboxChargerOptions {
  account: Pick<WallboxAccount, 'id' | 'name'>
  chargerId: string
  client: WallboxClient
  now: () => number
  logger?: Pick<Logger, 'warn'>
  /** Used for schedules and session times until the charger reports its own zone. */
  fallbackTimeZone?: string
}

/** Something we changed, believed over a status read until the charger has had time to sync. */
interface Expectation<T> {
  value: T
  atMs: number
}

interface Known {
  connected: boolean
  paused: boolean
  locked: boolean
  offering: boolean
  pausable: boolean
  maxChargingA: number | null
  word: string
}

export class WallboxCharger implements Charger {
  readonly id: string
  /** The loop's status read happens once a minute (Wallbox's read limit); see limits.ts. */
  readonly pollMs = 60_000
  readonly current: CurrentSetter
  readonly switchable: Switchable
  readonly lock: Lockable
  readonly schedules: Schedulable
  readonly fields: ChargerField[]
  readonly actions: ChargerAction[]
  readonly history: ChargerHistory
  private status: StatusResponse | null = null
  private statusAtMs = 0
  private expectPaused: Expectation<boolean> | null = null
  private expectCurrentA: Expectation<number> | null = null
  private expectLocked: Expectation<boolean> | null = null
  private wantA: number | null = null
  private wantOn: boolean | null = null
  /**
   * Bumped with each wish and cleared once it is sent: only a wish not yet sent is reconciled, so
   * a later change made in the Wallbox app is reported (and judged by core/site/ownership.ts)
   * rather than silently undone on the next read.
   */
  private unsentWish = 0
  private lastConnected: boolean | null = null
  private seenThreePhase = false
  private lastSchedules: WallboxSchedule[] | null = null
  private reconciling: Promise<void> | null = null
  private fetching: Promise<void> | null = null

  constructor(private readonly o: WallboxChargerOptions) {
    this.id = `${o.account.id}:${o.chargerId}`
    const self = this
    this.current = {
      minA: MIN_CURRENT_A,
      get maxA() {
        return self.maxA
      },
      stepA: 1,
      setCurrent: (a) => this.setCurrent(a),
    }
    this.switchable = { setEnabled: (on) => this.setEnabled(on) }
    this.lock = { setLocked: (locked) => this.setLocked(locked) }
    this.schedules = {
      maxCount: SCHEDULE_LIMIT,
      // Each slot carries `max_current` (6–32 A; toWallboxSchedules checks the range).
      perScheduleCurrent: true,
      maxCountReason: `Sunspill keeps at most ${SCHEDULE_LIMIT} schedules on a Wallbox; Wallbox documents no limit of its own.`,
      readSchedules: () => this.readSchedules(),
      writeSchedules: (s) => this.writeSchedules(s),
    }
    this.fields = this.buildFields()
    this.actions = this.buildActions()
    const sessions = new WallboxSessions({ chargerId: o.chargerId, client: o.client, now: o.now, timeZone: () => this.timeZone() })
    this.history = {
      title: `Charging sessions, last ${DEFAULT_HISTORY_DAYS} days`,
      read: (range) => sessions.read(range),
    }
  }

  get label(): string {
    return this.status?.name ?? this.status?.config_data?.name ?? this.o.account.name
  }

  /** Not in the API: learned once the charger has been seen delivering on three phases. */
  get phases(): 1 | 3 {
    return this.seenThreePhase ? 3 : 1
  }

  get maxA(): number {
    const cap = this.status?.config_data?.max_available_current ?? this.status?.max_available_power ?? null
    return cap !== null && cap >= MIN_CURRENT_A ? Math.min(MAX_CURRENT_A, Math.floor(cap)) : MAX_CURRENT_A
  }

  readonly handBack = {
    label: "its own schedule and Eco-Smart settings",
    run: async () => {
      await this.o.client.resumeSchedule(this.o.chargerId)
      this.expectPaused = null
      // The loop is no longer in charge: forget what it wanted, so nothing reconciles it back.
      this.wantA = null
      this.wantOn = null
      this.unsentWish = 0
    },
  }

  lastUpdatedMs(): number | null {
    return this.status ? this.statusAtMs : null
  }

  async readCharger(): Promise<ChargerReading> {
    await this.refreshStatus('loop')
    try {
      await this.reconcile()
    } catch (error) {
      // The reading is still good; the loop commands again from what it shows.
      this.o.logger?.warn('Wallbox: a pending change could not be sent', { error: error instanceof Error ? error.message : String(error) })
    }
    return this.reading()
  }

  private async setCurrent(currentA: number): Promise<void> {
    if (currentA !== 0 && (!Number.isInteger(currentA) || currentA < MIN_CURRENT_A || currentA > this.maxA)) {
      throw new VendorError('not-supported', `This Wallbox takes 0 A (pause) or a whole number from ${MIN_CURRENT_A} to ${this.maxA} A; ${currentA} A is not one.`)
    }
    this.wantA = currentA
    this.unsentWish++
    await this.reconcile()
  }

  private async setEnabled(enabled: boolean): Promise<void> {
    this.wantOn = enabled
    this.unsentWish++
    await this.reconcile()
  }

  private async setLocked(locked: boolean): Promise<void> {
    await this.ensureStatus()
    if (this.known().locked === locked) return
    const echo = await this.o.client.setLocked(this.o.chargerId, locked, 'user')
    this.confirm(echo, { locked })
  }

  // --- status -------------------------------------------------------------------------------

  private refreshStatus(priority: Priority): Promise<void> {
    if (priority === 'loop' && this.status && !this.o.client.statusPollDue()) return Promise.resolve()
    // The settings window and the loop asking at once share one read.
    if (!this.fetching) {
      this.fetching = this.fetchStatus(priority).finally(() => {
        this.fetching = null
      })
    }
    return this.fetching
  }

  private async fetchStatus(priority: Priority): Promise<void> {
    try {
      this.accept(await this.o.client.getStatus(this.o.chargerId, priority))
    } catch (error) {
      // Over budget, the last status stands: Wallbox's own charger syncs only every 30 s anyway.
      if (error instanceof VendorError && error.kind === 'rate-limited' && this.status) return
      throw error
    }
  }

  /** A status for the settings window: the cached one when recent, else one read. */
  private async ensureStatus(): Promise<StatusResponse> {
    if (!this.status || this.o.now() - this.statusAtMs > FIELD_STATUS_MAX_AGE_MS) await this.refreshStatus('user')
    return this.status!
  }

  private accept(status: StatusResponse): void {
    const now = this.o.now()
    this.status = status
    this.statusAtMs = now
    const info = describeStatus(status.status_id)
    // A car plugged in or out is a new session: the loop's standing wish applies to it afresh.
    if (this.lastConnected !== null && this.lastConnected !== info.connected && (this.wantA !== null || this.wantOn !== null)) this.unsentWish++
    this.lastConnected = info.connected
    this.expectPaused = settle(this.expectPaused, info.group === 'paused', now)
    this.expectCurrentA = settle(this.expectCurrentA, status.config_data?.max_charging_current ?? null, now)
    this.expectLocked = settle(this.expectLocked, status.config_data?.locked ?? null, now)
    if (measuredPhases(status) === 3) this.seenThreePhase = true
  }

  /** Wallbox echoes the charger's settings after a PUT; that is the confirmation, no re-poll. */
  private confirm(echo: ChargerData | null, sent: { maxChargingCurrent?: number; locked?: boolean }): void {
    const now = this.o.now()
    const currentA = echo?.maxChargingCurrent ?? sent.maxChargingCurrent
    const locked = echo?.locked ?? sent.locked
    if (currentA !== undefined && currentA !== null) this.expectCurrentA = { value: currentA, atMs: now }
    if (locked !== undefined && locked !== null) this.expectLocked = { value: locked, atMs: now }
  }

  private known(): Known {
    const status = this.status
    const info = describeStatus(status?.status_id)
    const locked = this.expectLocked?.value ?? status?.config_data?.locked ?? info.group === 'locked'
    const paused = this.expectPaused?.value ?? info.group === 'paused'
    const offering = info.connected && !locked && !paused && (this.expectPaused ? true : info.offering)
    return {
      connected: info.connected,
      paused,
      locked,
      offering,
      pausable: info.connected && !paused && !locked,
      maxChargingA: this.expectCurrentA?.value ?? status?.config_data?.max_charging_current ?? null,
      word: info.word,
    }
  }

  private reading(): ChargerReading {
    const status = this.status!
    const k = this.known()
    const info = describeStatus(status.status_id)
    const pausedByUs = this.expectPaused?.value === true
    const powerW = pausedByUs ? 0 : Math.max(0, Math.round(status.charging_power * 1000))
    const pending = this.expectPaused ? (this.expectPaused.value ? ' (pausing)' : ' (resuming)') : ''
    return {
      connected: k.connected,
      enabled: (this.wantOn ?? true) && !k.locked,
      offeredA: k.offering ? (k.maxChargingA ?? 0) : 0,
      powerW,
      activePhases: powerW > 0 ? (measuredPhases(status) ?? this.phases) : this.phases,
      sessionEnergyWh: k.connected ? Math.round((status.added_energy ?? 0) * 1000) : 0,
      carSocPct: status.state_of_charge ?? null,
      carFull: info.carNotDrawing && !this.expectPaused,
      phaseCurrentsA: null,
      locked: k.locked,
      vendorStatus: `${k.word}${pending}`,
      // While a wish waits for the write budget the charger cannot show it yet: nothing to judge.
      setpoint: this.unsentWish > 0 ? null : { on: k.connected ? !k.paused && !k.locked : null, currentA: k.maxChargingA },
    }
  }

  // --- the loop's wishes ----------------------------------------------------------------------

  /** Sends what differs between the loop's wishes and what the charger is known to do. */
  private reconcile(): Promise<void> {
    if (!this.reconciling) {
      this.reconciling = this.sendChanges().finally(() => {
        this.reconciling = null
      })
    }
    return this.reconciling
  }

  private async sendChanges(): Promise<void> {
    if (!this.status || this.unsentWish === 0 || (this.wantA === null && this.wantOn === null)) return
    const wish = this.unsentWish
    try {
      const wantPaused = this.wantOn === false || this.wantA === 0
      const k = this.known()
      if (!wantPaused && this.wantA !== null && k.maxChargingA !== this.wantA) {
        const echo = await this.o.client.setMaxChargingCurrent(this.o.chargerId, this.wantA, 'loop')
        this.confirm(echo, { maxChargingCurrent: this.wantA })
      }
      // With no car to pause, the wish waits for one to plug in.
      const waiting = wantPaused && !k.pausable && !k.paused && !k.locked
      if (wantPaused && k.pausable) {
        await this.o.client.pause(this.o.chargerId, 'loop')
        this.expectPaused = { value: true, atMs: this.o.now() }
      } else if (!wantPaused && this.wantA !== null && k.paused && !k.locked) {
        // Resuming with no current wish yet would start charging at whatever the charger had.
        await this.o.client.resume(this.o.chargerId, 'loop')
        this.expectPaused = { value: false, atMs: this.o.now() }
      }
      // Sent, or nothing to send; a newer wish that came meanwhile stays unsent.
      if (!waiting && this.unsentWish === wish) this.unsentWish = 0
    } catch (error) {
      // Out of budget: the wish stays and goes with a later call.
      if (error instanceof VendorError && error.kind === 'rate-limited') return
      // Refused or lost: the wish is dropped, so the reading shows the charger as it is (and its
      // setpoint can be judged again); the loop asks anew from there. A newer wish stays.
      if (this.unsentWish === wish) {
        this.unsentWish = 0
        this.wantA = null
        this.wantOn = null
      }
      throw error
    }
  }

  // --- schedules ------------------------------------------------------------------------------

  private timeZone(): string {
    const zone = this.status?.config_data?.timezone
    if (zone && isZone(zone)) return zone
    return this.o.fallbackTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  }

  private async readSchedules(): Promise<ChargeSchedule[]> {
    const raw = await this.o.client.getSchedules(this.o.chargerId)
    this.lastSchedules = raw
    const now = this.o.now()
    return raw.map((s) => toChargeSchedule(s, this.timeZone(), now))
  }

  private async writeSchedules(next: ChargeSchedule[]): Promise<ChargeSchedule[]> {
    const previous = this.lastSchedules ?? (await this.o.client.getSchedules(this.o.chargerId))
    const payload = toWallboxSchedules(next, previous, this.timeZone(), this.o.now())
    await this.o.client.setSchedules(this.o.chargerId, payload)
    return this.readSchedules()
  }

  // --- fields and actions ----------------------------------------------------------------------

  private buildFields(): ChargerField[] {
    const self = this
    return [
      {
        id: 'icpMaxCurrentA',
        label: 'ICP max current',
        kind: 'number',
        unit: 'A',
        min: 1,
        max: 64,
        step: 1,
        help: "The home supply's limit that Power Boost keeps the house and charger under. Needs Power Boost installed.",
        read: async () => (await this.ensureStatus()).config_data?.icp_max_current ?? null,
        write: async (value) => {
          const currentA = asNumber(value, 'The ICP max current')
          if (!Number.isInteger(currentA) || currentA < 1 || currentA > 64) {
            throw new VendorError('not-supported', 'The ICP max current must be a whole number of amps from 1 to 64.')
          }
          try {
            await this.o.client.setIcpMaxCurrent(this.o.chargerId, currentA)
          } catch (error) {
            if (error instanceof VendorError && error.kind === 'not-supported') {
              throw refused('set the ICP max current', 'it needs Power Boost installed and set up on the charger')
            }
            throw error
          }
          this.patchConfig({ icp_max_current: currentA })
        },
      },
      {
        id: 'energyCost',
        label: 'Energy cost',
        kind: 'number',
        get unit() {
          const cost = self.status ? energyCostOf(self.status) : null
          const currency = cost?.currencySymbol ?? cost?.currencyCode
          return currency ? `${currency}/kWh` : 'per kWh'
        },
        min: 0,
        step: 0.01,
        help: 'What a kWh costs you; Wallbox uses it to price each charging session.',
        read: async () => energyCostOf(await this.ensureStatus()).pricePerKwh,
        write: async (value) => {
          const answer = await this.o.client.setEnergyCost(this.o.chargerId, asNumber(value, 'The energy cost'))
          this.patchConfig({ energy_price: answer.pricePerKwh })
        },
      },
      {
        id: 'firmware',
        label: 'Firmware',
        kind: 'text',
        read: async () => {
          const software = (await this.ensureStatus()).config_data?.software
          if (!software?.currentVersion) return null
          return software.updateAvailable && software.latestVersion
            ? `${software.currentVersion} (${software.latestVersion} available in the Wallbox app)`
            : software.currentVersion
        },
      },
      {
        id: 'serial',
        label: 'Serial number',
        kind: 'text',
        read: async () => (await this.ensureStatus()).config_data?.serial_number ?? this.o.chargerId,
      },
    ]
  }

  private buildActions(): ChargerAction[] {
    return [
      {
        id: 'restart',
        label: 'Restart charger',
        confirm: 'Restart the charger? Charging stops for about a minute.',
        run: async () => {
          const status = await this.ensureStatus()
          // Rebooting during a firmware update can leave the charger unusable.
          if (describeStatus(status.status_id).group === 'updating') {
            throw new VendorError('not-supported', 'The charger is updating its firmware; restarting now could damage it. Try again when the update has finished.')
          }
          await this.o.client.restart(this.o.chargerId)
          return 'The charger is restarting; it is back in a minute or two.'
        },
      },
      {
        id: 'resumeSchedule',
        label: 'Resume schedule',
        confirm: null,
        run: async () => {
          await this.o.client.resumeSchedule(this.o.chargerId)
          this.expectPaused = null
          return "The charger is back on its own schedule and Eco-Smart settings."
        },
        handsOver: 'Back on its own schedule at your request: Sunspill is not controlling this charger.',
      },
    ]
  }

  private patchConfig(patch: Partial<NonNullable<StatusResponse['config_data']>>): void {
    if (!this.status) return
    this.status = { ...this.status, config_data: { ...(this.status.config_data ?? emptyConfig()), ...patch } }
  }
}

/** Keeps an expectation until a read agrees with it or the charger has had time to sync. */
function settle<T>(expectation: Expectation<T> | null, observed: T | null, nowMs: number): Expectation<T> | null {
  if (!expectation) return null
  if (observed === expectation.value || nowMs - expectation.atMs >= SETTLE_MS) return null
  return expectation
}

/** Phases the car draws on, from power over current; null when not charging. */
function measuredPhases(status: StatusResponse): 1 | 3 | null {
  const currentA = status.config_data?.max_charging_current
  if (status.charging_power <= 0 || !currentA || currentA <= 0) return null
  const perPhaseW = NOMINAL_VOLTAGE_V * currentA
  return (status.charging_power * 1000) / perPhaseW > 1.7 ? 3 : 1
}

function asNumber(value: string | number | boolean, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN
  if (!Number.isFinite(n)) throw new VendorError('not-supported', `${what} must be a number.`)
  return n
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function emptyConfig(): NonNullable<StatusResponse['config_data']> {
  return {} as NonNullable<StatusResponse['config_data']>
}
