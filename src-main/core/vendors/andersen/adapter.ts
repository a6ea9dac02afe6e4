/**
 * One Andersen A2 as a Charger. The A2 has no current setpoint, so the loop gets on/off control:
 * `switchable.setEnabled(true)` is `userUnlock` (charging allowed; a connected car starts unless a
 * schedule holds it), `setEnabled(false)` is `userLock` (no charging, schedules included). There is
 * no separate lock capability: it would send the same two commands, and the loop would undo a
 * lock set on the settings page on its next tick. Each switch is a cloud round-trip
 * to the charger and a contactor cycle, hence minSwitchIntervalS = 300.
 *
 * Status comes from the deviceStatusUpdated subscription while the socket is up (with a full read
 * every few minutes for the fields it does not push) and from polling getDeviceStatus, no more
 * often than once a minute, while it is down. After a command the cloud may lag; the commanded lock
 * state is reported until the cloud agrees or PENDING_COMMAND_MS passes, so the loop does not
 * send it again.
 */
import type { Clock } from '../../clock'
import type {
  ChargeSchedule,
  Charger,
  ChargerAction,
  ChargerField,
  ChargerHistory,
  ChargerHistoryTable,
  ChargerReading,
  Schedulable,
  SessionRange,
  Switchable,
} from '../../devices'
import { VendorError } from '../../errors'
import type { Logger } from '../../host'
import type { AndersenApi } from './api'
import type { TokenSource } from './auth'
import { cachedFor, type Cached } from './cache'
import { solarFields, infoFields, nameField } from './fields'
import { rateLimited } from './messages'
import { SCHEDULE_SLOT_COUNT, type DeviceStatus, type Solar } from './schemas'
import { readAndersenSessions } from './sessions'
import { planScheduleWrite, slotsToSchedules } from './schedules'
import { EVSE_CHARGING, StatusMemory, evseStateCode, toReading } from './status'
import { DeviceStatusStream } from './subscription'
import type { WsProtocol } from './ws-session'

export const ANDERSEN_MIN_SWITCH_INTERVAL_S = 300
/** HA integrations poll every 60 s; we never poll faster while the socket is down. */
export const POLL_WHEN_SOCKET_DOWN_MS = 60_000
/** The subscription leaves out per-phase figures and charge limits; read them this often. */
export const FULL_READ_WITH_PUSH_MS = 300_000
export const PENDING_COMMAND_MS = 120_000
/**
 * Andersen publishes no limit. When it says slow down without saying for how long, five minutes
 * keeps the poll well apart from the throttled one; the loop has nothing to switch meanwhile.
 */
export const THROTTLED_WAIT_MS = 300_000

export interface AndersenChargerOptions {
  /** Our account id; the charger id is `${accountId}:${deviceId}`. */
  accountId: string
  /** Shown until the charger's own name is known. */
  fallbackLabel: string
  deviceId: string
  api: AndersenApi
  tokens: TokenSource
  wsUrl: string
  clock: Clock
  logger: Logger
  random?: () => number
  /** Live updates: a forced protocol and a reconnect floor for tests; false turns them off. */
  live?: { protocol?: WsProtocol; minDelayMs?: number } | false
}

export class AndersenCharger implements Charger {
  readonly id: string
  readonly phases = 1 as const
  readonly minSwitchIntervalS = ANDERSEN_MIN_SWITCH_INTERVAL_S
  /** Cheap while pushed status is fresh; polling itself is held to POLL_WHEN_SOCKET_DOWN_MS. */
  readonly pollMs = 30_000
  readonly switchable: Switchable
  readonly schedules: Schedulable
  readonly fields: ChargerField[]
  readonly actions: ChargerAction[]
  readonly history: ChargerHistory

  private name: string | null = null
  private status: DeviceStatus | null = null
  private fetchedAtMs = Number.NEGATIVE_INFINITY
  /** Andersen said slow down: no status read goes before this, however often the loop asks. */
  private throttledUntilMs = Number.NEGATIVE_INFINITY
  private pushedAtMs = Number.NEGATIVE_INFINITY
  private mustFetch = false
  private fetching: Promise<DeviceStatus> | null = null
  private pendingLock: { locked: boolean; untilMs: number } | null = null
  private readonly memory = new StatusMemory()
  private stream: DeviceStatusStream | null = null
  private closed = false
  private readonly solar: Cached<Solar>

