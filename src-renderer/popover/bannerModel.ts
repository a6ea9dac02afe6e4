import type { NotificationKind, SourceStatus } from '../../src-shared/model'

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
  const names = problems.map((p) => p.label)
  const list = names.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
  return { title: `${problems.length} accounts need attention`, text: `${list} cannot start. Open Settings → Accounts to fix them.` }
}

/** Spikes are red, a likely spike amber, negative prices (good news) neutral. */
export function notificationTone(kind: NotificationKind): 'error' | 'warn' | 'info' {
  switch (kind) {
    case 'spike':
      return 'error'
    case 'potential':
      return 'warn'
    case 'negative':
      return 'info'
  }
}
