import type { PowerFlow } from '../../src-shared/model'

/**
 * What each wire of the power-flow diagram shows, from the sign conventions in src-shared/model:
 * gridW > 0 imports, batteryW > 0 discharges, evW >= 0. Every wire joins its node to a hub in
 * the middle; "in" means energy flows from the node into the hub.
 */
export type FlowNodeId = 'pv' | 'grid' | 'house' | 'battery' | 'ev'
export type FlowDirection = 'in' | 'out' | 'none'
export type FlowTone = 'solar' | 'battery' | 'import' | 'export' | 'house' | 'car'

export interface FlowLink {
  node: FlowNodeId
  watts: number | null
  direction: FlowDirection
  tone: FlowTone
  /** Thicker wires for more power, on a square-root scale so 300 W still shows next to 8 kW. */
  strokeWidth: number
  /** Seconds for one dash to travel one dash period; shorter is faster. */
  periodS: number
}

/** Below this a reading is noise (standby, meter jitter) and the wire fades out. */
export const ACTIVE_WATTS = 10
const FULL_SCALE_WATTS = 10_000
export const DASH_PERIOD_PX = 12

export function flowDirection(watts: number | null, positiveMeans: 'in' | 'out'): FlowDirection {
  if (watts === null || Math.abs(watts) < ACTIVE_WATTS) return 'none'
  const positive = watts > 0
  if (positiveMeans === 'in') return positive ? 'in' : 'out'
  return positive ? 'out' : 'in'
}

export function gridActivity(gridW: number | null): 'importing' | 'exporting' | 'idle' {
  const direction = flowDirection(gridW, 'in')
  return direction === 'in' ? 'importing' : direction === 'out' ? 'exporting' : 'idle'
}

export function batteryActivity(batteryW: number | null): 'discharging' | 'charging' | 'idle' {
  const direction = flowDirection(batteryW, 'in')
  return direction === 'in' ? 'discharging' : direction === 'out' ? 'charging' : 'idle'
}

function magnitude(watts: number | null): number {
  if (watts === null || !Number.isFinite(watts)) return 0
  return Math.sqrt(Math.min(Math.abs(watts), FULL_SCALE_WATTS) / FULL_SCALE_WATTS)
}

function link(node: FlowNodeId, watts: number | null, direction: FlowDirection, tone: FlowTone): FlowLink {
  const m = magnitude(watts)
  const speedPxPerS = 14 + 56 * m
  return {
    node,
    watts,
    direction,
    tone,
    strokeWidth: Math.round((1.5 + 3 * m) * 10) / 10,
    periodS: Math.round((DASH_PERIOD_PX / speedPxPerS) * 100) / 100,
  }
}

export function flowLinks(flow: PowerFlow | null): FlowLink[] {
  const pvW = flow?.pvW ?? null
  const houseW = flow?.houseW ?? null
  const batteryW = flow?.batteryW ?? null
  const gridW = flow?.gridW ?? null
  const evW = flow ? flow.evW : null
  const gridDirection = flowDirection(gridW, 'in')
  return [
    link('pv', pvW, flowDirection(pvW, 'in'), 'solar'),
    link('grid', gridW, gridDirection, gridDirection === 'in' ? 'import' : 'export'),
    link('house', houseW, flowDirection(houseW, 'out'), 'house'),
    link('battery', batteryW, flowDirection(batteryW, 'in'), 'battery'),
    link('ev', evW, flowDirection(evW, 'out'), 'car'),
  ]
}
