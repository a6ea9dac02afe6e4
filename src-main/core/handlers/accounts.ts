/**
 * Accounts: test, save, remove, and vendor-specific flows (AlphaESS binding). Secrets arrive
 * write-only from the form and go straight to the SecretStore; an empty field keeps the stored one.
 */
import type { AccountAction, Handlers, SettingsView } from '../../../src-shared/contract'
import type { AccountTestResult } from '../../../src-shared/model'
import type { Account, Settings } from '../../../src-shared/settings'
import { accountKindLabels, accountSecretFields, secretKey } from '../../../src-shared/settings'
import { userMessage } from '../errors'
import type { CoreHost } from '../host'
import type { AccountDriver, DriverDeps, Secrets } from '../vendors/driver'
import { accountActions } from '../vendors/registry'
import type { Sleep } from '../vendors/shared/backoff'
import { accountInsightsHandler } from './account-insights'

export interface AccountHandlerDeps {
  host: CoreHost
  deps: DriverDeps
  driverFor: (kind: Account['kind']) => AccountDriver | undefined
  settings: () => Settings
  commit: (next: Settings) => Promise<SettingsView>
  saveFailure: (error: unknown) => string
  secretsChanged: () => Promise<void>
  /** How vendor retries wait in the account page's reads; tests pass one that moves their clock. */
  sleep?: Sleep
}

type AccountChannels = 'accounts:test' | 'accounts:save' | 'accounts:remove' | 'accounts:action' | 'accounts:insights'

export function accountHandlers(ctx: AccountHandlerDeps): Pick<Handlers, AccountChannels> {
  const { host, deps } = ctx

  /** Typed secrets win; blank ones fall back to what is stored. */
  async function resolveSecrets(account: Account, typed: Record<string, string>): Promise<{ secrets: Secrets; missing: string[] }> {
    const secrets: Secrets = {}
    const missing: string[] = []
    for (const field of accountSecretFields[account.kind]) {
      const value = typed[field.name]?.trim() || (await host.secretStore.get(secretKey(account.id, field.name)))
      if (value) {
        host.logger.redact(value)
        secrets[field.name] = value
      } else missing.push(field.label)
    }
    return { secrets, missing }
  }

  function findAccount(accountId: string): Account {
    const account = ctx.settings().accounts.find((a) => a.id === accountId)
    if (!account) throw new Error(`There is no account ${accountId}; it may have been removed.`)
    return account
  }

  return {
    'accounts:test': async ({ account, secrets: typed }): Promise<AccountTestResult> => {
      if (account.kind === 'demo') return { ok: true, message: 'The demo home needs no credentials.', choices: [] }
      const driver = ctx.driverFor(account.kind)
      if (!driver) return { ok: false, message: `${accountKindLabels[account.kind]} accounts are not supported in this version.`, choices: [] }
      let resolved: Awaited<ReturnType<typeof resolveSecrets>>
      try {
        resolved = await resolveSecrets(account, typed)
      } catch (error) {
        // A stored secret the keyring or the secrets file cannot give back: its own sentence says what to do.
        return { ok: false, message: error instanceof Error ? error.message : String(error), choices: [] }
      }
      const { secrets, missing } = resolved
      if (missing.length > 0) return { ok: false, message: `Enter the ${missing.join(' and ')} first.`, choices: [] }
      try {
        return await driver.test(account, secrets, deps)
      } catch (error) {
        return { ok: false, message: userMessage(error, accountKindLabels[account.kind]), choices: [] }
      }
    },

    'accounts:save': async ({ account, secrets: typed }) => {
      const current = ctx.settings()
      const clash = current.accounts.find((a) => a.id === account.id && a.kind !== account.kind)
      if (clash) return { ok: false, error: `Another account already uses the id ${account.id}.` }
      let wroteSecret = false
      try {
        for (const field of accountSecretFields[account.kind]) {
          const value = typed[field.name]?.trim()
          if (!value) continue
          host.logger.redact(value)
          await host.secretStore.set(secretKey(account.id, field.name), value)
          wroteSecret = true
        }
      } catch (error) {
        return { ok: false, error: credentialsNotSaved(error) }
      }
      if (wroteSecret) await ctx.secretsChanged()
      const exists = current.accounts.some((a) => a.id === account.id)
      const accounts = exists ? current.accounts.map((a) => (a.id === account.id ? account : a)) : [...current.accounts, account]
      try {
        const view = await ctx.commit({ ...current, accounts })
        host.logger.info(`Account ${exists ? 'updated' : 'added'}: ${account.name} (${accountKindLabels[account.kind]})`)
        return { ok: true, view }
      } catch (error) {
        return { ok: false, error: ctx.saveFailure(error) }
      }
    },

    'accounts:remove': async ({ accountId }) => {
      const current = ctx.settings()
      const account = current.accounts.find((a) => a.id === accountId)
      if (!account) return { ok: false, error: `There is no account ${accountId}; it may have been removed already.` }
      try {
        for (const field of accountSecretFields[account.kind]) await host.secretStore.delete(secretKey(account.id, field.name))
        await ctx.secretsChanged()
        const view = await ctx.commit({ ...current, accounts: current.accounts.filter((a) => a.id !== accountId) })
        host.logger.info(`Account removed: ${account.name}`)
        return { ok: true, view }
      } catch (error) {
        return { ok: false, error: ctx.saveFailure(error) }
      }
    },

    'accounts:action': async (request: AccountAction) => {
      try {
        const account = findAccount(request.accountId)
        const run = accountActions[request.action]
        if (!run) return { ok: false, message: 'This action is not available in this version.' }
        const { secrets, missing } = await resolveSecrets(account, {})
        if (missing.length > 0) return { ok: false, message: `Save the account's ${missing.join(' and ')} first.` }
        return { ok: true, message: await run(account, secrets, deps, request) }
      } catch (error) {
        return { ok: false, message: userMessage(error, 'the vendor') }
      }
    },

    ...accountInsightsHandler({ deps, settings: ctx.settings, storedSecrets: (account) => resolveSecrets(account, {}), sleep: ctx.sleep }),
  }
}

/** Nothing retries a save: the user has to act, so the store's own sentence says what to do. */
function credentialsNotSaved(error: unknown): string {
  const said = (error instanceof Error ? error.message : String(error)).trim()
  // Continues the sentence: "…: the system keyring is not available.", an acronym left as it is.
  const detail = /^[A-Z][a-z]/.test(said) ? said.charAt(0).toLowerCase() + said.slice(1) : said
  return `Could not save the credentials: ${/[.!?]$/.test(detail) ? detail : `${detail}.`}`
}
