/**
 * The site runtime: reads each source at its own cadence, runs the control loop for every
 * charger, applies the commands that change something, and raises price notifications.
 * A failing source is recorded and shown; it never stops the loop.
 */
import type { NotificationEvent, PriceInterval } from '../../../src-shared/model'
import type { Settings } from '../../../src-shared/settings'
import { chargerSettings } from '../../../src-shared/settings'
import type { Clock } from '../clock'
import { decide } from '../control/decide'
import type { ChargerInput, ControlConfig, Decision, LoopMemory, SiteInput } from '../control/types'
import { freshMemory } from '../control/types'
import type { BatteryReading, Charger, ChargerReading, MeterReading, SiteDevices } from '../devices'
import { userMessage } from '../errors'
import type { Logger } from '../host'
import { priceAlerts, quietMemory, type PriceAlertMemory } from '../notify/price-rules'
import { SourceTracker } from './freshness'

export interface PollIntervals {
  meterMs: number
  batteryMs: number
  tariffMs: number
  chargerMs: number
}

/** The demo home is local and cheap to read; real vendors bring their own budgets later. */
export const demoPollIntervals: PollIntervals = { meterMs: 10_000, batteryMs: 10_000, tariffMs: 60_000, chargerMs: 10_000 }

export interface RuntimeOptions {
  devices: SiteDevices
  clock: Clock
  logger: Logger
  settings: () => Settings
  poll?: PollIntervals
}

export interface Snapshot {
  nowMs: number
  meter: MeterReading | null
  battery: BatteryReading | null
  prices: PriceInterval[]
  chargers: { device: Charger; reading: ChargerReading | null; decision: Decision | null; tracker: SourceTracker }[]
  trackers: SourceTracker[]
}

export interface TickResult {
  snapshot: Snapshot
  notifications: NotificationEvent[]
}

export class SiteRuntime {
  private meter: MeterReading | null = null
  private battery: BatteryReading | null = null
  private prices: PriceInterval[] = []
  private readonly chargerReadings = new Map<string, ChargerReading>()
  private readonly decisions = new Map<string, Decision>()
  private readonly memories = new Map<string, LoopMemory>()
  private readonly trackers = new Map<string, SourceTracker>()
  private readonly dueAt = new Map<string, number>()
  private alertMemory: PriceAlertMemory = quietMemory()
  private queue: Promise<unknown> = Promise.resolve()
  private readonly poll: PollIntervals

  constructor(private readonly options: RuntimeOptions) {
    this.poll = options.poll ?? demoPollIntervals
    const { devices } = options
    this.track(devices.meter.id, devices.meter.label, this.poll.meterMs)
    if (devices.battery) this.track(devices.battery.id, devices.battery.label, this.poll.batteryMs)
    if (devices.tariff) this.track(devices.tariff.id, devices.tariff.label, this.poll.tariffMs)
    for (const charger of devices.chargers) this.track(charger.id, charger.label, this.poll.chargerMs)
  }

  get devices(): SiteDevices {
    return this.options.devices
  }

  /** Ticks never overlap: a slow vendor delays the next tick rather than racing it. */
  tick(options: { forceRead?: boolean } = {}): Promise<TickResult> {
    const next = this.queue.then(() => this.tickOnce(options.forceRead ?? false))
    this.queue = next.catch(() => undefined)
    return next
  }

  snapshot(): Snapshot {
    const nowMs = this.options.clock.now()
    return {
      nowMs,
      meter: this.meter,
      battery: this.battery,
      prices: this.prices,
      chargers: this.options.devices.chargers.map((device) => ({
        device,
        reading: this.chargerReadings.get(device.id) ?? null,
        decision: this.decisions.get(device.id) ?? null,
        tracker: this.trackers.get(device.id)!,
      })),
      trackers: [...this.trackers.values()],
    }
  }

  private track(id: string, label: string, pollMs: number) {
    this.trackers.set(id, new SourceTracker(id, label, pollMs))
  }

  private async tickOnce(forceRead: boolean): Promise<TickResult> {
    const { devices, clock } = this.options
    const settings = this.options.settings()
    await Promise.all([
      this.read(devices.meter.id, forceRead, this.poll.meterMs, async () => {
        this.meter = await devices.meter.readMeter()
      }),
      devices.battery &&
        this.read(devices.battery.id, forceRead, this.poll.batteryMs, async () => {
          this.battery = await devices.battery!.readBattery()
        }),
      devices.tariff &&
        this.read(devices.tariff.id, forceRead, this.poll.tariffMs, async () => {
          this.prices = await devices.tariff!.readPrices()
        }),
      ...devices.chargers.map((charger) =>
        this.read(charger.id, forceRead, this.poll.chargerMs, async () => {
          this.chargerReadings.set(charger.id, await charger.readCharger())
        }),
      ),
    ])

    const nowMs = clock.now()
    const config = controlConfig(settings)
    const site = this.siteInput(nowMs)
    for (const charger of devices.chargers) await this.control(charger, site, config, settings, nowMs)

    const alerts = priceAlerts(currentInterval(this.prices, nowMs), settings.notifications, this.alertMemory, nowMs)
    this.alertMemory = alerts.memory
    return { snapshot: this.snapshot(), notifications: alerts.events }
  }

