import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useShallow } from 'zustand/shallow'
import { formatEnergy } from '../../src-shared/format'
import { statsDays, type CsvKind, type HistoryDemo, type HistorySession, type HistoryStats, type HistoryToday, type StatsDays } from '../../src-shared/history'
import { messageOf } from '../store/appStore'
import { useAppStore } from '../store/StoreContext'
import { DownloadIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import {
  DEMO_LABEL,
  demoNote,
  exportMessage,
  exportRanges,
  formatDayTime,
  formatMoney,
  formatShare,
  pageDemo,
  sessionSpan,
  sourceFractions,
  statsTitle,
  type ExportRange,
} from './historyModel'
import { ImportGroup } from './historyImportGroup'
import { TodayChart } from './TodayChart'
import '../styles/history.css'

/** The page re-reads the history this often while it is open. */
const REFRESH_MS = 10_000
const SESSIONS_SHOWN = 30

interface Loaded {
  today: HistoryToday
  stats: Record<StatsDays, HistoryStats>
  sessions: HistorySession[]
  sessionsDemo: HistoryDemo
  currency: string
}

export function HistorySection() {
  const { fetchHistoryToday, fetchHistorySessions, fetchHistoryStats } = useAppStore(
    useShallow((s) => ({ fetchHistoryToday: s.fetchHistoryToday, fetchHistorySessions: s.fetchHistorySessions, fetchHistoryStats: s.fetchHistoryStats })),
  )
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [error, setError] = useState<string | null>(null)
  const mounted = useRef(true)

  const load = useCallback(async () => {
    try {
      const [today, sessions, ...stats] = await Promise.all([
        fetchHistoryToday(),
        fetchHistorySessions(SESSIONS_SHOWN),
        ...statsDays.map((days) => fetchHistoryStats(days)),
      ])
      if (!mounted.current) return
      setLoaded({
        today,
        sessions: sessions.sessions,
        sessionsDemo: sessions.demo,
        currency: sessions.currency,
        stats: Object.fromEntries(stats.map((s) => [s.days, s])) as Record<StatsDays, HistoryStats>,
      })
      setError(null)
    } catch (e) {
      if (mounted.current) setError(messageOf(e))
    }
  }, [fetchHistoryToday, fetchHistorySessions, fetchHistoryStats])

  useEffect(() => {
    mounted.current = true
    void load()
    const timer = setInterval(() => void load(), REFRESH_MS)
    return () => {
      mounted.current = false
      clearInterval(timer)
    }
  }, [load])

  return (
    <>
      {error ? (
        <p className="banner banner-error" role="alert" data-testid="history-error">
          <Sentence text={error} />
        </p>
      ) : null}
      {loaded ? (
        <>
          <DemoNote demo={pageDemo([loaded.today, { demo: loaded.sessionsDemo }, ...Object.values(loaded.stats)])} />
          <section aria-labelledby="history-charging">
            <h2 className="group-title" id="history-charging">
              Charging the car
            </h2>
            <div className="stat-cards">
              {statsDays.map((days) => (
                <StatCard key={days} stats={loaded.stats[days]} />
              ))}
            </div>
          </section>
          <section aria-labelledby="history-today">
            <div className="group-title-row">
              <h2 className="group-title" id="history-today">
                Today
                <DemoTag demo={loaded.today.demo} />
              </h2>
              <span className="group-aside" data-testid="history-today-summary">
                {loaded.today.totals.energyWh > 0
                  ? `Car ${formatEnergy(loaded.today.totals.energyWh)} · ${formatShare(loaded.today.totals.solarSharePct)} solar · ${formatMoney(loaded.today.totals.costCents, loaded.currency)}`
                  : 'The car has not charged today'}
              </span>
            </div>
            <div className="group-box chart-box">
              <TodayChart today={loaded.today} />
            </div>
          </section>
          <SessionsTable sessions={loaded.sessions} demo={loaded.sessionsDemo} timeZone={loaded.today.timeZone} currency={loaded.currency} />
          <ImportGroup onImported={() => void load()} />
          <ExportGroup loaded={loaded} />
        </>
      ) : error ? null : (
        <p className="empty-note">Reading the history…</p>
      )}
    </>
  )
}

/** Simulated figures say so where they are read, not only at the top of the page. */
function DemoTag({ demo }: { demo: HistoryDemo }) {
  return demo === 'shown' ? (
    <span className="live-badge" data-testid="history-demo-tag">
      {DEMO_LABEL}
    </span>
  ) : null
}

function DemoNote({ demo }: { demo: HistoryDemo }) {
  const note = demoNote(demo)
  if (note === null) return null
  return (
    <p className={demo === 'shown' ? 'banner banner-info' : 'group-footnote'} role="note" data-testid="history-demo">
      {note}
    </p>
  )
}

function StatCard({ stats }: { stats: HistoryStats }) {
  const titleId = useId()
  const parts = sourceFractions(stats)
  const pct = (f: number) => `${Math.round(f * 100)} %`
  return (
    <article className="stat-card" data-testid={`history-stats-${stats.days}`} aria-labelledby={titleId}>
      <h3 className="stat-title" id={titleId}>
        {statsTitle(stats.days)}
        <DemoTag demo={stats.demo} />
      </h3>
      <p className="stat-share">
        <span className="stat-big" data-testid="history-solar-share">
          {formatShare(stats.solarSharePct)}
        </span>
        <span className="stat-unit">from solar</span>
      </p>
      <div
        className="source-bar"
        role="img"
        aria-label={stats.energyWh > 0 ? `${pct(parts.solar)} solar, ${pct(parts.battery)} home battery, ${pct(parts.grid)} grid` : 'No charging'}
      >
        <span className="source-solar" style={{ width: `${parts.solar * 100}%` }} />
        <span className="source-battery" style={{ width: `${parts.battery * 100}%` }} />
        <span className="source-grid" style={{ width: `${parts.grid * 100}%` }} />
      </div>
      <dl className="stat-list">
        <div>
          <dt>Energy</dt>
          <dd data-testid="history-energy">{formatEnergy(stats.energyWh)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd data-testid="history-cost">{formatMoney(stats.costCents, stats.currency)}</dd>
        </div>
        <div>
          <dt>Grid alone</dt>
          <dd data-testid="history-grid-alone" title="What the same energy would have cost from the grid at the price of the moment">
            {formatMoney(stats.costCents + stats.savingCents, stats.currency)}
          </dd>
        </div>
        <div>
          <dt>Sessions</dt>
          <dd data-testid="history-session-count">{stats.sessions}</dd>
        </div>
      </dl>
    </article>
  )
}

function SessionsTable({ sessions, demo, timeZone, currency }: { sessions: HistorySession[]; demo: HistoryDemo; timeZone: string; currency: string }) {
  return (
    <section aria-labelledby="history-sessions-title">
      <h2 className="group-title" id="history-sessions-title">
        Sessions
        <DemoTag demo={demo} />
      </h2>
      {sessions.length === 0 ? (
        <div className="group-box">
          <p className="group-empty" data-testid="history-sessions">
            No charging sessions yet. One starts when a car draws power and ends when it is unplugged or has drawn nothing for an hour.
          </p>
        </div>
      ) : (
        <div className="group-box table-box" tabIndex={0} role="region" aria-labelledby="history-sessions-title">
          <table className="data-table sessions-table" data-testid="history-sessions">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col" className="cell-name">
                  Charger
                </th>
                <th scope="col">Charging for</th>
                <th scope="col" className="cell-number">
                  Energy
                </th>
                <th scope="col" className="cell-number">
                  Solar
                </th>
                <th scope="col" className="cell-number">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id} data-testid="history-session">
                  <td>{formatDayTime(s.startMs, timeZone)}</td>
                  <td className="cell-name" title={s.chargerName}>
                    {s.chargerName}
                  </td>
                  <td>
                    {sessionSpan(s)}
                    {s.endMs === null ? <span className="live-badge">in progress</span> : null}
                  </td>
                  <td className="cell-number num">{formatEnergy(s.energyWh)}</td>
                  <td className="cell-number num">{formatShare(s.solarSharePct)}</td>
                  <td className="cell-number num">{formatMoney(s.costCents, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

type ExportState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'failed'; message: string }

function ExportGroup({ loaded }: { loaded: Loaded }) {
  const exportHistoryCsv = useAppStore((s) => s.exportHistoryCsv)
  const [range, setRange] = useState<ExportRange>('7')
  const [state, setState] = useState<ExportState>({ kind: 'idle' })
  const selectId = useId()

  async function download(kind: CsvKind) {
    const from = range === 'today' ? loaded.today.dayStartMs : loaded.stats[Number(range) as StatsDays].fromMs
    const to = Math.max(loaded.today.nowMs, from + 1)
    setState({ kind: 'busy' })
    try {
      const result = await exportHistoryCsv(from, to, kind)
      saveText(result.filename, result.csv)
      setState({ kind: 'done', message: exportMessage(result) })
    } catch (error) {
      setState({ kind: 'failed', message: messageOf(error) })
    }
  }

  return (
    <section aria-labelledby="history-export-title" className="export-group">
      <h2 className="group-title" id="history-export-title">
        Export
      </h2>
      <div className="group-box">
        <div className="field-row">
          <div className="field-text">
            <label htmlFor={selectId} className="field-label">
              CSV for a spreadsheet
            </label>
            <p className="field-hint">Samples: power, price and the car’s energy by source. Sessions: one row each.</p>
          </div>
          <div className="field-control export-controls">
            <select id={selectId} className="input select export-range" value={range} onChange={(e) => setRange(e.target.value as ExportRange)} data-testid="history-export-range">
              {exportRanges.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
            <button type="button" className="button button-with-icon" onClick={() => void download('samples')} disabled={state.kind === 'busy'} data-testid="history-export">
              <DownloadIcon size={14} />
              Samples
            </button>
            <button type="button" className="button button-with-icon" onClick={() => void download('sessions')} disabled={state.kind === 'busy'} data-testid="history-export-sessions">
              <DownloadIcon size={14} />
              Sessions
            </button>
          </div>
        </div>
      </div>
      <p className={`group-footnote${state.kind === 'failed' ? ' save-error' : ''}`} role="status" data-testid="history-export-status">
        {state.kind === 'busy' ? 'Preparing the file…' : state.kind === 'done' || state.kind === 'failed' ? state.message : '\u00a0'}
      </p>
    </section>
  )
}

/** A download from memory: works the same in a browser and in the app's window. */
function saveText(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
