/**
 * One token and one set of budgets per Wallbox account for the whole process. Pressing Test, then
 * saving, then changing a setting would otherwise build three clients and sign in three times,
 * logging the owner's phone app out; and separate budgets would add up past Wallbox's limits.
 */
import { TokenKeeper, type TokenKeeperOptions } from './tokens'
import { WallboxLimits, type WallboxLimitOptions } from './limits'

export interface AccountState {
  tokens: TokenKeeper
  limits: WallboxLimits
}

const accounts = new Map<string, AccountState>()

export function accountState(
  tokenOptions: TokenKeeperOptions & { apiUrl: string },
  limitOptions: WallboxLimitOptions,
): AccountState {
  const key = `${tokenOptions.apiUrl}|${tokenOptions.userApiUrl}|${tokenOptions.username.trim().toLowerCase()}`
  const existing = accounts.get(key)
  if (existing && existing.tokens.options.password === tokenOptions.password) {
    existing.tokens.attach(tokenOptions.redact)
    return existing
  }
  const created: AccountState = {
    tokens: new TokenKeeper(tokenOptions),
    limits: new WallboxLimits(limitOptions, tokenOptions.now),
  }
  accounts.set(key, created)
  return created
}
