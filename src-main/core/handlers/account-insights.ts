/**
 * accounts:insights: what a saved account sees beyond its systems and sites, for its page in
 * Settings → Accounts. AlphaESS: the system's lifetime summary and one day's energy totals.
 * Amber: the state's grid renewables and the token's request allowance. Read only when the page
 * asks (it opens, Refresh, another day or state), never on a timer; each part fails on its own,
 * with a sentence that says what to do.
 */
import { addDays } from '../../../src-shared/calendar-day'
import type { AccountInsightsRequest, Handlers } from '../../../src-shared/contract'
import { formatDuration } from '../../../src-shared/format'
import type { AccountInsights, ApiAllowance, InsightPartName } from '../../../src-shared/model'
import type { Account, AlphaessAccount, AmberAccount, Settings } from '../../../src-shared/settings'
import { accountKindLabels } from '../../../src-shared/settings'
import { VendorError } from '../errors'
import { localDate } from '../history/import'
import { readAlphaessInsights } from '../vendors/alphaess'
import { amberClientFor } from '../vendors/amber'
import { amberAccountInsights, renewablesStateFor } from '../vendors/amber/adapter'
import type { AmberRateLimit } from '../vendors/amber/rate-limit'
import type { DriverDeps, Secrets } from '../vendors/driver'
import type { Sleep } from '../vendors/shared/backoff'

export interface AccountInsightsDeps {
  deps: DriverDeps
  settings: () => Settings
  /** The saved account's secrets from the store, and the labels of any that are missing. */
  storedSecrets(account: Account): Promise<{ secrets: Secrets; missing: string[] }>
  /** How vendor retries and pacing wait; tests pass one that moves their clock. */
  sleep?: Sleep
}

type Part<T> = { ok: true; value: T } | { ok: false; message: string }
type Parts = Pick<AccountInsights, 'date' | 'state' | 'lifetime' | 'day' | 'renewables' | 'allowance'>

const ALPHAESS_PARTS: InsightPartName[] = ['lifetime', 'day']
const AMBER_PARTS: InsightPartName[] = ['renewables', 'allowance']

/** Matches the vendor layer's "Sunspill keeps trying", written for the background loop. */
const KEEPS_TRYING = /[.;]\s*Sunspill (?:keeps trying|will try again shortly)(?:;\s*([^.]*))?\.?$/

/**
 * The sentence for a failed read on this page. Nothing here retries by itself, so where the
 * vendor layer promises that Sunspill keeps trying, the next step is the Refresh button.
 */
export function onDemandSentence(error: unknown, vendor: string): string {
  if (!(error instanceof VendorError)) {
    const detail = error instanceof Error ? error.message : String(error)
    return `Could not read from ${vendor}: ${detail.replace(/\.$/, '')}. Press Refresh to try again.`
  }
  if (error.kind === 'rate-limited') {
    const wait = error.retryAfterMs === null ? 'a minute' : formatDuration(Math.ceil(error.retryAfterMs / 1000))
    return `${vendor} is turning requests away for now (too many in a short time). Press Refresh again in ${wait}.`
  }
  if (error.kind !== 'offline' && error.kind !== 'bad-response') return error.message
  const match = KEEPS_TRYING.exec(error.message)
  if (!match) return `${error.message.replace(/\.?$/, '.')} Press Refresh to try again.`
  return `${error.message.slice(0, match.index)}. Press Refresh to try again${match[1] ? `; ${match[1]}` : ''}.`
}

async function part<T>(wanted: boolean, vendor: string, read: () => Promise<T>): Promise<Part<T> | null> {
  if (!wanted) return null
  try {
    return { ok: true, value: await read() }
  } catch (error) {
    return { ok: false, message: onDemandSentence(error, vendor) }
  }
}


export function toAllowance(rate: AmberRateLimit | null, nowMs: number): ApiAllowance {
  if (!rate) return { limit: null, remaining: null, resetInS: null, windowS: null, seenAgoS: null }
  return {
    limit: rate.limit,
    remaining: rate.remaining,
    resetInS: rate.resetAtMs === null ? null : Math.max(0, Math.ceil((rate.resetAtMs - nowMs) / 1000)),
    windowS: rate.windowS,
    seenAgoS: Math.max(0, Math.floor((nowMs - rate.seenAtMs) / 1000)),
  }
}

export function accountInsightsHandler(ctx: AccountInsightsDeps): Pick<Handlers, 'accounts:insights'> {
  const { deps } = ctx

  async function alphaessParts(account: AlphaessAccount, secrets: Secrets, req: AccountInsightsRequest, today: string): Promise<Parts> {
    const wants = (name: InsightPartName) => (req.parts ?? ALPHAESS_PARTS).includes(name)
    const date = req.date ?? addDays(today, -1)
    return readAlphaessInsights(
      account,
      secrets,
      deps,
      async (insights) => {
        const notYet: Part<never> = { ok: false, message: `${date} has not happened yet in the site's calendar: pick a day up to today (${today}).` }
        const [lifetime, day] = await Promise.all([
          part(wants('lifetime'), 'AlphaESS', () => insights.lifetime()),
          wants('day') && date > today ? notYet : part(wants('day'), 'AlphaESS', () => insights.day(date)),
        ])
        return { date: day ? date : null, state: null, lifetime, day, renewables: null, allowance: null }
      },
      { sleep: ctx.sleep },
    )
  }

  async function amberParts(account: AmberAccount, secrets: Secrets, req: AccountInsightsRequest, timeZone: string): Promise<Parts> {
    const wants = (name: InsightPartName) => (req.parts ?? AMBER_PARTS).includes(name)
    const insights = amberAccountInsights(amberClientFor(account, secrets, deps, ctx.sleep ? { sleep: ctx.sleep } : {}))
    const state = req.state ?? renewablesStateFor(timeZone)
    const [renewables, allowance] = await Promise.all([
      part(wants('renewables'), 'Amber', () => insights.renewables(state)),
      part(wants('allowance'), 'Amber', async () => toAllowance(await insights.allowance(), deps.clock.now())),
    ])
    return { date: null, state: renewables ? state : null, lifetime: null, day: null, renewables, allowance }
  }

  return {
    'accounts:insights': async (req): Promise<AccountInsights> => {
      const settings = ctx.settings()
      const timeZone = settings.site.timeZone
      const today = localDate(timeZone, deps.clock.now())
      const none: AccountInsights = { message: null, today, date: null, state: null, lifetime: null, day: null, renewables: null, allowance: null }
      const account = settings.accounts.find((a) => a.id === req.accountId)
      if (!account) return { ...none, message: `There is no account ${req.accountId}; it may have been removed.` }
      const label = accountKindLabels[account.kind]
      if (account.kind !== 'alphaess' && account.kind !== 'amber') return { ...none, message: `${label} accounts have nothing more to show here.` }
      try {
        const { secrets, missing } = await ctx.storedSecrets(account)
        if (missing.length > 0) return { ...none, message: `Save the account's ${missing.join(' and ')} first.` }
        const parts =
          account.kind === 'alphaess' ? await alphaessParts(account, secrets, req, today) : await amberParts(account, secrets, req, timeZone)
        return { ...none, ...parts }
      } catch (error) {
        return { ...none, message: onDemandSentence(error, label) }
      }
    },
  }
}
