import { describe, expect, it } from 'vitest'
import { attributeEv } from '../../../src-main/core/history/attribution'

const flow = (pvW: number | null, houseW: number | null, batteryW: number | null, gridW: number | null) => ({ pvW, houseW, batteryW, gridW })

describe('where the car’s power comes from', () => {
  it('solar serves the house first, the car gets what is left', () => {
    // 5 kW sun, 1 kW house, car 3 kW, 1 kW exported.
    expect(attributeEv(flow(5000, 1000, 0, -1000), 3000)).toEqual({ solarW: 3000, batteryW: 0, gridW: 0 })
    // 3 kW sun, 1 kW house, car 4 kW: 2 kW of it from the grid.
    expect(attributeEv(flow(3000, 1000, 0, 2000), 4000)).toEqual({ solarW: 2000, batteryW: 0, gridW: 2000 })
  })

  it('the car comes before the home battery for solar', () => {
    // The battery charges 2 kW from the grid while the car takes the sun.
    expect(attributeEv(flow(5000, 1000, -2000, 5000), 7000)).toEqual({ solarW: 4000, batteryW: 0, gridW: 3000 })
  })

  it('battery discharge covers the house before the car', () => {
    // Evening: no sun, house 1 kW, battery gives 3 kW, car 6 kW.
    expect(attributeEv(flow(0, 1000, 3000, 4000), 6000)).toEqual({ solarW: 0, batteryW: 2000, gridW: 4000 })
    // Battery gives less than the house needs: none of it reaches the car.
    expect(attributeEv(flow(0, 1000, 500, 6500), 6000)).toEqual({ solarW: 0, batteryW: 0, gridW: 6000 })
  })

  it('what the flow cannot explain is grid, so solar is never overstated', () => {
    expect(attributeEv(flow(null, null, null, 3000), 3000)).toEqual({ solarW: 0, batteryW: 0, gridW: 3000 })
    // A meter without a house reading: the house is derived from the balance.
    expect(attributeEv(flow(4000, null, 0, 0), 3000)).toEqual({ solarW: 3000, batteryW: 0, gridW: 0 })
  })

  it('the parts always add up to the car’s power', () => {
    let seed = 7
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    for (let i = 0; i < 500; i++) {
      const ev = Math.round(rand() * 11000)
      const parts = attributeEv(flow(rand() * 8000, rand() * 4000, (rand() - 0.5) * 6000, (rand() - 0.5) * 10000), ev)
      expect(parts.solarW + parts.batteryW + parts.gridW).toBeCloseTo(ev, 9)
      for (const v of Object.values(parts)) expect(v).toBeGreaterThanOrEqual(0)
    }
    expect(attributeEv(flow(5000, 500, 0, -4500), 0)).toEqual({ solarW: 0, batteryW: 0, gridW: 0 })
  })
})
