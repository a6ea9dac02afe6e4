/**
 * Runs the app's real control loop (SiteRuntime + decide()) against one simulated home in
 * accelerated time: a manual clock, a runtime tick every 10 simulated seconds, the physics
 * stepped second by second in between.
 */
import { manualClock } from '../core/clock'
import type { Logger } from '../core/host'
import { SiteRuntime } from '../core/site/runtime'
import { SolarOutlook, type PastReader, type PastSample } from '../core/site/solar-outlook'
import { MINUTE_MS } from '../core/time/durations'
import { localTime } from '../core/time/local-time'
import { ChargerSettings, defaultSettings, type Settings } from '../../src-shared/settings'
import { benchDevices, CHARGER_ID } from './devices'
import { SimHome, type Totals } from './physics'
import { facts, seriesAt, type Scenario } from './scenario'

export const TICK_MS = 10_000
/** Vendors have data from before the start, so the first reads are not empty. */
const WARMUP_S = 3600

export interface TraceRow {
  atMs: number
  pvW: number
  houseW: number
  evW: number
  batteryW: number
  gridW: number
  /** The most loaded supply phase, A. */
  worstPhaseA: number
  state: string | null
  targetA: number | null
  reason: string | null
}

export interface LoopRun {
  totals: Totals
  /** The same home without the car, battery in self-consumption: the bill the car adds to. */
  baseline: Totals
  warnings: number
  trace: TraceRow[]
}

export function benchSettings(s: Scenario): Settings {
  const settings = defaultSettings()
  settings.site.phases = s.site.phases
  settings.site.voltageV = Math.round(s.site.voltageV)
  settings.site.fuseA = s.site.fuseA
  settings.site.timeZone = s.timeZone
  if (s.control.startDelayS !== undefined) settings.control.startDelayS = Math.round(s.control.startDelayS)
  if (s.control.stopDelayS !== undefined) settings.control.stopDelayS = Math.round(s.control.stopDelayS)
  if (s.control.batteryPrioritySocPct !== undefined) settings.control.batteryPrioritySocPct = Math.round(s.control.batteryPrioritySocPct)
  // Parsed, so fields added to the charger settings later keep their defaults here.
  settings.chargers[CHARGER_ID] = ChargerSettings.parse({
    mode: s.charger.mode,
    enabled: true,
    limitA: s.charger.limitA ?? s.charger.maxA,
    phase: s.charger.supplyPhase,
    // A car that needs energy by its departure is one whose owner set a plan in the app.
    plan: s.car.needWh ? { enabled: true, readyBy: clockTime(facts(s).departMs, s.timeZone), energyKwh: s.car.needWh / 1000 } : null,
  })
  // No notifications are judged here.
  settings.notifications.enabled = false
  return settings
}

/** "HH:MM" on the scenario's own clock. */
function clockTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms)
}

function quietLogger(): Logger & { count: number } {
  const logger = {
    count: 0,
    info: () => undefined,
    warn: () => {
      logger.count++
    },
    error: () => {
      logger.count++
    },
    redact: () => undefined,
    tail: () => [],
    file: 'bench',
  }
  return logger
}

export async function runLoop(s: Scenario, o: { trace?: boolean } = {}): Promise<LoopRun> {
  const sim = new SimHome(s, { warmupS: WARMUP_S })
  const clock = manualClock(sim.f.startMs)
  const logger = quietLogger()
  const settings = benchSettings(s)
  // What the app's history would hold: the past days, then what the loop saw at each tick.
  const seen: PastSample[] = []
  const past = pastDaysReader(s, settings.site.timeZone)
  const history: PastReader = (fromMs, toMs) => [...past(fromMs, toMs), ...seen.filter((r) => r.tMs > fromMs && r.tMs <= toMs)]
  const solarOutlook = new SolarOutlook(history)
  const runtime = new SiteRuntime({ devices: benchDevices(sim, clock), clock, logger, settings: () => settings, solarOutlook })
  const trace: TraceRow[] = []
  for (let t = sim.f.startMs; t < sim.f.endMs; t += TICK_MS) {
    sim.advanceTo(t)
    clock.set(t)
    const { snapshot } = await runtime.tick()
    seen.push({ tMs: t, durMs: TICK_MS, pvW: snapshot.meter?.pvW ?? null, houseW: snapshot.meter?.houseW ?? null })
    if (o.trace) {
      const x = sim.flowsAt(t)
      const decision = snapshot.chargers[0]?.decision ?? null
      trace.push({
        atMs: t,
        pvW: Math.round(x.pvW),
        houseW: Math.round(x.houseW),
        evW: Math.round(x.evW),
        batteryW: Math.round(x.batteryW),
        gridW: Math.round(x.gridW),
        worstPhaseA: Math.round(Math.max(...x.phaseCurrentsA) * 10) / 10,
        state: decision?.state ?? null,
        targetA: decision?.targetA ?? null,
        reason: decision?.reason ?? null,
      })
    }
  }
  sim.advanceTo(sim.f.endMs)
  return { totals: sim.totals, baseline: runBaseline(s), warnings: logger.count, trace }
}

/** The home without the car over the same stretch, for the bill the car adds to. */
export function runBaseline(s: Scenario): Totals {
  const sim = new SimHome(s, { withCar: false })
  sim.advanceTo(sim.f.endMs)
  return sim.totals
}

/**
 * The history before the scenario: its past day, minute by minute, for every time before the
 * start. Scenarios are shorter than a day, so the outlook's look back from the future at whole
 * days never reaches into the scenario itself (today's record is what the loop saw).
 */
export function pastDaysReader(s: Scenario, timeZone: string): PastReader {
  const startMs = Date.parse(s.start)
  const past = s.pastDays
  return (fromMs, toMs) => {
    if (!past) return []
    const rows = []
    for (let t = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS; t <= Math.min(toMs, startMs); t += MINUTE_MS) {
      const minuteOfDay = localTime(timeZone, t - MINUTE_MS / 2).hourOfDay * 60
      rows.push({ tMs: t, durMs: MINUTE_MS, pvW: seriesAt(past.pvW, minuteOfDay), houseW: seriesAt(past.houseW, minuteOfDay) })
    }
    return rows
  }
}
