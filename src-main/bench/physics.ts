/**
 * The simulated home's physics, one second at a time: PV and house load from the scenario's
 * series, a battery in self-consumption mode (AlphaESS: it soaks up surplus and covers deficits
 * within its power limits and SOC window), an inverter that may curtail export at negative
 * feed-in, and a charger that applies commands after its response time to a car that draws
 * what it is offered until it is full or leaves.
 *
 * Every metric the benchmark prints is integrated here from these flows, never from what the
 * control loop believes. Balance each second: pv + import + discharge = house + ev + export + charge.
 */
import { facts, pricesAt, seriesAt, type Scenario, type ScenarioFacts } from './scenario'

export interface Flows {
  atMs: number
  /** PV actually produced (after any curtailment). */
  pvW: number
  /** PV the panels could have produced. */
  pvAvailableW: number
  houseW: number
  evW: number
  /** > 0 discharges, < 0 charges. */
  batteryW: number
  /** > 0 imports, < 0 exports. */
  gridW: number
  /** Per supply phase, import positive. */
  phaseCurrentsA: number[]
  socPct: number | null
}

export interface ChargerState {
  connected: boolean
  /** Phases the car draws on now (a phase-switching charger may be on one). */
  activePhases: 1 | 3
  enabled: boolean
  offeredA: number
  carFull: boolean
  sessionEnergyWh: number
}

export interface Totals {
  evWh: number
  solarToEvWh: number
  batteryToEvWh: number
  gridToEvWh: number
  importWh: number
  exportWh: number
  pvWh: number
  curtailedWh: number
  houseWh: number
  batteryChargeWh: number
  batteryDischargeWh: number
  /** Import paid minus feed-in earned over the run, cents. */
  billCents: number
  /** Battery energy left at the end, Wh stored. */
  batteryEndWh: number
  batteryStartWh: number
  /** Seconds a phase was above the fuse, not counting the first 10 s of each excursion. */
  fuseOverS: number
  /** Every second above the fuse, and the highest phase current seen. */
  fuseOverTotalS: number
  maxPhaseA: number
  /** Times the car started drawing (off → on). */
  starts: number[]
  /** Changes of the drawn current while drawing, ≥ 0.5 A. */
  currentChanges: number
  pluggedS: number
  /** Energy delivered by the departure time. */
  deliveredByDepartWh: number | null
  /** Commands the charger refused (out of range). */
  rejectedCommands: number
}

/** Excursions shorter than one control interval are not counted against the loop. */
export const FUSE_GRACE_S = 10

interface Pending {
  atMs: number
  apply: () => void
}

export class SimHome {
  readonly f: ScenarioFacts
  private tMs: number
  private energyWh: number
  readonly batteryMinWh: number
  readonly batteryMaxWh: number
  private enabled = false
  private offeredA = 0
  private phasesNow: 1 | 3
  private deliveredWh = 0
  private pending: Pending[] = []
  private lastEvW = 0
  private lastDrawA = 0
  private excursionS = 0
  readonly totals: Totals
  /** Instant flows at each whole second since the start (index = seconds), for delayed reads. */
  private readonly history = new Map<number, { flows: Flows; charger: ChargerState }>()
  private readonly warmupS: number
  readonly onA: number
  /** The flows of the last second stepped, for checks. */
  lastFlows: Flows | null = null

  constructor(
    readonly s: Scenario,
    readonly o: { withCar?: boolean; warmupS?: number } = {},
  ) {
    this.f = facts(s)
    this.phasesNow = this.f.evPhases
    this.warmupS = o.warmupS ?? 0
    this.tMs = this.f.startMs
    const b = s.battery
    this.energyWh = b ? (b.capacityWh * b.socPct) / 100 : 0
    this.batteryMinWh = b ? (b.capacityWh * b.minSocPct) / 100 : 0
    this.batteryMaxWh = b ? (b.capacityWh * b.maxSocPct) / 100 : 0
    // An on/off charger cannot be told a current: the car takes what the charger and car allow.
    this.onA = s.charger.kind === 'onoff' ? Math.min(s.charger.maxA, s.car.maxA) : this.f.evMaxA
    this.totals = {
      evWh: 0,
      solarToEvWh: 0,
      batteryToEvWh: 0,
      gridToEvWh: 0,
      importWh: 0,
      exportWh: 0,
      pvWh: 0,
      curtailedWh: 0,
      houseWh: 0,
      batteryChargeWh: 0,
      batteryDischargeWh: 0,
      billCents: 0,
      batteryEndWh: this.energyWh,
      batteryStartWh: this.energyWh,
      fuseOverS: 0,
      fuseOverTotalS: 0,
      maxPhaseA: 0,
      starts: [],
      currentChanges: 0,
      pluggedS: 0,
      deliveredByDepartWh: null,
      rejectedCommands: 0,
    }
    // Before the start the vendors already have data: the instants of the warm-up, computed
    // without moving any state (the car is not there yet, the battery holds its SOC).
    for (let sec = -this.warmupS; sec < 0; sec++) this.record(sec, this.flowsAt(this.f.startMs + sec * 1000, false))
  }

