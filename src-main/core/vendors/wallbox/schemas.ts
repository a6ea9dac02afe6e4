/**
 * Zod schemas of my.wallbox's payloads, as the reference and the public clients show them. The
 * fields the loop depends on are strict (a wrong type is a 'bad-response'); the many descriptive
 * fields are lenient, because the portal has changed their types before (`locked` is 0/1 on the
 * wire and a boolean in some clients, `timezone` is a zone name or a number) and one odd field
 * must not take the charger offline.
 */
import { z } from 'zod'

/** Optional descriptive value: anything unexpected reads as null instead of failing the parse. */
const soft = <T extends z.ZodType>(schema: T) => schema.nullish().catch(null)

/** 0/1 on the wire, booleans in some clients and fixtures. */
const Flag = z.union([z.boolean(), z.number()]).transform((v) => v === true || v === 1)

const Id = z.union([z.string().min(1), z.number()]).transform(String)

export const SignInResponse = z.object({
  data: z.object({
    attributes: z.object({
      token: z.string().min(1),
      refresh_token: z.string().min(1),
      /** Absolute epoch milliseconds, not a duration. */
      ttl: z.number(),
      refresh_token_ttl: z.number(),
      user_id: soft(z.number()),
    }),
  }),
})
export type SignInResponse = z.infer<typeof SignInResponse>

const GroupCharger = z.object({
  id: z.number().int(),
  uid: soft(z.string()),
  name: soft(z.string()),
  /** The status_id, as far as the public clients show. */
  state: soft(z.number()),
  locked: soft(Flag),
  maxChargingCurrent: soft(z.number()),
  // Not in the reference; read when present so the picker can show the model.
  model: soft(z.string()),
})

export const GroupsResponse = z.object({
  result: z.object({
    groups: z.array(z.object({ chargers: z.array(GroupCharger).default([]) })),
  }),
})
export type GroupsResponse = z.infer<typeof GroupsResponse>

const Currency = z.object({ symbol: soft(z.string()), code: soft(z.string()), name: soft(z.string()) })

const StatusConfig = z.object({
  charger_id: soft(z.number()),
  serial_number: soft(Id),
  name: soft(z.string()),
  locked: soft(Flag),
  /** The current setpoint, A. */
  max_charging_current: soft(z.number()),
  /** The installation's cap, A. */
  max_available_current: soft(z.number()),
  icp_max_current: soft(z.number()),
  energy_price: soft(z.number()),
  energyCost: soft(z.object({ value: soft(z.number()) })),
  currency: soft(Currency),
  plan: soft(z.object({ plan_name: soft(z.string()), features: soft(z.array(z.string())) })),
  part_number: soft(z.string()),
  software: soft(z.object({ currentVersion: soft(z.string()), latestVersion: soft(z.string()), updateAvailable: soft(z.boolean()) })),
  operation_mode: soft(z.string()),
  timezone: soft(z.string()),
  ecosmart: soft(z.object({ enabled: soft(Flag), mode: soft(z.number()) })),
})

export const StatusResponse = z.object({
  status_id: z.number().int(),
  name: soft(z.string()),
  /** kW. */
  charging_power: z.number().nullish().transform((v) => v ?? 0),
  /** Amps, despite the name. */
  max_available_power: soft(z.number()),
  /** kWh in the current or last session. */
  added_energy: soft(z.number()),
  added_green_energy: soft(z.number()),
  added_grid_energy: soft(z.number()),
  added_discharged_energy: soft(z.number()),
  added_range: soft(z.number()),
  charging_time: soft(z.number()),
  finished: soft(z.boolean()),
  cost: soft(z.number()),
  state_of_charge: soft(z.number()),
  last_sync: soft(z.string()),
  config_data: StatusConfig.nullish().catch(null),
})
export type StatusResponse = z.infer<typeof StatusResponse>

/** `PUT v2/charger/{id}` echoes the charger's settings; used as confirmation instead of a re-poll. */
export const ChargerDataResponse = z.object({
  data: z.object({
    chargerData: z.object({
      id: soft(z.number()),
      status: soft(z.number()),
      maxChargingCurrent: soft(z.number()),
      maxAvailableCurrent: soft(z.number()),
      locked: soft(Flag),
      softwareVersion: soft(z.string()),
    }),
  }),
})
export type ChargerData = z.infer<typeof ChargerDataResponse>['data']['chargerData']

/** `POST chargers/config/{id}` answers with the changed settings. */
export const ConfigResponse = z.object({
  energy_price: soft(z.number()),
  currency: soft(Currency),
  icp_max_current: soft(z.number()),
})
export type ConfigResponse = z.infer<typeof ConfigResponse>

const LogSession = z.object({
  type: z.literal('charger_log_session'),
  id: Id,
  attributes: z.object({
    start: z.number(),
    end: soft(z.number()),
    energy: soft(z.number()),
    mid_energy: soft(z.number()),
    time: soft(z.number()),
    cost: soft(z.number()),
    currency: soft(Currency),
  }),
})

const ChargingSession = z.object({
  type: z.literal('charger_charging_session'),
  id: Id,
  attributes: z.object({
    start_time: z.number(),
    end_time: soft(z.number()),
    energy: soft(z.number()),
    mid_energy: soft(z.number()),
    total_cost: soft(z.number()),
    currency_code: soft(z.string()),
  }),
})

export const SessionItem = z.discriminatedUnion('type', [LogSession, ChargingSession])
export type SessionItem = z.infer<typeof SessionItem>

/** Other entry types are skipped; the two known ones must parse. */
export const SessionsResponse = z.object({
  data: z.array(z.object({ type: z.string() }).loose()),
})

const HHMM = z.string().regex(/^([01]\d|2[0-3])[0-5]\d$/, 'a time as HHMM')

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

export const WallboxScheduleSchema = z.object({
  id: z.number().int().min(0),
  enable: Flag,
  /** UTC. */
  start: HHMM,
  stop: HHMM,
  days: z.object({
    monday: Flag.default(false),
    tuesday: Flag.default(false),
    wednesday: Flag.default(false),
    thursday: Flag.default(false),
    friday: Flag.default(false),
    saturday: Flag.default(false),
    sunday: Flag.default(false),
  }),
  max_current: soft(z.number()),
  max_energy: soft(z.number()),
})
export type WallboxSchedule = z.infer<typeof WallboxScheduleSchema>

export const SchedulesResponse = z.object({ schedules: z.array(WallboxScheduleSchema) })
