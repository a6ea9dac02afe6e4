import type { ChargerInput, ControlConfig, SiteInput } from './types'

/**
 * The most current the charger may take without any supply phase it uses exceeding the fuse.
 * Other loads on a phase are what the meter sees minus the car's own share; an exporting phase
 * leaves more room. Without per-phase readings the import is assumed spread evenly; a meter that
 * cannot be read counts as a full phase, and with no meter at all only the rating applies.
 */
export function fuseLimitA(charger: ChargerInput, site: SiteInput, config: ControlConfig): number {
  const phasesUsed = chargerSupplyPhases(charger, config)
  const carA = carCurrentA(charger, config)
  let limit = Number.POSITIVE_INFINITY
  for (const phaseIndex of phasesUsed) {
    const measuredA = phaseCurrentA(site, phaseIndex, config)
    const otherLoadsA = measuredA - carA
    limit = Math.min(limit, config.fuseA - otherLoadsA)
  }
  return Math.max(0, Math.floor(limit))
}

/** What the car draws per phase now, from its measured power. */
export function carCurrentA(charger: ChargerInput, config: ControlConfig): number {
  const carPhases = Math.max(1, charger.powerW > 0 ? charger.activePhases : charger.phases)
  return charger.powerW > 0 ? charger.powerW / (config.voltageV * carPhases) : 0
}

export function chargerSupplyPhases(charger: ChargerInput, config: ControlConfig): number[] {
  if (config.sitePhases === 1) return [0]
  if (charger.phases === 3) return [0, 1, 2]
  return [charger.supplyPhase - 1]
}

export function phaseCurrentA(site: SiteInput, index: number, config: ControlConfig): number {
  // Without any meter the fuse rating is all there is to go by.
  if (!site.hasMeter) return 0
  const perPhase = site.gridPhaseCurrentsA?.[index]
  if (perPhase !== undefined && perPhase !== null) return perPhase
  // An unknown meter counts as fully loaded rather than empty: the fuse is the hard limit.
  if (site.gridW === null) return config.fuseA
  return site.gridW / (config.voltageV * config.sitePhases)
}
