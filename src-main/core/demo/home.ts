/**
 * The demo home: one simulation of sun, house, battery and car, stepped forward to the clock on
 * every read, behind the same device interfaces a real vendor adapter implements.
 */
import type { PriceInterval } from '../../../src-shared/model'
import type { DemoAccount, SiteSettings } from '../../../src-shared/settings'
import { snapBatterySettings } from '../battery-settings'
import type { Clock } from '../clock'
import type { Battery, BatteryControl, Charger, CurrentSetter, Meter, SiteDevices, Switchable, Tariff } from '../devices'
import { DAY_MS } from '../time/durations'
import { HomeBattery } from './battery'
import { DemoCar } from './car'
import { CHARGER_MAX_A, CHARGER_MIN_A, CHARGER_STEP_A, Wallbox } from './charger'
import { createHouseLoad, type HouseLoad } from './house'
import { gridPhaseReadings, type PhaseLayout } from './phases'
import { INTERVAL_MS, priceFeed } from './prices'
import { seedFromText } from './random'
import { createPvModel, type PvModel } from './sun'

/** Short enough that clouds, kettles and the battery's SOC bounds are followed closely. */
const MAX_STEP_MS = 10_000
/** Past this gap (a laptop asleep for days), replay only the last day so a read never stalls. */
const FAST_FORWARD_AFTER_MS = 2 * DAY_MS
const REPLAY_MS = DAY_MS
const BATTERY_WRITE_LIMITS = 'The demo battery takes changes at once.'

export interface DemoHomeOptions {
  account: DemoAccount
  site: SiteSettings
  clock: Clock
  /** Default derived from account.id; the same seed and the same read times give the same readings. */
  seed?: number
  /** The supply phase a single-phase charger is wired to (default 1). */
  chargerPhase?: 1 | 2 | 3
}

export interface DemoCharger extends Charger {
  readonly current: CurrentSetter
  readonly switchable: Switchable
}

export interface DemoHome extends SiteDevices {
  meter: Meter
  /** Null when the account has no battery (batteryKwh 0). */
  battery: Battery | null
  tariff: Tariff
  chargers: [DemoCharger]
}

interface Flows {
  pvW: number
  houseW: number
  evW: number
  batteryW: number
  gridW: number
}

class DemoSimulation {
  readonly seed: number
  private timeMs: number
  private readonly pv: PvModel
  private readonly house: HouseLoad
  readonly battery: HomeBattery | null
  readonly car: DemoCar
  readonly wallbox: Wallbox
  private readonly phaseLayout: PhaseLayout

  constructor(options: DemoHomeOptions) {
    const { account, site, clock } = options
    this.seed = options.seed ?? seedFromText(account.id)
    this.timeMs = clock.now()
    this.pv = createPvModel({ pvKwp: account.pvKwp, latitude: site.latitude, longitude: site.longitude, seed: this.seed })
    this.house = createHouseLoad({ timeZone: site.timeZone, seed: this.seed })
    this.battery = account.batteryKwh > 0 ? new HomeBattery(account.batteryKwh, site.timeZone) : null
    this.car = new DemoCar(site.timeZone, this.seed, this.timeMs)
    const chargerActivePhases = site.phases === 1 ? 1 : account.chargerPhases
    this.wallbox = new Wallbox(chargerActivePhases, site.voltageV)
    this.phaseLayout = {
      supplyPhases: site.phases,
      nominalVoltageV: site.voltageV,
      chargerActivePhases,
      chargerPhase: options.chargerPhase ?? 1,
      seed: this.seed,
    }
  }

  get nowMs(): number {
    return this.timeMs
  }

  /** Time only moves forward: an earlier target leaves the latest state in place. */
  advanceTo(targetMs: number): void {
    if (!(targetMs > this.timeMs)) return
    if (targetMs - this.timeMs > FAST_FORWARD_AFTER_MS) this.timeMs = targetMs - REPLAY_MS
    while (this.timeMs < targetMs) {
      this.followCar()
      const stepMs = Math.min(MAX_STEP_MS, targetMs - this.timeMs)
      const stepS = stepMs / 1000
      const flows = this.flowsAt(this.timeMs, stepS)
      this.battery?.apply(flows.batteryW, stepS)
      this.car.absorb(flows.evW, stepS)
      this.wallbox.deliver(flows.evW, stepS)
      this.timeMs += stepMs
    }
    this.followCar()
  }

