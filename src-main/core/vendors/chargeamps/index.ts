/**
 * The Charge Amps account driver: test the sign-in and list the owned chargers to pick from,
 * then build a Charger for each car outlet of the picked chargepoint.
 */
import type { AccountChoice } from '../../../../src-shared/model'
import type { ChargeAmpsAccount } from '../../../../src-shared/settings'
import type { Charger } from '../../devices'
import { userMessage, VendorError } from '../../errors'
import type { AccountDriver, DriverDeps, Secrets } from '../driver'
import { createChargeAmpsCharger } from './adapter'
import { ChargeAmpsClient } from './client'
import { connectorState, protocolOf } from './connector-status'
import { API_KEY_MISSING, CHARGE_POINT_MISSING, missingApiKey } from './messages'
import type { ChargePoint } from './schemas'

/** The connector surplus charging targets: the Type 2 outlet (on a Halo, 2 is the Schuko socket). */
const CHARGING_CONNECTOR_ID = 1

export const chargeampsDriver: AccountDriver<ChargeAmpsAccount> = {
  kind: 'chargeamps',

  async test(account, secrets, deps) {
    if (!secrets.apiKey?.trim()) return { ok: false, message: API_KEY_MISSING, choices: [] }
    if (!secrets.password) return { ok: false, message: 'Enter the password you use in the Charge Amps app.', choices: [] }
    let client: ChargeAmpsClient | null = null
    try {
      client = clientFor(account, secrets, deps)
      const user = await client.login()
      const owned = await client.ownedChargePoints()
      if (owned.length === 0) {
        return {
          ok: false,
          message: 'Signed in, but this Charge Amps account owns no chargers. Add the charger to the account in the Charge Amps app, then test again.',
          choices: [],
        }
      }
      const signedIn = client
      const choices = await Promise.all(owned.map((cp) => choiceFor(signedIn, cp)))
      return {
        ok: true,
        message: `Signed in to Charge Amps as ${user?.email || account.email}. Pick the charger Sunspill should use.`,
        choices,
      }
    } catch (error) {
      deps.logger.warn('Charge Amps account test failed', { account: account.id, error: userMessage(error, 'Charge Amps') })
      return { ok: false, message: userMessage(error, 'Charge Amps'), choices: [] }
    } finally {
      await client?.close().catch(() => undefined)
    }
  },

  async devices(account, secrets, deps) {
    const { chargePointId, client } = prepare(account, secrets, deps)
    let connectorIds: number[]
    try {
      connectorIds = await carOutlets(client, chargePointId)
    } catch (error) {
      // The cloud is down at start-up: the charging outlet is built anyway and shows offline
      // until it answers, rather than the charger missing until the next restart.
      deps.logger.warn('Charge Amps: the chargepoint could not be read; building its charging outlet only', { error: userMessage(error, 'Charge Amps') })
      connectorIds = [CHARGING_CONNECTOR_ID]
    }
    return { chargers: connectorIds.map((id) => charger(account, chargePointId, id, client)), close: () => client.close() }
  },
}

/**
 * The picked chargepoint's outlets for a car: both Type 2 outlets of an Aura, the one of a Halo.
 * A Halo's Schuko socket is a household socket: in Solar the loop would switch it off whenever
 * the sun is short, so it is left to the Charge Amps app.
 */
async function carOutlets(client: ChargeAmpsClient, chargePointId: string): Promise<number[]> {
  const cp = await client.chargePoint(chargePointId)
  const ids = (cp.connectors ?? []).filter((c) => c.type !== 'Schuko').map((c) => c.connectorId)
  return ids.length > 0 ? ids : [CHARGING_CONNECTOR_ID]
}

function prepare(account: ChargeAmpsAccount, secrets: Secrets, deps: DriverDeps) {
  const chargePointId = account.chargePointId
  if (!chargePointId) throw new VendorError('config', CHARGE_POINT_MISSING)
  if (!secrets.apiKey?.trim()) throw missingApiKey()
  return { chargePointId, client: clientFor(account, secrets, deps) }
}

function charger(account: ChargeAmpsAccount, chargePointId: string, connectorId: number, client: ChargeAmpsClient): Charger {
  return createChargeAmpsCharger({ accountId: account.id, accountName: account.name, chargePointId, connectorId, client })
}

function clientFor(account: ChargeAmpsAccount, secrets: Secrets, deps: DriverDeps): ChargeAmpsClient {
  return new ChargeAmpsClient({
    baseUrl: account.baseUrl,
    email: account.email,
    password: secrets.password ?? '',
    apiKey: secrets.apiKey?.trim() ?? '',
    now: () => deps.clock.now(),
    random: deps.random,
    redact: (value) => deps.logger.redact(value),
  })
}

async function choiceFor(client: ChargeAmpsClient, cp: ChargePoint): Promise<AccountChoice> {
  const label = cp.name?.trim() || cp.type?.trim() || cp.id
  const parts = [cp.type && cp.type !== label ? cp.type : null, cp.id]
  const connectors = cp.connectors ?? []
  try {
    const status = await client.status(cp.id)
    const protocol = protocolOf(cp.ocppVersion)
    const states = connectors.map((c) => {
      const raw = status.connectorStatuses?.find((s) => s.connectorId === c.connectorId)?.status
      return `${c.connectorId} ${c.type ?? 'connector'}: ${connectorState(raw, protocol)}`
    })
    parts.push(status.status, states.join(', ') || null)
  } catch {
    // The choice is still worth offering without its live status.
    parts.push(connectors.map((c) => `${c.connectorId} ${c.type ?? 'connector'}`).join(', ') || null)
  }
  return { id: cp.id, label, detail: parts.filter(Boolean).join(' · ') || null }
}

