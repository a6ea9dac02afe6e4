import { createContext, useContext, type ReactNode } from 'react'
import { useStore } from 'zustand'
import type { Runtime } from '../transport/selectTransport'
import type { AppState, AppStore } from './appStore'

interface AppContextValue {
  store: AppStore
  runtime: Runtime
}

const AppContext = createContext<AppContextValue | null>(null)

export function AppProvider({ store, runtime, children }: AppContextValue & { children: ReactNode }) {
  return <AppContext.Provider value={{ store, runtime }}>{children}</AppContext.Provider>
}

function useAppContext(): AppContextValue {
  const value = useContext(AppContext)
  if (!value) throw new Error('AppProvider is missing above this component')
  return value
}

/** Select from the app store; pass useShallow(...) when picking several fields. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector)
}

export function useRuntime(): Runtime {
  return useAppContext().runtime
}
