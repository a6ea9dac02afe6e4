/**
 * The solar rules that the benchmark pushed for: a share of the minimum current from the sun is
 * enough to start and to keep going, starts are capped per hour, the loop holds while the meter
 * has not yet measured the car at its last setting, and whole amps round to the nearest.
 */
import { describe, expect, it } from 'vitest'
import { decide } from '../../../src-main/core/control/decide'
import { decideOnOff } from '../../../src-main/core/control/on-off'
import type { ChargerInput, ControlConfig, SiteInput } from '../../../src-main/core/control/types'
import { freshMemory } from '../../../src-main/core/control/types'
import { chargerInput } from './fixtures'

const MIN = 60_000
const config: ControlConfig = {
  startDelayS: 60,
  stopDelayS: 180,
  batteryPrioritySocPct: 80,
  solarShareMinPct: 50,
  maxStartsPerHour: 3,
  voltageV: 230,
  fuseA: 63,
  sitePhases: 1,
}

const charger = chargerInput

const exporting = (w: number): SiteInput => ({ gridW: -w, batteryW: 0, socPct: 90, gridPhaseCurrentsA: null, meterFresh: true, hasMeter: true })

describe('the sun’s share of the minimum current', () => {
  it('starts once the sun covers half the minimum for the start delay', () => {
    // 6 A × 230 V = 1380 W; half is 690 W.
    const waiting = decide({ charger: charger(), site: exporting(700), config, memory: freshMemory(), nowMs: 0 })
    expect(waiting.reason).toBe('Starting in 1 min if surplus holds')
    const started = decide({ charger: charger(), site: exporting(700), config, memory: waiting.memory, nowMs: MIN })
    expect(started.targetA).toBe(6)
    expect(started.reason).toBe('Solar: 6 A minimum, 51 % of it from the sun')
  })

  it('does not start below the share, and says how much is missing', () => {
    const d = decide({ charger: charger(), site: exporting(500), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(0)
    expect(d.reason).toBe('Waiting: 190 W more surplus needed to start')
  })

  it('at 100 % only a surplus covering the whole minimum starts the car', () => {
    const d = decide({ charger: charger(), site: exporting(1300), config: { ...config, solarShareMinPct: 100 }, memory: freshMemory(), nowMs: 0 })
    expect(d.reason).toBe('Waiting: 80 W more surplus needed to start')
  })

  it('keeps the minimum while the sun covers the share, and stops after the stop delay below it', () => {
    // Charging at 6 A (1380 W): the meter imports what the sun does not cover.
    const at6 = charger({ offeredA: 6, powerW: 1380 })
    const site = (sunW: number): SiteInput => ({ ...exporting(0), gridW: 1380 - sunW })
    const kept = decide({ charger: at6, site: site(800), config, memory: freshMemory(), nowMs: 0 })
    expect(kept.targetA).toBe(6)
    const low = decide({ charger: at6, site: site(400), config, memory: kept.memory, nowMs: 0 })
    expect(low.targetA).toBe(6)
    expect(low.reason).toMatch(/^Low surplus: stopping in 3 min/)
    const stopped = decide({ charger: at6, site: site(400), config, memory: low.memory, nowMs: 3 * MIN })
    expect(stopped.targetA).toBe(0)
    expect(stopped.reason).toBe('Stopped: surplus stayed below 690 W for 3 min')
  })

  it('applies to chargers that only switch on and off', () => {
    // The car drew 3.7 kW last time; half of it starts the charger.
    const memory = { ...freshMemory(), onPowerW: 3680 }
    const input = charger({ current: null, limitA: 16 })
    const waiting = decideOnOff(input, 1900, config, memory, 0)
    expect(waiting.reason).toBe('Starting in 1 min if surplus holds')
    expect(decideOnOff(input, 1800, config, memory, 0).reason).toBe('Waiting: 40 W more surplus needed to start')
  })
})

describe('starts per hour', () => {
  it('holds a fourth start within the hour, and says until when', () => {
    const recentStartsMs = [0, 20 * MIN, 40 * MIN]
    const surplus = exporting(3000)
    const first = decide({ charger: charger({ recentStartsMs }), site: surplus, config, memory: freshMemory(), nowMs: 50 * MIN })
    const later = decide({ charger: charger({ recentStartsMs }), site: surplus, config, memory: first.memory, nowMs: 52 * MIN })
    expect(later.targetA).toBe(0)
    expect(later.reason).toBe('3 starts in the last hour; starting in 8 min to spare the contactor')
    const freed = decide({ charger: charger({ recentStartsMs }), site: surplus, config, memory: later.memory, nowMs: 60 * MIN })
    expect(freed.targetA).toBe(13)
  })

  it('lets a charger that is already charging follow the sun whatever the count', () => {
    const d = decide({ charger: charger({ offeredA: 6, powerW: 1380, recentStartsMs: [0, 1, 2, 3] }), site: exporting(1000), config, memory: freshMemory(), nowMs: 10 * MIN })
    expect(d.targetA).toBe(10)
  })
})

describe('after a command', () => {
  it('holds the setting until the meter has measured the car at it', () => {
    // The loop just raised the car to 12 A; the meter's sample predates that and still exports.
    const d = decide({ charger: charger({ offeredA: 12, powerW: 2760, settling: true }), site: exporting(1400), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(12)
    expect(d.reason).toBe('Charging at 12 A; waiting for the meter to show the change')
  })

  it('but a fuse cut does not wait for the meter', () => {
    // 60 A measured on a 63 A fuse with the car's 12 A of it: 48 A of other load leaves 15 A, less the 2 A margin.
    const d = decide({
      charger: charger({ offeredA: 20, powerW: 12 * 230, settling: true }),
      site: { ...exporting(1400), gridPhaseCurrentsA: [60] },
      config,
      memory: freshMemory(),
      nowMs: 0,
    })
    expect(d.targetA).toBe(13)
  })

  it('still stops at once for reasons other than the sun', () => {
    const d = decide({ charger: charger({ offeredA: 12, powerW: 2760, settling: true, mode: 'off' }), site: exporting(1400), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(0)
  })
})

describe('whole amps', () => {
  it('round to the nearest amp, so at most half an amp of surplus is exported', () => {
    const at = (w: number) => decide({ charger: charger({ offeredA: 8, powerW: 1840 }), site: exporting(w), config, memory: freshMemory(), nowMs: 0 }).targetA
    // 1840 + 300 = 2140 W = 9.3 A → 9; 1840 + 450 = 2290 W = 9.96 A → 10.
    expect(at(300)).toBe(9)
    expect(at(450)).toBe(10)
  })
})

describe('a departure plan in Solar mode', () => {
  it('charges at full current in a planned slot, whatever the sun', () => {
    const plan = { chargeNow: true, late: false, readyBy: '07:00', missingWh: 12_000 }
    const d = decide({ charger: charger({ plan }), site: exporting(0), config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(32)
    expect(d.reason).toBe('Plan: 32 A in a cheap slot; 12.0 kWh to go by 07:00')
  })

  it('outside its slots leaves the car to the sun', () => {
    const plan = { chargeNow: false, late: false, readyBy: '07:00', missingWh: 12_000 }
    expect(decide({ charger: charger({ plan }), site: exporting(0), config, memory: freshMemory(), nowMs: 0 }).targetA).toBe(0)
  })
})

describe('the fuse foresees a rising house load', () => {
  const three: ControlConfig = { ...config, sitePhases: 3, fuseA: 25 }
  const fast = charger({ mode: 'fast', supplyPhase: 1, offeredA: 20, powerW: 20 * 230, fuseLeadS: 30 })
  const onL1 = (wPerS: number, stepW = 10_000): SiteInput => ({ ...exporting(0), gridW: 5000, gridPhaseCurrentsA: [22, 2, 2], houseRise: { wPerS, stepW } })

  it('keeps the fixed margin when the house is steady', () => {
    // 2 A of other load on L1 and a 2 A margin: 21 A for the car.
    expect(decide({ charger: fast, site: onL1(0), config: three, memory: freshMemory(), nowMs: 0 }).targetA).toBe(21)
  })

  it('keeps more room while the house load climbs, by what it adds before a cut could land', () => {
    // 46 W/s for the 30 s lead is 6 A more.
    expect(decide({ charger: fast, site: onL1(46), config: three, memory: freshMemory(), nowMs: 0 }).targetA).toBe(15)
  })

  it('keeps no more room for a step than the step itself', () => {
    // A 1 kW kettle seen within 10 s: 100 W/s, but the load rises by 1 kW (4.3 A) and no more.
    expect(decide({ charger: fast, site: onL1(100, 1000), config: three, memory: freshMemory(), nowMs: 0 }).targetA).toBe(16)
  })
})

describe('export against a plan', () => {
  it('leaves the sun to export while feed-in pays more than the plan’s slots cost', () => {
    const plan = { chargeNow: false, late: false, slotCents: -12, readyBy: '18:00', missingWh: 20_000 }
    const morning: SiteInput = { ...exporting(3000), feedInCents: 6 }
    const d = decide({ charger: charger({ plan }), site: morning, config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(0)
    expect(d.reason).toBe("Plan: 20.0 kWh by 18:00. Exporting for now: feed-in pays 6.0 c/kWh, the plan's slots cost -12.0 c/kWh")
  })

  it('charges from the sun when the plan’s slots cost more than export earns', () => {
    const plan = { chargeNow: false, late: false, slotCents: 20, readyBy: '15:00', missingWh: 20_000 }
    // Charging at 10 A (2.3 kW) with 3 kW more exported: 5.3 kW is 23 A.
    const d = decide({ charger: charger({ plan, offeredA: 10, powerW: 2300 }), site: { ...exporting(3000), feedInCents: 5 }, config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(23)
  })
})

describe('export curtailed at a negative feed-in price', () => {
  const curtailed: SiteInput = { gridW: 0, batteryW: 0, socPct: 100, gridPhaseCurrentsA: null, meterFresh: true, hasMeter: true, feedInCents: -3, pvW: 4000 }

  it('starts at the minimum although the meter shows no surplus', () => {
    const waiting = decide({ charger: charger(), site: curtailed, config, memory: freshMemory(), nowMs: 0 })
    expect(waiting.reason).toBe('Starting in 1 min: export is curtailed at a negative feed-in price: starting at the minimum to find the hidden sun')
    const started = decide({ charger: charger(), site: curtailed, config, memory: waiting.memory, nowMs: MIN })
    expect(started.targetA).toBe(6)
  })

  it('steps up while the grid stays at zero, then waits longer after a step that found no sun', () => {
    const at10 = charger({ offeredA: 10, powerW: 2300 })
    const up = decide({ charger: at10, site: curtailed, config, memory: freshMemory(), nowMs: 0 })
    expect(up.targetA).toBe(11)
    // Two minutes on, the car at 11 A and the grid still at zero: the next step.
    const at11 = charger({ offeredA: 11, powerW: 2530 })
    expect(decide({ charger: at11, site: curtailed, config, memory: up.memory, nowMs: MIN }).targetA).toBe(11)
    const next = decide({ charger: at11, site: curtailed, config, memory: up.memory, nowMs: 2 * MIN })
    expect(next.targetA).toBe(12)
    // 12 A brought import and the surplus rule took it back to 11 A: the edge is found.
    expect(decide({ charger: at11, site: curtailed, config, memory: next.memory, nowMs: 10 * MIN }).targetA).toBe(11)
    expect(decide({ charger: at11, site: curtailed, config, memory: next.memory, nowMs: 18 * MIN }).targetA).toBe(12)
  })

  it('is not assumed while the battery covers the car or export is paid', () => {
    const at10 = charger({ offeredA: 10, powerW: 2300 })
    expect(decide({ charger: at10, site: { ...curtailed, batteryW: 400 }, config, memory: freshMemory(), nowMs: 0 }).targetA).toBeLessThanOrEqual(10)
    expect(decide({ charger: at10, site: { ...curtailed, feedInCents: 5 }, config, memory: freshMemory(), nowMs: 0 }).targetA).toBe(10)
  })
})

describe('the home battery', () => {
  it('above its buffer SOC carries a charging car at the minimum through low surplus', () => {
    const at6 = charger({ offeredA: 6, powerW: 1380 })
    const dip: SiteInput = { ...exporting(0), gridW: 0, batteryW: 1380, socPct: 95 }
    const d = decide({ charger: at6, site: dip, config: { ...config, batteryBufferSocPct: 90 }, memory: freshMemory(), nowMs: 0 })
    expect(d).toMatchObject({ targetA: 6, reason: 'Low surplus: holding 6 A from the home battery while it is above 90 %' })
    const low = decide({ charger: at6, site: { ...dip, socPct: 85 }, config: { ...config, batteryBufferSocPct: 90 }, memory: freshMemory(), nowMs: 0 })
    expect(low.reason).toMatch(/^Low surplus: stopping in 3 min/)
  })

  it('below its priority SOC keeps its charge, and what it cannot take (its maximum power) goes to the car', () => {
    // The battery charges at its 5 kW maximum and 2 kW is still exported.
    const site: SiteInput = { gridW: -2000, batteryW: -5000, socPct: 40, gridPhaseCurrentsA: null, meterFresh: true, hasMeter: true }
    const d = decide({ charger: charger({ offeredA: 6, powerW: 1380 }), site, config, memory: freshMemory(), nowMs: 0 })
    expect(d.targetA).toBe(15)
  })
})

describe('a waiting car with a plan', () => {
  it('says when the plan will charge it', () => {
    const plan = { chargeNow: false, late: false, slotCents: 18, nextAt: '01:30', readyBy: '07:00', missingWh: 12_000 }
    const d = decide({ charger: charger({ plan }), site: exporting(0), config, memory: freshMemory(), nowMs: 0 })
    expect(d.reason).toBe('Plan: 12.0 kWh by 07:00, charging from 01:30. Waiting: 690 W more surplus needed to start')
  })

  it('says how much of it the sun is expected to bring', () => {
    const plan = { chargeNow: false, late: false, slotCents: 22, nextAt: '06:08', readyBy: '15:00', missingWh: 24_000, solarWh: 18_000 }
    const partly = decide({ charger: charger({ plan }), site: exporting(0), config, memory: freshMemory(), nowMs: 0 })
    expect(partly.reason).toBe('Plan: 24.0 kWh by 15:00: 18.0 kWh expected from the sun, the rest charging from 06:08. Waiting: 690 W more surplus needed to start')
    const wholly = decide({ charger: charger({ plan: { ...plan, nextAt: null, solarWh: 24_000 } }), site: exporting(0), config, memory: freshMemory(), nowMs: 0 })
    expect(wholly.reason).toBe('Plan: 24.0 kWh by 15:00, expected from the sun. Waiting: 690 W more surplus needed to start')
  })
})
