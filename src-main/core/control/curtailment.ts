/**
 * At a negative feed-in price the inverter may stop exporting (Amber SmartShift, export limits):
 * the meter then shows neither export nor import however much sun there is, and the surplus the
 * loop steers by reads zero. Only a load that asks for power gets it, so the loop asks: it starts
 * at the minimum and steps up one amp at a time while the grid stays at zero, and the ordinary
 * surplus rule takes over as soon as the grid imports.
 */
import type { SiteInput } from './types'

/** Meter noise around zero: a curtailed site balances within this. */
const BALANCED_W = 150

export function curtailedSurplusHidden(site: SiteInput): boolean {
  if (site.feedInCents == null || site.feedInCents >= 0) return false
  if (site.gridW === null || Math.abs(site.gridW) > BALANCED_W) return false
  // A battery still soaking up sun shows that surplus itself; one discharging covers the car, and
  // raising further would drain it.
  if (site.batteryW !== null && Math.abs(site.batteryW) > BALANCED_W) return false
  return (site.pvW ?? 0) > BALANCED_W
}
