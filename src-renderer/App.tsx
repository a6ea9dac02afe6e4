import { useAppStore } from './store/StoreContext'
import { Popover } from './popover/Popover'
import { SettingsWindow } from './settings/SettingsWindow'
import { TokenNeeded } from './ui/TokenNeeded'

export type View = 'popover' | 'settings'

export function viewFromSearch(search: string): View {
  return new URLSearchParams(search).get('view') === 'settings' ? 'settings' : 'popover'
}

export function App({ view }: { view: View }) {
  const unauthorized = useAppStore((s) => s.connection === 'unauthorized')
  if (unauthorized) return <TokenNeeded />
  return view === 'settings' ? <SettingsWindow /> : <Popover />
}
