import { describe, expect, it } from 'vitest'
import { decide } from '../../../src-main/core/control/decide'
import { FUSE_MARGIN_A, fuseLimitA } from '../../../src-main/core/control/fuse'
import type { ChargerInput, ControlConfig, Decision, LoopMemory, SiteInput } from '../../../src-main/core/control/types'
import { freshMemory } from '../../../src-main/core/control/types'
import { chargerInput } from './fixtures'

const config: ControlConfig = {
  startDelayS: 60,
  stopDelayS: 180,
  batteryPrioritySocPct: 80,
  voltageV: 230,
  fuseA: 63,
  sitePhases: 1,
}

const charger = chargerInput

function site(over: Partial<SiteInput> = {}): SiteInput {
  return { gridW: 0, batteryW: 0, socPct: 90, gridPhaseCurrentsA: null, meterFresh: true, hasMeter: true, ...over }
}

/** Runs the loop tick by tick as the runtime does, feeding back what the car then draws. */
function simulate(
  steps: { exportW: number; seconds: number }[],
  over: Partial<ChargerInput> = {},
  cfg: ControlConfig = config,
): { t: number; decision: Decision }[] {
  const out: { t: number; decision: Decision }[] = []
  let memory: LoopMemory = freshMemory()
  let offeredA = 0
  let t = 0
  for (const step of steps) {
    for (let s = 0; s < step.seconds; s += 10) {
      const carW = offeredA * 230
      // The meter sees the house's net export minus whatever the car draws.
      const gridW = -step.exportW + carW
      const decision = decide({
        charger: charger({ ...over, offeredA, powerW: carW }),
        site: site({ gridW }),
        config: cfg,
        memory,
        nowMs: t * 1000,
      })
      memory = decision.memory
      offeredA = decision.targetA
      out.push({ t, decision })
      t += 10
    }
  }
  return out
}

describe('solar mode start and stop delays', () => {
  it('starts only after surplus for the minimum current has held for the start delay', () => {
    const run = simulate([{ exportW: 2000, seconds: 120 }])
    const firstStart = run.find((r) => r.decision.targetA > 0)!
    expect(firstStart.t).toBe(60)
    // The nearest whole amp to 8.7 A of surplus.
    expect(firstStart.decision.targetA).toBe(9)
    expect(run[0]!.decision.reason).toBe('Starting in 1 min if surplus holds')
    expect(run[2]!.decision.reason).toBe('Starting in 40 s if surplus holds')
  })

  it('restarts the start timer when the surplus dips', () => {
    const run = simulate([
      { exportW: 2000, seconds: 40 },
      { exportW: 500, seconds: 10 },
      { exportW: 2000, seconds: 120 },
    ])
    expect(run.find((r) => r.decision.targetA > 0)!.t).toBe(50 + 60)
  })

  it('says how much more surplus is needed when there is too little', () => {
    const [first] = simulate([{ exportW: 500, seconds: 10 }])
    expect(first!.decision.targetA).toBe(0)
    expect(first!.decision.reason).toBe('Waiting: 880 W more surplus needed to start')
  })

  it('follows the surplus in whole amps while charging', () => {
    const run = simulate([
      { exportW: 2000, seconds: 70 },
      { exportW: 3000, seconds: 20 },
    ])
    const last = run.at(-1)!.decision
    expect(last.targetA).toBe(13)
    expect(Number.isInteger(last.targetA)).toBe(true)
  })

  it('holds the minimum through a cloud and stops only after the stop delay', () => {
    const run = simulate([
      { exportW: 2000, seconds: 70 },
      { exportW: 400, seconds: 250 },
    ])
    const cloudStart = 70
    const held = run.filter((r) => r.t >= cloudStart && r.t < cloudStart + 180)
    expect(held.every((r) => r.decision.targetA === 6)).toBe(true)
    expect(held[0]!.decision.reason).toBe('Low surplus: stopping in 3 min unless the sun returns')
    const stopped = run.find((r) => r.t >= cloudStart && r.decision.targetA === 0)!
    expect(stopped.t).toBe(cloudStart + 180)
    expect(stopped.decision.reason).toContain('Stopped')
  })

  it('keeps charging when the sun returns before the stop delay ends', () => {
    const run = simulate([
      { exportW: 2000, seconds: 70 },
      { exportW: 400, seconds: 120 },
      { exportW: 2500, seconds: 30 },
      { exportW: 400, seconds: 120 },
    ])
    expect(run.every((r) => r.t < 70 || r.decision.targetA >= 6)).toBe(true)
  })

  it('uses the configured delays', () => {
    const run = simulate([{ exportW: 2000, seconds: 60 }], {}, { ...config, startDelayS: 0 })
    expect(run[0]!.decision.targetA).toBeGreaterThan(0)
  })
})

