/**
 * The fake Charge Amps cloud's chargers: what they store (settings exactly as last written),
 * and how they behave (a plugged-in car draws what the connector offers, on its phases, and
 * the session's energy grows with time). Plain TypeScript, no test framework.
 */

export type Mode = 'Off' | 'On' | 'Schedule'
export type Dimmer = 'Off' | 'Low' | 'Medium' | 'High'

export interface FakeCar {
  connected: boolean
  /** The car's own limit per phase. */
  maxA: number
  /** Phases the car's charger uses. */
  phases: 1 | 3
  /** The car stopped taking energy. */
  full: boolean
}

export interface FakeSession {
  id: number
  startMs: number
  energyKwh: number
  /** Stopped remotely; a new session needs a re-plug or remote start. */
  stopped: boolean
  /** Started with an RFID tag (needed when rfidLock is on). */
  authorized: boolean
}

export interface FakeConnector {
  connectorId: number
  type: 'Charger' | 'Schuko'
  /** Stored exactly as Charge Amps would keep it after the last PUT (whole-object replace). */
  settings: Record<string, unknown>
  installationCurrent: number
  /** Phases wired to the connector. */
  phases: 1 | 3
  voltagesV: [number, number, number]
  car: FakeCar
  session: FakeSession | null
  scheduleOverridden: boolean
  /** Forces the status word (e.g. "Faulted") regardless of the car. */
  forcedStatus: string | null
}

export interface FakeSchedule {
  id: number
  chargePointId: string
  name: string | null
  active: boolean
  startHours: number
  startMinutes: number
  endHours: number
  endMinutes: number
  timeZone: string | null
  monday: boolean
  tuesday: boolean
  wednesday: boolean
  thursday: boolean
  friday: boolean
  saturday: boolean
  sunday: boolean
  connectorIdList: string | null
}

export interface FakeFinishedSession {
  id: number
  chargePointId: string
  connectorId: number
  userId: string
  rfid: string | null
  rfidDec: string | null
  rfidDecReverse: string | null
  organisationId: string | null
  sessionType: 'OnePhase' | 'ThreePhase' | 'Schuko'
  startTime: string
  endTime: string | null
  externalTransactionId: string | null
  totalConsumptionKwh: number
  externalId: string | null
}

export interface FakeChargePoint {
  id: string
  name: string
  type: string
  password: string
  isLoadbalanced: boolean
  firmwareVersion: string
  hardwareVersion: string
  ownerReadOnly: boolean
  /** null: CAPI; "1.6": OCPP. Decides the numeric status codes and whether schedules exist. */
  ocppVersion: string | null
  online: boolean
  /** Stored chargepoint settings (dimmer, downLight, maxCurrent). */
  settings: Record<string, unknown>
  installationCurrent: number
  connectors: FakeConnector[]
  schedules: FakeSchedule[]
  sessions: FakeFinishedSession[]
  reboots: number
  rebootingUntilMs: number | null
}

export const CAPI_CODES = ['Available', 'Charging', 'Connected', 'Error', 'Unknown']
export const OCPP_CODES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted', 'Unknown']

const MIN_A = 6

export function fakeConnector(chargePointId: string, over: Partial<FakeConnector> = {}): FakeConnector {
  const connectorId = over.connectorId ?? 1
  return {
    connectorId,
    type: 'Charger',
    settings: { chargePointId, connectorId, maxCurrent: 16, rfidLock: false, mode: 'On', cableLock: false },
    installationCurrent: 16,
    phases: 3,
    voltagesV: [231.0, 230.2, 232.1],
    car: { connected: true, maxA: 32, phases: 3, full: false },
    session: null,
    scheduleOverridden: false,
    forcedStatus: null,
    ...over,
  }
}

export function fakeChargePoint(over: Partial<FakeChargePoint> = {}): FakeChargePoint {
  const id = over.id ?? '2103001234'
  return {
    id,
    name: 'Garage',
    type: 'Halo',
    password: 'cp-ocpp-password',
    isLoadbalanced: false,
    firmwareVersion: '184',
    hardwareVersion: 'HW2',
    ownerReadOnly: false,
    ocppVersion: '1.6',
    online: true,
    settings: { id, dimmer: 'Low', downLight: true, maxCurrent: null },
    installationCurrent: 16,
    connectors: over.connectors ?? [fakeConnector(id)],
    schedules: [],
    sessions: [],
    reboots: 0,
    rebootingUntilMs: null,
    ...over,
  }
}

