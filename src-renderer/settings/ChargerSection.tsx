import { useCallback, useEffect, useId, useRef, useState } from 'react'
import type { ActionResult } from '../../src-shared/contract'
import type { ChargerDetails, ChargerFieldView, FieldValue } from '../../src-shared/model'
import { messageOf } from '../store/appStore'
import { useAppStore } from '../store/StoreContext'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { CheckIcon, WarningIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import { Switch } from '../ui/Switch'
import { capabilitySummary, displayValue, fieldText, parseFieldInput } from './chargerPage'
import { ChargerSessions } from './ChargerSessions'
import { CustomRow, Group } from './fields'
import { PlanGroup } from './PlanGroup'
import { StaticRow } from './rows'
import { SchedulesEditor } from './SchedulesEditor'

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; details: ChargerDetails }

/** One charger's page: everything its vendor lets Sunspill read and change, read live from it. */
export function ChargerSection({ chargerId }: { chargerId: string }) {
  const fetchChargerDetails = useAppStore((s) => s.fetchChargerDetails)
  const [load, setLoad] = useState<Load>({ kind: 'loading' })
  const latest = useRef(chargerId)
  latest.current = chargerId

  /** Quiet reloads (after a change) keep the page in place instead of flashing "Loading…". */
  const reload = useCallback(
    (quiet = false) => {
      if (!quiet) setLoad({ kind: 'loading' })
      fetchChargerDetails(chargerId).then(
        (details) => {
          if (latest.current === chargerId) setLoad({ kind: 'ready', details })
        },
        (error: unknown) => {
          if (latest.current === chargerId && !quiet) setLoad({ kind: 'failed', message: messageOf(error) })
        },
      )
    },
    [chargerId, fetchChargerDetails],
  )

  useEffect(() => reload(), [reload])

  if (load.kind === 'loading') return <p className="empty-note">Asking the charger…</p>
  if (load.kind === 'failed') {
    return (
      <div className="banner banner-error" role="alert" data-testid="charger-page-error">
        <WarningIcon size={15} className="banner-icon" />
        <span>
          <Sentence text={load.message} />
        </span>
        <button type="button" className="button button-small" onClick={() => reload()}>
          Try again
        </button>
      </div>
    )
  }
  return <ChargerPage details={load.details} refresh={() => reload(true)} />
}

function ChargerPage({ details, refresh }: { details: ChargerDetails; refresh(): void }) {
  const writable = details.fields.filter((f) => f.writable)
  const readOnly = details.fields.filter((f) => !f.writable)
  return (
    <div className="charger-page" data-testid="charger-page" data-charger-id={details.id}>
      {details.error ? (
        <p className="banner banner-warn" role="alert">
          <WarningIcon size={15} className="banner-icon" />
          <span>
            <Sentence text={details.error} />
          </span>
        </p>
      ) : null}

      <Group title="Charger">
        <StaticRow label="Status" hint="As the charger reports it." value={details.vendorStatus ?? 'Unknown'} testId="charger-vendor-status" />
        <StaticRow label="Can do" hint="What Sunspill can control." value={capabilitySummary(details.capabilities, details.lockable)} testId="charger-capabilities" />
        {details.lockable ? <LockRow details={details} refresh={refresh} /> : null}
        <HandoffRow details={details} />
        {readOnly.map((field) => (
          <StaticRow
            key={field.id}
            label={field.label}
            hint={field.help ?? ''}
            error={field.error}
            value={displayValue(field)}
            testId={`charger-field-${field.id}`}
          />
        ))}
      </Group>

      <PlanGroup key={details.id} chargerId={details.id} />

      {writable.length > 0 ? (
        <Group title="Settings" footnote="Each setting is written to the charger on its own and read back.">
          {writable.map((field) => (
            <FieldRow key={field.id} chargerId={details.id} field={field} refresh={refresh} />
          ))}
        </Group>
      ) : null}

      {details.actions.length > 0 ? <Actions details={details} refresh={refresh} /> : null}

      {details.schedules !== null ? <SchedulesEditor chargerId={details.id} saved={details.schedules} capabilities={details.capabilities} limits={details.scheduleLimits} /> : null}

      {details.history ? <ChargerSessions key={`sessions:${details.id}`} chargerId={details.id} opened={details.history} /> : null}
    </div>
  )
}

function ResultNote({ result, testId }: { result: ActionResult; testId?: string }) {
  return (
    <span className={result.ok ? 'field-saved' : 'field-error-text'} role={result.ok ? 'status' : 'alert'} data-testid={testId}>
      {result.ok ? <CheckIcon size={12} className="inline-icon" /> : null}
      <Sentence text={result.message} />
    </span>
  )
}

