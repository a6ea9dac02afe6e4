/**
 * Writes that are read back. AlphaESS answers data:null both when a write lands and when the
 * system silently ignores it, so each write is followed by a read; when the read disagrees it is
 * read once more after the endpoint's gap (the cloud may lag a moment) before we say it failed.
 */
import { VendorError } from '../../errors'
import { chargeDifferences, dischargeDifferences } from './battery-settings'
import type { AlphaessClient } from './client'
import { WRITE_LIMITS_SENTENCE } from './codes'
import type { ChargeConfig, ChargeConfigWrite, DischargeConfig, DischargeConfigWrite } from './schemas'

function notApplied(what: string, differences: string[]): VendorError {
  return new VendorError(
    'bad-response',
    `The AlphaESS system did not apply ${what}: ${differences.join('; ')}. ${WRITE_LIMITS_SENTENCE} Try again in a few minutes.`,
  )
}

async function readBack<T>(read: () => Promise<T>, differences: (value: T) => string[], what: string): Promise<T> {
  let value = await read()
  if (differences(value).length === 0) return value
  value = await read()
  const left = differences(value)
  if (left.length > 0) throw notApplied(what, left)
  return value
}

export async function writeChargeConfig(client: AlphaessClient, sysSn: string, wanted: ChargeConfigWrite): Promise<ChargeConfig> {
  await client.updateChargeConfigInfo(sysSn, wanted)
  return readBack(() => client.getChargeConfigInfo(sysSn), (read) => chargeDifferences(read, wanted), "the battery's charge settings")
}

export async function writeDischargeConfig(client: AlphaessClient, sysSn: string, wanted: DischargeConfigWrite): Promise<DischargeConfig> {
  await client.updateDisChargeConfigInfo(sysSn, wanted)
  return readBack(() => client.getDisChargeConfigInfo(sysSn), (read) => dischargeDifferences(read, wanted), "the battery's discharge settings")
}

/** Returns the current setting the system now reports. */
export async function writeEvChargerCurrent(client: AlphaessClient, sysSn: string, currentA: number): Promise<number> {
  await client.setEvChargerCurrentsBySn(sysSn, currentA)
  const read = await readBack(
    () => client.getEvChargerCurrentsBySn(sysSn),
    ({ currentsetting }) => (currentsetting === currentA ? [] : [`it reports ${currentsetting ?? 'no'} A instead of ${currentA} A`]),
    'the charger current setting',
  )
  return read.currentsetting ?? currentA
}