  get nowMs(): number {
    return this.tMs
  }

  get withCar(): boolean {
    return this.o.withCar ?? true
  }

  connectedAt(atMs: number): boolean {
    return this.withCar && atMs >= this.f.arriveMs && atMs < this.f.departMs
  }

  get carFull(): boolean {
    return this.deliveredWh >= this.s.car.capacityWh - 1e-9
  }

  get socPct(): number | null {
    return this.s.battery ? (this.energyWh / this.s.battery.capacityWh) * 100 : null
  }

  // --- the charger's inputs ----------------------------------------------------------------------

  /** Validates like a real charger and applies after the response time. */
  setCurrent(currentA: number): void {
    const { minA, maxA } = this.s.charger
    const valid = currentA === 0 || (Number.isInteger(currentA) && currentA >= minA && currentA <= maxA)
    if (!valid) {
      this.totals.rejectedCommands++
      throw new Error(`The charger takes 0 A or a whole number of amps from ${minA} to ${maxA} A; got ${currentA}`)
    }
    this.later(() => {
      this.offeredA = currentA
    })
  }

  setPhases(phases: 1 | 3): void {
    if (!this.f.evSwitchable) throw new Error('This charger cannot switch phases')
    this.later(() => {
      this.phasesNow = phases
    })
  }

  setEnabled(enabled: boolean): void {
    this.later(() => {
      this.enabled = enabled
    })
  }

  private later(apply: () => void) {
    const atMs = this.tMs + this.s.charger.responseS * 1000
    this.pending.push({ atMs, apply })
  }

  /** What the car draws, per phase, with the charger as it is now. */
  drawA(atMs: number): number {
    if (!this.connectedAt(atMs) || this.carFull || !this.enabled) return 0
    if (this.s.charger.kind === 'onoff') return this.onA
    if (this.offeredA < this.s.charger.minA) return 0
    return Math.min(this.offeredA, this.s.car.maxA)
  }

  chargerState(atMs: number): ChargerState {
    return {
      connected: this.connectedAt(atMs),
      activePhases: this.phasesNow,
      enabled: this.enabled,
      offeredA: this.s.charger.kind === 'onoff' ? (this.enabled ? this.s.charger.maxA : 0) : this.offeredA,
      carFull: this.connectedAt(atMs) && this.carFull,
      sessionEnergyWh: this.deliveredWh,
    }
  }

  // --- one second -------------------------------------------------------------------------------

  /** The flows at an instant, with the charger and battery as they are now. */
  flowsAt(atMs: number, withEv = true): Flows {
    const { s, f } = this
    const minute = (atMs - f.startMs) / 60_000
    const pvAvailableW = Math.max(0, seriesAt(s.pvW, minute))
    const houseW = Math.max(0, seriesAt(s.houseW, minute))
    const drawA = withEv ? this.drawA(atMs) : 0
    const evW = drawA * this.phasesNow * f.voltageV
    const evShares = this.phasesNow === 3 ? f.evShareByPhase : f.onePhaseShareByPhase
    const batteryW = this.batteryPowerFor(pvAvailableW - houseW - evW)
    let gridW = houseW + evW - pvAvailableW - batteryW
    let pvW = pvAvailableW
    if (s.site.curtailAtNegativeFeedIn && gridW < 0 && pricesAt(s, f, atMs).feedInC < 0) {
      pvW = pvAvailableW + gridW
      gridW = 0
    }
    const n = f.sitePhases
    const phaseCurrentsA = f.houseShareByPhase.map(
      (share, p) => (houseW * share + evW * evShares[p]! - (pvW + batteryW) / n) / f.voltageV,
    )
    return { atMs, pvW, pvAvailableW, houseW, evW, batteryW, gridW, phaseCurrentsA, socPct: this.socPct }
  }

  /** Self-consumption: soak up surplus, cover deficit, within power limits and the SOC window. */
  private batteryPowerFor(surplusW: number): number {
    const b = this.s.battery
    if (!b) return 0
    if (surplusW > 0) {
      const headroomW = ((this.batteryMaxWh - this.energyWh) * 3600) / b.chargeEfficiency
      return -Math.max(0, Math.min(surplusW, b.maxChargeW, headroomW))
    }
    if (surplusW < 0) {
      const availableW = (this.energyWh - this.batteryMinWh) * 3600 * b.dischargeEfficiency
      return Math.max(0, Math.min(-surplusW, b.maxDischargeW, availableW))
    }
    return 0
  }

