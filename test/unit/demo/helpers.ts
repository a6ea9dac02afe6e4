import { manualClock, type ManualClock } from '../../../src-main/core/clock'
import { createDemoHome, type DemoHome, type DemoHomeOptions } from '../../../src-main/core/demo'
import { localTime, zonedTimeToMs, type WallClockTime } from '../../../src-main/core/time/local-time'
import { defaultDemoAccount, SiteSettings, type DemoAccount } from '../../../src-shared/settings'

export const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

export const sydney = SiteSettings.parse({})
export const TZ = sydney.timeZone

/** A Wednesday in the Sydney summer: long sunny days. */
export const SUMMER_WEDNESDAY = { year: 2025, month: 1, day: 15 }
/** The Saturday after it. */
export const SUMMER_SATURDAY = { year: 2025, month: 1, day: 18 }

export function sydneyMs(wall: WallClockTime): number {
  return zonedTimeToMs(TZ, wall)
}

export function at(day: { year: number; month: number; day: number }, hour: number, minute = 0): number {
  return sydneyMs({ ...day, hour, minute })
}

export function localHour(timeMs: number): number {
  return localTime(TZ, timeMs).hourOfDay
}

export interface TestHome {
  home: DemoHome
  clock: ManualClock
}

export function makeHome(
  startMs: number,
  overrides: { account?: Partial<DemoAccount>; site?: Partial<SiteSettings> } & Omit<Partial<DemoHomeOptions>, 'account' | 'site'> = {},
): TestHome {
  const { account, site, ...rest } = overrides
  const clock = manualClock(startMs)
  const home = createDemoHome({
    account: { ...defaultDemoAccount, ...account },
    site: { ...sydney, ...site },
    clock,
    ...rest,
  })
  return { home, clock }
}

export function charger(home: DemoHome) {
  return home.chargers[0]
}

export interface FlowSample {
  atMs: number
  pvW: number
  houseW: number
  gridW: number
  batteryW: number
  socPct: number | null
  evW: number
  phasePowersW: number[]
}

export async function sample(test: TestHome): Promise<FlowSample> {
  const meter = await test.home.meter.readMeter()
  const battery = test.home.battery ? await test.home.battery.readBattery() : null
  const ev = await charger(test.home).readCharger()
  return {
    atMs: test.clock.now(),
    pvW: meter.pvW ?? NaN,
    houseW: meter.houseW ?? NaN,
    gridW: meter.gridW ?? NaN,
    batteryW: battery?.batteryW ?? 0,
    socPct: battery?.socPct ?? null,
    evW: ev.powerW,
    phasePowersW: (meter.gridPhases ?? []).map((phase) => phase.powerW ?? NaN),
  }
}

/** Reads every stepMs from the clock's current time until endMs. */
export async function sampleUntil(test: TestHome, endMs: number, stepMs: number): Promise<FlowSample[]> {
  const samples: FlowSample[] = []
  while (test.clock.now() <= endMs) {
    samples.push(await sample(test))
    test.clock.advance(stepMs)
  }
  return samples
}

export function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length
}
