/**
 * Shared set-up for the "simulated hour" loop tests: a weekday noon on a manual clock, one hour
 * of sun with passing clouds, a site meter that sees the charger's own draw, and a driver that
 * ticks the real SiteRuntime every 10 simulated seconds. Also helpers to judge a fake's request
 * log against a vendor's budget. The assertions themselves stay in each vendor's test.
 */
import { expect, it } from 'vitest'
import { manualClock, type ManualClock } from '../../../src-main/core/clock'
import type { Charger, Meter } from '../../../src-main/core/devices'
import type { Logger } from '../../../src-main/core/host'
import { SiteRuntime } from '../../../src-main/core/site/runtime'
import type { DriverDeps } from '../../../src-main/core/vendors/driver'
import { defaultSettings, type Settings } from '../../../src-shared/settings'
import { memoryLogger, type MemoryLogger } from '../helpers/memory-logger'

/** Wednesday 4 March 2026, noon in Sydney (the default site time zone). */
export const NOON_MS = Date.parse('2026-03-04T12:00:00+11:00')
export const SECOND_MS = 1_000
export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const TICK_MS = 10_000
export const HOUSE_W = 500
export const VOLTAGE_V = 230

/** The loop's delays in defaultSettings(): start after 60 s of surplus, stop after 180 s of import. */
export const START_DELAY_MS = 60 * SECOND_MS
export const STOP_DELAY_MS = 180 * SECOND_MS

/** Sun levels as a share of the peak, by minute after noon: the car's current should follow them. */
export const SUN_LEVELS: readonly { fromMin: number; share: number }[] = [
  { fromMin: 0, share: 1 },
  { fromMin: 15, share: 0.8 },
  { fromMin: 30, share: 1 },
  { fromMin: 45, share: 0.65 },
]

/** Passing clouds of 1 to 4 minutes and one long one; under a cloud the PV gives 15 % of its peak. */
export const CLOUDS: readonly { fromMin: number; toMin: number }[] = [
  { fromMin: 6, toMin: 7 },
  { fromMin: 12, toMin: 14 },
  { fromMin: 20, toMin: 24 },
  { fromMin: 32, toMin: 42 },
  { fromMin: 50, toMin: 53 },
]
export const LONG_CLOUD = CLOUDS[3]!
export const CLOUD_SHARE = 0.15

export const at = (minute: number): number => NOON_MS + minute * MINUTE_MS
export const minuteOf = (atMs: number): number => (atMs - NOON_MS) / MINUTE_MS

export function inCloud(atMs: number): boolean {
  const min = minuteOf(atMs)
  return CLOUDS.some((c) => min >= c.fromMin && min < c.toMin)
}

export function pvAt(atMs: number, peakW: number): number {
  if (inCloud(atMs)) return Math.round(peakW * CLOUD_SHARE)
  const min = minuteOf(atMs)
  const level = [...SUN_LEVELS].reverse().find((l) => min >= l.fromMin) ?? SUN_LEVELS[0]!
  return Math.round(peakW * level.share)
}

/** When the PV last changed (a cloud came or went, or the sun level changed), at or before atMs. */
export function lastPvChangeMs(atMs: number): number {
  const edges = [...CLOUDS.flatMap((c) => [c.fromMin, c.toMin]), ...SUN_LEVELS.map((l) => l.fromMin)].map(at)
  return Math.max(...edges.filter((e) => e <= atMs))
}

/** The site meter: grid = house − PV + what the charger really draws now (read from the fake). */
export function siteMeter(clock: ManualClock, peakW: number, carDrawW: () => number): Meter {
  return {
    id: 'test:site-meter',
    label: 'Site meter',
    pollMs: TICK_MS,
    async readMeter() {
      const pvW = pvAt(clock.now(), peakW)
      return { pvW, houseW: HOUSE_W, gridW: Math.round(HOUSE_W - pvW + carDrawW()), gridPhases: null }
    },
  }
}

