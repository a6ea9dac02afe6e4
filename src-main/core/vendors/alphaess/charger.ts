/**
 * An AlphaESS charging pile as a Charger. AlphaESS gives each pile a status and start/stop, but
 * only one current setting per system (shared by its piles), and the pile's power only inside the
 * system's live data (pev / pevDetail.evNPower, in list order).
 *
 * Start and stop follow the states in which the pile accepts them (as the Home Assistant
 * integration does): start only when Preparing or Suspended, stop only when Charging or
 * Suspended. Anything else would be refused or meaningless, so it is not sent.
 */
import type { Charger, ChargerReading, CurrentSetter, Switchable } from '../../devices'
import { VendorError } from '../../errors'
import type { Logger } from '../../host'
import type { CachedRead } from './cached-read'
import type { AlphaessClient } from './client'
import { writeEvChargerCurrent } from './confirmed-writes'
import type { EvChargerConfig, EvChargerCurrents, EvChargerStatus, LastPowerData } from './schemas'

export const pileStatusWords: Record<number, string> = {
  1: 'Available (no car plugged in)',
  2: 'Preparing (plugged in, not started)',
  3: 'Charging',
  4: 'SuspendedEVSE (started, no power available)',
  5: 'SuspendedEV (waiting for the car)',
  6: 'Finishing (charging ended)',
  9: 'Faulted',
}

export const CAN_START: ReadonlySet<number> = new Set([2, 4, 5])
export const CAN_STOP: ReadonlySet<number> = new Set([3, 4, 5])
const CHARGING = 3

export function pileStatusWord(status: number): string {
  return pileStatusWords[status] ?? `Status ${status}`
}

/** EVCT models are three-phase (EVCT11: 11 kW = 16 A × 3); EVCS models single-phase (EVCS7: 32 A). */
export function pileSpec(model: string | null): { phases: 1 | 3; maxA: number } {
  return model && /EVCT/i.test(model) ? { phases: 3, maxA: 16 } : { phases: 1, maxA: 32 }
}

export interface PileContext {
  accountId: string
  sysSn: string
  client: AlphaessClient
  logger: Logger
  /** The system's live data, shared with the meter and battery. */
  realtime: CachedRead<LastPowerData>
  /** The system-wide current setting, shared by all piles. */
  currents: CachedRead<EvChargerCurrents>
  /** How many piles the system has: with one, pev is that pile's power. */
  pileCount: number
  pollMs: number
  /** Status answers are reused for AlphaESS's per-endpoint gap. */
  makeStatusCache: (load: () => Promise<EvChargerStatus>) => CachedRead<EvChargerStatus>
}

export class AlphaessPile implements Charger {
  readonly id: string
  readonly label: string
  readonly phases: 1 | 3
  readonly pollMs: number
  /** A stopped pile goes to Finishing and AlphaESS accepts no start from there until a replug. */
  readonly stopEndsSession = true
  readonly current: CurrentSetter
  readonly switchable: Switchable
  private readonly status: CachedRead<EvChargerStatus>
  /** The last command not sent, so a loop asking every tick logs it once. */
  private lastSkipped: string | null = null

  constructor(
    private readonly ctx: PileContext,
    private readonly pile: EvChargerConfig,
    /** 0-based position in getEvChargerConfigList: pevDetail.ev{index+1}Power. */
    private readonly index: number,
  ) {
    const spec = pileSpec(pile.evchargerModel)
    this.id = `${ctx.accountId}:${pile.evchargerSn}`
    this.label = `AlphaESS charger (${pile.evchargerModel ?? pile.evchargerSn})`
    this.phases = spec.phases
    this.pollMs = ctx.pollMs
    this.status = ctx.makeStatusCache(() => ctx.client.getEvChargerStatusBySn(ctx.sysSn, pile.evchargerSn))
    this.current = {
      minA: 6,
      maxA: spec.maxA,
      stepA: 1,
      setCurrent: (currentA) => this.setCurrent(currentA),
    }
    this.switchable = { setEnabled: (enabled) => this.setEnabled(enabled) }
  }

  async readCharger(): Promise<ChargerReading> {
    const status = await this.readStatus()
    // Only a charging pile needs the current setting and live power: one request otherwise.
    const charging = status === CHARGING
    const [currents, realtime] = charging
      ? await Promise.all([this.ctx.currents.get(), this.ctx.realtime.get().catch(() => null)])
      : [null, null]
    return {
      connected: status >= 2 && status <= 6,
      enabled: CAN_STOP.has(status),
      // An unknown setting reads as "not offering", so the loop writes the one it wants.
      offeredA: charging ? (currents?.currentsetting ?? 0) : 0,
      powerW: charging ? this.chargingPowerW(realtime) : 0,
      activePhases: this.phases,
      sessionEnergyWh: 0,
      carSocPct: null,
      carFull: status === 5 || status === 6,
      phaseCurrentsA: null,
      locked: null,
      vendorStatus: pileStatusWord(status),
    }
  }

  private async readStatus(): Promise<number> {
    const { evchargerStatus } = await this.status.get()
    if (evchargerStatus === null)
      throw new VendorError(
        'offline',
        `AlphaESS did not report the status of ${this.label} (${this.pile.evchargerSn}); the system may be offline. Sunspill keeps trying.`,
      )
    return evchargerStatus
  }

  private chargingPowerW(realtime: LastPowerData | null): number {
    const slot = realtime?.pevDetail?.[`ev${this.index + 1}Power` as 'ev1Power'] ?? null
    if (slot !== null) return Math.max(0, slot)
    if (this.ctx.pileCount === 1 && realtime?.pev != null) return Math.max(0, realtime.pev)
    throw new VendorError(
      'offline',
      `AlphaESS reports ${this.label} as charging but sent no figure for its power (the system's live data is missing). Sunspill waits for the next reading.`,
    )
  }

  private async setEnabled(enabled: boolean): Promise<void> {
    const status = await this.readStatus()
    const allowed = enabled ? CAN_START : CAN_STOP
    if (!allowed.has(status)) {
      const skipped = `${enabled ? 'start' : 'stop'} in ${pileStatusWord(status)}`
      if (skipped !== this.lastSkipped) this.ctx.logger.info(`AlphaESS pile ${this.pile.evchargerSn}: not sending ${skipped}`)
      this.lastSkipped = skipped
      return
    }
    this.lastSkipped = null
    try {
      await this.ctx.client.remoteControlEvCharger(this.ctx.sysSn, this.pile.evchargerSn, enabled ? 1 : 0)
    } finally {
      // Whatever happened, the status we hold no longer describes the pile.
      this.status.invalidate()
    }
  }

  /** 0 stops the pile; otherwise the system-wide setting, written only when it changes. */
  private async setCurrent(currentA: number): Promise<void> {
    if (currentA <= 0) return this.setEnabled(false)
    const { minA, maxA, stepA } = this.current
    const targetA = Math.min(maxA, Math.max(minA, Math.round(currentA / stepA) * stepA))
    const known = await this.ctx.currents.get()
    if (known.currentsetting === targetA) return
    try {
      const nowA = await writeEvChargerCurrent(this.ctx.client, this.ctx.sysSn, targetA)
      this.ctx.currents.set({ currentsetting: nowA })
    } catch (error) {
      this.ctx.currents.invalidate()
      throw error
    }
  }
}
