/** A SiteState for shell tests, with the few facts the tray cares about adjustable. */
import { SiteState, type Freshness, type PriceDescriptor, type SpikeStatus } from '../../../src-shared/model'

export interface StateOptions {
  statusLine?: string
  descriptor?: PriceDescriptor
  spikeStatus?: SpikeStatus
  charging?: boolean
  freshness?: Freshness
  sourceError?: string | null
}

export function siteState(options: StateOptions = {}): SiteState {
  const atMs = Date.UTC(2025, 0, 15, 2, 0)
  return SiteState.parse({
    atMs,
    timeZone: 'Australia/Sydney',
    statusLine: options.statusLine ?? 'Charging 3.4 kW from solar',
    flow: { pvW: 5200, houseW: 800, batteryW: -1000, socPct: 64, gridW: 0, evW: options.charging ? 3400 : 0, gridPhases: null },
    price: {
      now: {
        kind: 'current',
        startMs: atMs,
        endMs: atMs + 30 * 60_000,
        perKwhCents: 12.3,
        feedInCentsPerKwh: 5,
        descriptor: options.descriptor ?? 'low',
        spikeStatus: options.spikeStatus ?? 'none',
        renewablesPct: 60,
        estimate: false,
      },
      intervals: [],
      currency: 'AUD',
      unit: 'c/kWh',
    },
    chargers: [
      {
        id: 'garage',
        name: 'Garage',
        status: options.charging ? 'charging' : 'connected',
        capabilities: { current: { minA: 6, maxA: 32, stepA: 1 }, switchable: true, phases: 1 },
        mode: 'solar',
        enabled: true,
        limitA: 32,
        currentA: options.charging ? 15 : 0,
        powerW: options.charging ? 3400 : 0,
        sessionEnergyWh: 1200,
        carSocPct: null,
        reason: 'Surplus covers 15 A',
      },
    ],
    sources: [{ id: 'demo', label: 'Demo home', freshness: options.freshness ?? 'fresh', ageS: 3, error: options.sourceError ?? null }],
    keyring: { backend: 'gnome_libsecret', weak: false, message: null },
    settingsProblem: null,
    simulationSpeed: null,
  })
}
