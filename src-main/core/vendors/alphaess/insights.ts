/**
 * What an AlphaESS account's page shows besides the systems: the system's lifetime summary
 * (getSumDataForCustomer) and one day's energy totals (getOneDateEnergyBySn), in Sunspill's model.
 */
import type { AlphaessLifetime, DayEnergyTotals } from '../../../../src-shared/model'
import type { AlphaessClient } from './client'
import type { DayEnergy, SumData } from './schemas'

export function toLifetime(sum: SumData): AlphaessLifetime {
  return {
    pvKwh: sum?.epvtotal ?? null,
    co2SavedKg: sum?.carbonNum ?? null,
    trees: sum?.treeNum ?? null,
    income: sum?.totalIncome ?? null,
    currency: sum?.moneyType?.trim() || null,
  }
}

/**
 * The day's totals. AlphaESS reports no load for a day, so the house is what the balance leaves:
 * what came in (sun, grid, battery) less what went out (grid, battery). A negative balance means
 * the totals disagree, and a wrong number is worse than none.
 */
export function toDayTotals(date: string, day: DayEnergy): DayEnergyTotals {
  const pv = day?.epv ?? null
  const gridImport = day?.eInput ?? null
  const gridExport = day?.eOutput ?? null
  const charge = day?.eCharge ?? null
  const discharge = day?.eDischarge ?? null
  const parts = [pv, gridImport, gridExport, charge, discharge]
  const balance = parts.every((v) => v !== null) ? pv! + gridImport! + discharge! - gridExport! - charge! : null
  return {
    date,
    pvKwh: pv,
    houseKwh: balance !== null && balance >= 0 ? Math.round(balance * 100) / 100 : null,
    gridImportKwh: gridImport,
    gridExportKwh: gridExport,
    batteryChargeKwh: charge,
    batteryDischargeKwh: discharge,
  }
}

export interface AlphaessInsights {
  lifetime(): Promise<AlphaessLifetime>
  /** date: YYYY-MM-DD in the system's calendar. */
  day(date: string): Promise<DayEnergyTotals>
}

export function alphaessInsights(client: AlphaessClient, sysSn: string): AlphaessInsights {
  return {
    lifetime: async () => toLifetime(await client.getSumDataForCustomer(sysSn)),
    day: async (date) => toDayTotals(date, await client.getOneDateEnergyBySn(sysSn, date)),
  }
}
