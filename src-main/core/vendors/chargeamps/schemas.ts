/**
 * Charge Amps EAPI v5 payloads as the Swagger v5 document describes them. Almost every field is
 * nullable in the spec, so the schemas are lenient where the spec is, and strict only where we
 * act on a value. Settings objects are loose: they are written back whole, and a field Charge
 * Amps adds later must survive our read-modify-write.
 */
import { z } from 'zod'

const text = z.string().nullish()

export const RfidTag = z.object({
  active: z.boolean().nullish(),
  rfid: text,
  rfidDec: text,
  rfidDecReverse: text,
})
export type RfidTag = z.infer<typeof RfidTag>

export const UserView = z.object({
  id: text,
  firstName: text,
  lastName: text,
  email: text,
  mobile: text,
  rfidTags: z.array(RfidTag).nullish(),
  userStatus: text,
})
export type UserView = z.infer<typeof UserView>

export const LoginResponse = z.object({
  message: text,
  token: z.string().min(1),
  refreshToken: z.string().min(1),
  user: UserView.nullish(),
})
export type LoginResponse = z.infer<typeof LoginResponse>

export const TokenRefresh = z.object({
  token: z.string().min(1),
  refreshToken: z.string().min(1),
})

export const HttpErrorResponse = z.object({ error: text, messageCode: text })

export const OnOffMode = z.enum(['Off', 'On', 'Schedule'])
export type OnOffMode = z.infer<typeof OnOffMode>

export const Dimmer = z.enum(['Off', 'Low', 'Medium', 'High'])
export type Dimmer = z.infer<typeof Dimmer>

/** `GET …/connectors/{c}/settings` (ViewConnectorSettings). */
export const ConnectorSettings = z.looseObject({
  chargePointId: text,
  connectorId: z.number().int(),
  maxCurrent: z.number().nullish(),
  rfidLock: z.boolean(),
  mode: OnOffMode,
  cableLock: z.boolean(),
  installationCurrent: z.number().nullish(),
})
export type ConnectorSettings = z.infer<typeof ConnectorSettings>

/** `GET …/settings` (ViewChargePointSettings). */
export const ChargePointSettings = z.looseObject({
  id: text,
  dimmer: Dimmer.nullish(),
  downLight: z.boolean().nullish(),
  maxCurrent: z.number().nullish(),
  installationCurrent: z.number().nullish(),
})
export type ChargePointSettings = z.infer<typeof ChargePointSettings>

export const Connector = z.object({
  chargePointId: text,
  connectorId: z.number().int(),
  type: text,
  connectorUserId: text,
})
export type Connector = z.infer<typeof Connector>

export const ChargePoint = z.object({
  id: z.string().min(1),
  name: text,
  type: text,
  isLoadbalanced: z.boolean().nullish(),
  firmwareVersion: text,
  hardwareVersion: text,
  ownerReadOnly: z.boolean().nullish(),
  /** null: Charge Amps' own CAPI protocol; "1.6": OCPP. Decides how statuses read. */
  ocppVersion: text,
  connectors: z.array(Connector).nullish(),
})
export type ChargePoint = z.infer<typeof ChargePoint>

export const ChargePointList = z.array(ChargePoint)

export const Phase = z.enum(['L1', 'L2', 'L3'])

export const Measurement = z.object({
  phase: Phase,
  current: z.number().nullish(),
  voltage: z.number().nullish(),
})
export type Measurement = z.infer<typeof Measurement>

export const ConnectorStatus = z.object({
  chargePointId: text,
  connectorId: z.number().int(),
  totalConsumptionKwh: z.number().nullish(),
  chargingPowerKw: z.number().nullish(),
  sessionType: z.enum(['OnePhase', 'ThreePhase', 'Schuko']).nullish(),
  // The vocabulary is not in the spec and arrives as words or as numeric codes, even as numbers.
  status: z.union([z.string(), z.number()]).nullish(),
  measurements: z.array(Measurement).nullish(),
  startTime: text,
  endTime: text,
  sessionId: z.number().nullish(),
})
export type ConnectorStatus = z.infer<typeof ConnectorStatus>

export const ChargePointStatus = z.object({
  id: text,
  status: z.enum(['Online', 'Offline']),
  connectorStatuses: z.array(ConnectorStatus).nullish(),
})
export type ChargePointStatus = z.infer<typeof ChargePointStatus>

export const ChargingSession = z.object({
  id: z.union([z.number(), z.string()]),
  chargePointId: text,
  connectorId: z.number().int(),
  sessionType: text,
  startTime: text,
  endTime: text,
  totalConsumptionKwh: z.number().nullish(),
})
export type ChargingSession = z.infer<typeof ChargingSession>

export const ChargingSessionList = z.array(ChargingSession)

export const Schedule = z.looseObject({
  id: z.number().int(),
  chargePointId: text,
  name: text,
  active: z.boolean(),
  startHours: z.number().int(),
  startMinutes: z.number().int(),
  endHours: z.number().int(),
  endMinutes: z.number().int(),
  timeZone: text,
  monday: z.boolean(),
  tuesday: z.boolean(),
  wednesday: z.boolean(),
  thursday: z.boolean(),
  friday: z.boolean(),
  saturday: z.boolean(),
  sunday: z.boolean(),
  connectorIdList: text,
})
export type Schedule = z.infer<typeof Schedule>

export const ScheduleList = z.array(Schedule)

export const ScheduleOverrideStatus = z.array(z.object({ connectorId: z.number().int(), isOverridden: z.boolean() }))
export type ScheduleOverrideStatus = z.infer<typeof ScheduleOverrideStatus>

/** `remotestart` body; the RFID is hex and its length is in bytes (4, 7 or 10). */
export interface StartAuth {
  rfidLength: number
  rfidFormat: 'Hex' | 'Dec' | 'ReverseDec'
  rfid: string
  externalTransactionId?: string | null
}
