/**
 * How the shipped scenarios in resources/bench-scenarios were made: clear-sky PV curves with
 * seeded clouds, a house with a base load, peaks and appliances, and tariffs. Deterministic, so
 * `npm run bench -- --write-scenarios DIR` writes the same files again. The JSON files are the
 * benchmark's input; this module only explains and reproduces them.
 */
import type { z } from 'zod'
import type { Scenario } from './scenario'

type ScenarioInput = z.input<typeof Scenario>

/** A small seeded generator (mulberry32), so every file is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Clear-sky PV in W at a local hour, for a sun up from sunrise to sunset, peaking at peakW. */
function clearSky(hour: number, peakW: number, sunrise: number, sunset: number): number {
  if (hour <= sunrise || hour >= sunset) return 0
  return peakW * Math.sin((Math.PI * (hour - sunrise)) / (sunset - sunrise)) ** 1.4
}

interface Day {
  startHour: number
  hours: number
}

/** One value per minute from the start. */
function perMinute(day: Day, fn: (hour: number, minute: number) => number): number[] {
  return Array.from({ length: day.hours * 60 + 1 }, (_, m) => Math.round(fn(day.startHour + m / 60, m)))
}

/** Cloud cover per minute: 1 in the clear, `depth` under a cloud; clear and cloudy spells of random length. */
function clouds(day: Day, seed: number, o: { clearMin: [number, number]; cloudMin: [number, number]; depth: [number, number] }): number[] {
  const random = rng(seed)
  const out: number[] = []
  let cloudy = false
  while (out.length <= day.hours * 60) {
    const [lo, hi] = cloudy ? o.cloudMin : o.clearMin
    const length = Math.round(lo + random() * (hi - lo))
    const level = cloudy ? o.depth[0] + random() * (o.depth[1] - o.depth[0]) : 1
    for (let i = 0; i < Math.max(1, length); i++) out.push(level)
    cloudy = !cloudy
  }
  return out.slice(0, day.hours * 60 + 1)
}

/** Slow variation around 1 (haze, thin overcast), one value per minute. */
function drift(day: Day, seed: number, amplitude: number, periodMin: number): number[] {
  const random = rng(seed)
  const knots = Array.from({ length: Math.ceil((day.hours * 60) / periodMin) + 2 }, () => 1 + amplitude * (2 * random() - 1))
  return Array.from({ length: day.hours * 60 + 1 }, (_, m) => {
    const x = m / periodMin
    const i = Math.floor(x)
    const f = x - i
    return knots[i]! + (knots[i + 1]! - knots[i]!) * (0.5 - 0.5 * Math.cos(Math.PI * f))
  })
}

interface Appliance {
  atHour: number
  minutes: number
  w: number
}

/** The house: base load, morning and evening peaks, and appliances at given times, per minute. */
function house(day: Day, o: { baseW: number; morningW?: number; eveningW?: number; appliances?: Appliance[]; seed: number }): number[] {
  const random = rng(o.seed)
  const jitter = Array.from({ length: day.hours * 60 + 1 }, () => (random() - 0.5) * 80)
  return perMinute(day, (hour, m) => {
    let w = o.baseW + jitter[m]!
    if (o.morningW && hour >= 6.5 && hour < 8.5) w += o.morningW
    if (o.eveningW && hour >= 17 && hour < 21.5) w += o.eveningW * (hour < 18 ? hour - 17 : hour > 20.5 ? 21.5 - hour : 1)
    for (const a of o.appliances ?? []) if (hour >= a.atHour && hour < a.atHour + a.minutes / 60) w += a.w
    return Math.max(0, w)
  })
}

/** Kettles, a microwave, a washing machine and a dishwasher through an ordinary day. */
const ordinaryAppliances: Appliance[] = [
  { atHour: 7.1, minutes: 3, w: 2000 },
  { atHour: 9.5, minutes: 50, w: 500 },
  { atHour: 10.0, minutes: 20, w: 1900 },
  { atHour: 12.4, minutes: 4, w: 1100 },
  { atHour: 13.2, minutes: 3, w: 2000 },
  { atHour: 15.6, minutes: 3, w: 2000 },
  { atHour: 18.1, minutes: 40, w: 2200 },
  { atHour: 19.7, minutes: 60, w: 1200 },
]

