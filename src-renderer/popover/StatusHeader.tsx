import { useShallow } from 'zustand/shallow'
import { useAppStore } from '../store/StoreContext'

export function StatusHeader() {
  const { statusLine, loaded } = useAppStore(useShallow((s) => ({ statusLine: s.site?.statusLine, loaded: s.site !== null })))
  const text = statusLine ?? (loaded ? '' : 'Connecting to Sunspill…')
  return (
    <header className="status-header">
      {/* Two lines are reserved so a longer sentence never pushes the diagram down. */}
      <p className="status-line" data-testid="status-line" title={text}>
        {text}
      </p>
    </header>
  )
}