  /** Runs the physics up to (not including) targetMs, one second at a time. */
  advanceTo(targetMs: number): void {
    while (this.tMs + 1000 <= targetMs) this.step()
  }

  private step(): void {
    const atMs = this.tMs
    // Commands due by now take effect before this second's flows.
    if (this.pending.length) {
      const due = this.pending.filter((p) => p.atMs <= atMs)
      if (due.length) {
        this.pending = this.pending.filter((p) => p.atMs > atMs)
        for (const p of due) p.apply()
      }
    }
    const flows = this.flowsAt(atMs)
    this.lastFlows = flows
    const sec = Math.round((atMs - this.f.startMs) / 1000)
    this.record(sec, flows)
    this.account(flows)

    // Move the state on by one second.
    const b = this.s.battery
    if (b) {
      if (flows.batteryW < 0) this.energyWh += (-flows.batteryW * b.chargeEfficiency) / 3600
      else this.energyWh -= flows.batteryW / b.dischargeEfficiency / 3600
      this.energyWh = Math.min(this.batteryMaxWh, Math.max(this.batteryMinWh, this.energyWh))
    }
    this.deliveredWh += flows.evW / 3600
    this.tMs += 1000
    this.totals.batteryEndWh = this.energyWh
    if (this.totals.deliveredByDepartWh === null && this.tMs >= this.f.departMs) this.totals.deliveredByDepartWh = this.deliveredWh
  }

  private record(sec: number, flows: Flows): void {
    this.history.set(sec, { flows, charger: this.chargerState(flows.atMs) })
    // Keep two hours: more than any delay plus cadence a scenario may ask for.
    this.history.delete(sec - 7200)
  }

  private account(x: Flows): void {
    const t = this.totals
    const { importC, feedInC } = pricesAt(this.s, this.f, x.atMs)
    const h = 1 / 3600
    const solarToEv = Math.min(x.evW, Math.max(0, x.pvW - x.houseW))
    const batteryToEv = Math.min(x.evW - solarToEv, Math.max(0, x.batteryW))
    t.evWh += x.evW * h
    t.solarToEvWh += solarToEv * h
    t.batteryToEvWh += batteryToEv * h
    t.gridToEvWh += (x.evW - solarToEv - batteryToEv) * h
    const importW = Math.max(0, x.gridW)
    const exportW = Math.max(0, -x.gridW)
    t.importWh += importW * h
    t.exportWh += exportW * h
    t.pvWh += x.pvW * h
    t.curtailedWh += (x.pvAvailableW - x.pvW) * h
    t.houseWh += x.houseW * h
    t.batteryChargeWh += Math.max(0, -x.batteryW) * h
    t.batteryDischargeWh += Math.max(0, x.batteryW) * h
    t.billCents += ((importW * importC - exportW * feedInC) * h) / 1000

    const worstA = Math.max(...x.phaseCurrentsA.map(Math.abs))
    t.maxPhaseA = Math.max(t.maxPhaseA, worstA)
    if (worstA > this.s.site.fuseA + 1e-9) {
      this.excursionS++
      t.fuseOverTotalS++
      if (this.excursionS > FUSE_GRACE_S) t.fuseOverS++
    } else this.excursionS = 0

    if (this.connectedAt(x.atMs)) t.pluggedS++
    const drawA = x.evW / (this.phasesNow * this.f.voltageV)
    if (x.evW > 0 && this.lastEvW <= 0) t.starts.push(x.atMs)
    else if (x.evW > 0 && this.lastEvW > 0 && Math.abs(drawA - this.lastDrawA) >= 0.5) t.currentChanges++
    this.lastEvW = x.evW
    this.lastDrawA = drawA
  }

  /**
   * What a vendor shows at `atMs`: the latest sample taken on its cadence that is at least
   * `delayS` old. Returns the sample and the time it was taken.
   */
  sample(atMs: number, source: { cadenceS: number; delayS: number }): { atMs: number; flows: Flows; charger: ChargerState } {
    const visibleS = Math.floor((atMs - this.f.startMs) / 1000 - source.delayS)
    let sec = Math.floor(visibleS / source.cadenceS) * source.cadenceS
    const oldest = -this.warmupS
    if (sec < oldest) sec = Math.ceil(oldest / source.cadenceS) * source.cadenceS
    let entry = this.history.get(sec)
    // Not stepped yet (a read at the very instant of the sample): fall back one cadence.
    while (!entry && sec > oldest) {
      sec -= source.cadenceS
      entry = this.history.get(sec)
    }
    if (!entry) throw new Error('The simulated vendor has no data yet')
    return { atMs: this.f.startMs + sec * 1000, ...entry }
  }
}
