/**
 * The site runtime: reads each source at its own cadence, runs the control loop for every
 * charger, applies the commands that change something, and raises notifications (price,
 * chargers, sources) through the pure rules in core/notify.
 * A failing source is recorded and shown; it never stops the loop.
 */
import type { NotificationEvent, PriceInterval } from '../../../src-shared/model'
import type { ChargerSettings, Settings } from '../../../src-shared/settings'
import { chargerSettings } from '../../../src-shared/settings'
import type { Clock } from '../clock'
import { decide } from '../control/decide'
import type { ChargerInput, ControlConfig, Decision, LoopMemory, SiteInput } from '../control/types'
import { freshMemory } from '../control/types'
import type { BatteryReading, Charger, ChargerReading, MeterReading, Polled, SiteDevices } from '../devices'
import { userMessage } from '../errors'
import type { Logger } from '../host'
import type { ChargerObservation } from '../notify/charger-rules'
import { freshNotifyMemory, siteAlerts, type NotifyMemory } from '../notify/site-alerts'
import { claimOf, withClaim, type Claim } from './claims'
import { commandOf, DEFAULT_RESPONSE_MS, expectedReading, steering, type Command } from './commanded'
import { SourceTracker } from './freshness'
import type { SolarOutlook } from './solar-outlook'
import { StartLog } from './start-log'
import { planInput } from './plan-input'
import { ChargerOwnership, lowersCharging, wantedSetpoint } from './ownership'

export interface PollIntervals {
  meterMs: number
  batteryMs: number
  tariffMs: number
  chargerMs: number
}

const RISE_MEMORY_MS = 45 * 60_000

/** The demo home is local and cheap to read; real vendors bring their own budgets later. */
export const demoPollIntervals: PollIntervals = { meterMs: 10_000, batteryMs: 10_000, tariffMs: 60_000, chargerMs: 10_000 }

export interface RuntimeOptions {
  devices: SiteDevices
  clock: Clock
  logger: Logger
  settings: () => Settings
  /** Defaults for devices that do not say how often to read them. */
  poll?: PollIntervals
  /** Accounts that could not provide their devices, shown as offline sources with the reason. */
  problems?: { id: string; label: string; message: string }[]
  /** What the notification rules remember, carried over when the site is rebuilt so nothing is raised twice. */
  notifyMemory?: NotifyMemory
  /** When each charger was started lately; the core keeps one across rebuilds and restarts. */
  starts?: StartLog
  /** Who controls each charger (ownership.ts); kept by the core across rebuilds. */
  ownership?: ChargerOwnership
  /** The sun the departure planner may count on; without it plans buy all they need. */
  solarOutlook?: SolarOutlook
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

/** The charger the user put first takes the sun first; the others keep their order. */
function sunOrder(chargers: readonly Charger[], firstId: string | null): Charger[] {
  const first = chargers.find((c) => c.id === firstId)
  return first ? [first, ...chargers.filter((c) => c !== first)] : [...chargers]
}

export class SiteRuntime {
  private meter: MeterReading | null = null
  /** The house's own load at recent meter samples, for the fuse's foresight. */
  private houseSamples: { atMs: number; houseW: number }[] = []
  private battery: BatteryReading | null = null
  private prices: PriceInterval[] = []
  private readonly chargerReadings = new Map<string, ChargerReading>()
  private readonly decisions = new Map<string, Decision>()
  private readonly memories = new Map<string, LoopMemory>()
  private readonly commands = new Map<string, Command>()
  private readonly starts: StartLog
  private readonly trackers = new Map<string, SourceTracker>()
  private readonly dueAt = new Map<string, number>()
  private alertMemory: NotifyMemory
  private queue: Promise<unknown> = Promise.resolve()
  private readonly poll: PollIntervals
  private readonly ownership: ChargerOwnership

  constructor(private readonly options: RuntimeOptions) {
    this.poll = options.poll ?? demoPollIntervals
    this.ownership = options.ownership ?? new ChargerOwnership()
    this.alertMemory = options.notifyMemory ?? freshNotifyMemory()
    this.starts = options.starts ?? new StartLog()
    const { devices } = options
    if (devices.meter) this.track(devices.meter, this.poll.meterMs)
    if (devices.battery) this.track(devices.battery, this.poll.batteryMs)
    if (devices.tariff) this.track(devices.tariff, this.poll.tariffMs)
    for (const charger of devices.chargers) this.track(charger, this.poll.chargerMs)
    for (const problem of options.problems ?? []) {
      const tracker = new SourceTracker(problem.id, problem.label, Number.POSITIVE_INFINITY)
      tracker.failed(problem.message)
      this.trackers.set(problem.id, tracker)
    }
  }