function LockRow({ details, refresh }: { details: ChargerDetails; refresh(): void }) {
  const setChargerLocked = useAppStore((s) => s.setChargerLocked)
  const id = useId()
  const [pending, setPending] = useState<boolean | null>(null)
  const [result, setResult] = useState<ActionResult | null>(null)
  const locked = pending ?? details.locked ?? false

  async function change(next: boolean) {
    setPending(next)
    setResult(null)
    const reply = await setChargerLocked(details.id, next)
    setPending(null)
    setResult(reply)
    if (reply.ok) refresh()
  }

  const hint =
    result?.ok === true ? <ResultNote result={result} /> : details.locked === null ? 'The charger did not say whether it is locked.' : 'A locked charger will not charge until it is unlocked.'
  return (
    <CustomRow label="Locked" hint={hint} error={result && !result.ok ? result.message : undefined} controlId={id}>
      <Switch id={id} checked={locked} label="Locked" describedBy={`${id}-note`} testId="charger-lock" disabled={pending !== null} onChange={(next) => void change(next)} />
    </CustomRow>
  )
}

const handoffWords: Record<ChargerDetails['handoff']['defaultPolicy'], string> = {
  vendor: 'Its own mode',
  pause: 'Pause',
  minimum: 'Minimum current',
  leave: 'Leave as is',
}

/** What happens when Sunspill quits or the computer sleeps: saved with the other settings. */
function HandoffRow({ details }: { details: ChargerDetails }) {
  const view = useAppStore((s) => s.settings)
  const saveSettings = useAppStore((s) => s.saveSettings)
  const id = useId()
  const { handoff } = details
  const [chosen, setChosen] = useState(handoff.chosen ?? handoff.defaultPolicy)
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null)

  async function change(next: ChargerDetails['handoff']['defaultPolicy']) {
    if (!view) return
    setChosen(next)
    setNote(null)
    const current = view.settings.chargers[details.id] ?? { mode: 'solar' as const, enabled: true, limitA: 32, phase: 1 as const }
    const result = await saveSettings({ ...view.settings, chargers: { ...view.settings.chargers, [details.id]: { ...current, handoff: next } } })
    setNote(result.ok ? { ok: true, text: 'Saved.' } : { ok: false, text: result.error })
  }

  const own = handoff.ownModeLabel ? `Its own mode here is ${handoff.ownModeLabel}. ` : ''
  const hint = note?.ok ? (
    <span className="field-saved" role="status" data-testid="charger-handoff-saved">
      <CheckIcon size={12} className="inline-icon" />
      {note.text}
    </span>
  ) : (
    `${own}Applied when Sunspill quits or the computer sleeps or shuts down.`
  )
  return (
    <CustomRow label="When Sunspill stops" hint={hint} error={note && !note.ok ? note.text : undefined} controlId={id}>
      <select
        id={id}
        className="input"
        value={chosen}
        aria-describedby={`${id}-note`}
        data-testid="charger-handoff"
        disabled={!view}
        onChange={(event) => void change(event.currentTarget.value as ChargerDetails['handoff']['defaultPolicy'])}
      >
        {handoff.options.map((option) => (
          <option key={option} value={option}>
            {handoffWords[option]}
            {option === handoff.defaultPolicy ? ' (default)' : ''}
          </option>
        ))}
      </select>
    </CustomRow>
  )
}

type FieldStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'done'; result: ActionResult }

