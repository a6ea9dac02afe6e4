/**
 * One Charge Amps connector as a Charger. Current is the connector's `maxCurrent` (0 pauses),
 * on/off is its `mode`; everything else the EAPI offers a user is a field, an action or the
 * session history. Name, phases and limits come from the cloud on the first read, so they are
 * getters that start from safe defaults.
 */
import type {
  ChargeSchedule,
  Charger,
  ChargerAction,
  ChargerField,
  ChargerHistory,
  ChargerReading,
  CurrentSetter,
  Schedulable,
  Switchable,
} from '../../devices'
import { VendorError } from '../../errors'
import { MIN_CURRENT_A, POLL_GAP_MS, type ChargeAmpsClient } from './client'
import { protocolOf, type Protocol } from './connector-status'
import { chargerOffline } from './messages'
import { sessionPhases, toChargerReading } from './reading'
import { appliesTo, replaceSchedules, toChargeSchedule } from './schedules'
import { Dimmer, OnOffMode, type ChargePoint, type StartAuth } from './schemas'
import { readChargeAmpsSessions } from './sessions'

/** hass-chargeamps' upper bound, used until the installation current is known. */
const DEFAULT_MAX_A = 32
const RFID_BYTES = new Set([4, 7, 10])
/**
 * Schedules Sunspill lets one connector hold. Charge Amps documents no limit (the reference is
 * silent), so this is a conservative choice of ours, not the vendor's figure.
 */
const SCHEDULE_LIMIT = 10

export const REBOOT_CONFIRM = 'Restart the charger? Charging stops for about a minute.'

export interface ChargeAmpsChargerOptions {
  accountId: string
  /** Shown until the charger's own name is known. */
  accountName: string
  chargePointId: string
  connectorId: number
  client: ChargeAmpsClient
  /** Time zone for schedules Sunspill creates; the host's when absent. */
  timeZone?: string
}

export function chargerId(accountId: string, chargePointId: string, connectorId: number): string {
  return `${accountId}:${chargePointId}:${connectorId}`
}

export function createChargeAmpsCharger(options: ChargeAmpsChargerOptions): Charger {
  return new ChargeAmpsConnector(options)
}

class ChargeAmpsConnector implements Charger {
  readonly id: string
  readonly pollMs = POLL_GAP_MS
  readonly fields: ChargerField[]
  readonly actions: ChargerAction[]
  readonly history: ChargerHistory
  private info: ChargePoint | null = null
  private installationCurrentA: number | null = null
  private observedPhases: 1 | 3 | null = null
  private readonly currentSetter: CurrentSetter
  private readonly scheduler: Schedulable

  readonly switchable: Switchable

  constructor(private readonly o: ChargeAmpsChargerOptions) {
    this.id = chargerId(o.accountId, o.chargePointId, o.connectorId)
    const self = this
    this.currentSetter = {
      minA: MIN_CURRENT_A,
      get maxA() {
        return self.installationCurrentA ?? DEFAULT_MAX_A
      },
      stepA: 1,
      setCurrent: async (currentA) => {
        const written = await o.client.setMaxCurrent(o.chargePointId, o.connectorId, currentA)
        this.learnSettings(written.installationCurrent)
      },
    }
    this.switchable = {
      setEnabled: async (enabled) => {
        await o.client.setMode(o.chargePointId, o.connectorId, enabled ? 'On' : 'Off')
      },
    }
    this.scheduler = {
      maxCount: SCHEDULE_LIMIT,
      // A Charge Amps Schedule is times, days and connectors, with no current field: schedules only
      // switch charging on and off (toVendorSchedule refuses a cap).
      perScheduleCurrent: false,
      maxCountReason: `Sunspill keeps at most ${SCHEDULE_LIMIT} schedules on a Charge Amps connector; Charge Amps documents no limit of its own.`,
      readSchedules: async () => {
        await this.requireCapi()
        const all = await o.client.schedules(o.chargePointId)
        return all.filter((s) => appliesTo(s, o.connectorId)).map(toChargeSchedule)
      },
      writeSchedules: async (schedules: ChargeSchedule[]) => {
        await this.requireCapi()
        const timeZone = o.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
        return replaceSchedules(o.client, o.chargePointId, o.connectorId, schedules, timeZone)
      },
    }
    this.fields = this.buildFields()
    this.actions = this.buildActions()
    this.history = {
      title: 'Charging sessions',
      read: (range) => readChargeAmpsSessions({ client: o.client, chargePointId: o.chargePointId, connectorId: o.connectorId }, range),
    }
  }