const flat = (importC: number, feedInC: number) => ({ importCentsPerKwh: importC, feedInCentsPerKwh: feedInC, intervalMin: 30 })

const homeBattery = (socPct: number) => ({
  capacityWh: 13_300,
  socPct,
  minSocPct: 10,
  maxSocPct: 100,
  maxChargeW: 5000,
  maxDischargeW: 5000,
  chargeEfficiency: 0.95,
  dischargeEfficiency: 0.95,
})

const minute60 = { cadenceS: 60, delayS: 30 }
const cloudData = { meter: minute60, battery: minute60, charger: minute60, tariff: { cadenceS: 300, delayS: 0 } }

const SUMMER: Day = { startHour: 5, hours: 16 }
const SUMMER_START = '2026-01-15T05:00:00+11:00'
const solarNote = ' The battery priority SOC is 0 % (the car before the battery), so the loop and the optimum chase the same solar.'

export function makeScenarios(): ScenarioInput[] {
  const day = SUMMER
  const sunUp = (hour: number, peakW: number) => clearSky(hour, peakW, 6, 20)
  const list: ScenarioInput[] = []

  list.push({
    name: 'clear-summer-day',
    title: 'Clear summer day',
    description: `A cloudless January day in Sydney: single-phase site, 5 kW inverter, 13.3 kWh battery from 30 %, the car home 08:00–18:00 on a 32 A single-phase charger in Solar mode.${solarNote}`,
    goal: 'solar',
    start: SUMMER_START,
    hours: day.hours,
    site: { phases: 1, voltageV: 230, fuseA: 63 },
    pvW: { everyMin: 5, values: perMinute({ ...day }, (h) => sunUp(h, 5000)).filter((_, i) => i % 5 === 0) },
    houseW: { everyMin: 1, values: house(day, { baseW: 380, morningW: 600, eveningW: 1200, appliances: ordinaryAppliances, seed: 11 }) },
    prices: flat(30, 5),
    battery: homeBattery(30),
    car: { arriveMin: 180, departMin: 780, capacityWh: 60_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, mode: 'solar', responseS: 10 },
    data: cloudData,
    control: { batteryPrioritySocPct: 0 },
  })

  const overcast = drift(day, 21, 0.35, 25)
  list.push({
    name: 'overcast-day',
    title: 'Overcast day',
    description: 'Thick cloud all day: diffuse light at about a third of clear sky, drifting slowly, so the surplus hovers around the 1.4 kW a single-phase car needs at 6 A. No battery.',
    goal: 'solar',
    start: SUMMER_START,
    hours: day.hours,
    site: { phases: 1, voltageV: 230, fuseA: 63 },
    pvW: { everyMin: 1, values: perMinute(day, (h, m) => sunUp(h, 6000) * 0.33 * overcast[m]!) },
    houseW: { everyMin: 1, values: house(day, { baseW: 350, morningW: 500, eveningW: 1000, appliances: ordinaryAppliances, seed: 12 }) },
    prices: flat(30, 5),
    car: { arriveMin: 0, departMin: day.hours * 60, capacityWh: 60_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, mode: 'solar', responseS: 10 },
    data: cloudData,
  })

  const fast = clouds(day, 31, { clearMin: [2, 7], cloudMin: [1, 4], depth: [0.2, 0.4] })
  const fastClouds = (suffix: string, data: typeof cloudData, extra: string): ScenarioInput => ({
    name: `fast-clouds${suffix}`,
    title: `Fast-moving clouds${extra}`,
    description: `Cumulus racing past: clear spells of 2–7 minutes and shadows of 1–4 minutes at 20–40 % of clear sky. Three-phase site and car (6–16 A per phase, 4.1 kW minimum), 10 kW of PV, no battery.${extra ? ` ${extra.trim()}.` : ''}`,
    goal: 'solar',
    start: SUMMER_START,
    hours: day.hours,
    site: { phases: 3, voltageV: 230, fuseA: 32 },
    pvW: { everyMin: 1, values: perMinute(day, (h, m) => sunUp(h, 10_000) * fast[m]!) },
    houseW: { everyMin: 1, values: house(day, { baseW: 450, morningW: 600, eveningW: 1200, appliances: ordinaryAppliances, seed: 13 }) },
    prices: flat(30, 5),
    car: { arriveMin: 0, departMin: day.hours * 60, capacityWh: 60_000, phases: 3, maxA: 16 },
    charger: { kind: 'current', phases: 3, minA: 6, maxA: 16, mode: 'solar', responseS: 10 },
    data,
    // Shadows of a minute or two: five-minute slots would let the optimum charge on the average.
    optimum: { slotMin: 1 },
  })
  list.push(fastClouds('', cloudData, ''))
  const local10 = { cadenceS: 10, delayS: 5 }
  list.push(fastClouds('-10s', { meter: local10, battery: local10, charger: local10, tariff: { cadenceS: 300, delayS: 0 } }, ', 10 s data'))

  const winter: Day = { startHour: 6, hours: 13 }
  const haze = drift(winter, 41, 0.1, 30)
  list.push({
    name: 'winter-low-sun',
    title: 'Winter, low sun',
    description: 'A clear June day: short and low sun (07:00–17:00, 2.6 kW at noon from a 6.6 kWp array), heating in the house, single-phase car home all day. No battery.',
    goal: 'solar',
    start: '2026-06-17T06:00:00+10:00',
    hours: winter.hours,
    site: { phases: 1, voltageV: 230, fuseA: 63 },
    pvW: { everyMin: 1, values: perMinute(winter, (h, m) => clearSky(h, 2600, 7, 17) * haze[m]!) },
    houseW: { everyMin: 1, values: house(winter, { baseW: 650, morningW: 900, eveningW: 1800, appliances: ordinaryAppliances, seed: 14 }) },
    prices: flat(32, 4),
    car: { arriveMin: 0, departMin: winter.hours * 60, capacityWh: 60_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, mode: 'solar', responseS: 10 },
    data: cloudData,
  })

  const scattered = clouds(day, 51, { clearMin: [15, 50], cloudMin: [3, 12], depth: [0.35, 0.6] })
  list.push({
    name: 'single-phase-site',
    title: 'Single-phase site',
    description: 'A single-phase 63 A supply with a 5 kW inverter and scattered clouds; the car takes 6–32 A on one phase (1.4–7.4 kW), home 09:00–17:00. No battery.',
    goal: 'solar',
    start: SUMMER_START,
    hours: day.hours,
    site: { phases: 1, voltageV: 230, fuseA: 63 },
    pvW: { everyMin: 1, values: perMinute(day, (h, m) => sunUp(h, 5000) * scattered[m]!) },
    houseW: { everyMin: 1, values: house(day, { baseW: 420, morningW: 700, eveningW: 1300, appliances: ordinaryAppliances, seed: 15 }) },
    prices: flat(30, 5),
    car: { arriveMin: 240, departMin: 720, capacityWh: 60_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, mode: 'solar', responseS: 10 },
    data: cloudData,
  })

  const scattered3 = clouds(day, 61, { clearMin: [15, 50], cloudMin: [3, 12], depth: [0.35, 0.6] })
  list.push({
    name: 'three-phase-site',
    title: 'Three-phase site',
    description: `A three-phase 32 A supply, 10 kWp of PV (8 kW inverter) with scattered clouds, a 13.3 kWh battery from 40 %, a three-phase car at 6–16 A (4.1–11 kW) home 08:00–18:00.${solarNote}`,
    goal: 'solar',
    start: SUMMER_START,
    hours: day.hours,
    site: { phases: 3, voltageV: 230, fuseA: 32 },
    pvW: { everyMin: 1, values: perMinute(day, (h, m) => Math.min(8000, sunUp(h, 9000)) * scattered3[m]!) },
    houseW: { everyMin: 1, values: house(day, { baseW: 500, morningW: 800, eveningW: 1500, appliances: ordinaryAppliances, seed: 16 }) },
    prices: flat(30, 5),
    battery: homeBattery(40),
    car: { arriveMin: 180, departMin: 780, capacityWh: 60_000, phases: 3, maxA: 16 },
    charger: { kind: 'current', phases: 3, minA: 6, maxA: 16, mode: 'solar', responseS: 10 },
    data: cloudData,
    control: { batteryPrioritySocPct: 0 },
  })

  const springClouds = clouds(day, 91, { clearMin: [15, 50], cloudMin: [5, 20], depth: [0.3, 0.6] })
  list.push({
    name: 'phase-switching',
    title: 'Phase switching',
    description:
      'A three-phase 32 A supply, 6 kWp of PV with passing clouds, no battery, and a three-phase car at 6–16 A on a charger that can also charge on one phase (L1): much of the day the sun gives 1.4–4 kW, too little for the 4.1 kW three-phase minimum but plenty for one phase.',
    goal: 'solar',
    start: SUMMER_START,
    hours: day.hours,
    site: { phases: 3, voltageV: 230, fuseA: 32 },
    pvW: { everyMin: 1, values: perMinute(day, (h, m) => sunUp(h, 6000) * springClouds[m]!) },
    houseW: { everyMin: 1, values: house(day, { baseW: 450, morningW: 700, eveningW: 1300, appliances: ordinaryAppliances, seed: 22 }) },
    prices: flat(30, 5),
    car: { arriveMin: 180, departMin: 780, capacityWh: 60_000, phases: 3, maxA: 16 },
    charger: { kind: 'current', phases: 3, minA: 6, maxA: 16, mode: 'solar', responseS: 10, phaseSwitch: true },
    data: cloudData,
  })

  const evening: Day = { startHour: 16, hours: 8 }
  list.push({
    name: 'small-fuse-heavy-house',
    title: 'Small fuse, heavy house load',
    description:
      'A three-phase 25 A supply whose house circuits sit mostly on L1 (induction cooktop, oven, heat pump, kettle), a 32 A single-phase charger on L1 in Fast mode from 16:30, and a local meter read every 10 s. The car needs 20 kWh by midnight (its charge limit); the fuse decides how fast it can have it.',
    goal: 'cost',
    start: '2026-01-15T16:00:00+11:00',
    hours: evening.hours,
    site: { phases: 3, voltageV: 230, fuseA: 25, houseShareByPhase: [0.7, 0.2, 0.1] },
    pvW: { everyMin: 5, values: perMinute(evening, (h) => sunUp(h, 5000)).filter((_, i) => i % 5 === 0) },
    houseW: {
      everyMin: 1,
      values: house(evening, {
        baseW: 600,
        eveningW: 1200,
        seed: 17,
        appliances: [
          { atHour: 17.2, minutes: 3, w: 2200 },
          { atHour: 17.6, minutes: 55, w: 2400 },
          { atHour: 18.0, minutes: 25, w: 3200 },
          { atHour: 18.5, minutes: 90, w: 1800 },
          { atHour: 19.4, minutes: 3, w: 2200 },
          { atHour: 20.2, minutes: 70, w: 1900 },
          { atHour: 21.0, minutes: 4, w: 2200 },
        ],
      }),
    },
    prices: flat(30, 5),
    car: { arriveMin: 30, departMin: evening.hours * 60, needWh: 20_000, capacityWh: 20_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, supplyPhase: 1, mode: 'fast', responseS: 10 },
    data: { meter: { cadenceS: 10, delayS: 5 }, battery: { cadenceS: 10, delayS: 5 }, charger: { cadenceS: 10, delayS: 5 }, tariff: { cadenceS: 300, delayS: 0 } },
  })

  const night: Day = { startHour: 17, hours: 14 }
  list.push({
    name: 'evening-price-spike',
    title: 'Evening price spike',
    description:
      'Home at 17:00 needing 30 kWh by 07:00 (its charge limit), plugged in on Solar with that plan set. Amber-like 30-minute prices: 45 c in the early evening, a spike to 250–300 c from 17:30 to 19:30, 18–22 c overnight. A 13.3 kWh battery at 80 % runs the house in self-consumption.',
    goal: 'cost',
    start: '2026-01-15T17:00:00+11:00',
    hours: night.hours,
    site: { phases: 1, voltageV: 230, fuseA: 63 },
    pvW: { points: [[0, 2400], [60, 1300], [120, 400], [180, 0]] },
    houseW: { everyMin: 1, values: house(night, { baseW: 450, eveningW: 1300, appliances: ordinaryAppliances.filter((a) => a.atHour >= 17), seed: 18 }) },
    prices: {
      importCentsPerKwh: { points: [[0, 45], [30, 250], [90, 300], [150, 45], [240, 32], [300, 22], [420, 18], [720, 24], [780, 38]], interpolate: 'step' },
      feedInCentsPerKwh: { points: [[0, 8], [30, 180], [150, 6], [300, 3]], interpolate: 'step' },
      intervalMin: 30,
    },
    battery: homeBattery(80),
    car: { arriveMin: 0, departMin: night.hours * 60, needWh: 30_000, capacityWh: 30_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, mode: 'solar', responseS: 10 },
    data: cloudData,
  })

  list.push({
    name: 'negative-midday-prices',
    title: 'Negative midday prices',
    description:
      'A sunny day whose wholesale price turns negative 10:30–14:30 (import down to −12 c, feed-in −9 c); single-phase site, 5 kW inverter, no battery. The car, home 08:00–18:00, needs 25 kWh by 18:00 (its charge limit) and is left on Solar with that plan set. Five-minute prices.',
    goal: 'cost',
    start: SUMMER_START,
    hours: day.hours,
    site: { phases: 1, voltageV: 230, fuseA: 63 },
    pvW: { everyMin: 5, values: perMinute(day, (h) => sunUp(h, 5000)).filter((_, i) => i % 5 === 0) },
    houseW: { everyMin: 1, values: house(day, { baseW: 400, morningW: 600, eveningW: 1200, appliances: ordinaryAppliances, seed: 19 }) },
    prices: {
      importCentsPerKwh: {
        points: [[0, 24], [120, 38], [240, 22], [330, -3], [360, -8], [420, -12], [480, -6], [540, 4], [600, 28], [720, 55], [900, 30]],
        interpolate: 'step',
      },
      feedInCentsPerKwh: { points: [[0, 6], [330, -4], [360, -7], [420, -9], [480, -5], [540, 2], [600, 8]], interpolate: 'step' },
      intervalMin: 5,
    },
    car: { arriveMin: 180, departMin: 780, needWh: 25_000, capacityWh: 25_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, mode: 'solar', responseS: 10 },
    data: cloudData,
  })

  list.push({
    name: 'export-curtailment',
    title: 'Export curtailment at negative feed-in',
    description:
      'The inverter stops exporting while the feed-in price is negative (Amber SmartShift, 10:00–15:00): the meter then shows no surplus however much sun there is, and only a load that asks for power gets it. Single-phase site, 5 kW inverter, a full 13.3 kWh battery, the car arriving at 11:00, in the middle of it, on Solar until 18:00.',
    goal: 'solar',
    start: SUMMER_START,
    hours: day.hours,
    site: { phases: 1, voltageV: 230, fuseA: 63, curtailAtNegativeFeedIn: true },
    pvW: { everyMin: 5, values: perMinute(day, (h) => sunUp(h, 5000)).filter((_, i) => i % 5 === 0) },
    houseW: { everyMin: 1, values: house(day, { baseW: 400, morningW: 600, eveningW: 1200, appliances: ordinaryAppliances, seed: 20 }) },
    prices: {
      importCentsPerKwh: { points: [[0, 25], [300, 8], [600, 30]], interpolate: 'step' },
      feedInCentsPerKwh: { points: [[0, 5], [300, -3], [600, 5]], interpolate: 'step' },
      intervalMin: 30,
    },
    battery: homeBattery(100),
    car: { arriveMin: 360, departMin: 780, capacityWh: 60_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, mode: 'solar', responseS: 10 },
    data: cloudData,
    control: { batteryPrioritySocPct: 0 },
  })

  const patchy = clouds(day, 71, { clearMin: [10, 40], cloudMin: [5, 25], depth: [0.3, 0.55] })
  list.push({
    name: 'departure-deadline',
    title: 'Car with a departure deadline',
    description:
      'The car arrives at 08:00 and must have 22 kWh by 15:00 (its charge limit, set as a plan); patchy cloud, single-phase site, 5 kW inverter, no battery, Min + Solar. Time-of-use prices: 20 c until 15:00, 45 c from 15:00 to 21:00, feed-in 5 c.',
    goal: 'cost',
    start: SUMMER_START,
    hours: day.hours,
    site: { phases: 1, voltageV: 230, fuseA: 63 },
    pvW: { everyMin: 1, values: perMinute(day, (h, m) => sunUp(h, 5000) * patchy[m]!) },
    houseW: { everyMin: 1, values: house(day, { baseW: 400, morningW: 600, eveningW: 1200, appliances: ordinaryAppliances, seed: 21 }) },
    prices: { importCentsPerKwh: { points: [[0, 20], [600, 45], [960, 20]], interpolate: 'step' }, feedInCentsPerKwh: 5, intervalMin: 30 },
    car: { arriveMin: 180, departMin: 600, needWh: 22_000, capacityWh: 22_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, mode: 'minsolar', responseS: 10 },
    data: cloudData,
  })

  const onoffClouds = clouds(day, 81, { clearMin: [20, 60], cloudMin: [4, 15], depth: [0.3, 0.55] })
  list.push({
    name: 'onoff-charger',
    title: 'On/off-only charger',
    description:
      'An Andersen A2-like charger that can only be switched on or off (minimum 5 minutes either way): the car then draws 16 A on one phase (3.7 kW). Single-phase site, 6 kW of PV with some clouds, no battery, car home 08:00–18:00 on Solar.',
    goal: 'solar',
    start: SUMMER_START,
    hours: day.hours,
    site: { phases: 1, voltageV: 230, fuseA: 63 },
    pvW: { everyMin: 1, values: perMinute(day, (h, m) => sunUp(h, 6000) * onoffClouds[m]!) },
    houseW: { everyMin: 1, values: house(day, { baseW: 400, morningW: 600, eveningW: 1200, appliances: ordinaryAppliances, seed: 22 }) },
    prices: flat(30, 5),
    car: { arriveMin: 180, departMin: 780, capacityWh: 60_000, phases: 1, maxA: 16 },
    charger: { kind: 'onoff', phases: 1, minA: 6, maxA: 32, mode: 'solar', responseS: 20, minSwitchIntervalS: 300 },
    data: cloudData,
  })

  // Plugged in overnight with a morning of sun ahead: the plan's cheap night is dearer than the
  // sun's forgone feed-in. The past days in the history were clear, so the outlook expects sun.
  const overnight: Day = { startHour: 17, hours: 22 }
  const wholeDay: Day = { startHour: 0, hours: 24 }
  const clearDay = (hour: number) => clearSky(hour % 24, 7000, 6, 20)
  const overnightHouse = house(overnight, { baseW: 450, morningW: 700, eveningW: 1300, appliances: ordinaryAppliances, seed: 31 })
  const pastDays = {
    pvW: { everyMin: 1, values: perMinute(wholeDay, (h) => clearDay(h)) },
    houseW: { everyMin: 1, values: house(wholeDay, { baseW: 450, morningW: 700, eveningW: 1300, appliances: ordinaryAppliances, seed: 32 }) },
  }
  const sunAhead = (name: string, title: string, weather: string, pvShare: (m: number) => number): ScenarioInput => ({
    name,
    title,
    description: `Home at 18:00, needing 24 kWh by 15:00 the next day (its charge limit), on Solar with that plan set. Prices: 45 c until 21:00, 22 c overnight, 30 c from 07:00, feed-in 6 c. The last three days were clear (7 kW of PV); ${weather} Single-phase site, no battery.`,
    goal: 'cost',
    start: '2026-01-15T17:00:00+11:00',
    hours: overnight.hours,
    site: { phases: 1, voltageV: 230, fuseA: 63 },
    pvW: { everyMin: 1, values: perMinute(overnight, (h, m) => clearDay(h) * pvShare(m)) },
    houseW: { everyMin: 1, values: overnightHouse },
    prices: { importCentsPerKwh: { points: [[0, 45], [240, 22], [840, 30]], interpolate: 'step' }, feedInCentsPerKwh: 6, intervalMin: 30 },
    pastDays,
    car: { arriveMin: 60, departMin: 1320, needWh: 24_000, capacityWh: 24_000, phases: 1, maxA: 32 },
    charger: { kind: 'current', phases: 1, minA: 6, maxA: 32, mode: 'solar', responseS: 10 },
    data: cloudData,
  })
  list.push(sunAhead('sun-before-departure', 'Sun before departure', 'so is the next.', () => 1))
  const greyMorning = drift(overnight, 33, 0.15, 20)
  list.push(sunAhead('sun-forecast-missed', 'Sun expected, none came', 'the next is overcast (a quarter of it).', (m) => 0.25 * greyMorning[m]!))

  return list.map((s) => ({ ...s, timeZone: s.start.endsWith('+10:00') || s.start.endsWith('+11:00') ? 'Australia/Sydney' : 'UTC' }))
}

/** JSON with one series value list per line, so a diff shows what changed. */
export function scenarioJson(s: ScenarioInput): string {
  return `${JSON.stringify(s, null, 2).replace(/\[\s+(-?[\d.]+(?:,\s+-?[\d.]+)*)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`)}\n`
}