  get devices(): SiteDevices {
    return this.options.devices
  }

  get notifyMemory(): NotifyMemory {
    return this.alertMemory
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

  private track(device: { id: string; label: string } & Polled, fallbackMs: number) {
    const pollMs = device.pollMs ?? fallbackMs
    this.trackers.set(device.id, new SourceTracker(device.id, device.label, pollMs, Math.max(pollMs, device.updateEveryMs ?? 0)))
  }

  private async tickOnce(forceRead: boolean): Promise<TickResult> {
    const { devices, clock } = this.options
    const settings = this.options.settings()
    const { meter, battery, tariff } = devices
    let meterRead: MeterReading | null = null
    await Promise.all([
      meter &&
        this.read(meter, forceRead, async () => {
          meterRead = await meter.readMeter()
        }),
      battery &&
        this.read(battery, forceRead, async () => {
          this.battery = await battery.readBattery()
        }),
      tariff &&
        this.read(tariff, forceRead, async () => {
          this.prices = await tariff.readPrices()
          this.readAgainAfterBoundary(tariff.id)
        }),
      ...devices.chargers.map((charger) =>
        this.read(charger, forceRead, async () => {
          this.chargerReadings.set(charger.id, await charger.readCharger())
        }),
      ),
    ])

    if (meter && meterRead) {
      this.meter = this.ownHouse(meterRead, clock.now())
      this.noteHouse(meter.lastUpdatedMs?.() ?? clock.now(), this.meter.houseW)
    }

    const nowMs = clock.now()
    const config = controlConfig(settings)
    const site = this.siteInput(nowMs, config.voltageV)
    // Each charger sees the site as the chargers decided before it are about to make it (claims.ts).
    let shared = site
    for (const charger of sunOrder(devices.chargers, settings.control.sunFirstChargerId)) {
      const claim = await this.control(charger, shared, config, settings, nowMs)
      if (claim) shared = withClaim(shared, claim)
    }

    const alerts = siteAlerts({
      prices: this.prices,
      chargers: devices.chargers.map((charger) => this.observe(charger, settings, nowMs)),
      sources: [...this.trackers.values()].map((tracker) => tracker.status(nowMs)),
      settings: settings.notifications,
      timeZone: settings.site.timeZone,
      nowMs,
      memory: this.alertMemory,
    })
    this.alertMemory = alerts.memory
    return { snapshot: this.snapshot(), notifications: alerts.events }
  }

  /** What the charger notifications need: the charger's own reading and what the loop wants. */
  private observe(charger: Charger, settings: Settings, nowMs: number): ChargerObservation {
    const reading = this.chargerReadings.get(charger.id)
    const freshness = this.trackers.get(charger.id)!.freshness(nowMs)
    const decision = this.decisions.get(charger.id)
    return {
      id: charger.id,
      label: charger.label,
      reporting: reading !== undefined && (freshness === 'fresh' || freshness === 'late'),
      connected: reading?.connected ?? false,
      carFull: reading?.carFull ?? false,
      powerW: reading?.powerW ?? 0,
      carSocPct: reading?.carSocPct ?? null,
      sessionEnergyWh: reading?.sessionEnergyWh ?? 0,
      wantsCharge: chargerSettings(settings, charger.id).enabled && decision?.state === 'charging' && decision.targetA > 0,
    }
  }

  private async read(device: { id: string; label: string } & Polled, force: boolean, reader: () => Promise<void>) {
    const { id } = device
    const tracker = this.trackers.get(id)!
    const nowMs = this.options.clock.now()
    if (!force && (this.dueAt.get(id) ?? 0) > nowMs) return
    this.dueAt.set(id, nowMs + tracker.pollMs)
    try {
      await reader()
      tracker.label = device.label
      tracker.ok(device.lastUpdatedMs?.() ?? this.options.clock.now())
    } catch (error) {
      const message = userMessage(error, tracker.label)
      tracker.failed(message)
      this.options.logger.warn(`Reading ${tracker.label} failed`, { error: message })
    }
  }

  /**
   * A new price interval is published some seconds after its boundary (Amber: the estimate clears
   * 20–30 s in); until the next read the popover shows the forecast for it. So the tariff is read
   * again that long after the current interval ends, when that comes before its usual next read.
   */
  private readAgainAfterBoundary(tariffId: string) {
    const nowMs = this.options.clock.now()
    const endMs = currentInterval(this.prices, nowMs)?.endMs
    const due = this.dueAt.get(tariffId)
    if (endMs === undefined || due === undefined) return
    this.dueAt.set(tariffId, Math.min(due, endMs + PRICE_SETTLE_MS))
  }

  private planFor(charger: Charger, reading: ChargerReading, user: ChargerSettings, config: ControlConfig, settings: Settings, nowMs: number): ChargerInput['plan'] {
    // A charging car shows what an amp gives it (its phases, its losses); an idle one is assumed on the charger's.
    const wattsPerAmp = reading.powerW > 0 && reading.offeredA > 0 ? reading.powerW / reading.offeredA : reading.activePhases * config.voltageV
    const fullPowerW = Math.min(user.limitA, charger.current?.maxA ?? user.limitA) * wattsPerAmp
    const startW = (charger.current?.minA ?? user.limitA) * wattsPerAmp * ((config.solarShareMinPct ?? 100) / 100)
    const outlook = this.options.solarOutlook
    // The same sun cannot fill two cars: each plugged-in car with a plan counts on its share.
    const planned = this.options.devices.chargers.filter((c) => this.chargerReadings.get(c.id)?.connected && chargerSettings(settings, c.id).plan?.enabled).length
    return planInput({
      plan: user.plan,
      sessionEnergyWh: reading.sessionEnergyWh,
      fullPowerW,
      prices: this.prices,
      nowMs,
      timeZone: settings.site.timeZone,
      expectedSolarWh: outlook ? (fromMs, toMs) => outlook.carSolarWh(fromMs, toMs, { fullPowerW, startW }) / Math.max(1, planned) : undefined,
    })
  }

  /** From the meter's sample to a change sent at the next tick reaching the car. */
  private fuseLeadS(charger: Charger, site: SiteInput, nowMs: number): number {
    const meter = this.options.devices.meter
    if (!meter || site.sampledAtMs == null) return 0
    const ageMs = Math.max(0, nowMs - site.sampledAtMs)
    return (ageMs + this.trackers.get(meter.id)!.pollMs + (charger.responseMs ?? DEFAULT_RESPONSE_MS)) / 1000
  }

  /**
   * The house's own load, for the popover, the history and the fuse's foresight: a meter that
   * counts the chargers in it would show every raise of the car as a rising house. The chargers'
   * last readings may be a little older than the meter's sample; a negative result is that lag.
   * A charger whose data is stale says nothing of what it draws now, so it is not taken out.
   */
  private ownHouse(reading: MeterReading, nowMs: number): MeterReading {
    if (!reading.houseIncludesChargers || reading.houseW === null) return reading
    const reporting = this.options.devices.chargers.filter((c) => {
      const freshness = this.trackers.get(c.id)?.freshness(nowMs)
      return freshness === 'fresh' || freshness === 'late'
    })
    const chargersW = reporting.reduce((sum, c) => sum + (this.chargerReadings.get(c.id)?.powerW ?? 0), 0)
    return { ...reading, houseW: Math.max(0, reading.houseW - chargersW), houseIncludesChargers: false }
  }

  private noteHouse(atMs: number, houseW: number | null) {
    if (houseW === null) return
    const last = this.houseSamples.at(-1)
    if (last && last.atMs >= atMs) return
    this.houseSamples = [...this.houseSamples.filter((s) => atMs - s.atMs <= RISE_MEMORY_MS), { atMs, houseW }]
  }

  /**
   * The steepest rise of the house's load between consecutive samples lately, and the largest
   * such step: an oven or heat pump that cycled once will cycle again, and a step is over before
   * the meter shows it. Older rises count less, fading out over the memory.
   */
  private houseRise(nowMs: number): { wPerS: number; stepW: number } {
    let wPerS = 0
    let stepW = 0
    for (let i = 1; i < this.houseSamples.length; i++) {
      const a = this.houseSamples[i - 1]!
      const b = this.houseSamples[i]!
      const weight = Math.max(0, 1 - (nowMs - b.atMs) / RISE_MEMORY_MS)
      const riseW = (b.houseW - a.houseW) * weight
      wPerS = Math.max(wPerS, riseW / ((b.atMs - a.atMs) / 1000))
      stepW = Math.max(stepW, riseW)
    }
    return { wPerS, stepW }
  }

  /** When the data the surplus is judged from was measured: the older of meter and battery. */
  private siteSampledAtMs(): number | null {
    const { meter, battery } = this.options.devices
    if (!meter) return null
    const meterAtMs = this.trackers.get(meter.id)!.dataAtMs
    // A battery that never answered does not hold the loop up; its share is then unknown anyway.
    const batteryAtMs = battery ? this.trackers.get(battery.id)!.dataAtMs : null
    if (meterAtMs === null) return null
    return batteryAtMs === null ? meterAtMs : Math.min(meterAtMs, batteryAtMs)
  }

  private siteInput(nowMs: number, voltageV: number): SiteInput {
    const meter = this.options.devices.meter
    const meterStatus = meter ? this.trackers.get(meter.id)!.status(nowMs) : null
    const meterFresh = meterStatus?.freshness === 'fresh'
    const price = currentInterval(this.prices, nowMs)
    return {
      meterFreshness: meterStatus?.freshness,
      meterAgeS: meterStatus?.ageS ?? null,
      priceCents: price?.perKwhCents ?? null,
      feedInCents: price?.feedInCentsPerKwh ?? null,
      gridW: meter ? (this.meter?.gridW ?? null) : null,
      pvW: this.meter?.pvW ?? null,
      batteryW: this.battery?.batteryW ?? null,
      socPct: this.battery?.socPct ?? null,
      // Meters that report only watts per phase (AlphaESS) still give the fuse model a current.
      gridPhaseCurrentsA:
        this.meter?.gridPhases?.map((p) => p.currentA ?? (p.powerW === null ? null : p.powerW / (p.voltageV ?? voltageV))) ?? null,
      meterFresh,
      hasMeter: meter !== null,
      sampledAtMs: this.siteSampledAtMs(),
      houseRise: this.houseRise(nowMs),
    }
  }

  /** Decides and commands one charger; returns what it is about to draw beyond the meter's sample. */
  private async control(charger: Charger, site: SiteInput, config: ControlConfig, settings: Settings, nowMs: number): Promise<Claim | null> {
    const actual = this.chargerReadings.get(charger.id)
    const tracker = this.trackers.get(charger.id)!
    if (!actual || tracker.freshness(nowMs) === 'offline') {
      this.decisions.set(charger.id, {
        targetA: 0,
        state: 'waiting',
        reason: tracker.status(nowMs).error ?? 'Waiting for the charger to report',
        memory: freshMemory(),
      })
      return null
    }
    // One controller per charger: changed elsewhere, or handed off, the loop only watches it.
    const observation = { setpoint: actual.setpoint ?? null, connected: actual.connected, dataAtMs: tracker.dataAtMs }
    const say = this.ownership.observe(charger.id, charger.label, observation, charger.pollMs ?? this.poll.chargerMs, nowMs)
    if (say === 'hold') {
      this.memories.delete(charger.id)
      this.commands.delete(charger.id)
      this.decisions.set(charger.id, { targetA: 0, state: 'waiting', reason: this.ownership.holdReason(charger.id)!, memory: freshMemory() })
      return null
    }
    const steer = steering(actual, tracker.dataAtMs, this.commands.get(charger.id), site.sampledAtMs ?? null)
    if (steer.done) this.commands.delete(charger.id)
    const reading = steer.reading
    const user = chargerSettings(settings, charger.id)
    const input: ChargerInput = {
      mode: user.mode,
      userEnabled: user.enabled,
      limitA: user.limitA,
      connected: reading.connected,
      carFull: reading.carFull,
      // A paused charger may still report its current setting; it offers nothing.
      offeredA: reading.enabled ? reading.offeredA : 0,
      powerW: reading.powerW,
      activePhases: reading.activePhases,
      phases: charger.phases,
      current: charger.current ? { minA: charger.current.minA, maxA: charger.current.maxA, stepA: charger.current.stepA } : null,
      supplyPhase: user.phase,
      phaseSwitchable: charger.phaseSwitch !== undefined,
      minSwitchIntervalS: charger.minSwitchIntervalS ?? 0,
      stopEndsSession: charger.stopEndsSession ?? false,
      settling: !steer.settled,
      drawAtSampleW: steer.drawAtSampleW,
      fuseLeadS: this.fuseLeadS(charger, site, nowMs),
      recentStartsMs: this.starts.recent(charger.id, nowMs),
      plan: reading.connected ? this.planFor(charger, reading, user, config, settings, nowMs) : null,
    }
    const decided = decide({ charger: input, site, config, memory: this.memories.get(charger.id) ?? freshMemory(), nowMs })
    // While the loop waits for the meter to catch up, the popover keeps saying why it chose this setting.
    const previous = this.decisions.get(charger.id)
    const decision =
      input.settling && previous && previous.targetA === decided.targetA && previous.state === decided.state ? { ...decided, reason: previous.reason } : decided
    this.memories.set(charger.id, decision.memory)
    this.decisions.set(charger.id, decision)
    const claim = claimOf(input, decision, config)
    // A setting that differs once may be someone else's: until a newer reading tells (ownership.ts),
    // send nothing that raises the charging. A cut or a stop goes through: safety first.
    if (say === 'wait' && !lowersCharging(reading, user.enabled && decision.targetA > 0, decision.targetA)) return claim
    await this.apply(charger, reading, decision, user.enabled, config.voltageV)
    return claim
  }

  /**
   * Only changes are sent: vendor clouds rate-limit writes. A charger is on when the user allows
   * it and the loop wants current; it is paused through its own switch when it has one (0 A is
   * not a pause on every vendor) and otherwise by offering 0 A.
   */
  private async apply(charger: Charger, reading: ChargerReading, decision: Decision, userEnabled: boolean, voltageV: number) {
    const tracker = this.trackers.get(charger.id)!
    const wantOn = userEnabled && decision.targetA > 0
    const wanted = wantedSetpoint(charger, wantOn, decision.targetA)
    // Taken back from its own mode (ownership.ts): on or off is said outright once.
    const reassert = this.ownership.takeReassert(charger.id)
    try {
      let changed = false
      // Recorded before each write: one that fails after the charger took it (a cloud timing out,
      // a second write failing) must not make the charger's new setting look foreign.
      const sending = () => {
        changed = true
        this.ownership.commanded(charger.id, wanted, this.options.clock.now())
      }
      const switchTo = wantOn && charger.phaseSwitch && decision.phases && decision.phases !== reading.activePhases ? decision.phases : null
      if (switchTo) {
        sending()
        await charger.phaseSwitch!.setPhases(switchTo)
      }
      if (charger.switchable) {
        if (wantOn && charger.current && reading.offeredA !== decision.targetA) {
          sending()
          await charger.current.setCurrent(decision.targetA)
        }
        if (reading.enabled !== wantOn || reassert) {
          sending()
          await charger.switchable.setEnabled(wantOn)
        }
      } else if (charger.current) {
        const targetA = wantOn ? decision.targetA : 0
        if (reading.offeredA !== targetA) {
          sending()
          await charger.current.setCurrent(targetA)
        }
      }
      if (changed) {
        const atMs = this.options.clock.now()
        // Fast is the user asking for a start; the cap is for starts the sun decides.
        const surplusStart = chargerSettings(this.options.settings(), charger.id).mode !== 'fast'
        if (surplusStart && wantOn && !(reading.enabled && reading.offeredA > 0)) this.starts.note(charger.id, atMs)
        // After a phase switch the car's draw starts afresh on the new phases.
        const base = switchTo ? { ...reading, activePhases: switchTo, powerW: 0 } : reading
        this.commands.set(charger.id, commandOf(charger, atMs, reading, expectedReading(base, decision.targetA, wantOn, voltageV)))
        this.chargerReadings.set(charger.id, await charger.readCharger())
        tracker.ok(charger.lastUpdatedMs?.() ?? this.options.clock.now())
      } else {
        this.ownership.kept(charger.id, wanted, reading.setpoint ?? null, reading.connected, this.options.clock.now())
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
    batteryBufferSocPct: settings.control.batteryBufferSocPct,
    solarShareMinPct: settings.control.solarShareMinPct,
    maxStartsPerHour: settings.control.maxStartsPerHour,
    cheapBelowCents: settings.control.cheapBelowCents,
    neverAboveCents: settings.control.neverAboveCents,
    exportAboveCents: settings.control.exportAboveCents,
    staleStopAfterS: settings.control.staleStopAfterS,
    voltageV: settings.site.voltageV,
    fuseA: settings.site.fuseA,
    sitePhases: settings.site.phases,
  }
}

/** How long after an interval's boundary its price is worth reading. */
const PRICE_SETTLE_MS = 30_000

export function currentInterval(prices: PriceInterval[], nowMs: number): PriceInterval | null {
  return prices.find((p) => p.startMs <= nowMs && nowMs < p.endMs) ?? null
}
