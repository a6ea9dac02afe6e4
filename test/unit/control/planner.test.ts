import { describe, expect, it } from 'vitest'
import { planStep } from '../../../src-main/core/control/planner'
import { nextDepartureMs, planInput } from '../../../src-main/core/site/plan-input'
import type { PriceInterval } from '../../../src-shared/model'

const HOUR = 3_600_000
const T0 = Date.parse('2026-01-15T17:00:00+11:00')

/** Half-hour intervals from T0 with these prices, c/kWh. */
function prices(cents: number[]): PriceInterval[] {
  return cents.map((c, i) => ({
    kind: 'forecast',
    startMs: T0 + i * HOUR / 2,
    endMs: T0 + (i + 1) * HOUR / 2,
    perKwhCents: c,
    feedInCentsPerKwh: 5,
    descriptor: 'neutral',
    spikeStatus: 'none',
    renewablesPct: null,
    estimate: false,
  }))
}

describe('the departure planner', () => {
  // 7.36 kW car, 4 hours to go, 7.36 kWh missing: about 1.05 h of charging with slack.
  const base = { departMs: T0 + 4 * HOUR, missingWh: 7360, fullPowerW: 7360 }

  it('waits through a spike for the cheapest slots', () => {
    const list = prices([300, 300, 45, 45, 22, 18, 18, 22])
    expect(planStep({ ...base, nowMs: T0, prices: list }).chargeNow).toBe(false)
    expect(planStep({ ...base, nowMs: T0 + 2.5 * HOUR, prices: list }).chargeNow).toBe(true)
    // 18 c from 19:30 and 20:00, then the later of the 22 c slots for the rest.
    expect(planStep({ ...base, nowMs: T0 + 3.5 * HOUR, prices: list }).chargeNow).toBe(true)
    expect(planStep({ ...base, nowMs: T0 + 2 * HOUR, prices: list }).chargeNow).toBe(false)
  })

  it('takes the latest of equally cheap slots, leaving the sun its chance first', () => {
    const list = prices([20, 20, 20, 20, 20, 20, 20, 20])
    expect(planStep({ ...base, nowMs: T0, prices: list }).chargeNow).toBe(false)
    expect(planStep({ ...base, nowMs: T0 + 3.5 * HOUR, prices: list }).chargeNow).toBe(true)
  })

  it('charges only the needed part of the last slot it takes, at that slot’s end', () => {
    // 1.05 h needed from equal 30-minute slots: the last two whole, and the final 3 minutes of the one before.
    const list = prices([20, 20, 20, 20, 20, 20, 20, 20])
    expect(planStep({ ...base, nowMs: T0 + 2.5 * HOUR, prices: list }).chargeNow).toBe(false)
    expect(planStep({ ...base, nowMs: T0 + 2.9 * HOUR, prices: list }).chargeNow).toBe(false)
    expect(planStep({ ...base, nowMs: T0 + 2.96 * HOUR, prices: list }).chargeNow).toBe(true)
  })

  it('charges at once when the time left is not enough, and says when it cannot make it', () => {
    const late = planStep({ ...base, missingWh: 40_000, nowMs: T0, prices: prices([300, 300, 300, 300, 300, 300, 300, 300]) })
    expect(late).toMatchObject({ chargeNow: true, late: true })
  })

  it('without prices starts as late as still makes it', () => {
    expect(planStep({ ...base, nowMs: T0, prices: [] }).chargeNow).toBe(false)
    expect(planStep({ ...base, nowMs: T0 + 3 * HOUR, prices: [] }).chargeNow).toBe(true)
  })

  it('does nothing once the energy is in', () => {
    expect(planStep({ ...base, missingWh: 0, nowMs: T0, prices: prices([1]) }).chargeNow).toBe(false)
  })
})

describe('the plan as the user sets it', () => {
  it('departs at the next time the site clock shows the ready-by time', () => {
    // 17:00 in Sydney: 07:00 is 14 hours ahead.
    expect(nextDepartureMs('07:00', T0, 'Australia/Sydney')).toBe(T0 + 14 * HOUR)
    expect(nextDepartureMs('18:30', T0, 'Australia/Sydney')).toBe(T0 + 1.5 * HOUR)
  })

  it('counts the session’s energy against the plan, and is off when disabled or met', () => {
    const common = { fullPowerW: 7360, prices: [], nowMs: T0, timeZone: 'Australia/Sydney' }
    const plan = { enabled: true, readyBy: '19:00', energyKwh: 20 }
    expect(planInput({ ...common, plan, sessionEnergyWh: 5000 })).toMatchObject({ missingWh: 15_000, chargeNow: true, late: true })
    expect(planInput({ ...common, plan: { ...plan, enabled: false }, sessionEnergyWh: 0 })).toBeNull()
    expect(planInput({ ...common, plan, sessionEnergyWh: 20_000 })).toBeNull()
  })
})