  private followCar(): void {
    if (this.car.followSchedule(this.timeMs) === 'arrived') this.wallbox.startSession()
  }

  /**
   * Instantaneous flows, in whole watts like a vendor reports them. The grid is what is left
   * over, so pv + grid + battery = house + ev holds exactly.
   */
  flowsAt(timeMs: number, horizonS: number): Flows {
    const pvW = Math.round(this.pv.pvW(timeMs))
    const houseW = Math.round(this.house.houseW(timeMs))
    const evW = Math.round(this.wallbox.drawW(this.car))
    const batteryW = this.battery ? Math.round(this.battery.powerFor(pvW - houseW - evW, horizonS, timeMs)) : 0
    return { pvW, houseW, evW, batteryW, gridW: houseW + evW - pvW - batteryW }
  }

  flowsNow(): Flows {
    return this.flowsAt(this.timeMs, MAX_STEP_MS / 1000)
  }

  phasesNow(flows: Flows) {
    return gridPhaseReadings(this.phaseLayout, flows, this.timeMs)
  }
}

function batteryControl(homeBattery: HomeBattery, catchUp: () => void): BatteryControl {
  return {
    writeLimits: BATTERY_WRITE_LIMITS,
    async readSettings() {
      return homeBattery.settings
    },
    async writeSettings(next) {
      const settings = snapBatterySettings(next)
      // Energy up to now flowed under the old settings.
      catchUp()
      homeBattery.configure(settings)
      return homeBattery.settings
    },
  }
}

export function createDemoHome(options: DemoHomeOptions): DemoHome {
  const { account, site, clock } = options
  const sim = new DemoSimulation(options)
  const catchUp = (): void => sim.advanceTo(clock.now())

  const meter: Meter = {
    id: `${account.id}:meter`,
    label: 'Demo meter',
    async readMeter() {
      catchUp()
      const flows = sim.flowsNow()
      return { pvW: flows.pvW, houseW: flows.houseW, gridW: flows.gridW, gridPhases: sim.phasesNow(flows) }
    },
  }

  const homeBattery = sim.battery
  const battery: Battery | null = homeBattery && {
    id: `${account.id}:battery`,
    label: 'Demo battery',
    async readBattery() {
      catchUp()
      return homeBattery.reading(sim.flowsNow().batteryW)
    },
    control: batteryControl(homeBattery, catchUp),
  }

  // The feed only changes when the interval turns over or its price stops being an estimate.
  let cachedFeed: { key: string; intervals: PriceInterval[] } | null = null
  const tariff: Tariff = {
    id: `${account.id}:tariff`,
    label: 'Demo prices',
    currency: 'AUD',
    unit: 'c/kWh',
    async readPrices() {
      catchUp()
      const nowMs = sim.nowMs
      const intervalStartMs = Math.floor(nowMs / INTERVAL_MS) * INTERVAL_MS
      const key = `${intervalStartMs}:${nowMs - intervalStartMs < 30_000}`
      if (cachedFeed?.key !== key) cachedFeed = { key, intervals: priceFeed(sim.seed, site.timeZone, nowMs) }
      return cachedFeed.intervals.map((interval) => ({ ...interval }))
    },
  }

  const charger: DemoCharger = {
    id: `${account.id}:charger`,
    label: 'Demo charger',
    phases: account.chargerPhases,
    async readCharger() {
      catchUp()
      return sim.wallbox.reading(sim.car, sim.flowsNow().evW)
    },
    current: {
      minA: CHARGER_MIN_A,
      maxA: CHARGER_MAX_A,
      stepA: CHARGER_STEP_A,
      async setCurrent(currentA) {
        // Energy up to now was drawn at the old setpoint.
        catchUp()
        sim.wallbox.setCurrent(currentA)
      },
    },
    switchable: {
      async setEnabled(enabled) {
        catchUp()
        sim.wallbox.enabled = enabled
      },
    },
  }

  return { meter, battery, tariff, chargers: [charger] }
}
