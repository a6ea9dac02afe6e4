/**
 * One AlphaESS system as our devices: a Meter and a Battery fed by one getLastPowerData call per
 * poll, the battery's own settings as a BatteryControl, and a Charger per charging pile.
 * Signs are AlphaESS's own at this edge and happen to match ours: pgrid > 0 imports, pbat > 0
 * discharges.
 */
import type { BatterySettings, PhaseReading } from '../../../../src-shared/model'
import type { Clock } from '../../clock'
import type { Battery, BatteryControl, BatteryReading, Meter, MeterReading } from '../../devices'
import { VendorError } from '../../errors'
import type { Logger } from '../../host'
import type { AccountDevices } from '../driver'
import { configsFromSettings, chargeDifferences, dischargeDifferences, settingsFromConfigs } from './battery-settings'
import { CachedRead } from './cached-read'
import type { AlphaessClient } from './client'
import { WRITE_LIMITS_SENTENCE } from './codes'
import { writeChargeConfig, writeDischargeConfig } from './confirmed-writes'
import { AlphaessPile, type PileContext } from './charger'
import type { ChargeConfig, DischargeConfig, EssSystem, EvChargerConfig, EvChargerCurrents, EvChargerStatus, LastPowerData } from './schemas'

export interface AlphaessTiming {
  /** How often the runtime should read meter, battery and piles. Live data comes in ~30 s blocks. */
  pollMs: number
  /** Answers younger than this are reused: AlphaESS's gap between calls to one endpoint. */
  reuseMs: number
  /** The system list (capacity) changes only when hardware does. */
  systemListMaxAgeMs: number
  /** SOC limits change when someone edits them; our own writes refresh them at once. */
  configMaxAgeMs: number
  /** The pile current setting changes only by a write (ours, or the AlphaESS app's). */
  currentMaxAgeMs: number
  /** After a failed optional read (capacity, limits), wait this long before asking again. */
  optionalRetryMs: number
}

export const alphaessTiming: AlphaessTiming = {
  pollMs: 15_000,
  reuseMs: 10_000,
  systemListMaxAgeMs: 6 * 60 * 60_000,
  configMaxAgeMs: 30 * 60_000,
  currentMaxAgeMs: 30_000,
  optionalRetryMs: 5 * 60_000,
}

export interface AlphaessSystemOptions {
  accountId: string
  sysSn: string
  client: AlphaessClient
  clock: Clock
  logger: Logger
  /** From getEvChargerConfigList; empty when the system has no pile or it was not asked. */
  piles?: EvChargerConfig[]
  timing?: Partial<AlphaessTiming>
}

export function gridPhases(detail: LastPowerData['pgridDetail']): PhaseReading[] | null {
  if (!detail) return null
  const powers = [detail.pmeterL1, detail.pmeterL2, detail.pmeterL3]
  if (powers.every((p) => p === null)) return null
  return powers.map((powerW) => ({ voltageV: null, currentA: null, powerW }))
}

export function createAlphaessSystem(options: AlphaessSystemOptions): AccountDevices {
  const { accountId, sysSn, client, logger } = options
  const timing = { ...alphaessTiming, ...options.timing }
  const now = () => options.clock.now()
  const cache = <T>(load: () => Promise<T>, maxAgeMs: number) => new CachedRead(load, now, maxAgeMs)

  const realtime = cache(() => client.getLastPowerData(sysSn), timing.reuseMs)
  const systems = cache<EssSystem[]>(() => client.getEssList(), timing.systemListMaxAgeMs)
  const chargeConfig = cache<ChargeConfig>(() => client.getChargeConfigInfo(sysSn), timing.configMaxAgeMs)
  const dischargeConfig = cache<DischargeConfig>(() => client.getDisChargeConfigInfo(sysSn), timing.configMaxAgeMs)
  const currents = cache<EvChargerCurrents>(() => client.getEvChargerCurrentsBySn(sysSn), timing.currentMaxAgeMs)

  const meter: Meter = {
    id: `${accountId}:meter`,
    label: `AlphaESS meter (${sysSn})`,
    pollMs: timing.pollMs,
    async readMeter(): Promise<MeterReading> {
      const data = await realtime.get()
      return { pvW: data.ppv, houseW: data.pload, houseIncludesChargers: true, gridW: data.pgrid, gridPhases: gridPhases(data.pgridDetail) }
    },
  }

  const control: BatteryControl = {
    writeLimits: WRITE_LIMITS_SENTENCE,
    async readSettings(): Promise<BatterySettings> {
      const [charge, discharge] = await Promise.all([chargeConfig.get(timing.reuseMs), dischargeConfig.get(timing.reuseMs)])
      return settingsFromConfigs(charge, discharge)
    },
    async writeSettings(next: BatterySettings): Promise<BatterySettings> {
      const wanted = configsFromSettings(next)
      const [charge, discharge] = await Promise.all([chargeConfig.get(timing.reuseMs), dischargeConfig.get(timing.reuseMs)])
      // Each write counts against AlphaESS's write limit, so an unchanged half is not sent again.
      let chargeNow = charge
      if (chargeDifferences(charge, wanted.charge).length > 0) {
        chargeConfig.invalidate()
        chargeNow = await writeChargeConfig(client, sysSn, wanted.charge)
        chargeConfig.set(chargeNow)
      }
      let dischargeNow = discharge
      if (dischargeDifferences(discharge, wanted.discharge).length > 0) {
        dischargeConfig.invalidate()
        try {
          dischargeNow = await writeDischargeConfig(client, sysSn, wanted.discharge)
        } catch (error) {
          if (error instanceof VendorError && chargeNow !== charge)
            throw new VendorError(error.kind, `The charge settings were saved, the discharge settings were not. ${error.message}`, error.retryAfterMs)
          throw error
        }
        dischargeConfig.set(dischargeNow)
      }
      return settingsFromConfigs(chargeNow, dischargeNow)
    },
  }

  const battery: Battery = {
    // The system is part of the id: another system chosen in the same account is another battery.
    id: `${accountId}:battery:${sysSn}`,
    label: `AlphaESS battery (${sysSn})`,
    pollMs: timing.pollMs,
    control,
    async readBattery(): Promise<BatteryReading> {
      const [data, list, charge, discharge] = await Promise.all([
        realtime.get(),
        systems.getOrNull(timing.optionalRetryMs),
        chargeConfig.getOrNull(timing.optionalRetryMs),
        dischargeConfig.getOrNull(timing.optionalRetryMs),
      ])
      const cobatKwh = list?.find((s) => s.sysSn === sysSn)?.cobat ?? null
      return {
        socPct: data.soc,
        batteryW: data.pbat,
        capacityWh: cobatKwh === null ? null : Math.round(cobatKwh * 1000),
        minSocPct: discharge?.batUseCap ?? null,
        maxSocPct: charge?.batHighCap ?? null,
        maxChargeW: null,
        maxDischargeW: null,
      }
    },
  }

  const piles = options.piles ?? []
  const pileContext: PileContext = {
    accountId,
    sysSn,
    client,
    logger,
    realtime,
    currents,
    pileCount: piles.length,
    pollMs: timing.pollMs,
    makeStatusCache: (load) => cache<EvChargerStatus>(load, timing.reuseMs),
  }
  const chargers = piles.map((pile, index) => new AlphaessPile(pileContext, pile, index))

  return {
    meter,
    battery,
    chargers,
    async close() {
      await client.close()
    },
  }
}
