import { useEffect, useId, useRef, useState, type CSSProperties } from 'react'
import type { ChargerView } from '../../src-shared/model'

interface CurrentLimitControlProps {
  charger: ChargerView
  onCommit(limitA: number): Promise<void>
}

/** Whole amps only: chargers take integers and the contract rejects anything else. */
const COMMIT_AFTER_MS = 350

export function CurrentLimitControl({ charger, onCommit }: CurrentLimitControlProps) {
  const range = charger.capabilities.current
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  // While the user drags, their value wins over live updates; it is sent once they pause.
  const [draft, setDraft] = useState<number | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const shown = useRef<number | null>(null)

  const min = Math.max(1, Math.ceil(range?.minA ?? 1))
  const max = Math.max(min, Math.floor(range?.maxA ?? min))
  const step = Math.max(1, Math.round(range?.stepA ?? 1))
  const value = draft ?? clamp(Math.round(charger.limitA), min, max)
  shown.current = value

  const change = useRef((_next: number) => {})
  change.current = (next: number) => {
    if (!Number.isFinite(next) || next === shown.current) return
    setDraft(next)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      void onCommit(next).finally(() => setDraft((current) => (current === next ? null : current)))
    }, COMMIT_AFTER_MS)
  }

  // Native listeners as well as React's onChange: React ignores an input event when the value
  // was assigned by script (assistive tools, automation), and the limit must follow those too.
  useEffect(() => {
    const element = input.current
    if (!element) return
    const onNative = () => change.current(Number(element.value))
    element.addEventListener('input', onNative)
    element.addEventListener('change', onNative)
    return () => {
      element.removeEventListener('input', onNative)
      element.removeEventListener('change', onNative)
    }
  }, [range !== null])

  useEffect(() => () => clearTimeout(timer.current), [])
  if (!range) return null

  return (
    <div className="limit-row">
      <label htmlFor={id} className="limit-label">
        Limit
      </label>
      <input
        ref={input}
        id={id}
        type="range"
        className="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={`${value} A`}
        data-testid="charger-current"
        onChange={(event) => change.current(Number(event.currentTarget.value))}
        style={{ '--fill': `${((value - min) / Math.max(1, max - min)) * 100}%` } as CSSProperties}
      />
      <output htmlFor={id} className="limit-value num">
        {value} A
      </output>
    </div>
  )
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
