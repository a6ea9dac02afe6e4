import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useShallow } from 'zustand/shallow'
import { dayCount } from '../../src-shared/calendar-day'
import { importRangeProblem, type HistoryImportSource, type HistoryImportView } from '../../src-shared/history'
import { messageOf } from '../store/appStore'
import { useAppStore } from '../store/StoreContext'
import { CustomRow } from './fields'
import { catchUpNote, datedLabel, defaultRange, isRunning, progressFraction, progressText, sourceLabel } from './historyImport'

/** How often the page asks how an import is getting on while one runs. */
const POLL_MS = 500

/**
 * "Import from your accounts": an account's own record of past days, brought into the history.
 * The core runs the import; the page starts it, polls its progress and shows the sentence it
 * ends with. `onImported` refreshes the rest of the page once an import has ended.
 */
export function ImportGroup({ onImported }: { onImported(): void }) {
  const { fetchHistoryImport, startHistoryImport, cancelHistoryImport } = useAppStore(
    useShallow((s) => ({ fetchHistoryImport: s.fetchHistoryImport, startHistoryImport: s.startHistoryImport, cancelHistoryImport: s.cancelHistoryImport })),
  )
  const [view, setView] = useState<HistoryImportView | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [accountId, setAccountId] = useState('')
  /** The range typed per account; an account not yet touched offers its default. */
  const [ranges, setRanges] = useState<Record<string, { from: string; to: string }>>({})
  const [busy, setBusy] = useState(false)
  const runningJobId = useRef<number | null>(null)
  const mounted = useRef(true)

  const apply = useCallback(
    (next: HistoryImportView) => {
      if (!mounted.current) return
      setView(next)
      setProblem(null)
      // The rest of the page re-reads once the import it watched has ended.
      if (next.job && isRunning(next.job)) runningJobId.current = next.job.id
      else if (runningJobId.current !== null) {
        runningJobId.current = null
        onImported()
      }
    },
    [onImported],
  )

  const refresh = useCallback(async () => {
    try {
      apply(await fetchHistoryImport())
    } catch (error) {
      if (mounted.current) setProblem(messageOf(error))
    }
  }, [apply, fetchHistoryImport])

  useEffect(() => {
    mounted.current = true
    void refresh()
    return () => {
      mounted.current = false
    }
  }, [refresh])

  const running = isRunning(view?.job ?? null)
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => void refresh(), POLL_MS)
    return () => clearInterval(timer)
  }, [running, refresh])

  // While an import runs the form shows what it is importing (the page may have been opened since).
  const job = running ? view!.job! : null
  const source = view?.sources.find((s) => s.accountId === (job?.accountId ?? accountId)) ?? view?.sources[0] ?? null
  const range = job ? { from: job.from, to: job.to } : source ? (ranges[source.accountId] ?? defaultRange(source)) : null

  async function start() {
    if (!source || !range) return
    setBusy(true)
    try {
      apply(await startHistoryImport({ accountId: source.accountId, from: range.from, to: range.to }))
    } catch (error) {
      setProblem(messageOf(error))
    } finally {
      setBusy(false)
    }
  }

  async function cancel() {
    try {
      apply(await cancelHistoryImport())
    } catch (error) {
      setProblem(messageOf(error))
    }
  }

  return (
    <section aria-labelledby="history-import-title" data-testid="history-import">
      <h2 className="group-title" id="history-import-title">
        Import from your accounts
      </h2>
      {view === null ? (
        <div className="group-box">
          <p className="group-empty">{problem ?? 'Reading your accounts…'}</p>
        </div>
      ) : source === null || range === null ? (
        <div className="group-box">
          <p className="group-empty" data-testid="history-import-none">
            Add an AlphaESS system or an Amber site in Accounts to bring in its record of past days: five-minute power from AlphaESS, prices and metered usage from Amber.
          </p>
        </div>
      ) : (
        <ImportForm
          sources={view.sources}
          source={source}
          range={range}
          running={running}
          busy={busy}
          view={view}
          onSource={setAccountId}
          onRange={(next) => setRanges((all) => ({ ...all, [source.accountId]: next }))}
          onStart={() => void start()}
          onCancel={() => void cancel()}
        />
      )}
      <ImportStatus view={view} problem={view === null ? null : problem} />
    </section>
  )
}