  constructor(private readonly options: AndersenChargerOptions) {
    const { api, deviceId, clock } = options
    this.id = `${options.accountId}:${deviceId}`
    this.solar = cachedFor(5_000, () => clock.now(), () => api.solar(deviceId))
    this.switchable = { setEnabled: (enabled) => this.setLocked(!enabled) }
    this.schedules = {
      // setSchedules takes the slots sch0..sch4 and nothing else (api-chargers.md §1.4).
      maxCount: SCHEDULE_SLOT_COUNT,
      // A slot is times, days and enabled; it has no current (the A2 has no current setpoint at all).
      perScheduleCurrent: false,
      maxCountReason: `The Andersen A2 keeps ${SCHEDULE_SLOT_COUNT} schedules, one per slot.`,
      readSchedules: async () => slotsToSchedules(await api.schedules(deviceId)),
      writeSchedules: (wanted) => this.writeSchedules(wanted),
    }
    this.fields = [
      ...solarFields(this.solar, async (change) => {
        const current = await api.solar(deviceId)
        await api.setSolar({
          deviceId,
          override: change.override ?? current.override ?? false,
          chargeAlways: change.chargeAlways ?? current.chargeAlways ?? false,
          maxGridChargePercent: change.maxGridChargePercent ?? current.maxGridChargePercent ?? 100,
        })
        this.solar.invalidate()
      }),
      nameField(
        async () => (await api.device(deviceId)).deviceInfo?.friendlyName ?? null,
        async (name) => {
          await api.setFriendlyName(deviceId, name)
          this.name = name
        },
      ),
      ...infoFields(() => this.currentStatus(), () => api.supportMessage()),
    ]
    this.actions = [
      {
        id: 'disableAllSchedules',
        label: 'Charge now: turn off all schedules',
        confirm:
          'This switches off every schedule on the charger (they stay saved) and unlocks it, so a connected car starts charging. Continue?',
        run: async () => {
          await api.setAllSchedulesDisabled(deviceId)
          this.afterCommand(false)
          return 'All schedules are off and the charger is unlocked.'
        },
        handsOver: 'Charging now with its schedules off, at your request: Sunspill is not controlling this charger.',
      },
      {
        id: 'rcmReset',
        label: 'Clear a residual-current fault',
        confirm: 'Only do this after checking the car and the cable: it clears the charger’s residual-current (RCM) trip. Continue?',
        run: async () => {
          await api.rcmReset(deviceId)
          this.mustFetch = true
          return 'The charger was asked to clear its residual-current fault.'
        },
      },
    ]
    this.history = {
      title: 'Charging sessions',
      read: (range) => this.readSessions(range),
    }
  }

  get label(): string {
    return this.name ?? this.options.fallbackLabel
  }

  /** Whether pushed status is arriving (for tests and diagnostics). */
  get live(): boolean {
    return this.stream?.connected ?? false
  }

  async readCharger(): Promise<ChargerReading> {
    this.startLive()
    const status = await this.currentStatus()
    const nowMs = this.options.clock.now()
    return toReading(status, this.memory, { userLocked: this.commandedLock(status, nowMs) }, nowMs)
  }

  async close(): Promise<void> {
    this.closed = true
    await this.stream?.close()
    this.stream = null
  }

  private startLive() {
    if (this.stream || this.closed || this.options.live === false) return
    const { wsUrl, deviceId, tokens, logger, random, live } = this.options
    this.stream = new DeviceStatusStream({
      url: wsUrl,
      deviceId,
      tokens,
      logger,
      random,
      protocol: live?.protocol,
      minDelayMs: live?.minDelayMs,
      onStatus: (pushed) => this.merge(pushed),
      onConnectionChange: (connected) => logger.info(connected ? 'Andersen live updates connected' : 'Andersen live updates down; polling'),
    })
    this.stream.start()
  }

  private async currentStatus(): Promise<DeviceStatus> {
    const nowMs = this.options.clock.now()
    if (this.status && !this.dueForRead(nowMs)) return this.status
    try {
      return await this.fetchStatus()
    } catch (error) {
      // With the socket up, a failed periodic read is not worth losing fresh pushed status over.
      if (this.status && this.stream?.connected && !this.mustFetch) {
        this.options.logger.warn('Andersen status read failed; using pushed status', { error: error instanceof Error ? error.message : String(error) })
        return this.status
      }
      throw error
    }
  }

  private dueForRead(nowMs: number): boolean {
    if (this.mustFetch) return true
    if (this.stream?.connected) return nowMs - this.fetchedAtMs >= FULL_READ_WITH_PUSH_MS
    return nowMs - Math.max(this.fetchedAtMs, this.pushedAtMs) >= POLL_WHEN_SOCKET_DOWN_MS
  }

