/**
 * Which car, if any, charges from the grid on purpose this tick (Fast, a plan's slot, cheap
 * power), as Sunspill steers it: a charger controlled elsewhere is not Sunspill's reason to hold
 * the home battery.
 */
import type { GridIntent } from '../control/types'
import type { Snapshot } from './runtime'

const DRAWING_MIN_W = 100

type Seen = Pick<Snapshot['chargers'][number], 'device' | 'reading' | 'decision'>

export function gridChargingOf(
  snapshot: { chargers: readonly Seen[] },
  control: { holdReason(chargerId: string): string | null },
): { label: string; intent: GridIntent } | null {
  for (const { device, reading, decision } of snapshot.chargers) {
    if (!decision?.gridIntent || decision.state !== 'charging' || decision.targetA <= 0) continue
    // A car that takes nothing (its own limit reached) is no reason to touch the battery.
    if ((reading?.powerW ?? 0) < DRAWING_MIN_W) continue
    if (control.holdReason(device.id) !== null) continue
    return { label: device.label, intent: decision.gridIntent }
  }
  return null
}
