import { useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/shallow'
import { useAppStore } from '../store/StoreContext'
import { ChargerCard } from './ChargerCard'

export type OverflowEdges = 'none' | 'top' | 'bottom' | 'both'

/** Which edges of a scroll box have more content beyond them. */
export function overflowEdges(box: { scrollTop: number; scrollHeight: number; clientHeight: number }): OverflowEdges {
  const above = box.scrollTop > 1
  const below = box.scrollTop + box.clientHeight < box.scrollHeight - 1
  return above && below ? 'both' : above ? 'top' : below ? 'bottom' : 'none'
}

/** How many cards start below the visible part of the box (their head cannot be seen). */
export function cardsBelow(cardTops: readonly number[], scrollTop: number, clientHeight: number, headPx = 24): number {
  return cardTops.filter((top) => top + headPx > scrollTop + clientHeight).length
}

/**
 * The chargers scroll inside their own box so the flow and the price stay in view; the edges fade
 * where more cards hide, and a pill says how many, so a second or third charger is never missed.
 */
export function ChargerList() {
  const { chargers, loaded } = useAppStore(useShallow((s) => ({ chargers: s.site?.chargers, loaded: s.site !== null })))
  const box = useRef<HTMLElement>(null)
  const [edges, setEdges] = useState<OverflowEdges>('none')
  const [hidden, setHidden] = useState(0)
  const count = chargers?.length ?? 0

  useEffect(() => {
    const element = box.current
    if (!element) return
    const cards = () => Array.from(element.querySelectorAll<HTMLElement>('.charger-card'))
    const update = () => {
      setEdges(overflowEdges(element))
      setHidden(
        cardsBelow(
          cards().map((card) => card.offsetTop - element.offsetTop),
          element.scrollTop,
          element.clientHeight,
        ),
      )
    }
    update()
    element.addEventListener('scroll', update, { passive: true })
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update)
    observer?.observe(element)
    for (const card of cards()) observer?.observe(card)
    return () => {
      element.removeEventListener('scroll', update)
      observer?.disconnect()
    }
  }, [count])

  function showNext() {
    const element = box.current
    if (!element) return
    const next = Array.from(element.querySelectorAll<HTMLElement>('.charger-card')).find(
      (card) => card.offsetTop - element.offsetTop + 24 > element.scrollTop + element.clientHeight,
    )
    next?.scrollIntoView({ block: 'start', behavior: 'smooth' })
  }

  const many = count > 1
  return (
    <section
      ref={box}
      className={`chargers${many ? ' chargers-many' : ''}`}
      aria-label={many ? `Chargers (${count})` : 'Chargers'}
      data-overflow={edges}
      data-testid="charger-list"
    >
      {chargers && chargers.length > 0 ? (
        chargers.map((charger) => <ChargerCard key={charger.id} charger={charger} />)
      ) : (
        <p className="empty-note">{loaded ? 'No chargers yet. Add an account in Settings.' : 'Loading chargers…'}</p>
      )}
      {many && hidden > 0 ? (
        <button type="button" className="more-chargers" tabIndex={-1} onClick={showNext} data-testid="more-chargers">
          {hidden} more {hidden === 1 ? 'charger' : 'chargers'} ↓
        </button>
      ) : null}
    </section>
  )
}