function FieldRow({ chargerId, field, refresh }: { chargerId: string; field: ChargerFieldView; refresh(): void }) {
  const setChargerField = useAppStore((s) => s.setChargerField)
  const id = useId()
  const [text, setText] = useState(() => fieldText(field))
  const [status, setStatus] = useState<FieldStatus>({ kind: 'idle' })
  // A new value read back from the charger replaces what the row shows; typing elsewhere stays.
  const shown = fieldText(field)
  useEffect(() => setText(shown), [shown])

  const parsed = parseFieldInput(field, text)
  const changed = text !== fieldText(field)
  const saving = status.kind === 'saving'

  async function write(value: FieldValue) {
    setStatus({ kind: 'saving' })
    const result = await setChargerField(chargerId, field.id, value)
    setStatus({ kind: 'done', result })
    if (result.ok) refresh()
    // A switch or a list shows what the charger has; typed text stays so it can be sent again.
    else if (field.kind === 'boolean' || field.kind === 'select') setText(fieldText(field))
  }

  const failed = status.kind === 'done' && !status.result.ok ? status.result.message : null
  const typedError = changed && !parsed.ok ? parsed.error : null
  const error = typedError ?? failed ?? field.error ?? undefined
  const hint = status.kind === 'done' && status.result.ok ? <ResultNote result={status.result} /> : saving ? 'Writing to the charger…' : (field.help ?? '')
  const testId = `charger-field-${field.id}`

  if (field.kind === 'boolean') {
    const checked = text === 'true'
    return (
      <CustomRow label={field.label} hint={hint} error={error} controlId={id}>
        <Switch
          id={id}
          checked={checked}
          label={field.label}
          describedBy={`${id}-note`}
          testId={testId}
          disabled={saving}
          onChange={(next) => {
            setText(String(next))
            void write(next)
          }}
        />
      </CustomRow>
    )
  }

  if (field.kind === 'select') {
    return (
      <CustomRow label={field.label} hint={hint} error={error} controlId={id}>
        <select
          id={id}
          className="input select"
          value={text}
          disabled={saving}
          aria-describedby={`${id}-note`}
          data-testid={testId}
          onChange={(event) => {
            const next = event.currentTarget.value
            setText(next)
            const value = parseFieldInput(field, next)
            if (value.ok) void write(value.value)
          }}
        >
          {field.value === null ? <option value="">Choose…</option> : null}
          {(field.options ?? []).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </CustomRow>
    )
  }

  const submit = () => {
    if (changed && parsed.ok && !saving) void write(parsed.value)
  }
  return (
    <CustomRow label={field.label} hint={hint} error={error} controlId={id}>
      <span className="input-with-unit">
        <input
          id={id}
          className={`input ${field.kind === 'number' ? 'input-number num' : 'input-medium'}`}
          type={field.kind === 'number' ? 'number' : 'text'}
          inputMode={field.kind === 'number' ? 'decimal' : undefined}
          min={field.min ?? undefined}
          max={field.max ?? undefined}
          step={field.step ?? undefined}
          value={text}
          disabled={saving}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-note`}
          data-testid={testId}
          onChange={(event) => {
            setText(event.currentTarget.value)
            if (status.kind === 'done') setStatus({ kind: 'idle' })
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') submit()
          }}
        />
        {field.kind === 'number' ? (
          <span className="input-unit" aria-hidden="true">
            {field.unit ?? ''}
          </span>
        ) : null}
      </span>
      <button
        type="button"
        className="button button-small row-button"
        aria-label={`Save ${field.label}`}
        data-testid={`${testId}-save`}
        disabled={!changed || !parsed.ok || saving}
        onClick={submit}
      >
        {saving ? 'Saving…' : 'Save'}
      </button>
    </CustomRow>
  )
}

function Actions({ details, refresh }: { details: ChargerDetails; refresh(): void }) {
  const runChargerAction = useAppStore((s) => s.runChargerAction)
  const [asking, setAsking] = useState<ChargerDetails['actions'][number] | null>(null)
  const [running, setRunning] = useState<string | null>(null)
  const [result, setResult] = useState<ActionResult | null>(null)

  async function run(actionId: string) {
    setRunning(actionId)
    setResult(null)
    const reply = await runChargerAction(details.id, actionId)
    setRunning(null)
    setResult(reply)
    if (reply.ok) refresh()
  }

  return (
    <Group title="Actions">
      <div className="action-row">
        {details.actions.map((action) => (
          <button
            key={action.id}
            type="button"
            className="button"
            data-testid={`charger-action-${action.id}`}
            disabled={running !== null}
            onClick={() => (action.confirm ? setAsking(action) : void run(action.id))}
          >
            {running === action.id ? `${action.label}…` : action.confirm ? `${action.label}…` : action.label}
          </button>
        ))}
      </div>
      {result ? (
        <p className={`test-result ${result.ok ? 'test-ok' : 'test-fail'}`} role={result.ok ? 'status' : 'alert'} data-testid="charger-action-result">
          {result.ok ? <CheckIcon size={14} className="banner-icon" /> : <WarningIcon size={14} className="banner-icon" />}
          <span>
            <Sentence text={result.message} />
          </span>
        </p>
      ) : null}
      {asking?.confirm ? (
        <ConfirmDialog
          title={`${asking.label}?`}
          message={asking.confirm}
          confirmLabel={asking.label}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            const id = asking.id
            setAsking(null)
            void run(id)
          }}
        />
      ) : null}
    </Group>
  )
}
