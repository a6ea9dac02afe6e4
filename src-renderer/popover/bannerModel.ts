import { notificationTarget, type NotificationEvent, type NotificationKind, type SettingsSectionTarget, type SourceStatus } from '../../src-shared/model'
import type { RemoteLinkState } from '../../src-shared/remote'
import { joinWords } from '../lib/joinWords'

/** Pure choices behind the popover's banners. */

export interface AccountProblem {
  id: string
  label: string
  error: string
}

/** Sources the core adds for accounts that cannot start ("account:<id>"), with their sentence. */
export function accountProblems(sources: readonly SourceStatus[]): AccountProblem[] {
  return sources
    .filter((s) => s.id.startsWith('account:'))
    .map((s) => ({ id: s.id, label: s.label, error: s.error ?? `${s.label} could not start.` }))
}

const ACCOUNTS_HINT = 'Open Settings → Accounts to fix it.'

/**
 * One banner for all account problems: the sentence itself when there is one (prefixed with the
 * account's name unless the sentence already starts with it), a summary otherwise.
 */
export function accountProblemText(problems: readonly AccountProblem[]): { title: string | null; text: string } | null {
  const [first] = problems
  if (!first) return null
  if (problems.length === 1) {
    const mentionsAccounts = /Settings\s*→\s*Accounts/i.test(first.error)
    const text = mentionsAccounts ? first.error : `${first.error} ${ACCOUNTS_HINT}`
    return { title: first.error.startsWith(first.label) ? null : first.label, text }
  }
  const list = joinWords(problems.map((p) => p.label))
  return { title: `${problems.length} accounts need attention`, text: `${list} cannot start. Open Settings → Accounts to fix them.` }
}

/**
 * Spikes, a stopped charge and a failing source or battery write are red or amber; good news
 * (negative prices, a full car) is neutral.
 */
export function notificationTone(kind: NotificationKind): 'error' | 'warn' | 'info' {
  switch (kind) {
    case 'spike':
    case 'chargingStopped':
    case 'batteryWriteRejected':
      return 'error'
    case 'potential':
    case 'sourceFailing':
    case 'controlReleased':
      return 'warn'
    case 'negative':
    case 'carFinished':
      return 'info'
  }
}

const sectionNames: Record<SettingsSectionTarget, string> = {
  accounts: 'Accounts',
  site: 'Site',
  control: 'Control',
  battery: 'Battery',
  notifications: 'Notifications',
  remote: 'Remote',
  about: 'About',
}

/** The banner's link to where the notification points, when that is not the popover itself. */
export function notificationAction(event: Pick<NotificationEvent, 'target'>): { label: string; section: SettingsSectionTarget } | null {
  const target = notificationTarget(event)
  if (target.view !== 'settings') return null
  return { label: `Open Settings → ${sectionNames[target.section]}`, section: target.section }
}

/** How many notification banners the popover shows at once, newest first. */
export const MAX_NOTIFICATION_BANNERS = 2

/**
 * The remote banner: news while the link is up or coming up; a warning otherwise, with the way to
 * Settings → Remote, where the address, the token and the pinned certificate are put right.
 */
export function remoteBanner(state: RemoteLinkState): { tone: 'info' | 'warn'; fixInSettings: boolean } {
  const lost = state === 'unreachable' || state === 'unauthorized' || state === 'certificate'
  return { tone: lost ? 'warn' : 'info', fixInSettings: lost }
}
