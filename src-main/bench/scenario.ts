/**
 * The benchmark's scenario file: one simulated home for one stretch of time, as JSON in
 * resources/bench-scenarios. Parsed with zod, so a bad file is rejected with a sentence naming
 * the field. The README's "Benchmark" section documents every field; keep the two in step.
 *
 * Times are minutes after `start`; powers are watts; prices are cents per kWh.
 */
import { z } from 'zod'

const finite = (what: string) => z.number({ error: `${what} must be a number` }).finite(`${what} must be a finite number`)
const nonNegative = (what: string) => finite(what).min(0, `${what} cannot be negative`)

const Interpolate = z.enum(['linear', 'step'], { error: 'interpolate must be "linear" or "step"' })

/**
 * A time series, in one of three forms:
 * - a number: constant;
 * - { everyMin, values }: one value every `everyMin` minutes from the start;
 * - { points: [[minute, value], ...] }: breakpoints in time order.
 * Between samples the value is interpolated linearly or held (step); outside, the end value holds.
 */
export const Series = z.union(
  [
    finite('A constant series'),
    z
      .object({
        everyMin: finite('everyMin').positive('everyMin must be above 0'),
        values: z.array(finite('A series value')).min(1, 'values needs at least one number'),
        interpolate: Interpolate.optional(),
      })
      .strict(),
    z
      .object({
        points: z
          .array(z.tuple([finite('A point time'), finite('A point value')]), { error: 'points is a list of [minute, value] pairs' })
          .min(1, 'points needs at least one [minute, value] pair')
          .refine((pts) => pts.every((p, i) => i === 0 || p[0] > pts[i - 1]![0]), 'points must be in strictly increasing time order'),
        interpolate: Interpolate.optional(),
      })
      .strict(),
  ],
  { error: 'A series is a number, { "everyMin", "values" } or { "points": [[minute, value], ...] }' },
)
export type Series = z.infer<typeof Series>

export const DataSource = z
  .object({
    /** How often the vendor's data changes (a new sample every cadenceS seconds). */
    cadenceS: finite('cadenceS').min(1, 'cadenceS is at least 1 s').max(3600, 'cadenceS is at most an hour'),
    /** How old a sample is when it becomes visible. */
    delayS: nonNegative('delayS').max(3600, 'delayS is at most an hour'),
  })
  .strict()
export type DataSource = z.infer<typeof DataSource>

const Phases = z.union([z.literal(1), z.literal(3)], { error: 'phases must be 1 or 3' })

export const ScenarioSite = z
  .object({
    phases: Phases,
    voltageV: finite('voltageV').min(100).max(260).default(230),
    /** The main fuse, per phase. */
    fuseA: finite('fuseA').int('fuseA must be a whole number').min(6).max(200),
    /** How the house load splits over the phases (three-phase sites); normalised to sum 1. */
    houseShareByPhase: z.tuple([nonNegative('A phase share'), nonNegative('A phase share'), nonNegative('A phase share')]).optional(),
    /** The inverter curtails export while the feed-in price is negative (Amber SmartShift). */
    curtailAtNegativeFeedIn: z.boolean().default(false),
  })
  .strict()

export const ScenarioBattery = z
  .object({
    capacityWh: finite('capacityWh').positive('capacityWh must be above 0'),
    socPct: finite('socPct').min(0).max(100),
    minSocPct: finite('minSocPct').min(0).max(100).default(10),
    maxSocPct: finite('maxSocPct').min(0).max(100).default(100),
    maxChargeW: nonNegative('maxChargeW'),
    maxDischargeW: nonNegative('maxDischargeW'),
    /** Share of the charging power that is stored. */
    chargeEfficiency: finite('chargeEfficiency').gt(0).max(1).default(0.95),
    /** Share of the stored energy taken out that reaches the house. */
    dischargeEfficiency: finite('dischargeEfficiency').gt(0).max(1).default(0.95),
  })
  .strict()
  .refine((b) => b.minSocPct <= b.socPct && b.socPct <= b.maxSocPct, 'battery: socPct must lie between minSocPct and maxSocPct')

export const ScenarioCar = z
  .object({
    arriveMin: nonNegative('car.arriveMin'),
    departMin: nonNegative('car.departMin'),
    /** Energy the car must have received by departure (0: no deadline). */
    needWh: nonNegative('car.needWh').default(0),
    /** Room in the car's battery: it stops taking energy (full) after this much. */
    capacityWh: finite('car.capacityWh').positive('car.capacityWh must be above 0'),
    /** Phases the car's on-board charger uses. */
    phases: Phases,
    /** The most the car draws per phase. */
    maxA: finite('car.maxA').positive().default(32),
  })
  .strict()
  .refine((c) => c.departMin > c.arriveMin, 'car: departMin must be after arriveMin')
  .refine((c) => c.needWh <= c.capacityWh, 'car: needWh cannot exceed capacityWh')

