/**
 * The A2's own settings and facts, described for the charger's settings page. The solar fields are
 * the charger's built-in CT-based solar mode (getSolar / setSolar); Sunspill's surplus control
 * switches the charger on and off on top of it, so the help says how the two combine.
 */
import type { ChargerField } from '../../devices'
import { VendorError } from '../../errors'
import type { DeviceStatus, Solar } from './schemas'

export interface SolarChange {
  override?: boolean
  chargeAlways?: boolean
  maxGridChargePercent?: number
}

function asBoolean(value: string | number | boolean, label: string): boolean {
  if (typeof value === 'boolean') return value
  throw new VendorError('config', `${label} is on or off.`)
}

export function solarFields(read: () => Promise<Solar>, write: (change: SolarChange) => Promise<void>): ChargerField[] {
  return [
    {
      id: 'solarChargeAlways',
      label: 'Charge without solar surplus',
      kind: 'boolean',
      help: 'The charger’s own solar mode: when on, it charges whether or not its own sensor sees spare solar. Leave it on when Sunspill decides when to charge.',
      read: async () => (await read()).chargeAlways ?? null,
      write: async (value) => write({ chargeAlways: asBoolean(value, 'Charge without solar surplus') }),
    },
    {
      id: 'solarOverride',
      label: 'Solar override',
      kind: 'boolean',
      help: 'Makes the charger ignore its own solar mode and charge at full rate now.',
      read: async () => (await read()).override ?? null,
      write: async (value) => write({ override: asBoolean(value, 'Solar override') }),
    },
    {
      id: 'solarMaxGridChargePercent',
      label: 'Most grid share in solar mode',
      kind: 'number',
      unit: '%',
      min: 0,
      max: 100,
      step: 1,
      help: 'In the charger’s own solar mode, how much of the charge may come from the grid.',
      read: async () => (await read()).maxGridChargePercent ?? null,
      write: async (value) => {
        const percent = typeof value === 'number' ? value : Number(value)
        if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
          throw new VendorError('config', 'The grid share is a whole number from 0 to 100 %.')
        }
        return write({ maxGridChargePercent: percent })
      },
    },
  ]
}

export function nameField(read: () => Promise<string | null>, write: (name: string) => Promise<void>): ChargerField {
  return {
    id: 'friendlyName',
    label: 'Name in Konnect+',
    kind: 'text',
    read,
    write: async (value) => {
      const name = String(value).trim()
      if (name === '' || name.length > 60) throw new VendorError('config', 'Give the charger a name of 1 to 60 characters.')
      return write(name)
    },
  }
}

const text = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value))

/** Read-only facts from the device status (and Andersen's support notice). */
export function infoFields(status: () => Promise<DeviceStatus>, supportMessage: () => Promise<unknown>): ChargerField[] {
  const fact = (id: string, label: string, pick: (s: DeviceStatus) => string | number | null, unit?: string): ChargerField => ({
    id,
    label,
    kind: unit ? 'number' : 'text',
    ...(unit ? { unit } : {}),
    read: async () => pick(await status()),
  })
  return [
    fact('online', 'Online', (s) => (s.online == null ? null : s.online ? 'Yes' : 'No')),
    fact('firmware', 'Firmware', (s) => [text(s.sysFwVersion), text(s.evseFwVersion) && `EVSE ${text(s.evseFwVersion)}`].filter(Boolean).join(' · ') || null),
    fact('wifi', 'Wi-Fi', (s) => (s.sysSSID ? `${s.sysSSID}${s.sysRssi != null ? ` (${s.sysRssi} dBm)` : ''}` : null)),
    fact('currentRange', 'Charge current range', (s) =>
      s.cfgChargeAmpMin != null && s.cfgChargeAmpMax != null ? `${s.cfgChargeAmpMin}–${s.cfgChargeAmpMax} A (set by the installer)` : null,
    ),
    fact('ctConfig', 'CT clamp setup', (s) => text(s.cfgCTConfig)),
    fact('scheduleActive', 'Schedules switched on', (s) => (s.sysSchEnabled == null ? null : s.sysSchEnabled ? 'Yes' : 'No')),
    fact('faultCode', 'Fault code', (s) => s.sysFaultCode ?? null),
    fact('temperature', 'Temperature', (s) => s.sysTemperature ?? null, '°C'),
    {
      id: 'supportMessage',
      label: 'Notice from Andersen',
      kind: 'text',
      read: async () => text(await supportMessage()),
    },
  ]
}
