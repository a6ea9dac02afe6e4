/**
 * Source notifications, pure: a source (meter, battery, tariff, charger) that is stale or
 * offline, or an account that cannot start, raises sourceFailing once. It is raised again only
 * after the source has recovered (fresh again; late is not enough, so a source wavering at the
 * edge does not nag) and then fails again. A source that is gone (its account removed or
 * rebuilt) is forgotten. Before a source's first read nothing is known, so nothing is said.
 */
import { formatDuration } from '../../../src-shared/format'
import type { NotificationEvent, NotificationTarget, SourceStatus } from '../../../src-shared/model'

/** Ids of the sources whose failure has been raised and that have not recovered since. */
export type SourceAlertMemory = Record<string, { sinceMs: number }>

export interface SourceAlertResult {
  events: NotificationEvent[]
  memory: SourceAlertMemory
}

/** The runtime's id for an account that could not provide its devices. */
export const isAccountProblem = (id: string) => id.startsWith('account:')

function failing(source: SourceStatus): boolean {
  if (source.freshness === 'stale') return true
  // Offline with neither data nor an error yet: the first read has not happened.
  return source.freshness === 'offline' && (source.error !== null || source.ageS !== null)
}

export function sourceAlerts(sources: SourceStatus[], memory: SourceAlertMemory, nowMs: number): SourceAlertResult {
  const events: NotificationEvent[] = []
  const next: SourceAlertMemory = {}
  for (const source of sources) {
    const raised = memory[source.id]
    if (raised) {
      if (source.freshness !== 'fresh') next[source.id] = raised
      continue
    }
    if (!failing(source)) continue
    next[source.id] = { sinceMs: nowMs }
    events.push(sourceEvent(source, nowMs))
  }
  return { events, memory: next }
}

function sourceEvent(source: SourceStatus, nowMs: number): NotificationEvent {
  const accounts: NotificationTarget = { view: 'settings', section: 'accounts' }
  const base = { id: `sourceFailing-${source.id}-${nowMs}`, kind: 'sourceFailing' as const, atMs: nowMs }
  if (isAccountProblem(source.id)) {
    return {
      ...base,
      title: `${source.label} needs attention`,
      body: source.error ?? `${source.label} could not start. Open Settings → Accounts to fix it.`,
      target: accounts,
    }
  }
  const age = source.ageS === null ? '' : ` No new data for ${formatDuration(source.ageS)}.`
  if (source.error) {
    return { ...base, title: `${source.label} is offline`, body: `${source.error}${age}`, target: accounts }
  }
  return {
    ...base,
    title: `${source.label} has gone quiet`,
    body: `${age.trim()} Sunspill carries on with what it last heard and holds back where it needs fresh data.`,
    target: { view: 'popover' },
  }
}