export const ScenarioCharger = z
  .object({
    /** "current": takes a current setpoint and can pause; "onoff": switched on and off only (Andersen A2). */
    kind: z.enum(['current', 'onoff'], { error: 'charger.kind must be "current" or "onoff"' }),
    phases: Phases,
    minA: finite('charger.minA').int().min(1).default(6),
    maxA: finite('charger.maxA').int().min(1).max(80).default(32),
    /** The supply phase a single-phase charger is wired to. */
    supplyPhase: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
    /** The app's mode for the charger. */
    mode: z.enum(['solar', 'minsolar', 'fast'], { error: 'charger.mode must be "solar", "minsolar" or "fast"' }).default('solar'),
    /** The user's current limit; defaults to maxA. */
    limitA: finite('charger.limitA').int().min(1).max(80).optional(),
    /** Seconds from a command to the car drawing the new current (cloud round-trip). */
    responseS: nonNegative('charger.responseS').default(10),
    /** On/off chargers: the shortest time to stay on or off. */
    minSwitchIntervalS: nonNegative('charger.minSwitchIntervalS').default(300),
    /** A three-phase charger that can also charge on one phase (its supplyPhase), switched by the loop. */
    phaseSwitch: z.boolean().default(false),
  })
  .strict()
  .refine((c) => c.minA <= c.maxA, 'charger: minA cannot exceed maxA')
  .refine((c) => !c.phaseSwitch || (c.kind === 'current' && c.phases === 3), 'charger: phaseSwitch needs a three-phase charger of kind "current"')

export const ScenarioPrices = z
  .object({
    importCentsPerKwh: Series,
    feedInCentsPerKwh: Series,
    /** Length of one tariff interval (Amber: 5 or 30 minutes); the price holds for an interval. */
    intervalMin: finite('prices.intervalMin').positive().default(30),
  })
  .strict()

const defaultSource = { cadenceS: 60, delayS: 30 }

export const Scenario = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'name is lower-case letters, digits and dashes'),
    title: z.string().min(1),
    description: z.string().default(''),
    /** "solar": judged on solar into the car; "cost": judged on the charging cost. */
    goal: z.enum(['solar', 'cost'], { error: 'goal must be "solar" or "cost"' }),
    /** ISO 8601 time with offset, e.g. 2026-01-15T05:00:00+11:00. */
    start: z.string().refine((s) => Number.isFinite(Date.parse(s)), 'start must be an ISO 8601 time such as 2026-01-15T05:00:00+11:00'),
    hours: finite('hours').positive().max(72, 'hours is at most 72'),
    timeZone: z.string().default('Australia/Sydney'),
    site: ScenarioSite,
    pvW: Series,
    houseW: Series,
    prices: ScenarioPrices,
    battery: ScenarioBattery.nullable().default(null),
    /**
     * What the history holds for each of the days before `start`: one day's PV and house load in
     * minutes after local midnight (0–1440), the same every day. The planner's solar outlook reads
     * it; without it the history is empty and plans buy all they need.
     */
    pastDays: z.object({ pvW: Series, houseW: Series }).strict().nullable().default(null),
    car: ScenarioCar,
    charger: ScenarioCharger,
    data: z
      .object({
        meter: DataSource.default(defaultSource),
        battery: DataSource.default(defaultSource),
        charger: DataSource.default(defaultSource),
        tariff: DataSource.default({ cadenceS: 300, delayS: 0 }),
      })
      .strict()
      .default({ meter: defaultSource, battery: defaultSource, charger: defaultSource, tariff: { cadenceS: 300, delayS: 0 } }),
    control: z
      .object({
        startDelayS: nonNegative('control.startDelayS').optional(),
        stopDelayS: nonNegative('control.stopDelayS').optional(),
        batteryPrioritySocPct: finite('control.batteryPrioritySocPct').min(0).max(100).optional(),
      })
      .strict()
      .default({}),
    optimum: z
      .object({
        /** Slot length of the perfect-foresight MILP. */
        slotMin: finite('optimum.slotMin').int().positive().default(5),
      })
      .strict()
      .default({ slotMin: 5 }),
  })
  .strict()
  .refine((s) => s.car.departMin <= s.hours * 60, 'car.departMin must fall within the scenario (hours × 60)')
  .refine((s) => (s.hours * 60) % s.optimum.slotMin === 0, 'hours × 60 must be a whole number of optimum slots')

export type Scenario = z.infer<typeof Scenario>

export class ScenarioError extends Error {
  override name = 'ScenarioError'
}

