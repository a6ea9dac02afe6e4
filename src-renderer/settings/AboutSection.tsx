import { useCallback, useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/shallow'
import type { AppInfo } from '../../src-shared/contract'
import { messageOf } from '../store/appStore'
import { useAppStore } from '../store/StoreContext'
import { Sentence } from '../ui/Sentence'
import { Group } from './fields'

const LOG_LINES = 200

export function AboutSection() {
  const { fetchAppInfo, fetchLogTail, keyring } = useAppStore(
    useShallow((s) => ({ fetchAppInfo: s.fetchAppInfo, fetchLogTail: s.fetchLogTail, keyring: s.site?.keyring ?? null })),
  )
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [log, setLog] = useState<string[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const logBox = useRef<HTMLPreElement>(null)

  const refreshLog = useCallback(() => {
    fetchLogTail(LOG_LINES).then(setLog, (e: unknown) => setError(messageOf(e)))
  }, [fetchLogTail])

  useEffect(() => {
    fetchAppInfo().then(setInfo, (e: unknown) => setError(messageOf(e)))
    refreshLog()
  }, [fetchAppInfo, refreshLog])

  // The newest lines are at the bottom; that is where people look first.
  useEffect(() => {
    if (logBox.current) logBox.current.scrollTop = logBox.current.scrollHeight
  }, [log])

  return (
    <>
      {error ? (
        <p className="banner banner-error" role="alert">
          <Sentence text={error} />
        </p>
      ) : null}
      <Group title="Sunspill">
        <InfoRow label="Version" value={info?.appVersion} />
        <InfoRow label="Running as" value={info ? (info.runtime === 'app' ? 'Desktop app' : 'Headless server') : undefined} />
        <InfoRow label="Data folder" value={info?.dataDir} mono />
        <InfoRow label="Log file" value={info?.logFile} mono />
        <InfoRow label="Keyring" value={info?.keyringBackend ?? keyring?.backend} mono note={keyring?.weak ? (keyring.message ?? 'Secrets are only obfuscated.') : null} />
      </Group>
      <Group title="Components">
        {info ? (
          <table className="versions">
            <tbody>
              {Object.entries(info.versions).map(([name, version]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td className="mono">{version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="group-empty">Loading…</p>
        )}
      </Group>
      <section className="group">
        <div className="group-title-row">
          <h2 className="group-title" id="log-title">
            Log · last {LOG_LINES} lines
          </h2>
          <button type="button" className="button button-small" onClick={refreshLog}>
            Refresh
          </button>
        </div>
        <pre className="log-box" ref={logBox} tabIndex={0} aria-labelledby="log-title">
          {log === null ? 'Loading…' : log.length === 0 ? 'The log is empty.' : log.join('\n')}
        </pre>
      </section>
    </>
  )
}

function InfoRow({ label, value, mono, note }: { label: string; value: string | undefined; mono?: boolean; note?: string | null }) {
  return (
    <div className="info-row">
      <span className="info-label">{label}</span>
      <span className={`info-value${mono ? ' mono' : ''}`}>
        {value ?? '…'}
        {note ? <span className="info-note">{note}</span> : null}
      </span>
    </div>
  )
}