  private fetchStatus(): Promise<DeviceStatus> {
    const waitMs = this.throttledUntilMs - this.options.clock.now()
    if (waitMs > 0) return Promise.reject(rateLimited(waitMs))
    this.fetching ??= (async () => {
      try {
        const { api, deviceId } = this.options
        if (this.name === null) await this.learnName()
        const status = await api.status(deviceId)
        this.status = this.status ? { ...this.status, ...defined(status) } : status
        this.fetchedAtMs = this.options.clock.now()
        this.mustFetch = false
        return this.status
      } catch (error) {
        // A GraphQL 429 or a throttled sign-in: the same wait holds for the next poll.
        if (error instanceof VendorError && error.kind === 'rate-limited') {
          const waitMs = error.retryAfterMs ?? THROTTLED_WAIT_MS
          this.throttledUntilMs = this.options.clock.now() + waitMs
          throw error.retryAfterMs === null ? rateLimited(waitMs) : error
        }
        throw error
      } finally {
        this.fetching = null
      }
    })()
    return this.fetching
  }

  /** Sessions share Andersen's patience with the status reads: none go while it has said slow down. */
  private async readSessions(range?: SessionRange): Promise<ChargerHistoryTable> {
    const waitMs = this.throttledUntilMs - this.options.clock.now()
    if (waitMs > 0) throw rateLimited(waitMs)
    try {
      return await readAndersenSessions(this.options.api, this.options.deviceId, range)
    } catch (error) {
      if (error instanceof VendorError && error.kind === 'rate-limited') {
        const wait = error.retryAfterMs ?? THROTTLED_WAIT_MS
        this.throttledUntilMs = Math.max(this.throttledUntilMs, this.options.clock.now() + wait)
        throw error.retryAfterMs === null ? rateLimited(wait) : error
      }
      throw error
    }
  }

  private async learnName() {
    try {
      const detail = await this.options.api.device(this.options.deviceId)
      this.name = detail.deviceInfo?.friendlyName || detail.name || null
    } catch (error) {
      // Told to slow down, the status read must not follow straight after.
      if (error instanceof VendorError && (error.kind === 'config' || error.kind === 'rate-limited')) throw error
      // The name is cosmetic; the status read that follows reports any real trouble.
    }
  }

  private merge(pushed: DeviceStatus) {
    const base: DeviceStatus = this.status ?? {}
    const next: DeviceStatus = { ...base, ...defined(pushed) }
    if (pushed.chargeStatus) next.chargeStatus = { ...(base.chargeStatus ?? {}), ...defined(pushed.chargeStatus) }
    // The push has no per-phase figures: the last read's would outlive the charge they measured.
    const code = evseStateCode(pushed.evseState)
    if (code !== null && code !== EVSE_CHARGING) {
      for (const key of ['sysAmpA', 'sysAmpB', 'sysAmpC', 'sysPowerA', 'sysPowerB', 'sysPowerC', 'sysChargePower'] as const) {
        if (next[key] != null) next[key] = 0
      }
    }
    this.status = next
    this.pushedAtMs = this.options.clock.now()
  }

  private commandedLock(status: DeviceStatus, nowMs: number): boolean | null {
    const pending = this.pendingLock
    if (!pending) return null
    if (nowMs >= pending.untilMs || status.sysUserLock === pending.locked) {
      this.pendingLock = null
      return null
    }
    return pending.locked
  }

  /** Unlocked, the A2 follows its own schedules and solar setting. */
  readonly handBack = {
    label: 'its own schedules and solar setting',
    run: () => this.setLocked(false),
  }

  private async setLocked(locked: boolean): Promise<void> {
    const { api, deviceId, logger } = this.options
    if (locked) await api.userLock(deviceId)
    else await api.userUnlock(deviceId)
    logger.info(locked ? 'Andersen charger locked' : 'Andersen charger unlocked', { charger: this.id })
    this.afterCommand(locked)
  }

  private afterCommand(locked: boolean) {
    this.pendingLock = { locked, untilMs: this.options.clock.now() + PENDING_COMMAND_MS }
    this.mustFetch = true
  }

  private async writeSchedules(wanted: ChargeSchedule[]): Promise<ChargeSchedule[]> {
    const { api, deviceId } = this.options
    const changes = planScheduleWrite(await api.schedules(deviceId), wanted)
    if (Object.keys(changes).length > 0) {
      await api.setSchedules(deviceId, changes)
      this.mustFetch = true
    }
    return slotsToSchedules(await api.schedules(deviceId))
  }
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
