import { useEffect, useId, useRef, useState } from 'react'
import { chargerSessionsRangeProblem, dayRangeWords, type ChargerHistoryView } from '../../src-shared/model'
import { useAppStore } from '../store/StoreContext'
import { InfoIcon, WarningIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import { presetRange, sessionsChoices, todayIn, type DayRange, type SessionsChoice } from './chargerPage'

type Read = { kind: 'idle' } | { kind: 'reading'; range: DayRange } | { kind: 'failed'; range: DayRange; message: string }

interface Shown {
  view: ChargerHistoryView
  /** Null for the table the page opened with (the vendor's latest sessions). */
  range: DayRange | null
}

/**
 * The charger's sessions with a choice of days. Each choice is read from the vendor; while it is
 * on its way, and when it fails, the table already shown stays in place.
 */
export function ChargerSessions({ chargerId, opened }: { chargerId: string; opened: ChargerHistoryView }) {
  const fetchChargerSessions = useAppStore((s) => s.fetchChargerSessions)
  const timeZone = useAppStore((s) => s.settings?.settings.site.timeZone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  const today = todayIn(timeZone, Date.now())
  const [choice, setChoice] = useState<SessionsChoice>('latest')
  const [shown, setShown] = useState<Shown>({ view: opened, range: null })
  const [custom, setCustom] = useState<DayRange>(() => presetRange('last30', today)!)
  const [read, setRead] = useState<Read>({ kind: 'idle' })
  // Only the newest request may change the table: an earlier, slower answer is dropped.
  const ticket = useRef(0)
  const titleId = useId()
  const fromId = useId()

  // The page reloads quietly after a change elsewhere on it; the first table follows.
  useEffect(() => {
    setShown((current) => (current.range === null ? { view: opened, range: null } : current))
  }, [opened])

  async function show(range: DayRange) {
    const mine = ++ticket.current
    setRead({ kind: 'reading', range })
    const result = await fetchChargerSessions(chargerId, range.from, range.to)
    if (mine !== ticket.current) return
    if (result.ok) {
      setShown({ view: result.history, range })
      setRead({ kind: 'idle' })
    } else {
      setRead({ kind: 'failed', range, message: result.error })
    }
  }

  function choose(next: SessionsChoice) {
    setChoice(next)
    if (next === 'custom') {
      setCustom(shown.range ?? presetRange('last30', today)!)
      return
    }
    if (next === 'latest') {
      ticket.current++
      setRead({ kind: 'idle' })
      setShown({ view: opened, range: null })
      return
    }
    void show(presetRange(next, today)!)
  }

  const customProblem = choice === 'custom' ? (chargerSessionsRangeProblem(custom.from, custom.to) ?? (custom.to > today ? 'The last day can be today at the latest.' : null)) : null
  const reading = read.kind === 'reading'
  const submitCustom = () => {
    if (!customProblem && !reading) void show(custom)
  }

  return (
    <section className="group charger-sessions" data-testid="charger-sessions">
      <div className="group-title-row">
        <h2 className="group-title" id={titleId} data-testid="charger-sessions-title">
          {shown.view.title}
        </h2>
        <select
          className="input select sessions-choice"
          aria-label="Sessions to show"
          value={choice}
          data-testid="charger-sessions-range"
          onChange={(event) => choose(event.currentTarget.value as SessionsChoice)}
        >
          {sessionsChoices.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>

      {choice === 'custom' ? (
        <div className="sessions-custom">
          <label htmlFor={fromId} className="sessions-custom-label">
            From
          </label>
          <input
            id={fromId}
            type="date"
            className="input input-date sessions-date"
            value={custom.from}
            max={today}
            aria-invalid={customProblem ? true : undefined}
            aria-describedby={`${fromId}-problem`}
            data-testid="charger-sessions-from"
            onChange={(event) => setCustom({ ...custom, from: event.currentTarget.value })}
            onKeyDown={(event) => event.key === 'Enter' && submitCustom()}
          />
          <span className="sessions-custom-label">to</span>
          <input
            type="date"
            className="input input-date sessions-date"
            value={custom.to}
            max={today}
            aria-label="Last day"
            aria-invalid={customProblem ? true : undefined}
            aria-describedby={`${fromId}-problem`}
            data-testid="charger-sessions-to"
            onChange={(event) => setCustom({ ...custom, to: event.currentTarget.value })}
            onKeyDown={(event) => event.key === 'Enter' && submitCustom()}
          />
          <button type="button" className="button button-small" disabled={customProblem !== null || reading} onClick={submitCustom} data-testid="charger-sessions-show">
            Show
          </button>
          <p id={`${fromId}-problem`} className="field-error sessions-custom-problem" role={customProblem ? 'alert' : undefined}>
            {customProblem ?? ''}
          </p>
        </div>
      ) : null}

      <SessionsStatus read={read} note={shown.view.note ?? null} onRetry={(range) => void show(range)} />

      <div className={`group-box table-box${reading ? ' is-stale' : ''}`} tabIndex={0} role="region" aria-labelledby={titleId} aria-busy={reading}>
        <SessionsTable shown={shown} />
      </div>
    </section>
  )
}

/** One line above the table: the read under way, why the last one failed, or what the vendor left out. */
function SessionsStatus({ read, note, onRetry }: { read: Read; note: string | null; onRetry(range: DayRange): void }) {
  if (read.kind === 'reading') {
    return (
      <p className="banner banner-info sessions-status" role="status" data-testid="charger-sessions-reading">
        <span className="spinner banner-icon" aria-hidden="true" />
        <span>
          Reading the sessions of {dayRangeWords(read.range.from, read.range.to)} from the charger’s cloud… It allows only a few requests a minute, so this can take up to a minute.
        </span>
      </p>
    )
  }
  if (read.kind === 'failed') {
    return (
      <div className="banner banner-error sessions-status" role="alert" data-testid="charger-sessions-error">
        <WarningIcon size={14} className="banner-icon" />
        <span>
          <Sentence text={read.message} /> The table below is unchanged.
        </span>
        <button type="button" className="button button-small" onClick={() => onRetry(read.range)} data-testid="charger-sessions-retry">
          Try again
        </button>
      </div>
    )
  }
  if (note) {
    return (
      <p className="banner banner-info sessions-status" data-testid="charger-sessions-note">
        <InfoIcon size={14} className="banner-icon" />
        <span>
          <Sentence text={note} />
        </span>
      </p>
    )
  }
  return null
}

function SessionsTable({ shown }: { shown: Shown }) {
  const { view, range } = shown
  if (view.rows.length === 0) {
    return (
      <p className="group-empty" data-testid="charger-sessions-empty">
        {range ? `No charging sessions in ${dayRangeWords(range.from, range.to)}.` : 'Nothing recorded yet.'}
      </p>
    )
  }
  const numeric = view.columns.map((_, c) => numericColumn(view.rows, c))
  return (
    <table className="data-table" data-testid="charger-history">
      <thead>
        <tr>
          {view.columns.map((column, c) => (
            <th key={column} scope="col" className={numeric[c] ? 'cell-number' : undefined}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {view.rows.map((row, r) => (
          <tr key={r}>
            {row.map((cell, c) => (
              <td key={c} className={numeric[c] ? 'num cell-number' : undefined}>
                {cell === null ? '—' : String(cell)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function numericColumn(rows: readonly (readonly (string | number | null)[])[], column: number): boolean {
  const cells = rows.map((row) => row[column]).filter((cell) => cell !== null && cell !== undefined)
  return cells.length > 0 && cells.every((cell) => typeof cell === 'number')
}
