/** The driver for each kind of vendor account, and the vendor-specific account actions. */
import type { AccountAction } from '../../../src-shared/contract'
import type { Account, AccountKind } from '../../../src-shared/settings'
import type { AccountDriver, DriverDeps, Secrets } from './driver'

// Each driver is typed for its own account kind; the composer hands it only accounts of that kind.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const drivers: Partial<Record<AccountKind, AccountDriver<any>>> = {}

export type AccountActionRunner = (account: Account, secrets: Secrets, deps: DriverDeps, request: AccountAction) => Promise<string>

export const accountActions: Partial<Record<AccountAction['action'], AccountActionRunner>> = {}
