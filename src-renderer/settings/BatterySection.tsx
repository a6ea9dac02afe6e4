import { useCallback, useEffect, useId, useMemo, useState } from 'react'
import type { BatteryView } from '../../src-shared/contract'
import type { BatterySettings } from '../../src-shared/model'
import { messageOf } from '../store/appStore'
import { useAppStore } from '../store/StoreContext'
import { InfoIcon, WarningIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import {
  batteryChanged,
  batteryDraft,
  setGroupEnabled,
  setWindowTime,
  snapWindowTime,
  validateBattery,
  windowIsOff,
  windowLength,
  type BatteryDraft,
  type WindowGroup,
} from './batteryForm'
import { CustomRow, Group } from './fields'
import { NumberRow, SwitchRow } from './rows'
import { SaveBarView } from './SaveBar'
import type { SaveStatus } from './useSettingsForms'

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; view: BatteryView }

export function BatterySection() {
  const fetchBattery = useAppStore((s) => s.fetchBattery)
  const [load, setLoad] = useState<Load>({ kind: 'loading' })
  const [reads, setReads] = useState(0)

  const read = useCallback(() => {
    setLoad({ kind: 'loading' })
    setReads((n) => n + 1)
    fetchBattery().then(
      (view) => setLoad({ kind: 'ready', view }),
      (error: unknown) => setLoad({ kind: 'failed', message: messageOf(error) }),
    )
  }, [fetchBattery])

  useEffect(read, [read])

  if (load.kind === 'loading') return <p className="empty-note">Reading the battery’s settings…</p>
  if (load.kind === 'failed') return <ReadProblem message={load.message} onRetry={read} />
  const { view } = load
  if (!view.available) {
    return (
      <div className="empty-state" data-testid="battery-unavailable">
        <p className="empty-title">No battery to configure</p>
        <p className="empty-text" data-testid="battery-message">
          <Sentence text={view.message ?? 'No battery whose settings Sunspill can change.'} />
        </p>
      </div>
    )
  }
  if (!view.settings) return <ReadProblem message={view.message ?? 'The battery did not say what its settings are.'} onRetry={read} />
  // A fresh read starts a fresh form; a save only replaces what the form compares against.
  return <BatteryForm key={reads} view={view} settings={view.settings} onSaved={(next) => setLoad({ kind: 'ready', view: next })} />
}

function ReadProblem({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <div className="banner banner-error" role="alert" data-testid="battery-message">
      <WarningIcon size={15} className="banner-icon" />
      <span>
        <Sentence text={message} />
      </span>
      <button type="button" className="button button-small" onClick={onRetry}>
        Try again
      </button>
    </div>
  )
}

function BatteryForm({ view, settings, onSaved }: { view: BatteryView; settings: BatterySettings; onSaved(view: BatteryView): void }) {
  const saveBattery = useAppStore((s) => s.saveBattery)
  const [draft, setDraft] = useState<BatteryDraft>(() => batteryDraft(settings))
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' })
  const validation = useMemo(() => validateBattery(draft), [draft])
  const changed = batteryChanged(draft, settings)
  const { errors } = validation

  function edit(next: BatteryDraft) {
    setDraft(next)
    if (status.kind !== 'saving') setStatus({ kind: 'idle' })
  }

  async function save() {
    if (!validation.settings) return
    setStatus({ kind: 'saving' })
    const result = await saveBattery(validation.settings)
    if (!result.ok) {
      setStatus({ kind: 'error', message: result.error })
      return
    }
    // What the battery reports back is what it really uses; the form shows that from now on.
    if (result.view.settings) setDraft(batteryDraft(result.view.settings))
    setStatus({ kind: 'saved' })
    onSaved(result.view)
  }

  return (
    <>
      {view.message ? (
        <p className="note" data-testid="battery-message">
          <InfoIcon size={14} className="note-icon" />
          <span>
            <Sentence text={view.message} />
          </span>
        </p>
      ) : null}
      <Group title="Charge limits">
        <NumberRow
          label="Minimum SOC"
          hint="Discharging stops at this charge; the rest is kept for a blackout."
          unit="%"
          min={0}
          max={100}
          value={draft.minSocPct}
          error={errors.minSocPct}
          testId="battery-min-soc"
          onChange={(v) => edit({ ...draft, minSocPct: v })}
        />
        <NumberRow
          label="Maximum SOC"
          hint="Charging stops at this charge."
          unit="%"
          min={0}
          max={100}
          value={draft.maxSocPct}
          error={errors.maxSocPct}
          testId="battery-max-soc"
          onChange={(v) => edit({ ...draft, maxSocPct: v })}
        />
      </Group>
      <WindowGroupEditor
        group="gridCharge"
        title="Charge from the grid"
        switchLabel="Grid charging"
        switchHint="Fills the battery from the grid within these windows, e.g. on a cheap night rate."
        draft={draft}
        errors={errors}
        edit={edit}
      />
      <WindowGroupEditor
        group="discharge"
        title="Discharge"
        switchLabel="Discharge windows"
        switchHint="When on, the battery only powers the house within these windows."
        draft={draft}
        errors={errors}
        edit={edit}
      />
      <SaveBarView
        status={status}
        changed={changed}
        valid={validation.settings !== null}
        savedText="Saved — read back from the battery"
        testIds={{ save: 'battery-save', saved: 'battery-saved', error: 'battery-error' }}
        onSave={() => void save()}
      />
    </>
  )
}

