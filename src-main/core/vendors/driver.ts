/**
 * How the core meets a vendor account: test it (credentials, and what it can see), and build the
 * devices it provides. One driver per account kind, registered in ./registry.ts.
 */
import type { AccountChoice, AccountTestResult } from '../../../src-shared/model'
import type { Account, AccountKind } from '../../../src-shared/settings'
import type { Clock } from '../clock'
import type { Battery, Charger, Meter, Tariff } from '../devices'
import type { Logger } from '../host'

export interface DriverDeps {
  clock: Clock
  logger: Logger
  /** Randomness for jitter, injectable so tests are repeatable. */
  random?: () => number
}

/** Secrets by field name (e.g. appSecret, token, password); always complete when a driver runs. */
export type Secrets = Record<string, string>

export interface AccountDevices {
  meter?: Meter
  battery?: Battery
  tariff?: Tariff
  chargers?: Charger[]
  /** Releases sockets, timers and subscriptions when the account is removed or changed. */
  close?(): Promise<void>
}

export interface AccountDriver<A extends Account = Account> {
  readonly kind: AccountKind
  /** Checks the credentials and lists what can be picked (systems, sites, chargers). Never throws. */
  test(account: A, secrets: Secrets, deps: DriverDeps): Promise<AccountTestResult>
  /** Builds the devices; the account is complete (a system, site or charger has been picked). */
  devices(account: A, secrets: Secrets, deps: DriverDeps): AccountDevices | Promise<AccountDevices>
}

export type { AccountChoice, AccountTestResult }