  private async read(id: string, force: boolean, pollMs: number, reader: () => Promise<void>) {
    const tracker = this.trackers.get(id)!
    const nowMs = this.options.clock.now()
    if (!force && (this.dueAt.get(id) ?? 0) > nowMs) return
    this.dueAt.set(id, nowMs + pollMs)
    try {
      await reader()
      tracker.ok(this.options.clock.now())
    } catch (error) {
      const message = userMessage(error, tracker.label)
      tracker.failed(message)
      this.options.logger.warn(`Reading ${tracker.label} failed`, { error: message })
    }
  }

  private siteInput(nowMs: number): SiteInput {
    const meterTracker = this.trackers.get(this.options.devices.meter.id)!
    return {
      gridW: this.meter?.gridW ?? null,
      batteryW: this.battery?.batteryW ?? null,
      socPct: this.battery?.socPct ?? null,
      gridPhaseCurrentsA: this.meter?.gridPhases?.map((p) => p.currentA) ?? null,
      meterFresh: meterTracker.freshness(nowMs) === 'fresh',
    }
  }

  private async control(charger: Charger, site: SiteInput, config: ControlConfig, settings: Settings, nowMs: number) {
    const reading = this.chargerReadings.get(charger.id)
    const tracker = this.trackers.get(charger.id)!
    if (!reading || tracker.freshness(nowMs) === 'offline') {
      this.decisions.set(charger.id, {
        targetA: 0,
        state: 'waiting',
        reason: tracker.status(nowMs).error ?? 'Waiting for the charger to report',
        memory: freshMemory(),
      })
      return
    }
    const user = chargerSettings(settings, charger.id)
    const input: ChargerInput = {
      mode: user.mode,
      userEnabled: user.enabled,
      limitA: user.limitA,
      connected: reading.connected,
      carFull: reading.carFull,
      offeredA: reading.offeredA,
      powerW: reading.powerW,
      activePhases: reading.activePhases,
      phases: charger.phases,
      current: charger.current ? { minA: charger.current.minA, maxA: charger.current.maxA, stepA: charger.current.stepA } : null,
      supplyPhase: user.phase,
    }
    const decision = decide({ charger: input, site, config, memory: this.memories.get(charger.id) ?? freshMemory(), nowMs })
    this.memories.set(charger.id, decision.memory)
    this.decisions.set(charger.id, decision)
    await this.apply(charger, reading, decision, user.enabled)
  }

  /** Only changes are sent: vendor clouds rate-limit writes. */
  private async apply(charger: Charger, reading: ChargerReading, decision: Decision, userEnabled: boolean) {
    const tracker = this.trackers.get(charger.id)!
    try {
      let changed = false
      const wantEnabled = charger.current ? userEnabled : userEnabled && decision.targetA > 0
      if (charger.switchable && reading.enabled !== wantEnabled) {
        await charger.switchable.setEnabled(wantEnabled)
        changed = true
      }
      if (charger.current && reading.offeredA !== decision.targetA) {
        await charger.current.setCurrent(decision.targetA)
        changed = true
      }
      if (changed) {
        this.chargerReadings.set(charger.id, await charger.readCharger())
        tracker.ok(this.options.clock.now())
      }
    } catch (error) {
      const message = userMessage(error, charger.label)
      tracker.failed(message)
      this.options.logger.warn(`Commanding ${charger.label} failed`, { error: message })
    }
  }
}

export function controlConfig(settings: Settings): ControlConfig {
  return {
    startDelayS: settings.control.startDelayS,
    stopDelayS: settings.control.stopDelayS,
    batteryPrioritySocPct: settings.control.batteryPrioritySocPct,
    voltageV: settings.site.voltageV,
    fuseA: settings.site.fuseA,
    sitePhases: settings.site.phases,
  }
}

export function currentInterval(prices: PriceInterval[], nowMs: number): PriceInterval | null {
  return prices.find((p) => p.startMs <= nowMs && nowMs < p.endMs) ?? null
}
