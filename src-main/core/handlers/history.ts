/** The History page's channels: today's chart, sessions, totals over 7/30/365 days, CSV exports. */
import { ContractError, type Handlers } from '../../../src-shared/contract'
import type { History } from '../history'

type HistoryChannels = 'history:today' | 'history:sessions' | 'history:stats' | 'history:exportCsv'

export function historyHandlers(history: History): Pick<Handlers, HistoryChannels> {
  async function answer<T>(query: () => T): Promise<T> {
    try {
      return query()
    } catch (error) {
      throw new ContractError(error instanceof Error ? error.message : String(error), 'failed')
    }
  }
  return {
    'history:today': () => answer(() => history.today()),
    'history:sessions': ({ limit }) => answer(() => history.sessions(limit)),
    'history:stats': ({ days }) => answer(() => history.stats(days)),
    'history:exportCsv': (request) => answer(() => history.exportCsv(request)),
  }
}
