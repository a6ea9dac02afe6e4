/** The driver for each kind of vendor account, and the vendor-specific account actions. */
import type { AccountAction } from '../../../src-shared/contract'
import type { Account, AccountKind } from '../../../src-shared/settings'
import { alphaessDriver, runAlphaessAction } from './alphaess'
import { amberDriver } from './amber'
import { andersenDriver } from './andersen'
import { chargeampsDriver } from './chargeamps'
import type { AccountDriver, DriverDeps, Secrets } from './driver'
import { wallboxDriver } from './wallbox'

// Each driver is typed for its own account kind; the composer hands it only accounts of that kind.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const drivers: Partial<Record<AccountKind, AccountDriver<any>>> = {
  alphaess: alphaessDriver,
  amber: amberDriver,
  andersen: andersenDriver,
  chargeamps: chargeampsDriver,
  wallbox: wallboxDriver,
}

export type AccountActionRunner = (account: Account, secrets: Secrets, deps: DriverDeps, request: AccountAction) => Promise<string>

export const accountActions: Partial<Record<AccountAction['action'], AccountActionRunner>> = {
  'alphaess.requestCode': runAlphaessAction,
  'alphaess.bind': runAlphaessAction,
  'alphaess.unbind': runAlphaessAction,
}
