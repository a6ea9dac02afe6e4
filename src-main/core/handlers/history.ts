/**
 * The History page's channels: today's chart, sessions, totals over 7/30/365 days, CSV exports,
 * and importing past days from the accounts (started here, then polled by the page).
 */
import { ContractError, type Handlers } from '../../../src-shared/contract'
import { HistoryRequestError, type History } from '../history'

type HistoryChannels =
  | 'history:today'
  | 'history:sessions'
  | 'history:stats'
  | 'history:exportCsv'
  | 'history:importView'
  | 'history:import'
  | 'history:importCancel'

export function historyHandlers(history: History): Pick<Handlers, HistoryChannels> {
  async function answer<T>(query: () => T | Promise<T>): Promise<T> {
    try {
      return await query()
    } catch (error) {
      // A request the history cannot take is the caller's to change; anything else is a failure.
      throw new ContractError(error instanceof Error ? error.message : String(error), error instanceof HistoryRequestError ? 'bad-request' : 'failed')
    }
  }
  return {
    'history:today': () => answer(() => history.today()),
    'history:sessions': ({ limit }) => answer(() => history.sessions(limit)),
    'history:stats': ({ days }) => answer(() => history.stats(days)),
    'history:exportCsv': (request) => answer(() => history.exportCsv(request)),
    'history:importView': () => answer(() => history.importView()),
    'history:import': (request) => answer(() => history.startImport(request)),
    'history:importCancel': () => answer(() => history.cancelImport()),
  }
}