interface FormProps {
  sources: HistoryImportSource[]
  source: HistoryImportSource
  range: { from: string; to: string }
  running: boolean
  busy: boolean
  view: HistoryImportView
  onSource(accountId: string): void
  onRange(range: { from: string; to: string }): void
  onStart(): void
  onCancel(): void
}

function ImportForm({ sources, source, range, running, busy, view, onSource, onRange, onStart, onCancel }: FormProps) {
  const sourceId = useId()
  const fromId = useId()
  const rangeError = importRangeProblem(source, range.from, range.to)
  const days = rangeError ? null : dayCount(range.from, range.to)
  const bounds = `From ${datedLabel(source.earliest, source.latest)} to today, at most ${source.maxDays} days at a time.`
  return (
    <div className="group-box">
      <CustomRow label="Account" hint={source.what} controlId={sourceId}>
        <select
          id={sourceId}
          className="input select import-source"
          value={source.accountId}
          disabled={running}
          aria-describedby={`${sourceId}-note`}
          onChange={(e) => onSource(e.currentTarget.value)}
          data-testid="history-import-source"
        >
          {sources.map((s) => (
            <option key={s.accountId} value={s.accountId}>
              {sourceLabel(s)}
            </option>
          ))}
        </select>
      </CustomRow>
      <CustomRow label="Days" hint={bounds} error={rangeError ?? undefined} controlId={fromId}>
        <span className="import-range">
          <input
            id={fromId}
            type="date"
            className="input import-date"
            value={range.from}
            min={source.earliest}
            max={source.latest}
            disabled={running}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={`${fromId}-note`}
            onChange={(e) => onRange({ ...range, from: e.currentTarget.value })}
            data-testid="history-import-from"
          />
          <span className="import-sep">to</span>
          <input
            type="date"
            className="input import-date"
            value={range.to}
            min={source.earliest}
            max={source.latest}
            disabled={running}
            aria-label="Last day"
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={`${fromId}-note`}
            onChange={(e) => onRange({ ...range, to: e.currentTarget.value })}
            data-testid="history-import-to"
          />
        </span>
      </CustomRow>
      <div className="field-row import-run">
        {running && view.job ? <ImportProgress view={view} /> : <p className="field-hint import-note">{source.pace}</p>}
        <div className="field-control">
          {running ? (
            <button type="button" className="button" onClick={onCancel} disabled={view.job?.state === 'cancelling'} data-testid="history-import-cancel">
              Cancel
            </button>
          ) : (
            <button type="button" className="button button-primary" onClick={onStart} disabled={busy || rangeError !== null} data-testid="history-import-start">
              {days === null ? 'Import' : `Import ${days} ${days === 1 ? 'day' : 'days'}`}
            </button>
          )}
        </div>
      </div>
    </div>
  )
}

function ImportProgress({ view }: { view: HistoryImportView }) {
  const job = view.job!
  const text = progressText(job)
  return (
    <div className="import-progress-box">
      <div
        className="import-progress"
        role="progressbar"
        aria-label={`Importing from ${job.accountName}`}
        aria-valuemin={0}
        aria-valuemax={job.totalDays}
        aria-valuenow={job.counts.days}
        aria-valuetext={text}
      >
        <span style={{ width: `${progressFraction(job) * 100}%` }} />
      </div>
      <p className="field-hint import-progress-text num" data-testid="history-import-progress">
        {text}
      </p>
    </div>
  )
}

/** The last import's sentence, or what the catch-up does while nothing has been imported by hand. */
function ImportStatus({ view, problem }: { view: HistoryImportView | null; problem: string | null }) {
  const job = view?.job ?? null
  const failed = problem !== null || job?.state === 'failed'
  const source = view?.sources.find((s) => s.accountId === job?.accountId) ?? view?.sources[0]
  const text = problem ?? (job && !isRunning(job) ? job.message : null) ?? (source ? catchUpNote(source) : '\u00a0')
  return (
    <p className={`group-footnote import-status${failed ? ' save-error' : ''}`} role="status" data-testid="history-import-status">
      {text}
    </p>
  )
}
