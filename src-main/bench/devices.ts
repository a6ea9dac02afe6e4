/**
 * The simulated home behind the app's own device interfaces (src-main/core/devices.ts), so the
 * benchmark drives the loop through exactly the paths a vendor adapter does. Each source answers
 * with the latest sample taken on its cadence that is at least its delay old, like a vendor cloud
 * that refreshes every minute and publishes half a minute late; `lastUpdatedMs` is when that
 * sample was measured.
 */
import type { PriceInterval } from '../../src-shared/model'
import type { Clock } from '../core/clock'
import type { Battery, Charger, CurrentSetter, Meter, SiteDevices, Switchable, Tariff } from '../core/devices'
import type { SimHome } from './physics'
import { pricesAt } from './scenario'

/** The runtime reads each source every control tick; what changes is how often the data does. */
export const BENCH_POLL_MS = 10_000
export const BENCH_TARIFF_POLL_MS = 60_000

export const CHARGER_ID = 'bench:charger'

export function benchDevices(sim: SimHome, clock: Clock): SiteDevices {
  const { s, f } = sim
  const data = s.data

  let meterAt: number | null = null
  const meter: Meter = {
    id: 'bench:meter',
    label: 'Simulated meter',
    pollMs: BENCH_POLL_MS,
    updateEveryMs: data.meter.cadenceS * 1000,
    lastUpdatedMs: () => meterAt,
    async readMeter() {
      const sample = sim.sample(clock.now(), data.meter)
      meterAt = sample.atMs
      const x = sample.flows
      return {
        pvW: Math.round(x.pvW),
        houseW: Math.round(x.houseW),
        gridW: Math.round(x.gridW),
        gridPhases: x.phaseCurrentsA.map((currentA) => ({
          voltageV: f.voltageV,
          currentA: Math.round(currentA * 100) / 100,
          powerW: Math.round(currentA * f.voltageV),
        })),
      }
    },
  }

  let batteryAt: number | null = null
  const b = s.battery
  const battery: Battery | null = b && {
    id: 'bench:battery',
    label: 'Simulated battery',
    pollMs: BENCH_POLL_MS,
    updateEveryMs: data.battery.cadenceS * 1000,
    lastUpdatedMs: () => batteryAt,
    async readBattery() {
      const sample = sim.sample(clock.now(), data.battery)
      batteryAt = sample.atMs
      return {
        socPct: sample.flows.socPct === null ? null : Math.round(sample.flows.socPct * 10) / 10,
        batteryW: Math.round(sample.flows.batteryW),
        capacityWh: b.capacityWh,
        minSocPct: b.minSocPct,
        maxSocPct: b.maxSocPct,
        maxChargeW: b.maxChargeW,
        maxDischargeW: b.maxDischargeW,
      }
    },
  }

  let tariffAt: number | null = null
  const tariff: Tariff = {
    id: 'bench:tariff',
    label: 'Simulated prices',
    currency: 'AUD',
    unit: 'c/kWh',
    pollMs: BENCH_TARIFF_POLL_MS,
    updateEveryMs: data.tariff.cadenceS * 1000,
    lastUpdatedMs: () => tariffAt,
    async readPrices() {
      const nowMs = clock.now()
      tariffAt = sim.sample(nowMs, data.tariff).atMs
      return priceIntervals(sim, nowMs)
    },
  }

  let chargerAt: number | null = null
  const current: CurrentSetter = {
    minA: s.charger.minA,
    maxA: s.charger.maxA,
    stepA: 1,
    async setCurrent(currentA) {
      sim.setCurrent(currentA)
    },
  }
  const switchable: Switchable = {
    async setEnabled(enabled) {
      sim.setEnabled(enabled)
    },
  }
  const charger: Charger = {
    id: CHARGER_ID,
    label: s.charger.kind === 'onoff' ? 'Simulated on/off charger' : 'Simulated charger',
    phases: s.charger.phases,
    pollMs: BENCH_POLL_MS,
    updateEveryMs: data.charger.cadenceS * 1000,
    lastUpdatedMs: () => chargerAt,
    ...(s.charger.kind === 'current' ? { current } : { minSwitchIntervalS: s.charger.minSwitchIntervalS }),
    ...(f.evSwitchable ? { phaseSwitch: { setPhases: async (phases: 1 | 3) => sim.setPhases(phases) } } : {}),
    switchable,
    async readCharger() {
      const sample = sim.sample(clock.now(), data.charger)
      chargerAt = sample.atMs
      const c = sample.charger
      return {
        connected: c.connected,
        enabled: c.enabled,
        offeredA: c.offeredA,
        powerW: Math.round(sample.flows.evW),
        activePhases: c.activePhases,
        sessionEnergyWh: Math.round(c.sessionEnergyWh),
        carSocPct: null,
        carFull: c.carFull,
      }
    },
  }

  return { meter, battery, tariff, chargers: [charger] }
}

/** The tariff as Amber shows it: the last hour's actuals, the current interval and the forecast to the end. */
export function priceIntervals(sim: SimHome, nowMs: number): PriceInterval[] {
  const { s, f } = sim
  const step = f.priceIntervalMs
  const first = f.startMs + Math.max(0, Math.floor((nowMs - 3_600_000 - f.startMs) / step)) * step
  const out: PriceInterval[] = []
  for (let startMs = first; startMs < f.endMs; startMs += step) {
    const { importC, feedInC } = pricesAt(s, f, startMs)
    const kind = nowMs >= startMs + step ? 'actual' : nowMs >= startMs ? 'current' : 'forecast'
    out.push({
      kind,
      startMs,
      endMs: startMs + step,
      perKwhCents: importC,
      feedInCentsPerKwh: feedInC,
      descriptor: importC < 0 ? 'extremelyLow' : importC < 10 ? 'veryLow' : importC < 20 ? 'low' : importC < 35 ? 'neutral' : importC < 100 ? 'high' : 'spike',
      spikeStatus: importC >= 100 ? 'spike' : 'none',
      renewablesPct: null,
      estimate: false,
    })
  }
  return out
}
