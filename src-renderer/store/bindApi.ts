import type { Api } from '../../src-shared/contract'
import type { ConnectionSignal } from '../transport/connection'
import type { AppStore } from './appStore'

/**
 * Wires the Api's events into the store, once, outside React: no effect re-runs, no duplicate
 * listeners under StrictMode. Subscribes before fetching so no update falls in between.
 */
export function bindApi(api: Api, store: AppStore, connection?: ConnectionSignal): () => void {
  const actions = store.getState()
  const unsubscribers = [
    api.on('state:update', (site) => actions.applyState(site)),
    api.on('settings:changed', (view) => actions.applySettings(view)),
    api.on('notification', (event) => actions.applyNotification(event)),
    api.on('remote:status', (view) => actions.applyRemote(view)),
  ]

  if (connection) {
    actions.setConnection(connection.get())
    unsubscribers.push(
      connection.subscribe((state) => {
        const previous = store.getState().connection
        actions.setConnection(state)
        // Events sent while we were away are lost; catch up with a fresh read.
        if (state === 'open' && previous === 'reconnecting') void actions.load()
      }),
    )
  }

  void actions.load()
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe())
}
