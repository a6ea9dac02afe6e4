/**
 * The Andersen A2 account driver: test() signs in and lists the account's chargers to pick from;
 * devices() builds the picked charger, sharing one sign-in between its HTTP calls and its live
 * updates. The base URL override points sign-in, GraphQL and WebSocket at one host (see endpoints).
 */
import { userMessage } from '../../errors'
import type { AndersenAccount } from '../../../../src-shared/settings'
import type { AccountDriver, AccountDevices, AccountTestResult, DriverDeps, Secrets } from '../driver'
import { AndersenCharger } from './adapter'
import { AndersenApi } from './api'
import { AndersenAuth } from './auth'
import { andersenEndpoints } from './endpoints'
import { Http } from './http'
import type { UserDevice } from './schemas'

interface Connection {
  http: Http
  auth: AndersenAuth
  api: AndersenApi
  wsUrl: string
}

function connect(account: AndersenAccount, password: string, deps: DriverDeps): Connection {
  const endpoints = andersenEndpoints(account.baseUrl)
  const http = new Http()
  const auth = new AndersenAuth({ endpoints, email: account.email, password, clock: deps.clock, logger: deps.logger, http })
  const api = new AndersenApi({ endpoints, tokens: auth, http, logger: deps.logger })
  return { http, auth, api, wsUrl: endpoints.graphqlWs }
}

function describeDevice(device: UserDevice): { id: string; label: string; detail: string | null } {
  const label = device.deviceInfo?.friendlyName || device.name || device.id
  const facts = [device.name && device.name !== label ? `serial ${device.name}` : null, device.deviceStatus?.sysFwVersion != null ? `firmware ${device.deviceStatus.sysFwVersion}` : null]
  const detail = facts.filter(Boolean).join(' · ')
  return { id: device.id, label, detail: detail === '' ? null : detail }
}

async function testAccount(account: AndersenAccount, secrets: Secrets, deps: DriverDeps): Promise<AccountTestResult> {
  const password = secrets.password ?? ''
  if (password === '') return { ok: false, message: 'Enter the password you use in the Konnect+ app.', choices: [] }
  const { http, api } = connect(account, password, deps)
  try {
    const devices = await api.currentUserDevices()
    if (devices.length === 0) {
      return { ok: false, message: `Signed in as ${account.email}, but the account has no chargers. Add the charger in the Konnect+ app first.`, choices: [] }
    }
    const choices = devices.map(describeDevice)
    const count = devices.length === 1 ? 'one charger' : `${devices.length} chargers`
    const picked = account.deviceId ? devices.find((d) => d.id === account.deviceId) : undefined
    const message =
      account.deviceId && !picked
        ? `Signed in as ${account.email} and found ${count}, but not the one picked before. Pick one again.`
        : `Signed in as ${account.email} and found ${count}.`
    return { ok: true, message, choices }
  } catch (error) {
    return { ok: false, message: userMessage(error, 'Andersen'), choices: [] }
  } finally {
    await http.close()
  }
}

export const andersenDriver: AccountDriver<AndersenAccount> = {
  kind: 'andersen',

  async test(account, secrets, deps) {
    try {
      return await testAccount(account, secrets, deps)
    } catch (error) {
      return { ok: false, message: userMessage(error, 'Andersen'), choices: [] }
    }
  },

  devices(account, secrets, deps): AccountDevices {
    if (!account.deviceId) return { chargers: [], close: async () => {} }
    const { http, auth, api, wsUrl } = connect(account, secrets.password ?? '', deps)
    const charger = new AndersenCharger({
      accountId: account.id,
      fallbackLabel: account.name,
      deviceId: account.deviceId,
      api,
      tokens: auth,
      wsUrl,
      clock: deps.clock,
      logger: deps.logger,
      random: deps.random,
    })
    return {
      chargers: [charger],
      async close() {
        await charger.close()
        await http.close()
      },
    }
  },
}

export { AndersenCharger } from './adapter'
export { AndersenApi } from './api'
export { AndersenAuth } from './auth'
export { andersenEndpoints } from './endpoints'