export interface Rig {
  clock: ManualClock
  logger: MemoryLogger
  deps: DriverDeps
  /** Advances the manual clock instead of waiting: pacing and backoff cost no real time. */
  sleep: (ms: number) => Promise<void>
}

export function rig(): Rig {
  const clock = manualClock(NOON_MS)
  const logger = memoryLogger()
  return {
    clock,
    logger,
    deps: { clock, logger, random: () => 0.5 },
    sleep: async (ms) => clock.advance(ms),
  }
}

/** Default settings with the charger in Solar mode and the site wired for the charger's phases. */
export function solarSettings(charger: Charger): Settings {
  const settings = defaultSettings()
  settings.site.phases = charger.phases
  settings.chargers[charger.id] = { mode: 'solar', enabled: true, limitA: 32, phase: 1 }
  return settings
}

export interface Sample {
  atMs: number
  pvW: number
  /** What the fake's charger draws after the tick's commands. */
  drawW: number
  /** The current setting the fake's charger holds, for chargers that have one. */
  currentA: number | null
  /** The loop's decision, as the popover shows it. */
  state: string | null
  reason: string | null
}

export interface FakeProbe {
  drawW(): number
  currentA(): number | null
}

/**
 * Ticks the real runtime every 10 simulated seconds for an hour and samples the fake after each
 * tick. A tick whose vendor sleeps moved the clock on makes the next one late; the clock never
 * goes back.
 */
export async function runHour(o: { clock: ManualClock; charger: Charger; peakW: number; fake: FakeProbe; logger: Logger }): Promise<Sample[]> {
  const { clock, charger, peakW, fake, logger } = o
  const settings = solarSettings(charger)
  const meter = siteMeter(clock, peakW, () => fake.drawW())
  const runtime = new SiteRuntime({ devices: { meter, battery: null, tariff: null, chargers: [charger] }, clock, logger, settings: () => settings })
  const samples: Sample[] = []
  for (let t = NOON_MS; t < NOON_MS + HOUR_MS; t += TICK_MS) {
    if (clock.now() < t) clock.set(t)
    const { snapshot } = await runtime.tick()
    const decision = snapshot.chargers[0]?.decision ?? null
    samples.push({
      atMs: clock.now(),
      pvW: pvAt(clock.now(), peakW),
      drawW: fake.drawW(),
      currentA: fake.currentA(),
      state: decision?.state ?? null,
      reason: decision?.reason ?? null,
    })
  }
  return samples
}

// --- judging the hour ---------------------------------------------------------------------------

export const between = (samples: Sample[], fromMs: number, toMs: number): Sample[] => samples.filter((s) => s.atMs >= fromMs && s.atMs < toMs)

export const sunny = (samples: Sample[]): Sample[] => samples.filter((s) => !inCloud(s.atMs))

/** Sunny samples at least `graceMs` after the PV last changed: the loop has had time to follow. */
export const settled = (samples: Sample[], graceMs: number): Sample[] => sunny(samples).filter((s) => s.atMs - lastPvChangeMs(s.atMs) >= graceMs)

export const share = (part: unknown[], whole: unknown[]): number => (whole.length === 0 ? 0 : part.length / whole.length)

/** Settled sunny samples whose current is more than 1 A off what the surplus pays for. */
export function offSurplus(samples: Sample[], c: { phases: 1 | 3; minA: number; maxA: number; graceMs: number }): { settled: Sample[]; off: Sample[] } {
  const judged = settled(samples, c.graceMs)
  const off = judged.filter((s) => s.currentA === null || s.drawW === 0 || Math.abs(s.currentA - surplusAmps(s.pvW, c.phases, c.minA, c.maxA)) > 1)
  return { settled: judged, off }
}

