import { useEffect } from 'react'
import { useAppStore } from '../store/StoreContext'
import { Banners } from './Banners'
import { ChargerList } from './ChargerList'
import { PowerFlowDiagram } from './PowerFlowDiagram'
import { PriceSection } from './PriceSection'
import { SourceFooter } from './SourceFooter'
import { StatusHeader } from './StatusHeader'

export function Popover() {
  const hidePopover = useAppStore((s) => s.hidePopover)

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      // An open dialog owns Esc (it cancels the dialog, not the popover).
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return
      void hidePopover()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [hidePopover])

  return (
    <main className="popover" aria-label="Sunspill">
      <StatusHeader />
      <Banners />
      <div className="popover-body">
        <PowerFlowDiagram />
        <PriceSection />
        <ChargerList />
      </div>
      <SourceFooter />
    </main>
  )
}