/** Parses a scenario, or throws a ScenarioError listing each problem with its field. */
export function parseScenario(json: unknown, source = 'scenario'): Scenario {
  const result = Scenario.safeParse(json)
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => `  - ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
  throw new ScenarioError(`${source} is not a valid benchmark scenario:\n${lines.join('\n')}`)
}

export function parseScenarioText(text: string, source = 'scenario'): Scenario {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ScenarioError(`${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  return parseScenario(json, source)
}

/** The value of a series at a minute after the start. */
export function seriesAt(series: Series, minute: number, fallback: 'linear' | 'step' = 'linear'): number {
  if (typeof series === 'number') return series
  const mode = series.interpolate ?? fallback
  if ('values' in series) {
    const { values, everyMin } = series
    const x = minute / everyMin
    if (x <= 0) return values[0]!
    if (x >= values.length - 1) return values[values.length - 1]!
    const i = Math.floor(x)
    if (mode === 'step') return values[i]!
    const f = x - i
    return values[i]! + (values[i + 1]! - values[i]!) * f
  }
  const pts = series.points
  if (minute <= pts[0]![0]) return pts[0]![1]
  const last = pts[pts.length - 1]!
  if (minute >= last[0]) return last[1]
  let lo = 0
  let hi = pts.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (pts[mid]![0] <= minute) lo = mid
    else hi = mid
  }
  const a = pts[lo]!
  const b = pts[hi]!
  if (mode === 'step') return a[1]
  return a[1] + ((b[1] - a[1]) * (minute - a[0])) / (b[0] - a[0])
}

/** Everything derived once per scenario: times, the charger's and car's powers. */
export interface ScenarioFacts {
  startMs: number
  endMs: number
  durationS: number
  voltageV: number
  sitePhases: 1 | 3
  /** Phases the car draws on: the fewest of site, charger and car. */
  evPhases: 1 | 3
  /** For each supply phase, the share of the car's power on it. */
  evShareByPhase: number[]
  /** The same when a phase-switching charger runs on one phase. */
  onePhaseShareByPhase: number[]
  /** The charger can switch the car between one and three phases. */
  evSwitchable: boolean
  houseShareByPhase: number[]
  limitA: number
  /** The car's current when drawing at most: charger max, user limit and car max. */
  evMaxA: number
  evMinA: number
  arriveMs: number
  departMs: number
  priceIntervalMs: number
}

export function facts(s: Scenario): ScenarioFacts {
  const startMs = Date.parse(s.start)
  const durationS = Math.round(s.hours * 3600)
  const sitePhases = s.site.phases
  const evPhases: 1 | 3 = sitePhases === 3 && s.charger.phases === 3 && s.car.phases === 3 ? 3 : 1
  const n = sitePhases
  const onePhaseShareByPhase = Array.from({ length: n }, (_, i) => (i === (n === 1 ? 0 : s.charger.supplyPhase - 1) ? 1 : 0))
  const evShareByPhase = evPhases === 3 ? Array.from({ length: n }, () => 1 / 3) : onePhaseShareByPhase
  const rawShares = n === 1 ? [1] : (s.site.houseShareByPhase ?? [0.4, 0.35, 0.25])
  const total = rawShares.reduce((a, b) => a + b, 0) || 1
  const limitA = s.charger.limitA ?? s.charger.maxA
  return {
    startMs,
    endMs: startMs + durationS * 1000,
    durationS,
    voltageV: s.site.voltageV,
    sitePhases,
    evPhases,
    evShareByPhase,
    onePhaseShareByPhase,
    evSwitchable: s.charger.phaseSwitch && evPhases === 3,
    houseShareByPhase: rawShares.map((x) => x / total),
    limitA,
    evMaxA: Math.min(s.charger.maxA, limitA, s.car.maxA),
    evMinA: s.charger.minA,
    arriveMs: startMs + s.car.arriveMin * 60_000,
    departMs: startMs + s.car.departMin * 60_000,
    priceIntervalMs: s.prices.intervalMin * 60_000,
  }
}

/** Import and feed-in prices hold for a whole tariff interval: the value at its start. */
export function pricesAt(s: Scenario, f: ScenarioFacts, atMs: number): { importC: number; feedInC: number } {
  const intervalStart = f.startMs + Math.floor((atMs - f.startMs) / f.priceIntervalMs) * f.priceIntervalMs
  const minute = (intervalStart - f.startMs) / 60_000
  return { importC: seriesAt(s.prices.importCentsPerKwh, minute, 'step'), feedInC: seriesAt(s.prices.feedInCentsPerKwh, minute, 'step') }
}

/**
 * What a watt-hour left in the home battery at the end is worth, in cents: the mean import
 * price over the run, times the discharge efficiency. Both the loop's bill and the optimum's
 * subtract it, so neither gains by emptying the battery before the run ends.
 */
export function batteryEndValueCPerWh(s: Scenario): number {
  if (!s.battery) return 0
  const f = facts(s)
  let sum = 0
  let count = 0
  for (let atMs = f.startMs; atMs < f.endMs; atMs += 60_000) {
    sum += pricesAt(s, f, atMs).importC
    count++
  }
  return (Math.max(0, sum / Math.max(1, count)) * s.battery.dischargeEfficiency) / 1000
}
