import { useSyncExternalStore } from 'react'

export type ColorScheme = 'light' | 'dark'

const query = '(prefers-color-scheme: dark)'

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(query)
  list.addEventListener('change', onChange)
  return () => list.removeEventListener('change', onChange)
}

/** Canvas colours cannot follow CSS variables, so the chart asks which scheme is on. */
export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(
    subscribe,
    () => (window.matchMedia(query).matches ? 'dark' : 'light'),
    () => 'light',
  )
}
