/**
 * Which accounts can bring their own record into the history, and how much of it at a time. The
 * limits follow the vendors (../../../../shared/reference/api-alphaess-amber.md):
 * - AlphaESS answers one day per getOneDayPowerBySn and wants 10 s between calls to an endpoint,
 *   so a month is about five minutes of waiting; a longer range is imported in parts.
 * - Amber answers up to 7 days per /prices or /usage call, keeps usage for about 90 days, and
 *   allows 50 requests per 5 minutes per token, shared with the control loop's price reads.
 */
import type { HistoryImportSource, ImportKind } from '../../../src-shared/history'
import type { Account, AlphaessAccount, AmberAccount } from '../../../src-shared/settings'
import { addDays } from '../../../src-shared/calendar-day'

export interface ImportLimits {
  maxDays: number
  /** How many days before today may be asked for. */
  backDays: number
  /** Days per request (Amber asks for the prices and the usage of each such run). */
  unitDays: number
  what: string
  pace: string
}

export const importLimits: Record<ImportKind, ImportLimits> = {
  alphaess: {
    maxDays: 31,
    backDays: 365,
    unitDays: 1,
    what: 'Five-minute power: solar, house, home battery, grid and the car.',
    pace: 'AlphaESS sends one day per request, at least 10 s apart: a month takes about five minutes.',
  },
  amber: {
    maxDays: 90,
    backDays: 90,
    unitDays: 7,
    what: 'Prices, and metered grid usage (Amber publishes it about a day late).',
    pace: 'Amber sends up to 7 days per request and keeps usage for about 90 days; its 50 requests per 5 minutes are shared with the live price reads, which come first.',
  },
}

export type ImportableAccount = (AlphaessAccount & { systemSn: string }) | (AmberAccount & { siteId: string })

/** An AlphaESS account with its system picked, or an Amber one with its site. */
export function isImportable(account: Account): account is ImportableAccount {
  return (account.kind === 'alphaess' && !!account.systemSn) || (account.kind === 'amber' && !!account.siteId)
}

/** The system or site the account's record belongs to: imports and catch-up are kept per choice. */
export function choiceOf(account: ImportableAccount): string {
  return account.kind === 'alphaess' ? account.systemSn : account.siteId
}

export function sourceView(account: ImportableAccount, today: string, caughtUpThrough: string | null): HistoryImportSource {
  const limits = importLimits[account.kind]
  return {
    accountId: account.id,
    name: account.name,
    kind: account.kind,
    what: limits.what,
    earliest: addDays(today, -limits.backDays),
    latest: today,
    maxDays: limits.maxDays,
    pace: limits.pace,
    caughtUpThrough,
  }
}
