/**
 * What one connector's status and settings mean as a ChargerReading. Pure, so both status
 * forms (words and numeric codes) can be shown to read the same.
 */
import type { ChargerReading } from '../../devices'
import { connectorState, describeStatus, isCarDone, isPluggedIn, type Protocol } from './connector-status'
import type { ConnectorSettings, ConnectorStatus, Measurement } from './schemas'

const PHASES = ['L1', 'L2', 'L3'] as const
/** Below this a phase carries no charging current, only noise. */
const DRAWING_A = 1

export interface ConnectorSnapshot {
  /** Null when the status lists no entry for this connector. */
  status: ConnectorStatus | null
  settings: ConnectorSettings
  protocol: Protocol
  /** The installation's phases, used while the car draws nothing to tell from. */
  phases: 1 | 3
}

export function toChargerReading({ status, settings, protocol, phases }: ConnectorSnapshot): ChargerReading {
  const state = connectorState(status?.status, protocol)
  const connected = isPluggedIn(state)
  const enabled = settings.mode !== 'Off'
  return {
    connected,
    enabled,
    offeredA: enabled ? offeredCurrentA(settings) : 0,
    powerW: status ? powerW(status) : 0,
    activePhases: (status && sessionPhases(status)) ?? phases,
    // The connector's figure is the ongoing session's (hass-chargeamps adds it to finished sessions).
    sessionEnergyWh: connected && status?.totalConsumptionKwh ? Math.round(status.totalConsumptionKwh * 1000) : 0,
    carSocPct: null,
    carFull: connected && isCarDone(state),
    phaseCurrentsA: phaseCurrentsA(status?.measurements),
    locked: null,
    vendorStatus: describeStatus(status?.status, protocol),
    // Sunspill only ever sets On or Off; Schedule (the charger's own plan) is someone else's choice.
    setpoint: { on: settings.mode === 'On', currentA: offeredCurrentA(settings) },
  }
}

/** A null maxCurrent means "no limit below the installation". */
export function offeredCurrentA(settings: ConnectorSettings): number {
  return settings.maxCurrent ?? settings.installationCurrent ?? 0
}

/** L1–L3 in order; measurements are absent unless charging, which means 0 A, not unknown. */
export function phaseCurrentsA(measurements: Measurement[] | null | undefined): number[] {
  return PHASES.map((phase) => measurements?.find((m) => m.phase === phase)?.current ?? 0)
}

/** Σ I·V over the phases when measured (as Home Assistant does), else the charger's own kW. */
export function powerW(status: ConnectorStatus): number {
  const measured = status.measurements ?? []
  if (measured.length > 0) {
    return Math.round(measured.reduce((sum, m) => sum + (m.current ?? 0) * (m.voltage ?? 0), 0))
  }
  return Math.round((status.chargingPowerKw ?? 0) * 1000)
}

/** Phases the car is drawing on now, when the status tells. */
export function sessionPhases(status: ConnectorStatus): 1 | 3 | null {
  if (status.sessionType === 'ThreePhase') return 3
  if (status.sessionType === 'OnePhase' || status.sessionType === 'Schuko') return 1
  const drawing = (status.measurements ?? []).filter((m) => (m.current ?? 0) >= DRAWING_A).length
  if (drawing === 0) return null
  return drawing >= 2 ? 3 : 1
}
