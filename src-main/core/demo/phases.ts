/**
 * Per-phase grid readings. The control loop protects the main fuse per phase, so the demo has to
 * put loads on phases the way a real house does: lopsided household circuits, balanced
 * three-phase inverters, and a single-phase charger that loads only its own phase.
 */
import type { PhaseReading } from '../../../src-shared/model'
import { smoothNoise, streamId } from './random'

/** Household circuits are never balanced. */
const HOUSE_SHARE_BY_PHASE = [0.4, 0.35, 0.25] as const
const VOLTAGE_SWING_V = 3
const VOLTAGE = streamId('phase-voltage')

export interface PhaseFlows {
  pvW: number
  houseW: number
  batteryW: number
  evW: number
  gridW: number
}

export interface PhaseLayout {
  supplyPhases: 1 | 3
  nominalVoltageV: number
  chargerActivePhases: 1 | 3
  /** 1-based supply phase a single-phase charger is wired to. */
  chargerPhase: 1 | 2 | 3
  seed: number
}

function phaseVoltageV(layout: PhaseLayout, phaseIndex: number, timeMs: number): number {
  const swing = 2 * smoothNoise(layout.seed, VOLTAGE + phaseIndex, timeMs, 60_000) - 1
  return Math.round((layout.nominalVoltageV + VOLTAGE_SWING_V * swing) * 10) / 10
}

function phaseReading(powerW: number, voltageV: number): PhaseReading {
  return { voltageV, currentA: Math.round((powerW / voltageV) * 100) / 100, powerW }
}

export function gridPhaseReadings(layout: PhaseLayout, flows: PhaseFlows, timeMs: number): PhaseReading[] {
  if (layout.supplyPhases === 1) return [phaseReading(flows.gridW, phaseVoltageV(layout, 0, timeMs))]

  const powersW = HOUSE_SHARE_BY_PHASE.map((houseShare, index) => {
    const evShare = layout.chargerActivePhases === 3 ? 1 / 3 : index === layout.chargerPhase - 1 ? 1 : 0
    return Math.round(flows.houseW * houseShare + flows.evW * evShare - (flows.pvW + flows.batteryW) / 3)
  })
  // Rounding must not break the sum the loop checks against the meter total.
  const lastIndex = powersW.length - 1
  powersW[lastIndex] = flows.gridW - powersW.slice(0, lastIndex).reduce((sum, powerW) => sum + powerW, 0)
  return powersW.map((powerW, index) => phaseReading(powerW, phaseVoltageV(layout, index, timeMs)))
}