describe('modes', () => {
  it('off never charges, even with plenty of sun', () => {
    const d = decide({ charger: charger({ mode: 'off' }), site: site({ gridW: -8000 }), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(0)
    expect(d.reason).toBe('Off: not charging')
  })

  it('fast charges at the user limit regardless of sun', () => {
    const d = decide({ charger: charger({ mode: 'fast', limitA: 20 }), site: site({ gridW: 3000 }), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(20)
    expect(d.state).toBe('charging')
  })

  it('min + solar charges at the minimum without sun and more with it', () => {
    const dark = decide({ charger: charger({ mode: 'minsolar' }), site: site({ gridW: 500 }), config, memory: freshMemory(), nowMs: 0 })
    expect(dark.targetA).toBe(6)
    expect(dark.reason).toContain('topped up from the grid')
    const sunny = decide({ charger: charger({ mode: 'minsolar' }), site: site({ gridW: -3000 }), config, memory: freshMemory(), nowMs: 0 })
    expect(sunny.targetA).toBe(13)
  })

  it('does nothing without a car or when the user paused the charger', () => {
    expect(decide({ charger: charger({ connected: false, mode: 'fast' }), site: site(), config, memory: freshMemory(), nowMs: 0 }).targetA).toBe(0)
    const paused = decide({ charger: charger({ userEnabled: false, mode: 'fast' }), site: site(), config, memory: freshMemory(), nowMs: 0 })
    expect(paused.targetA).toBe(0)
    expect(paused.state).toBe('paused')
  })

  it('never exceeds the charger maximum', () => {
    const d = decide({ charger: charger({ mode: 'solar', offeredA: 6, powerW: 1380, limitA: 80 }), site: site({ gridW: -15000 }), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(32)
  })

  it('holds the minimum instead of guessing when the meter is stale', () => {
    const d = decide({ charger: charger({ offeredA: 10, powerW: 2300 }), site: site({ gridW: -5000, meterFresh: false }), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(6)
    const idle = decide({ charger: charger(), site: site({ gridW: -5000, meterFresh: false }), config, memory: freshMemory(), nowMs: 0 })
    expect(idle.targetA).toBe(0)
  })
})

describe('home battery priority', () => {
  it('leaves battery charging alone below the priority SOC', () => {
    // The battery soaks up 3 kW and nothing is exported: below priority the car gets none of it.
    const low = decide({ charger: charger({ mode: 'minsolar' }), site: site({ gridW: 0, batteryW: -3000, socPct: 50 }), config, memory: freshMemory(), nowMs: 0 })
    expect(low.targetA).toBe(6)
    expect(low.reason).toContain('minimum')
    const high = decide({ charger: charger({ mode: 'minsolar' }), site: site({ gridW: 0, batteryW: -3000, socPct: 85 }), config, memory: freshMemory(), nowMs: 0 })
    expect(high.targetA).toBe(13)
  })

  it('counts battery discharge as a deficit so the car does not drain the battery', () => {
    const d = decide({
      charger: charger({ offeredA: 6, powerW: 1380 }),
      site: site({ gridW: 0, batteryW: 1380, socPct: 90 }),
      config,
      memory: freshMemory(),
      nowMs: 0,
    })
    expect(d.reason).toContain('stopping in')
  })
})

describe('fuse limit', () => {
  it('caps fast charging so the phase stays within the fuse', () => {
    // 40 A of other load on a 63 A fuse, car drawing nothing yet.
    const limited = decide({
      charger: charger({ mode: 'fast' }),
      site: site({ gridW: 40 * 230, gridPhaseCurrentsA: [40] }),
      config,
      memory: freshMemory(),
      nowMs: 0,
    })
    expect(limited.targetA).toBe(23 - FUSE_MARGIN_A)
    expect(limited.reason).toContain('held back by the fuse')
  })

  it('subtracts the car’s own draw from the phase before computing headroom', () => {
    const limit = fuseLimitA(
      charger({ offeredA: 20, powerW: 20 * 230 }),
      site({ gridPhaseCurrentsA: [55] }),
      config,
    )
    expect(limit).toBe(63 - 35 - FUSE_MARGIN_A)
  })

  it('uses the phase a single-phase charger is wired to on a three-phase site', () => {
    const three: ControlConfig = { ...config, sitePhases: 3, fuseA: 32 }
    const onL2 = fuseLimitA(charger({ supplyPhase: 2 }), site({ gridPhaseCurrentsA: [5, 28, 5] }), three)
    const onL3 = fuseLimitA(charger({ supplyPhase: 3 }), site({ gridPhaseCurrentsA: [5, 28, 5] }), three)
    expect(onL2).toBe(4 - FUSE_MARGIN_A)
    expect(onL3).toBe(27 - FUSE_MARGIN_A)
  })

  it('a three-phase charger is limited by its most loaded phase', () => {
    const three: ControlConfig = { ...config, sitePhases: 3, fuseA: 32 }
    expect(fuseLimitA(charger({ phases: 3 }), site({ gridPhaseCurrentsA: [10, 20, 12] }), three)).toBe(12 - FUSE_MARGIN_A)
  })

  it('refuses to start when the fuse leaves less than the minimum', () => {
    const d = decide({ charger: charger({ mode: 'fast' }), site: site({ gridPhaseCurrentsA: [60], gridW: 60 * 230 }), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(0)
    expect(d.reason).toBe(`Waiting: the 63 A fuse leaves only ${3 - FUSE_MARGIN_A} A, below the 6 A minimum`)
  })

  it('treats an unreadable meter as a full phase, not an empty one', () => {
    expect(fuseLimitA(charger(), site({ gridW: null }), config)).toBe(0)
  })
})

describe('a site without a meter (a charger-only setup)', () => {
  const noMeter = () => site({ gridW: null, batteryW: null, socPct: null, meterFresh: false, hasMeter: false })

  it('still charges on Fast, capped by the fuse rating', () => {
    const d = decide({ charger: charger({ mode: 'fast', limitA: 80, current: { minA: 6, maxA: 80, stepA: 1 } }), site: noMeter(), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(63)
  })

  it('says Solar needs a meter, and Min + Solar holds the minimum', () => {
    const solar = decide({ charger: charger(), site: noMeter(), config, memory: freshMemory(), nowMs: 0 })
    expect(solar.targetA).toBe(0)
    expect(solar.reason).toContain('Solar needs a meter')
    const min = decide({ charger: charger({ mode: 'minsolar' }), site: noMeter(), config, memory: freshMemory(), nowMs: 0 })
    expect(min.targetA).toBe(6)
  })
})

describe('chargers whose stop ends the session', () => {
  it('hold the minimum through a long cloud instead of stopping', () => {
    const run = simulate([
      { exportW: 2000, seconds: 70 },
      { exportW: 200, seconds: 600 },
    ], { stopEndsSession: true })
    expect(run.filter((r) => r.t >= 60).every((r) => r.decision.targetA >= 6)).toBe(true)
    expect(run.at(-1)!.decision.reason).toContain('stopping would end the session')
  })
})

describe('price rules', () => {
  const priced = { ...config, cheapBelowCents: 0, neverAboveCents: 60, exportAboveCents: 30 }

  it('charges at full current when power is cheap or negative, even without sun', () => {
    const d = decide({ charger: charger(), site: site({ gridW: 800, priceCents: -4.2 }), config: priced, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(32)
    expect(d.reason).toBe('Cheap power at -4.2 c/kWh: charging at 32 A')
  })

  it('says why a car charges from the grid on purpose, so the home battery can be kept for the house', () => {
    const cheap = decide({ charger: charger(), site: site({ gridW: 800, priceCents: -4.2 }), config: priced, memory: freshMemory(), nowMs: 0 })
    expect(cheap.gridIntent).toBe('cheap')
    const fast = decide({ charger: charger({ mode: 'fast' }), site: site({ priceCents: 40 }), config: priced, memory: freshMemory(), nowMs: 0 })
    expect(fast.gridIntent).toBe('fast')
    const plan = { chargeNow: true, late: false, readyBy: '07:00', missingWh: 12_000 }
    const slot = decide({ charger: charger({ plan }), site: site({ priceCents: 20 }), config: priced, memory: freshMemory(), nowMs: 0 })
    expect(slot.gridIntent).toBe('plan')
    const sun = decide({ charger: charger({ offeredA: 10, powerW: 2300 }), site: site({ gridW: -3000, priceCents: 20 }), config: priced, memory: freshMemory(), nowMs: 0 })
    expect(sun.state).toBe('charging')
    expect(sun.gridIntent).toBeUndefined()
    const minimum = decide({ charger: charger({ mode: 'minsolar' }), site: site({ gridW: 500, priceCents: 25 }), config: priced, memory: freshMemory(), nowMs: 0 })
    expect(minimum.gridIntent).toBeUndefined()
  })

  it('leaves the surplus to export when feed-in pays more than the threshold', () => {
    const solar = decide({ charger: charger({ offeredA: 10, powerW: 2300 }), site: site({ gridW: -3000, priceCents: 40, feedInCents: 35 }), config: priced, memory: freshMemory(), nowMs: 0 })
    expect(solar.targetA).toBe(0)
    expect(solar.reason).toBe('Exporting instead: feed-in pays 35.0 c/kWh')
    const min = decide({ charger: charger({ mode: 'minsolar' }), site: site({ gridW: -3000, priceCents: 40, feedInCents: 35 }), config: priced, memory: freshMemory(), nowMs: 0 })
    expect(min.targetA).toBe(6)
  })

  it('stops Min + Solar topping up from the grid above the price ceiling', () => {
    const cheap = decide({ charger: charger({ mode: 'minsolar' }), site: site({ gridW: 500, priceCents: 25 }), config: priced, memory: freshMemory(), nowMs: 0 })
    expect(cheap.targetA).toBe(6)
    const dear = decide({ charger: charger({ mode: 'minsolar' }), site: site({ gridW: 500, priceCents: 180 }), config: priced, memory: freshMemory(), nowMs: 0 })
    expect(dear.targetA).toBe(0)
  })

  it('does nothing with the rules off', () => {
    const d = decide({ charger: charger(), site: site({ gridW: 800, priceCents: -4.2, feedInCents: 50 }), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(0)
  })
})

describe('stale meter data', () => {
  const stale = (freshness: 'late' | 'stale' | 'offline', ageS: number) =>
    site({ gridW: -9000, meterFresh: false, meterFreshness: freshness, meterAgeS: ageS })

  it('never raises the current on late data, holding what it offers', () => {
    const d = decide({ charger: charger({ offeredA: 12, powerW: 2760 }), site: stale('late', 40), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(12)
    expect(d.reason).toBe('Holding 12 A: power data is 40 s old')
  })

  it('falls back to the minimum once stale, then stops after the stale-data stop time', () => {
    const min = decide({ charger: charger({ offeredA: 12, powerW: 2760 }), site: stale('stale', 120), config, memory: freshMemory(), nowMs: 0 })
    expect(min.targetA).toBe(6)
    const stopped = decide({ charger: charger({ offeredA: 6, powerW: 1380 }), site: stale('offline', 600), config: { ...config, staleStopAfterS: 600 }, memory: freshMemory(), nowMs: 0 })
    expect(stopped.targetA).toBe(0)
    expect(stopped.reason).toBe('Stopped: power data is 10 min old; solar charging resumes when it returns')
  })

  it('does not start on stale data', () => {
    expect(decide({ charger: charger(), site: stale('stale', 120), config, memory: freshMemory(), nowMs: 0 }).targetA).toBe(0)
  })
})
