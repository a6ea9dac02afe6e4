import { Fragment, useEffect, useId, useMemo, useRef, useState } from 'react'
import { useShallow } from 'zustand/shallow'
import type { RemoteLinkState, RemoteTestResult } from '../../src-shared/remote'
import { messageOf } from '../store/appStore'
import { useAppStore } from '../store/StoreContext'
import { CheckIcon, InfoIcon, WarningIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import { CustomRow, Group } from './fields'
import { connectBlocker, draftFromView, validateRemoteDraft, type RemoteDraft } from './remoteForm'
import { TextRow } from './rows'

type Busy = 'testing' | 'connecting' | 'disconnecting' | null

/**
 * Where the loop runs: on this computer, or on an always-on machine running the headless server,
 * with this app as its tray. The token goes in and never comes back; only "stored" shows.
 */
export function RemoteSection() {
  const { remote, fetchRemote, testRemote, connectRemote, disconnectRemote } = useAppStore(
    useShallow((s) => ({
      remote: s.remote,
      fetchRemote: s.fetchRemote,
      testRemote: s.testRemote,
      connectRemote: s.connectRemote,
      disconnectRemote: s.disconnectRemote,
    })),
  )
  const [loadError, setLoadError] = useState<string | null>(null)
  const [choice, setChoice] = useState<'local' | 'remote' | null>(null)
  const [draft, setDraft] = useState<RemoteDraft | null>(null)
  // A field says what is wrong once it was typed in; the button row names what still blocks Connect.
  const [edited, setEdited] = useState<Partial<Record<keyof RemoteDraft, true>>>({})
  const [busy, setBusy] = useState<Busy>(null)
  // With the fingerprint the test ran against: a first look at a certificate is a step, not an error.
  const [test, setTest] = useState<(RemoteTestResult & { pinned: boolean }) | null>(null)
  const [error, setError] = useState<string | null>(null)
  const modeId = useId()
  const fingerprintId = useId()
  const resultRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    fetchRemote().then(
      (view) => {
        setChoice((c) => c ?? view.mode)
        setDraft((d) => d ?? draftFromView(view))
      },
      (e: unknown) => setLoadError(messageOf(e)),
    )
  }, [fetchRemote])

  // The result lands below the form; bring it into view above the button row.
  useEffect(() => {
    if (test || error) resultRef.current?.scrollIntoView({ block: 'nearest' })
  }, [test, error])

  const validation = useMemo(() => (draft ? validateRemoteDraft(draft, remote?.tokenSet ?? false) : null), [draft, remote?.tokenSet])

  if (loadError) {
    return (
      <p className="banner banner-error" role="alert">
        <Sentence text={loadError} />
      </p>
    )
  }
  if (!remote || !draft || !validation || !choice) return <p className="empty-note">Loading…</p>

  const edit = (next: Partial<RemoteDraft>) => {
    setDraft({ ...draft, ...next })
    setEdited((fields) => ({ ...fields, ...Object.fromEntries(Object.keys(next).map((key) => [key, true])) }))
    setError(null)
  }
  const shown = (field: keyof typeof validation.errors) => (edited[field] ? validation.errors[field] : undefined)
  const blocker = connectBlocker(draft, validation)
  // Not when a field already says it, nor while a certificate waits to be pinned.
  const blockerHint =
    blocker && Object.keys(edited).length > 0 && !test?.needsPin && !(['url', 'token', 'fingerprint'] as const).some((f) => shown(f) === blocker) ? blocker : null

  async function runTest() {
    if (!validation?.request) return
    setBusy('testing')
    setError(null)
    const pinned = validation.request.fingerprint !== null
    setTest({ ...(await testRemote(validation.request)), pinned })
    setBusy(null)
  }

  async function connect() {
    if (!validation?.request || blocker) return
    setBusy('connecting')
    const result = await connectRemote(validation.request)
    setBusy(null)
    if (result.ok) {
      setDraft(draftFromView(result.view))
      setEdited({})
      setTest(null)
      setError(null)
    } else {
      // The test result says it all when there is one; the sentence is not repeated in the button row.
      if (result.test) {
        setTest({ ...result.test, pinned: validation.request.fingerprint !== null })
        setError(null)
      } else setError(result.error)
    }
  }

  async function disconnect() {
    setBusy('disconnecting')
    try {
      await disconnectRemote()
      setError(null)
    } catch (e) {
      setError(messageOf(e))
    }
    setBusy(null)
  }

  const remoteActive = remote.mode === 'remote'
  return (
    <>
      <p className={`test-result ${linkTone(remote.state)}`} role="status" data-testid="remote-status" data-state={remote.state}>
        <LinkIcon state={remote.state} />
        <span>
          <Sentence text={remote.message} />
        </span>
      </p>

      <Group title="Where the loop runs">
        <CustomRow
          label="Control loop"
          hint="On this computer, the loop stops when it sleeps. An always-on machine keeps charging right day and night; this app then shows and steers it."
          controlId={modeId}
          labelsGroup
        >
          <div className="segmented segmented-small" role="radiogroup" aria-labelledby={`${modeId}-label`} data-testid="remote-mode">
            {(['local', 'remote'] as const).map((value) => (
              <label key={value} className="segment">
                <input type="radio" className="visually-hidden-radio" name={modeId} checked={choice === value} onChange={() => setChoice(value)} />
                <span>{value === 'local' ? 'This computer' : 'Another machine'}</span>
              </label>
            ))}
          </div>
        </CustomRow>
      </Group>

      {choice === 'local' ? (
        remoteActive ? (
          <div className="save-bar remote-actions">
            <div className="save-feedback" aria-live="polite">
              <span className="save-hint">{`This computer takes the loop back from ${new URL(remote.url).host}. Stop the headless Sunspill there too, or both will steer the same chargers.`}</span>
            </div>
            <button type="button" className="button button-primary" data-testid="remote-disconnect" disabled={busy !== null} onClick={() => void disconnect()}>
              {busy === 'disconnecting' ? 'Switching…' : 'Run the loop here'}
            </button>
          </div>
        ) : null
      ) : (
        <>
          <Group
            title="Headless Sunspill"
            footnote={<Sentence text="Start it with `npm run serve` on the always-on machine; the README shows how to give it a certificate and run it as a service." />}
          >
            <TextRow
              label="Address"
              hint="https:// with the port it listens on. http:// only on a network you fully trust."
              type="url"
              placeholder="https://sunspill.local:4777"
              value={draft.url}
              error={shown('url')}
              testId="remote-url"
              mono
              wide
              onChange={(url) => edit({ url })}
            />
            <TextRow
              label="Access token"
              hint={remote.tokenSet ? 'Stored in the keyring. Type a new one to replace it.' : 'From the headless-token file in the server’s data folder. Kept in the system keyring.'}
              type="password"
              placeholder={remote.tokenSet ? '••••••••  stored' : ''}
              value={draft.token}
              error={shown('token')}
              testId="remote-token"
              wide
              onChange={(token) => edit({ token })}
            />
            <CustomRow
              label="Certificate fingerprint"
              hint="SHA-256, as the server prints it at start. Test the connection to read it from the server, then pin it."
              error={shown('fingerprint')}
              controlId={fingerprintId}
            >
              {/* All 32 pairs stay in view, to compare with what the server printed. */}
              <textarea
                id={fingerprintId}
                className="input input-wide mono remote-fingerprint"
                rows={1}
                placeholder="Not pinned yet"
                value={draft.fingerprint}
                spellCheck={false}
                autoComplete="off"
                autoCapitalize="off"
                aria-invalid={shown('fingerprint') ? true : undefined}
                aria-describedby={`${fingerprintId}-note`}
                data-testid="remote-fingerprint"
                onChange={(event) => edit({ fingerprint: event.currentTarget.value })}
              />
            </CustomRow>
          </Group>

          {test ? (
            <div
              ref={resultRef}
              className={`test-result remote-result ${test.ok ? 'test-ok' : test.needsPin && !test.pinned ? 'test-info' : 'test-fail'}`}
              role={test.ok || (test.needsPin && !test.pinned) ? 'status' : 'alert'}
              data-testid="remote-test-result"
            >
              {test.ok ? <CheckIcon size={14} className="banner-icon" /> : test.needsPin && !test.pinned ? <InfoIcon size={14} className="banner-icon" /> : <WarningIcon size={14} className="banner-icon" />}
              <span>
                <WithFingerprints text={test.message} />
                {test.needsPin && test.fingerprint ? (
                  <span className="remote-result-action">
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="remote-pin"
                      onClick={() => {
                        edit({ fingerprint: test.fingerprint! })
                        setTest(null)
                      }}
                    >
                      {test.pinned ? 'Pin the new certificate' : 'Pin this certificate'}
                    </button>
                  </span>
                ) : null}
              </span>
            </div>
          ) : null}

          <div className="save-bar remote-actions">
            <div className="save-feedback" aria-live="polite">
              {error ? (
                <span className="save-error" role="alert" data-testid="remote-error">
                  <Sentence text={error} />
                </span>
              ) : blockerHint ? (
                <span className="save-hint">{blockerHint}</span>
              ) : null}
            </div>
            <button type="button" className="button" data-testid="remote-test" disabled={!validation.request || busy !== null} onClick={() => void runTest()}>
              {busy === 'testing' ? 'Testing…' : 'Test connection'}
            </button>
            <button type="button" className="button button-primary" data-testid="remote-connect" disabled={blocker !== null || busy !== null} onClick={() => void connect()}>
              {busy === 'connecting' ? 'Connecting…' : remoteActive ? 'Reconnect' : 'Connect'}
            </button>
          </div>
        </>
      )}
    </>
  )
}

function linkTone(state: RemoteLinkState): string {
  if (state === 'connected' || state === 'local') return 'test-ok'
  return state === 'connecting' ? 'test-info' : 'test-fail'
}

function LinkIcon({ state }: { state: RemoteLinkState }) {
  if (state === 'connected' || state === 'local') return <CheckIcon size={14} className="banner-icon" />
  if (state === 'connecting') return <span className="spinner banner-icon" aria-hidden="true" />
  return <WarningIcon size={14} className="banner-icon" />
}

const FINGERPRINT_IN_TEXT = /((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/

/** A sentence whose fingerprints read as code and wrap between pairs, never inside one. */
function WithFingerprints({ text }: { text: string }) {
  return (
    <>
      {text.split(FINGERPRINT_IN_TEXT).map((part, i) =>
        i % 2 === 1 ? (
          <code key={i}>
            {part.split(':').map((pair, j) => (
              <Fragment key={j}>
                {j > 0 ? (
                  <>
                    :<wbr />
                  </>
                ) : null}
                {pair}
              </Fragment>
            ))}
          </code>
        ) : (
          <Sentence key={i} text={part} />
        ),
      )}
    </>
  )
}
