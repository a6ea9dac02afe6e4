/**
 * Turns what the runtime knows into the SiteState the renderer and the tray show.
 */
import { formatPower } from '../../../src-shared/format'
import type { ChargerStatus, ChargerView, KeyringStatus, PowerFlow, SiteState } from '../../../src-shared/model'
import type { Settings } from '../../../src-shared/settings'
import { chargerSettings } from '../../../src-shared/settings'
import type { Tariff } from '../devices'
import type { HoldStatus } from './battery-hold'
import { drawsFromGridOnPurpose } from './grid-charging'
import { currentInterval, type Snapshot } from './runtime'

/** Charging below this is noise (car electronics, rounding), not a session. */
const CHARGING_MIN_W = 50
/** Below this a flow is meter noise, not a source of the car's power. */
const SOURCE_MIN_W = 100
/** How much of the past the price chart keeps on its left. */
const PRICE_HISTORY_MS = 60 * 60 * 1000

export interface StateExtras {
  keyring: KeyringStatus
  settingsProblem: string | null
  simulationSpeed: number | null
  tariff: Pick<Tariff, 'currency' | 'unit'> | null
  /** Chargers Sunspill does not steer now (changed elsewhere, or handed off), and why. */
  control?: { yielded(chargerId: string): string | null; holdReason(chargerId: string): string | null }
  batteryHold?: HoldStatus | null
  /** The home battery's minimum can be changed from here (the hold in Settings → Control can work). */
  batteryControllable?: boolean
}

/** Said under a car charging from the grid on purpose while the battery covers it and could be kept. */
export const BATTERY_HOLD_HINT = 'Battery covers part; Settings → Control can keep it.'

export function buildState(snapshot: Snapshot, settings: Settings, extras: StateExtras): SiteState {
  const { nowMs } = snapshot
  const chargers = snapshot.chargers.map(({ device, reading, decision, tracker }): ChargerView => {
    const user = chargerSettings(settings, device.id)
    const offline = !reading || tracker.freshness(nowMs) === 'offline'
    return {
      id: device.id,
      name: device.label,
      status: offline ? 'offline' : chargerStatus(reading.connected, reading.powerW, decision?.state ?? null),
      capabilities: {
        current: device.current ? { minA: device.current.minA, maxA: device.current.maxA, stepA: device.current.stepA } : null,
        switchable: Boolean(device.switchable),
        phases: device.phases,
      },
      mode: user.mode,
      enabled: user.enabled,
      limitA: device.current ? Math.min(user.limitA, device.current.maxA) : user.limitA,
      currentA: reading?.enabled ? reading.offeredA : 0,
      powerW: reading?.powerW ?? 0,
      sessionEnergyWh: reading?.sessionEnergyWh ?? 0,
      carSocPct: reading?.carSocPct ?? null,
      reason: extras.control?.holdReason(device.id) ?? decision?.reason ?? 'Waiting for the charger to report',
      note: batteryCoversCar({ reading, decision }, snapshot, settings, extras) ? BATTERY_HOLD_HINT : null,
      yielded: extras.control?.yielded(device.id) ?? null,
    }
  })

  const evW = chargers.reduce((sum, c) => sum + (c.status === 'offline' ? 0 : c.powerW), 0)
  const flow: PowerFlow = {
    pvW: snapshot.meter?.pvW ?? null,
    houseW: snapshot.meter?.houseW ?? null,
    batteryW: snapshot.battery?.batteryW ?? null,
    socPct: snapshot.battery?.socPct ?? null,
    gridW: snapshot.meter?.gridW ?? null,
    evW,
    gridPhases: snapshot.meter?.gridPhases ?? null,
  }

  const now = currentInterval(snapshot.prices, nowMs)
  return {
    atMs: nowMs,
    timeZone: settings.site.timeZone,
    statusLine: statusLine(chargers, flow),
    flow,
    price: {
      now: now ? { ...now, kind: 'current' } : null,
      intervals: snapshot.prices.filter((p) => p.endMs > nowMs - PRICE_HISTORY_MS),
      currency: extras.tariff?.currency ?? 'AUD',
      unit: extras.tariff?.unit ?? 'c/kWh',
    },
    chargers,
    sources: snapshot.trackers.map((t) => t.status(nowMs)),
    keyring: extras.keyring,
    settingsProblem: extras.settingsProblem,
    simulationSpeed: extras.simulationSpeed,
    batteryHold: extras.batteryHold ? { userMinSocPct: null, ...extras.batteryHold } : null,
  }
}


/** The battery discharges into a car charging from the grid on purpose, and Sunspill could keep it. */
function batteryCoversCar(entry: Pick<Snapshot['chargers'][number], 'reading' | 'decision'>, snapshot: Snapshot, settings: Settings, extras: StateExtras): boolean {
  if (!extras.batteryControllable || settings.control.holdBatteryForHouse) return false
  return drawsFromGridOnPurpose(entry) && (snapshot.battery?.batteryW ?? 0) > SOURCE_MIN_W
}

function chargerStatus(connected: boolean, powerW: number, decision: string | null): ChargerStatus {
  if (!connected) return 'idle'
  if (powerW > CHARGING_MIN_W) return 'charging'
  if (decision === 'waiting') return 'waiting'
  return 'connected'
}

/** Where the car's power comes from, as far as the meter tells: grid first, then the battery. */
function chargeSource(flow: PowerFlow): string {
  // Without a meter nothing says where the power comes from.
  if (flow.gridW === null && flow.pvW === null) return ''
  if (flow.gridW !== null && flow.gridW > SOURCE_MIN_W) return ` (${formatPower(flow.gridW)} from the grid)`
  if (flow.batteryW !== null && flow.batteryW > SOURCE_MIN_W) {
    return (flow.pvW ?? 0) > SOURCE_MIN_W ? ' from solar and the battery' : ' from the home battery'
  }
  return ' from solar'
}

/** One sentence for the top of the popover and the tray tooltip. */
export function statusLine(chargers: ChargerView[], flow: PowerFlow): string {
  const charging = chargers.find((c) => c.status === 'charging' && !c.yielded)
  if (charging) {
    return `Charging ${formatPower(charging.powerW)}${charging.mode === 'fast' ? '' : chargeSource(flow)}`
  }
  // Charging, but not as Sunspill steers it: neither solar nor the grid is Sunspill's choice.
  const elsewhere = chargers.find((c) => c.status === 'charging')
  if (elsewhere) return `${elsewhere.name} charging ${formatPower(elsewhere.powerW)} · controlled outside Sunspill`
  const waiting = chargers.find((c) => c.status === 'waiting' || c.status === 'connected')
  // A charger changed elsewhere is not waiting for anything Sunspill does: say who is in charge.
  if (waiting) return waiting.yielded ? `${waiting.name} is controlled outside Sunspill` : waiting.reason
  if (flow.gridW !== null && flow.gridW < -50) return `No car plugged in · exporting ${formatPower(flow.gridW)}`
  if (flow.gridW !== null && flow.gridW > 50) return `No car plugged in · importing ${formatPower(flow.gridW)}`
  return chargers.length > 0 ? 'No car plugged in' : 'Watching your home'
}
