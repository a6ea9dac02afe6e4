/**
 * Where the car's power came from, decided per control tick from the site's power flow.
 *
 * The rule (the README's History section says the same):
 * 1. Solar serves the house first; what the house does not use is available to the car.
 * 2. Then the home battery: what it discharges beyond what the house still needs goes to the car.
 * 3. The grid supplies whatever is left.
 * Solar that charges the home battery or is exported is not the car's. Whatever the flow cannot
 * explain (an unknown PV or house reading) counts as grid, so the solar share is never overstated.
 * The three parts always add up to the car's power exactly.
 */
import type { PowerFlow } from '../../../src-shared/model'

export interface EvSources {
  solarW: number
  batteryW: number
  gridW: number
}

/** The house's draw, measured or (when a meter only gives the other flows) derived from the balance. */
export function houseLoadW(flow: Pick<PowerFlow, 'pvW' | 'houseW' | 'batteryW' | 'gridW'>, evW: number): number | null {
  if (flow.houseW !== null) return Math.max(0, flow.houseW)
  if (flow.pvW === null || flow.gridW === null) return null
  return Math.max(0, flow.pvW + flow.gridW + (flow.batteryW ?? 0) - evW)
}

export function attributeEv(flow: Pick<PowerFlow, 'pvW' | 'houseW' | 'batteryW' | 'gridW'>, evW: number): EvSources {
  const ev = Math.max(0, evW)
  if (ev === 0) return { solarW: 0, batteryW: 0, gridW: 0 }
  const house = houseLoadW(flow, ev)
  if (house === null) return { solarW: 0, batteryW: 0, gridW: ev }
  const pv = Math.max(0, flow.pvW ?? 0)
  const solarW = Math.min(ev, Math.max(0, pv - house))
  const houseStillNeeds = Math.max(0, house - pv)
  const discharge = Math.max(0, flow.batteryW ?? 0)
  const batteryW = Math.min(ev - solarW, Math.max(0, discharge - houseStillNeeds))
  return { solarW, batteryW, gridW: ev - solarW - batteryW }
}