describe('the plan and the feed-in price', () => {
  it('names the dearest slot it charges in, so export can be weighed against it', () => {
    const list = prices([6, 6, -12, -12, -12, -12, 4, 4])
    const step = planStep({ departMs: T0 + 4 * HOUR, missingWh: 7360, fullPowerW: 7360, nowMs: T0, prices: list })
    expect(step).toMatchObject({ chargeNow: false, slotCents: -12 })
  })
})

describe('when the plan charges next', () => {
  it('is the start of its first slot, or the needed end of a part-slot', () => {
    const spike = prices([300, 300, 45, 45, 22, 18, 18, 22])
    expect(planStep({ departMs: T0 + 4 * HOUR, missingWh: 7360, fullPowerW: 7360, nowMs: T0, prices: spike }).nextMs).toBe(T0 + 2.5 * HOUR)
    const flat = prices([20, 20, 20, 20, 20, 20, 20, 20])
    // 1.05 h needed: the final 3 minutes of the 19:30 slot, then the last hour.
    expect(planStep({ departMs: T0 + 4 * HOUR, missingWh: 7360, fullPowerW: 7360, nowMs: T0, prices: flat }).nextMs).toBeCloseTo(T0 + 2.95 * HOUR, -3)
  })
})

describe('the plan and the sun expected before departure', () => {
  // Overnight: 22 c until 07:00 (14 h), 30 c after; 24 kWh by 15:00 on a 7.36 kW car.
  const night = prices([...Array(28).fill(22), ...Array(16).fill(30)])
  const base = { departMs: T0 + 22 * HOUR, missingWh: 24_000, fullPowerW: 7360, nowMs: T0, prices: night }

  it('buys only what the sun will not bring, in the cheapest slots', () => {
    const without = planStep(base)
    const withSun = planStep({ ...base, solarWh: 18_000 })
    expect(without.gridWh).toBe(24_000)
    expect(withSun.gridWh).toBe(6000)
    // 6 kWh × 1.05 at 7.36 kW is 51 min: the end of the night, not its start.
    expect(without.nextMs).toBeLessThan(withSun.nextMs!)
    expect(withSun.nextMs).toBeCloseTo(T0 + 14 * HOUR - 0.856 * HOUR, -4)
  })

  it('buys nothing when the sun is expected to bring it all', () => {
    expect(planStep({ ...base, solarWh: 30_000 })).toMatchObject({ chargeNow: false, late: false, nextMs: null, gridWh: 0 })
  })

  it('still starts in time to charge everything from the grid, with a quarter to spare, should the sun not come', () => {
    // 24 kWh at 7.36 kW takes 3.26 h; counting on the sun, the plan keeps 4.08 h free for it.
    const step = planStep({ ...base, nowMs: base.departMs - 4 * HOUR, solarWh: 30_000 })
    expect(step).toMatchObject({ chargeNow: true, late: false, gridWh: 24_000 })
    expect(planStep({ ...base, nowMs: base.departMs - 4.2 * HOUR, solarWh: 30_000 }).chargeNow).toBe(false)
  })

  it('is told the expected sun between now and departure, and passes on what it counts', () => {
    const asked: [number, number][] = []
    const plan = { enabled: true, readyBy: '15:00', energyKwh: 24 }
    const expectedSolarWh = (fromMs: number, toMs: number) => (asked.push([fromMs, toMs]), 18_000)
    const input = planInput({ plan, sessionEnergyWh: 0, fullPowerW: 7360, prices: night, nowMs: T0, timeZone: 'Australia/Sydney', expectedSolarWh })
    expect(asked).toEqual([[T0, T0 + 22 * HOUR]])
    expect(input).toMatchObject({ chargeNow: false, missingWh: 24_000, solarWh: 18_000, nextAt: '06:08' })
  })
})

