/**
 * Builds the site from the user's accounts. Real accounts take each role they can fill (meter,
 * battery, tariff, chargers). The demo home is used whole, and only while no real account
 * provides a meter or a charger: a simulated meter must never steer a real charger, nor a real
 * meter a simulated one. Real prices may still feed the demo. An account that cannot start yet
 * (nothing picked, a secret missing, a vendor error) becomes a problem the user sees.
 */
import type { Account, Settings } from '../../../src-shared/settings'
import { accountChoiceField, accountKindLabels, accountSecretFields, defaultDemoAccount, secretKey } from '../../../src-shared/settings'
import { createDemoHome } from '../demo'
import type { Charger, SiteDevices } from '../devices'
import { userMessage, VendorError, type VendorErrorKind } from '../errors'
import type { SecretStore } from '../host'
import type { AccountDevices, AccountDriver, DriverDeps, Secrets } from '../vendors/driver'

export interface SiteProblem {
  id: string
  label: string
  message: string
  /** The account that could not provide its devices. */
  accountId?: string
  /** Its driver failed to build: trying again later may succeed without the user doing anything. */
  retryable?: boolean
}

export interface ComposedSite {
  devices: SiteDevices
  problems: SiteProblem[]
  /** True when the simulated home is part of the site. */
  usesDemo: boolean
  close(): Promise<void>
}

export type DriverLookup = (kind: Account['kind']) => AccountDriver | undefined

/** Failures to build an account that can pass without the user: an outage, a throttle, a clock syncing. */
const PASSING_KINDS: ReadonlySet<VendorErrorKind> = new Set(['offline', 'rate-limited', 'clock', 'bad-response'])

/** Stored secrets for the account, or the names of the missing ones. */
export async function storedSecrets(account: Account, store: SecretStore): Promise<{ secrets: Secrets; missing: string[] }> {
  const secrets: Secrets = {}
  const missing: string[] = []
  for (const field of accountSecretFields[account.kind]) {
    const value = await store.get(secretKey(account.id, field.name))
    if (value) secrets[field.name] = value
    else missing.push(field.label)
  }
  return { secrets, missing }
}

export async function composeSite(settings: Settings, store: SecretStore, deps: DriverDeps, driverFor: DriverLookup): Promise<ComposedSite> {
  const problems: SiteProblem[] = []
  const built: AccountDevices[] = []

  for (const account of settings.accounts) {
    if (account.kind === 'demo') continue
    const problem = (message: string) => problems.push({ id: `account:${account.id}`, accountId: account.id, label: account.name, message })
    const driver = driverFor(account.kind)
    if (!driver) {
      problem(`${accountKindLabels[account.kind]} accounts are not supported in this version.`)
      continue
    }
    const choice = accountChoiceField[account.kind]
    if (choice && !(account as Record<string, unknown>)[choice]) {
      problem(`Finish setting up ${account.name}: open Settings → Accounts, press Test and pick what Sunspill should use.`)
      continue
    }
    let stored: Awaited<ReturnType<typeof storedSecrets>>
    try {
      stored = await storedSecrets(account, store)
    } catch (error) {
      // A locked or changed keyring is this account's problem, not the app's: the rest of the
      // site still starts, and Settings stays open to re-enter the credentials.
      problem(error instanceof Error ? error.message : String(error))
      continue
    }
    const { secrets, missing } = stored
    if (missing.length > 0) {
      problem(`${account.name} is missing its ${missing.join(' and ')}: enter it in Settings → Accounts.`)
      continue
    }
    try {
      built.push(await driver.devices(account, secrets, deps))
    } catch (error) {
      // What may pass by itself is tried again (account-retry.ts); a refused credential or a
      // missing system waits for the user, who is told what to fix.
      const retryable = !(error instanceof VendorError) || PASSING_KINDS.has(error.kind)
      const message = error instanceof VendorError && retryable ? `${error.message} Sunspill tries again by itself.` : userMessage(error, account.name)
      problems.push({ id: `account:${account.id}`, accountId: account.id, label: account.name, message, retryable })
    }
  }

  const meter = built.find((b) => b.meter)?.meter ?? null
  const battery = built.find((b) => b.battery)?.battery ?? null
  const tariff = built.find((b) => b.tariff)?.tariff ?? null
  const chargers: Charger[] = built.flatMap((b) => b.chargers ?? [])

  const demoAccount = settings.accounts.find((a) => a.kind === 'demo') ?? (settings.accounts.length === 0 ? defaultDemoAccount : null)
  const close = async () => {
    await Promise.all(built.map((b) => b.close?.().catch(() => undefined)))
  }
  if (meter || chargers.length > 0 || !demoAccount || demoAccount.kind !== 'demo') {
    return { devices: { meter, battery, tariff, chargers }, problems, usesDemo: false, close }
  }

  const chargerPhase = settings.chargers[`${demoAccount.id}:charger`]?.phase ?? 1
  const demo = createDemoHome({ account: demoAccount, site: settings.site, clock: deps.clock, chargerPhase })
  return {
    devices: { meter: demo.meter, battery: demo.battery, tariff: tariff ?? demo.tariff, chargers: demo.chargers },
    problems,
    usesDemo: true,
    close,
  }
}
