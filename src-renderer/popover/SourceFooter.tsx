import { useShallow } from 'zustand/shallow'
import { formatAge } from '../../src-shared/format'
import type { SourceStatus } from '../../src-shared/model'
import { useAppStore } from '../store/StoreContext'
import { GearIcon } from '../ui/icons'
import { openSettingsWindow } from './openSettingsWindow'

// A stable empty list: a fresh [] in a selector would make every store read look like a change.
const noSources: SourceStatus[] = []

export function sourceTestId(id: string): string {
  return `source-${id.replace(/[^A-Za-z0-9]/g, '-')}`
}

export function SourceFooter() {
  const { sources, simulationSpeed, openSettings } = useAppStore(
    useShallow((s) => ({ sources: s.site?.sources ?? noSources, simulationSpeed: s.site?.simulationSpeed ?? null, openSettings: s.openSettings })),
  )
  return (
    <footer className="footer">
      <ul className="sources" aria-label="Data sources">
        {sources.map((source) => (
          <li key={source.id}>
            <SourceDot source={source} />
          </li>
        ))}
      </ul>
      {simulationSpeed !== null ? (
        <span className="demo-badge num" title="The demo home runs faster than real time">
          Demo ×{formatSpeed(simulationSpeed)}
        </span>
      ) : null}
      <button
        type="button"
        className="icon-button gear"
        aria-label="Open settings"
        title="Settings"
        data-testid="open-settings"
        onClick={() => void openSettingsWindow(openSettings)}
      >
        <GearIcon size={17} />
      </button>
    </footer>
  )
}

function SourceDot({ source }: { source: SourceStatus }) {
  const summary = `${source.label}: ${source.freshness}, ${formatAge(source.ageS)}`
  const name = source.error ? `${summary}. ${source.error}` : summary
  return (
    // Focusable so keyboard users can reveal the word that the colour stands for.
    <span className={`source fresh-${source.freshness}`} tabIndex={0} role="img" aria-label={name} data-testid={sourceTestId(source.id)}>
      <span className="source-dot" aria-hidden="true" />
      <span className="source-tip" aria-hidden="true">
        <strong>{source.label}</strong> · <span className="source-word">{source.freshness}</span> · {formatAge(source.ageS)}
        {source.error ? <span className="source-error">{source.error}</span> : null}
      </span>
    </span>
  )
}

function formatSpeed(speed: number): string {
  return Number.isInteger(speed) ? String(speed) : speed.toFixed(1)
}