export function isRebooting(cp: FakeChargePoint, nowMs: number): boolean {
  return cp.rebootingUntilMs !== null && nowMs < cp.rebootingUntilMs
}

/** The current the connector offers the car now (0 when it offers nothing). */
export function offeredA(cp: FakeChargePoint, c: FakeConnector, nowMs: number): number {
  if (!cp.online || isRebooting(cp, nowMs)) return 0
  const mode = c.settings.mode
  if (mode === 'Off') return 0
  if (mode === 'Schedule' && !c.scheduleOverridden) return 0
  if (c.settings.rfidLock === true && !c.session?.authorized) return 0
  if (c.session?.stopped) return 0
  const setting = typeof c.settings.maxCurrent === 'number' ? c.settings.maxCurrent : c.installationCurrent
  const offered = Math.min(setting, c.installationCurrent)
  return offered >= MIN_A ? offered : 0
}

/** What the car draws per phase. */
export function drawA(cp: FakeChargePoint, c: FakeConnector, nowMs: number): number {
  if (!c.car.connected || c.car.full) return 0
  return Math.min(offeredA(cp, c, nowMs), c.car.maxA)
}

export function activePhases(c: FakeConnector): 1 | 3 {
  return c.type === 'Schuko' ? 1 : (Math.min(c.phases, c.car.phases) as 1 | 3)
}

export function powerW(cp: FakeChargePoint, c: FakeConnector, nowMs: number): number {
  const amps = drawA(cp, c, nowMs)
  let watts = 0
  for (let i = 0; i < activePhases(c); i++) watts += amps * c.voltagesV[i]!
  return watts
}

export function statusWord(cp: FakeChargePoint, c: FakeConnector, nowMs: number): string {
  if (c.forcedStatus) return c.forcedStatus
  if (!c.car.connected) return 'Available'
  if (drawA(cp, c, nowMs) > 0) return 'Charging'
  if (!cp.ocppVersion) return 'Connected'
  if (c.car.full) return 'SuspendedEV'
  if (c.settings.rfidLock === true && !c.session?.authorized) return 'Preparing'
  return 'SuspendedEVSE'
}

export function statusCode(cp: FakeChargePoint, word: string): string {
  const codes = cp.ocppVersion ? OCPP_CODES : CAPI_CODES
  const index = codes.indexOf(word)
  return String(index >= 0 ? index : codes.length - 1)
}

/**
 * Moves the world on to `nowMs`: sessions start when a car is plugged in and end when it is
 * unplugged, and a charging session gains energy at the power drawn since the last step.
 */
export function advance(cp: FakeChargePoint, nowMs: number, lastMs: number, nextSessionId: () => number, userId: string): void {
  const hours = Math.max(0, nowMs - lastMs) / 3_600_000
  for (const c of cp.connectors) {
    if (c.session && !c.car.connected) {
      cp.sessions.push(finished(cp, c, c.session, nowMs, userId))
      c.session = null
      c.scheduleOverridden = false
    }
    if (!c.session && c.car.connected) {
      c.session = { id: nextSessionId(), startMs: nowMs, energyKwh: 0, stopped: false, authorized: false }
    }
    if (c.session) c.session.energyKwh += (powerW(cp, c, lastMs) / 1000) * hours
  }
}

export function finished(cp: FakeChargePoint, c: FakeConnector, s: FakeSession, endMs: number, userId: string): FakeFinishedSession {
  return {
    id: s.id,
    chargePointId: cp.id,
    connectorId: c.connectorId,
    userId,
    rfid: null,
    rfidDec: null,
    rfidDecReverse: null,
    organisationId: null,
    sessionType: c.type === 'Schuko' ? 'Schuko' : activePhases(c) === 3 ? 'ThreePhase' : 'OnePhase',
    startTime: new Date(s.startMs).toISOString(),
    endTime: new Date(endMs).toISOString(),
    externalTransactionId: null,
    totalConsumptionKwh: round(s.energyKwh, 3),
    externalId: null,
  }
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
