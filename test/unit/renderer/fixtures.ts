import type { Api, EventChannel, EventPayload, InvokeChannel, InvokeReq, InvokeRes } from '../../../src-shared/contract'
import type { ChargerView, PriceInterval, SiteState } from '../../../src-shared/model'
import { defaultSettings } from '../../../src-shared/settings'

export const T0 = Date.UTC(2025, 0, 15, 2, 0) // 13:00 in Sydney

export function interval(offset: number, cents: number, over: Partial<PriceInterval> = {}): PriceInterval {
  const startMs = T0 + offset * 30 * 60_000
  return {
    kind: offset < 0 ? 'actual' : offset === 0 ? 'current' : 'forecast',
    startMs,
    endMs: startMs + 30 * 60_000,
    perKwhCents: cents,
    feedInCentsPerKwh: 5,
    descriptor: 'neutral',
    spikeStatus: 'none',
    renewablesPct: 40,
    estimate: offset > 0,
    ...over,
  }
}

export function charger(over: Partial<ChargerView> = {}): ChargerView {
  return {
    id: 'wallbox-1',
    name: 'Garage',
    status: 'charging',
    capabilities: { current: { minA: 6, maxA: 32, stepA: 1 }, switchable: true, phases: 1 },
    mode: 'solar',
    enabled: true,
    limitA: 16,
    currentA: 7,
    powerW: 1600,
    sessionEnergyWh: 4200,
    carSocPct: 54,
    reason: 'Charging from surplus solar.',
    ...over,
  }
}

export function siteState(over: Partial<SiteState> = {}): SiteState {
  return {
    atMs: T0,
    timeZone: 'Australia/Sydney',
    statusLine: 'Charging 1.6 kW from solar',
    flow: { pvW: 5200, houseW: 900, batteryW: -1500, socPct: 64, gridW: -1200, evW: 1600, gridPhases: null },
    price: { now: interval(0, 12.4), intervals: [interval(0, 12.4), interval(1, -2), interval(2, 186, { descriptor: 'spike', spikeStatus: 'spike' })], currency: 'AUD', unit: 'c/kWh' },
    chargers: [charger()],
    sources: [{ id: 'demo:site', label: 'Demo home', freshness: 'fresh', ageS: 3, error: null }],
    keyring: { backend: 'gnome_libsecret', weak: false, message: null },
    settingsProblem: null,
    simulationSpeed: null,
    batteryHold: null,
    ...over,
  }
}

type Handler = (req: unknown) => unknown
/** A fake Api: invoke answers from handlers, emit() plays the main process sending an event. */
export function fakeApi(handlers: Partial<Record<InvokeChannel, Handler>> = {}) {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const calls: { channel: InvokeChannel; req: unknown }[] = []
  const api: Api = {
    async invoke<C extends InvokeChannel>(channel: C, req: InvokeReq<C>): Promise<InvokeRes<C>> {
      calls.push({ channel, req })
      const defaults: Partial<Record<InvokeChannel, Handler>> = {
        'state:get': () => siteState(),
        'settings:get': () => ({ settings: defaultSettings(), problem: null, secretsSet: {} }),
      }
      const handler = handlers[channel] ?? defaults[channel]
      if (!handler) throw new Error(`no handler for ${channel}`)
      return (await handler(req)) as InvokeRes<C>
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener as (p: unknown) => void)
      return () => set.delete(listener as (p: unknown) => void)
    },
  }
  return {
    api,
    calls,
    emit<C extends EventChannel>(channel: C, payload: EventPayload<C>) {
      for (const l of listeners.get(channel) ?? []) l(payload)
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  }
}

/** Resolves once pending promise callbacks have run. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
