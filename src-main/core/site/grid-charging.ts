/**
 * Which car, if any, charges from the grid on purpose this tick (Fast, a plan's slot, cheap
 * power), as Sunspill steers it: a charger controlled elsewhere is not Sunspill's reason to hold
 * the home battery.
 */
import type { GridIntent } from '../control/types'
import type { Snapshot } from './runtime'

const DRAWING_MIN_W = 100

type Seen = Pick<Snapshot['chargers'][number], 'device' | 'reading' | 'decision'>

/** The car draws power because the loop wants it charged regardless of the sun. */
export function drawsFromGridOnPurpose({ reading, decision }: Pick<Seen, 'reading' | 'decision'>): boolean {
  if (!decision?.gridIntent || decision.state !== 'charging' || decision.targetA <= 0) return false
  // A car that takes nothing (its own limit reached) is no reason to touch the battery.
  return (reading?.powerW ?? 0) >= DRAWING_MIN_W
}

export function gridChargingOf(
  snapshot: { chargers: readonly Seen[] },
  control: { holdReason(chargerId: string): string | null },
): { label: string; intent: GridIntent } | null {
  for (const entry of snapshot.chargers) {
    const { device, decision } = entry
    if (!drawsFromGridOnPurpose(entry) || control.holdReason(device.id) !== null) continue
    return { label: device.label, intent: decision!.gridIntent! }
  }
  return null
}
