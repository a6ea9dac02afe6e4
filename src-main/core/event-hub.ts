/** Listeners per contract event channel, as CoreEvents exposes them, and the emit that calls them. */
import type { EventChannel, EventPayload } from '../../src-shared/contract'
import type { CoreEvents } from './host'

export interface EventHub {
  events: CoreEvents
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void
}

/** Without onListenerError a throwing listener throws out of emit. */
export function createEventHub(onListenerError?: (channel: EventChannel, error: unknown) => void): EventHub {
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>()
  return {
    events: {
      on(channel, listener) {
        const set = listeners.get(channel) ?? new Set()
        set.add(listener as (payload: never) => void)
        listeners.set(channel, set)
        return () => set.delete(listener as (payload: never) => void)
      },
    },
    emit(channel, payload) {
      // A copy: a listener may unsubscribe while the others are called.
      for (const listener of [...(listeners.get(channel) ?? [])]) {
        const call = () => (listener as (p: typeof payload) => void)(payload)
        if (!onListenerError) call()
        else {
          try {
            call()
          } catch (error) {
            onListenerError(channel, error)
          }
        }
      }
    },
  }
}
