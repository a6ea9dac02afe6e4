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
  const usableA = config.fuseA - fuseMarginA(charger, site, config)
  let limit = Number.POSITIVE_INFINITY
  for (const phaseIndex of phasesUsed) {
    const measuredA = phaseCurrentA(site, phaseIndex, config)
    const otherLoadsA = measuredA - carA
    limit = Math.min(limit, usableA - otherLoadsA)
  }
  return Math.max(0, Math.floor(limit))
}

/** Always kept free on each phase: meters round, cars overshoot their setting, and a cloud charger follows a cut only after seconds. */
export const FUSE_MARGIN_A = 2

/**
 * Room kept below the fuse: the fixed margin, plus what a rising house load (an oven heating up, a
 * heat pump starting) adds before a change sent now reaches the car. The meter's sample is already
 * old and the charger takes its time, so a ceiling from the sample alone arrives too late. The
 * whole rise is assumed on one phase: the meter rarely says which.
 */
export function fuseMarginA(charger: ChargerInput, site: SiteInput, config: ControlConfig): number {
  // With no meter only the rating is known; there is no measurement to lag behind.
  if (!site.hasMeter) return 0
  const rise = site.houseRise ?? { wPerS: 0, stepW: 0 }
  // A ramp goes on for the whole lead; a step ends at its own size.
  const foreseenW = Math.min(Math.max(0, rise.wPerS) * (charger.fuseLeadS ?? 0), Math.max(0, rise.stepW))
  return FUSE_MARGIN_A + foreseenW / config.voltageV
}

/** What the car drew per phase when the meter measured, so the meter's phase currents and it agree. */
export function carCurrentA(charger: ChargerInput, config: ControlConfig): number {
  const drawW = charger.drawAtSampleW ?? charger.powerW
  const carPhases = Math.max(1, drawW > 0 ? charger.activePhases : charger.phases)
  return drawW > 0 ? drawW / (config.voltageV * carPhases) : 0
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
