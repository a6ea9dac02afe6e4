import type { ControlConfig, SiteInput } from './types'

/**
 * Power the car could take right now: what it already draws plus what leaves the house.
 * Battery discharge counts against it (the car must not drain the home battery), and battery
 * charging counts towards it only once the battery is above its priority SOC.
 * Returns null when the meter cannot tell.
 */
export function availableForCarW(site: SiteInput, carW: number, config: ControlConfig): number | null {
  if (site.gridW === null) return null
  const batteryW = site.batteryW ?? 0
  let batteryShareW = 0
  if (batteryW > 0) batteryShareW = batteryW
  else if (batteryW < 0 && site.socPct !== null && site.socPct >= config.batteryPrioritySocPct) batteryShareW = batteryW
  return carW - (site.gridW + batteryShareW)
}

export function wattsPerAmp(phases: number, config: ControlConfig): number {
  return phases * config.voltageV
}
