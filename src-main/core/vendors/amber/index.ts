/**
 * The Amber Electric account driver: test the token and list its sites, then build the tariff for
 * the picked site. The token is handed to the logger's redactor before anything else happens.
 */
import type { AccountChoice, AccountTestResult } from '../../../../src-shared/model'
import type { AmberAccount } from '../../../../src-shared/settings'
import { userMessage, VendorError } from '../../errors'
import type { AccountDriver, DriverDeps, Secrets } from '../driver'
import { amberSiteData, amberTariff, type AmberSiteData } from './adapter'
import { AmberClient, type AmberClientOptions } from './client'
import { AMBER_PICK_SITE, AMBER_TOKEN_MISSING } from './messages'
import type { AmberSite } from './schemas'

export { amberTariff, amberSiteData, type AmberTariff, type AmberSiteData } from './adapter'
export { AmberClient, AMBER_DEFAULT_BASE_URL, type AmberClientOptions, type AmberPriority } from './client'
export type { UsageInterval, RenewablesInterval } from './mapping'
export type { AmberRateLimit } from './rate-limit'
export { AMBER_STATES, type AmberState, type AmberSite } from './schemas'

function tokenOf(secrets: Secrets, deps: DriverDeps): string {
  const token = (secrets.token ?? '').trim()
  if (token) deps.logger.redact(token)
  return token
}

/** A client for the account's token, sharing the token's rate budget with every other one. */
export function amberClientFor(
  account: AmberAccount,
  secrets: Secrets,
  deps: DriverDeps,
  extra: Partial<AmberClientOptions> = {},
): AmberClient {
  return new AmberClient({
    token: tokenOf(secrets, deps),
    baseUrl: account.baseUrl,
    clock: deps.clock,
    logger: deps.logger,
    random: deps.random,
    ...extra,
  })
}

/** Price history, usage and renewables for the account's site, for the history page. */
export function amberSiteDataFor(account: AmberAccount, secrets: Secrets, deps: DriverDeps): AmberSiteData {
  if (!account.siteId) throw new VendorError('config', AMBER_PICK_SITE)
  return amberSiteData(amberClientFor(account, secrets, deps), account.siteId)
}

const STATUS_ORDER: Record<string, number> = { active: 0, pending: 1, closed: 2 }
const CHANNEL_NAMES: Record<string, string> = { general: 'general', controlledLoad: 'controlled load', feedIn: 'feed-in' }

function siteLabel(site: AmberSite): string {
  return site.network ? `${site.nmi} · ${site.network}` : site.nmi
}

function siteDetail(site: AmberSite): string {
  const status =
    site.status === 'active'
      ? site.activeFrom
        ? `Active since ${site.activeFrom}`
        : 'Active'
      : site.status === 'closed'
        ? site.closedOn
          ? `Closed on ${site.closedOn}`
          : 'Closed'
        : site.status === 'pending'
          ? 'Pending'
          : site.status
  const channels = [...new Set(site.channels.map((c) => CHANNEL_NAMES[c.type] ?? c.type))].join(' + ')
  const parts = [status, channels || 'no channels']
  if (site.intervalLength) parts.push(`${site.intervalLength}-minute prices`)
  return parts.join(' · ')
}

export function siteChoices(sites: AmberSite[]): AccountChoice[] {
  return [...sites]
    .sort((a, b) => (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3))
    .map((site) => ({ id: site.id, label: siteLabel(site), detail: siteDetail(site) }))
}

function testMessage(account: AmberAccount, sites: AmberSite[]): string {
  const active = sites.filter((s) => s.status === 'active')
  const count = `${sites.length} site${sites.length === 1 ? '' : 's'}, ${active.length} active`
  const picked = account.siteId ? sites.find((s) => s.id === account.siteId) : undefined
  if (picked) {
    const closed = picked.status === 'closed' ? ' That site is closed: pick the active one.' : ''
    return `Amber accepted the token (${count}). Using ${siteLabel(picked)}.${closed}`
  }
  if (active.length === 0)
    return `Amber accepted the token but lists no active site (${count}). Amber has briefly listed only closed sites before: try again later, or pick a site below.`
  const lost = account.siteId ? ' The site picked before is no longer listed.' : ''
  return `Amber accepted the token (${count}).${lost} Pick your active site below.`
}

export const amberDriver: AccountDriver<AmberAccount> = {
  kind: 'amber',

  async test(account, secrets, deps): Promise<AccountTestResult> {
    try {
      if (!tokenOf(secrets, deps)) return { ok: false, message: AMBER_TOKEN_MISSING, choices: [] }
      const sites = await amberClientFor(account, secrets, deps).sites({ priority: 'user' })
      if (sites.length === 0)
        return {
          ok: false,
          message: 'Amber accepted the token but lists no sites for it: check that it was created in the Amber account for your home.',
          choices: [],
        }
      return { ok: true, message: testMessage(account, sites), choices: siteChoices(sites) }
    } catch (error) {
      const message = userMessage(error, 'Amber')
      deps.logger.warn('Amber account test failed', { account: account.id, error: message })
      return { ok: false, message, choices: [] }
    }
  },

  devices(account, secrets, deps) {
    if (!account.siteId) throw new VendorError('config', AMBER_PICK_SITE)
    const client = amberClientFor(account, secrets, deps)
    const tariff = amberTariff({
      client,
      siteId: account.siteId,
      clock: deps.clock,
      logger: deps.logger,
      random: deps.random,
      id: `${account.id}:tariff`,
      label: `${account.name} prices`,
    })
    return { tariff, close: async () => undefined }
  },
}