/** Charging samples offering more than the surplus pays for (or the minimum, under a cloud) + 1 A. */
export function aboveSurplus(samples: Sample[], c: { phases: 1 | 3; minA: number; maxA: number }): Sample[] {
  return samples.filter((s) => s.drawW > 0 && s.currentA !== null && s.currentA > surplusAmps(s.pvW, c.phases, c.minA, c.maxA) + 1)
}

/** The clouds shorter than `shorterThanMs`: the ones the loop should ride out. */
export const passingClouds = (shorterThanMs: number): typeof CLOUDS => CLOUDS.filter((c) => (c.toMin - c.fromMin) * MINUTE_MS < shorterThanMs)

/** Samples under these clouds in which the charger drew nothing. */
export const stoppedUnder = (samples: Sample[], clouds: typeof CLOUDS): Sample[] =>
  clouds.flatMap((c) => between(samples, at(c.fromMin), at(c.toMin))).filter((s) => s.drawW === 0)

/** Samples under a cloud, from `lagMs` after it came, that draw more than the minimum current. */
export function overMinimumUnderClouds(samples: Sample[], minimumW: number, lagMs: number): Sample[] {
  return CLOUDS.flatMap((c) => between(samples, at(c.fromMin) + lagMs, at(c.toMin))).filter((s) => s.drawW > minimumW * 1.02)
}

/** Whole amps the surplus pays for at this PV, for `phases` × 230 V, within the charger's range. */
export function surplusAmps(pvW: number, phases: 1 | 3, minA: number, maxA: number): number {
  return Math.max(minA, Math.min(maxA, Math.floor((pvW - HOUSE_W) / (VOLTAGE_V * phases))))
}

/** Most entries within any window of `windowMs` (the fakes' own sliding-window convention). */
export function peakInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let peak = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++
    peak = Math.max(peak, j - i)
  }
  return peak
}

/** Shortest gap between consecutive times; Infinity with fewer than two. */
export function shortestGap(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  let gap = Number.POSITIVE_INFINITY
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i]! - sorted[i - 1]!)
  return gap
}

/**
 * For fakes whose request log carries no time (Charge Amps, Andersen): notes the simulated time
 * at which each entry is logged. The manual clock does not move while a request is in flight.
 */
export function stampTimes<T extends object>(log: T[], clock: ManualClock): (entry: T) => number {
  const times = new WeakMap<T, number>()
  const push = log.push.bind(log)
  log.push = (...entries: T[]) => {
    for (const entry of entries) times.set(entry, clock.now())
    return push(...entries)
  }
  return (entry) => {
    const atMs = times.get(entry)
    if (atMs === undefined) throw new Error('a request was logged before the test started stamping the log')
    return atMs
  }
}

/** "12:34:50" for failure messages. */
export function clockTime(atMs: number): string {
  const s = Math.round((atMs - NOON_MS) / 1000)
  return `12:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

/** The samples that fail a check, as short lines for a failure message (at most 8). */
export function explain(samples: Sample[]): string[] {
  return samples.slice(0, 8).map((s) => `${clockTime(s.atMs)} pv ${s.pvW} W, draw ${Math.round(s.drawW)} W, ${s.currentA ?? '-'} A: ${s.reason}`)
}

/**
 * The two checks every current-setting charger must pass, registered in the caller's describe:
 * never above what the surplus pays for, and once settled, on it within an amp.
 */
export function itFollowsTheSurplus(samples: () => Sample[], c: { phases: 1 | 3; minA: number; maxA: number }): void {
  it('never offers more current than the surplus pays for', () => {
    const over = aboveSurplus(samples(), c)
    expect(explain(over), `${over.length} ticks above the surplus`).toEqual([])
  })

  it('follows the surplus: once settled, the current is what the sun pays for (±1 A)', () => {
    const { settled, off } = offSurplus(samples(), { ...c, graceMs: 2 * MINUTE_MS })
    expect(settled.length).toBeGreaterThan(100)
    expect(explain(off), `${off.length} of ${settled.length} settled sunny ticks off the surplus`).toEqual([])
  })
}