  get label(): string {
    const name = this.info?.name?.trim() || this.info?.type?.trim() || this.o.accountName
    const connectors = this.info?.connectors ?? []
    if (this.connectorType() === 'Schuko') return `${name} socket`
    return connectors.length > 1 ? `${name} · connector ${this.o.connectorId}` : name
  }

  /** The phases of the last session seen; three until a car has charged (most Charge Amps installs). */
  get phases(): 1 | 3 {
    if (this.connectorType() === 'Schuko') return 1
    return this.observedPhases ?? 3
  }

  /** A household socket takes no current setpoint, only on and off. */
  get current(): CurrentSetter | undefined {
    return this.connectorType() === 'Schuko' ? undefined : this.currentSetter
  }

  /** Schedules exist only on CAPI chargers; offered until the protocol is known. */
  get schedules(): Schedulable | undefined {
    return this.protocol() === 'ocpp' ? undefined : this.scheduler
  }

  async readCharger(): Promise<ChargerReading> {
    const { client, chargePointId, connectorId } = this.o
    this.info = await client.chargePoint(chargePointId)
    const [status, settings] = await Promise.all([client.status(chargePointId), client.connectorSettings(chargePointId, connectorId)])
    if (status.status !== 'Online') throw chargerOffline(this.label)
    this.learnSettings(settings.installationCurrent)
    const connectorStatus = status.connectorStatuses?.find((c) => c.connectorId === connectorId) ?? null
    const phases = connectorStatus ? sessionPhases(connectorStatus) : null
    if (phases !== null && this.connectorType() !== 'Schuko') this.observedPhases = phases
    return toChargerReading({ status: connectorStatus, settings, protocol: this.protocol() ?? 'capi', phases: this.phases })
  }

  private learnSettings(installationCurrentA: number | null | undefined) {
    if (installationCurrentA && installationCurrentA >= MIN_CURRENT_A) this.installationCurrentA = installationCurrentA
  }

  private protocol(): Protocol | null {
    return this.info ? protocolOf(this.info.ocppVersion) : null
  }

  private connectorType(): string | null {
    return this.info?.connectors?.find((c) => c.connectorId === this.o.connectorId)?.type ?? null
  }

  private async requireCapi() {
    this.info = await this.o.client.chargePoint(this.o.chargePointId)
    if (this.protocol() === 'ocpp') {
      throw new VendorError(
        'not-supported',
        'This charger speaks OCPP, and Charge Amps only keeps schedules for chargers on its own protocol (CAPI). Use charging mode On or Off instead.',
      )
    }
  }

  readonly handBack = {
    label: 'its own schedules',
    run: async () => {
      const { client, chargePointId, connectorId } = this.o
      await client.setMode(chargePointId, connectorId, 'Schedule')
    },
  }