const testGroup: Record<WindowGroup, string> = { gridCharge: 'grid', discharge: 'discharge' }

function WindowGroupEditor({
  group,
  title,
  switchLabel,
  switchHint,
  draft,
  errors,
  edit,
}: {
  group: WindowGroup
  title: string
  switchLabel: string
  switchHint: string
  draft: BatteryDraft
  errors: Record<string, string>
  edit(next: BatteryDraft): void
}) {
  const { enabled } = draft[group]
  return (
    <Group title={title} footnote={group === 'gridCharge' ? 'Times are on the quarter hour; a window whose start and end are the same is off.' : undefined}>
      <SwitchRow
        label={switchLabel}
        hint={switchHint}
        checked={enabled}
        testId={`battery-${testGroup[group]}-enabled`}
        onChange={(on) => edit(setGroupEnabled(draft, group, on))}
      />
      {([0, 1] as const).map((index) => (
        <WindowRow key={index} group={group} index={index} draft={draft} errors={errors} disabled={!enabled} edit={edit} />
      ))}
    </Group>
  )
}

function WindowRow({
  group,
  index,
  draft,
  errors,
  disabled,
  edit,
}: {
  group: WindowGroup
  index: 0 | 1
  draft: BatteryDraft
  errors: Record<string, string>
  disabled: boolean
  edit(next: BatteryDraft): void
}) {
  const id = useId()
  const window = draft[group].windows[index]
  const base = `${group}.windows.${index}`
  const error = errors[`${base}.start`] ?? errors[`${base}.end`]
  const label = `Window ${index + 1}`
  const length = windowLength(window)
  const hint = windowIsOff(window) ? 'Off: start and end are the same.' : length ? `${length}, every day.` : ''
  const testBase = `battery-${testGroup[group]}-${index + 1}`

  const timeInput = (end: 'start' | 'end') => (
    <input
      id={end === 'start' ? id : undefined}
      className="input input-time num"
      type="time"
      step={900}
      value={window[end]}
      disabled={disabled}
      aria-label={`${label} ${end === 'start' ? 'starts' : 'ends'}`}
      aria-invalid={errors[`${base}.${end}`] ? true : undefined}
      aria-describedby={`${id}-note`}
      data-testid={`${testBase}-${end}`}
      onChange={(event) => edit(setWindowTime(draft, group, index, end, event.currentTarget.value))}
      onBlur={() => edit(snapWindowTime(draft, group, index, end))}
    />
  )

  return (
    <CustomRow label={label} hint={hint} error={error} controlId={id}>
      <span className="time-range">
        {timeInput('start')}
        <span className="time-sep" aria-hidden="true">
          to
        </span>
        {timeInput('end')}
      </span>
    </CustomRow>
  )
}
