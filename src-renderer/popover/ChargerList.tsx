import { useShallow } from 'zustand/shallow'
import { useAppStore } from '../store/StoreContext'
import { ChargerCard } from './ChargerCard'

export function ChargerList() {
  const { chargers, loaded } = useAppStore(useShallow((s) => ({ chargers: s.site?.chargers, loaded: s.site !== null })))
  return (
    <section className="chargers" aria-label="Chargers">
      {chargers && chargers.length > 0 ? (
        chargers.map((charger) => <ChargerCard key={charger.id} charger={charger} />)
      ) : (
        <p className="empty-note">{loaded ? 'No chargers yet. Add an account in Settings.' : 'Loading chargers…'}</p>
      )}
    </section>
  )
}