  private buildFields(): ChargerField[] {
    const { client, chargePointId, connectorId } = this.o
    const self = this
    const connector = () => client.connectorSettings(chargePointId, connectorId)
    const chargePoint = () => client.chargePointSettings(chargePointId)
    const info = async () => (this.info = await client.chargePoint(chargePointId))
    const update = (change: Parameters<ChargeAmpsClient['updateConnectorSettings']>[2]) =>
      client.updateConnectorSettings(chargePointId, connectorId, change).then(() => undefined)
    return [
      {
        id: 'mode',
        label: 'Charging mode',
        kind: 'select',
        options: [
          { value: 'On', label: 'On' },
          { value: 'Off', label: 'Off' },
          { value: 'Schedule', label: 'By the charger’s schedule' },
        ],
        help: 'Off stops charging; Schedule leaves it to the schedules kept in the charger.',
        read: async () => (await connector()).mode,
        write: async (value) => {
          const mode = OnOffMode.safeParse(value)
          if (!mode.success) throw new VendorError('config', 'The charging mode is On, Off or Schedule.')
          await client.setMode(chargePointId, connectorId, mode.data)
        },
      },
      {
        id: 'maxCurrent',
        label: 'Maximum current',
        kind: 'number',
        unit: 'A',
        min: 0,
        get max() {
          return self.installationCurrentA ?? DEFAULT_MAX_A
        },
        step: 1,
        help: '0 pauses charging; otherwise 6 A up to the installation current. Sunspill’s control loop sets this while it steers.',
        read: async () => (await connector()).maxCurrent ?? null,
        write: async (value) => {
          await client.setMaxCurrent(chargePointId, connectorId, Number(value))
        },
      },
      {
        id: 'cableLock',
        label: 'Cable lock',
        kind: 'boolean',
        help: 'Keeps the cable locked in the charger, also when not charging.',
        read: async () => (await connector()).cableLock,
        write: (value) => update(() => ({ cableLock: value === true })),
      },
      {
        id: 'rfidLock',
        label: 'RFID lock',
        kind: 'boolean',
        help: 'Charging starts only with an RFID tag (or Start charging here).',
        read: async () => (await connector()).rfidLock,
        write: (value) => update(() => ({ rfidLock: value === true })),
      },
      {
        id: 'dimmer',
        label: 'Light brightness',
        kind: 'select',
        options: Dimmer.options.map((value) => ({ value, label: value })),
        read: async () => (await chargePoint()).dimmer ?? null,
        write: async (value) => {
          const dimmer = Dimmer.safeParse(value)
          if (!dimmer.success) throw new VendorError('config', 'The brightness is Off, Low, Medium or High.')
          await client.updateChargePointSettings(chargePointId, () => ({ dimmer: dimmer.data }))
        },
      },
      {
        id: 'downLight',
        label: 'Down light',
        kind: 'boolean',
        help: 'The light under a Halo charger.',
        read: async () => (await chargePoint()).downLight ?? null,
        write: async (value) => {
          await client.updateChargePointSettings(chargePointId, (current) => {
            if (current.downLight === null || current.downLight === undefined) {
              throw new VendorError('not-supported', 'This charger has no down light (only the Halo has one).')
            }
            return { downLight: value === true }
          })
        },
      },
      {
        id: 'installationCurrent',
        label: 'Installation current',
        kind: 'number',
        unit: 'A',
        help: 'Set by the installer; the charger never offers more.',
        read: async () => (await connector()).installationCurrent ?? null,
      },
      { id: 'firmware', label: 'Firmware', kind: 'text', read: async () => (await info()).firmwareVersion ?? null },
      { id: 'hardware', label: 'Hardware', kind: 'text', read: async () => (await info()).hardwareVersion ?? null },
      {
        id: 'protocol',
        label: 'Protocol',
        kind: 'text',
        read: async () => {
          const { ocppVersion } = await info()
          return ocppVersion ? `OCPP ${ocppVersion}` : 'Charge Amps CAPI'
        },
      },
      { id: 'chargePointId', label: 'Charger ID', kind: 'text', read: async () => chargePointId },
    ]
  }

  private buildActions(): ChargerAction[] {
    const { client, chargePointId, connectorId } = this.o
    return [
      {
        id: 'reboot',
        label: 'Restart the charger',
        confirm: REBOOT_CONFIRM,
        run: async () => {
          await client.reboot(chargePointId)
          return 'The charger is restarting; it is back in about a minute.'
        },
      },
      {
        id: 'remoteStop',
        label: 'Stop the session',
        confirm: 'Stop this charging session now? Start it again with an RFID tag, from the car, or with Start charging.',
        run: async () => {
          await client.remoteStop(chargePointId, connectorId)
          return 'Charge Amps stopped the session.'
        },
      },
      {
        id: 'remoteStart',
        label: 'Start charging',
        confirm: null,
        run: async () => {
          await client.remoteStart(chargePointId, connectorId, await this.startAuth())
          return 'Charge Amps started the session with your RFID tag.'
        },
      },
      {
        id: 'overrideSchedule',
        label: 'Charge now, ignoring the schedule',
        confirm: null,
        run: async () => {
          await client.overrideSchedule(chargePointId, connectorId)
          return 'The charger charges now; its schedule applies again from the next session.'
        },
      },
    ]
  }

  /** Charge Amps starts a session only for an RFID tag; the account's own first active tag is used. */
  private async startAuth(): Promise<StartAuth> {
    const user = this.o.client.user ?? (await this.o.client.login())
    const tag = (user?.rfidTags ?? []).find((t) => t.active !== false && t.rfid && isHexTag(t.rfid))
    if (!tag?.rfid) {
      throw new VendorError(
        'not-supported',
        'Charge Amps starts a session remotely only with an RFID tag, and this account has none. Add one in the Charge Amps app, or set the charging mode to On instead.',
      )
    }
    return { rfidLength: tag.rfid.length / 2, rfidFormat: 'Hex', rfid: tag.rfid }
  }
}

function isHexTag(rfid: string): boolean {
  return /^[0-9a-f]+$/i.test(rfid) && rfid.length % 2 === 0 && RFID_BYTES.has(rfid.length / 2)
}
