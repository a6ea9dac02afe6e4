/**
 * The Wallbox account driver: Test signs in and lists the account's chargers; devices() builds
 * the picked charger. Both share the account's token, so testing then saving signs in once.
 */
import type { WallboxAccount } from '../../../../src-shared/settings'
import { VendorError, userMessage } from '../../errors'
import type { AccountDevices, AccountDriver, AccountTestResult, DriverDeps, Secrets } from '../driver'
import { WallboxCharger } from './adapter'
import { WallboxClient, type WallboxClientOptions } from './client'
import { DEFAULT_API_URL, DEFAULT_USER_API_URL, PICK_CHARGER, missingPassword } from './messages'
import { describeStatus } from './statuses'

export { WallboxCharger } from './adapter'
export { WallboxClient } from './client'

/** Test seams: a fake sleep, tighter budgets. */
export type WallboxDriverOverrides = Pick<WallboxClientOptions, 'sleep' | 'limits'>

/** An address override serves both the API and the sign-in (a proxy or a fake); empty means Wallbox's own two hosts. */
export function wallboxUrls(baseUrl: string): { apiUrl: string; userApiUrl: string } {
  const trimmed = baseUrl.trim().replace(/\/+$/, '')
  return trimmed === '' ? { apiUrl: DEFAULT_API_URL, userApiUrl: DEFAULT_USER_API_URL } : { apiUrl: trimmed, userApiUrl: trimmed }
}

export function createWallboxClient(account: WallboxAccount, secrets: Secrets, deps: DriverDeps, overrides: WallboxDriverOverrides = {}): WallboxClient {
  const password = secrets.password
  if (!password) throw missingPassword()
  deps.logger.redact(password)
  return new WallboxClient({
    ...wallboxUrls(account.baseUrl),
    username: account.username,
    password,
    now: () => deps.clock.now(),
    logger: deps.logger,
    random: deps.random,
    ...overrides,
  })
}

export function createWallboxDriver(overrides: WallboxDriverOverrides = {}): AccountDriver<WallboxAccount> {
  return {
    kind: 'wallbox',

    async test(account: WallboxAccount, secrets: Secrets, deps: DriverDeps): Promise<AccountTestResult> {
      let client: WallboxClient | null = null
      try {
        client = createWallboxClient(account, secrets, deps, overrides)
        const chargers = await client.listChargers('user')
        const choices = chargers.map((c) => ({
          id: c.id,
          label: c.name ?? `Charger ${c.id}`,
          detail: [c.model, c.statusId !== null ? describeStatus(c.statusId).word : null].filter(Boolean).join(' · ') || null,
        }))
        if (choices.length === 0) {
          return { ok: false, message: 'Signed in, but this Wallbox account has no chargers. Add the charger to the account in the Wallbox app first.', choices }
        }
        if (account.chargerId && !choices.some((c) => c.id === account.chargerId)) {
          return { ok: false, message: `Signed in, but charger ${account.chargerId} is not on this account. Pick one of the chargers listed.`, choices }
        }
        const count = choices.length === 1 ? '1 charger' : `${choices.length} chargers`
        return { ok: true, message: `Signed in to Wallbox as ${account.username}; found ${count}.`, choices }
      } catch (error) {
        const message = error instanceof VendorError ? error.message : userMessage(error, 'Wallbox')
        deps.logger.warn('Wallbox account test failed', { account: account.id, error: message })
        return { ok: false, message, choices: [] }
      } finally {
        await client?.close().catch(() => undefined)
      }
    },

    devices(account: WallboxAccount, secrets: Secrets, deps: DriverDeps): AccountDevices {
      if (!account.chargerId) throw new VendorError('config', PICK_CHARGER)
      const client = createWallboxClient(account, secrets, deps, overrides)
      const charger = new WallboxCharger({ account, chargerId: account.chargerId, client, now: () => deps.clock.now(), logger: deps.logger })
      return { chargers: [charger], close: () => client.close() }
    },
  }
}

export const wallboxDriver: AccountDriver<WallboxAccount> = createWallboxDriver()
