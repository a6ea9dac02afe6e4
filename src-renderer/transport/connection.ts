/**
 * Whether live updates are flowing. The popover shows "Reconnecting to Sunspill…" while the
 * event stream is down, and the token page when the server refuses our token.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized'

export interface ConnectionSignal {
  get(): ConnectionState
  subscribe(listener: (state: ConnectionState) => void): () => void
}

export interface WritableConnectionSignal extends ConnectionSignal {
  set(state: ConnectionState): void
}

export function createConnectionSignal(initial: ConnectionState): WritableConnectionSignal {
  let current = initial
  const listeners = new Set<(state: ConnectionState) => void>()
  return {
    get: () => current,
    set(state) {
      // Once refused, a retry with the same token cannot succeed; keep the page on the token message.
      if (current === 'unauthorized' || state === current) return
      current = state
      for (const listener of [...listeners]) listener(state)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** The Electron preload never drops: main and renderer live and die together. */
export const alwaysOpen: ConnectionSignal = {
  get: () => 'open',
  subscribe: () => () => {},
}
