import { useMemo, useState } from 'react'
import type { ChargeSchedule, ChargerCapabilities, ScheduleLimits } from '../../src-shared/model'
import { useAppStore } from '../store/StoreContext'
import { PlusIcon, TrashIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import { Switch } from '../ui/Switch'
import { addRow, DEFAULT_SCHEDULE_LIMITS, describeDays, removeRow, scheduleRows, schedulesChanged, toggleDay, updateRow, validateSchedules, weekdays, type ScheduleRow } from './scheduleForm'
import type { SaveStatus } from './useSettingsForms'

/** The charger's own timetable: it follows these even while Sunspill is closed. */
export function SchedulesEditor({
  chargerId,
  saved: initial,
  capabilities,
  limits = DEFAULT_SCHEDULE_LIMITS,
}: {
  chargerId: string
  saved: ChargeSchedule[]
  capabilities: ChargerCapabilities
  /** What the vendor allows: how many rows, and whether a row has a current cap. */
  limits?: ScheduleLimits | null
}) {
  const scheduleLimits = limits ?? DEFAULT_SCHEDULE_LIMITS
  const saveChargerSchedules = useAppStore((s) => s.saveChargerSchedules)
  const [saved, setSaved] = useState(initial)
  const [rows, setRows] = useState<ScheduleRow[]>(() => scheduleRows(initial))
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' })
  const minA = Math.max(6, Math.ceil(capabilities.current?.minA ?? 6))
  const maxA = Math.min(80, Math.floor(capabilities.current?.maxA ?? 80))
  const validation = useMemo(() => validateSchedules(rows, { minA, maxA }, scheduleLimits), [rows, minA, maxA, scheduleLimits])
  const full = rows.length >= scheduleLimits.maxCount
  const withCap = scheduleLimits.perScheduleCurrent
  const changed = schedulesChanged(rows, saved)
  const saving = status.kind === 'saving'

  function edit(next: ScheduleRow[]) {
    setRows(next)
    if (!saving) setStatus({ kind: 'idle' })
  }

  async function save() {
    if (!validation.schedules) return
    setStatus({ kind: 'saving' })
    const result = await saveChargerSchedules(chargerId, validation.schedules)
    if (!result.ok) {
      setStatus({ kind: 'error', message: result.error })
      return
    }
    // The charger's own copy wins: it may assign ids or round times.
    setSaved(result.schedules)
    setRows(scheduleRows(result.schedules))
    setStatus({ kind: 'saved' })
  }

  return (
    <section className="group" aria-labelledby={`${chargerId}-schedules-title`}>
      <h2 className="group-title" id={`${chargerId}-schedules-title`}>
        Schedules
      </h2>
      <div className="group-box schedules">
        {rows.length === 0 ? (
          <p className="group-empty">No schedules: the charger charges whenever Sunspill lets it.</p>
        ) : (
          <div className={`schedule-head${withCap ? '' : ' no-cap'}`} aria-hidden="true">
            <span>On</span>
            <span>From – to</span>
            <span>Days</span>
            {withCap ? <span>Current cap</span> : null}
          </div>
        )}
        {rows.map((row, index) => (
          <ScheduleRowEditor
            key={row.id}
            row={row}
            index={index}
            errors={validation.errors}
            minA={minA}
            maxA={maxA}
            withCap={withCap}
            currentSettable={capabilities.current !== null}
            disabled={saving}
            onChange={(change) => edit(updateRow(rows, index, change))}
            onRemove={() => edit(removeRow(rows, index))}
          />
        ))}
        <div className="schedules-foot">
          <button
            type="button"
            className="button button-small button-with-icon"
            data-testid="schedule-add"
            disabled={full || saving}
            aria-describedby={full ? `${chargerId}-schedules-full` : undefined}
            onClick={() => edit(addRow(rows, undefined, scheduleLimits.maxCount))}
          >
            <PlusIcon size={13} />
            Add schedule
          </button>
          {full ? (
            <span className="schedules-limit" id={`${chargerId}-schedules-full`} data-testid="schedules-full">
              {scheduleLimits.maxCountReason}
            </span>
          ) : null}
          <span className="schedules-feedback" aria-live="polite">
            {status.kind === 'saved' ? (
              <span className="saved" role="status" data-testid="schedules-saved">
                <span aria-hidden="true">✓ </span>Saved to the charger
              </span>
            ) : null}
            {status.kind === 'error' ? (
              <span className="save-error" role="alert" data-testid="schedules-error">
                <Sentence text={status.message} />
              </span>
            ) : null}
            {status.kind === 'idle' && validation.errors.list ? (
              <span className="save-error" role="alert" data-testid="schedules-list-error">
                {validation.errors.list}
              </span>
            ) : null}
            {status.kind === 'idle' && changed && !validation.errors.list ? (
              <span className="save-hint">{validation.schedules ? 'Unsaved changes' : 'Fix the schedules marked in red to save.'}</span>
            ) : null}
          </span>
          <button type="button" className="button button-primary button-small" data-testid="schedules-save" disabled={!changed || !validation.schedules || saving} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save schedules'}
          </button>
        </div>
      </div>
      <p className="group-footnote" data-testid="schedules-footnote">
        Kept on the charger itself, so they run even when Sunspill is closed. Up to {scheduleLimits.maxCount} schedules
        {withCap ? '.' : ', each switching charging on and off: this charger’s schedules cannot cap the current.'}
      </p>
    </section>
  )
}

function ScheduleRowEditor({
  row,
  index,
  errors,
  minA,
  maxA,
  withCap,
  currentSettable,
  disabled,
  onChange,
  onRemove,
}: {
  row: ScheduleRow
  index: number
  errors: Record<string, string>
  minA: number
  maxA: number
  /** The vendor's schedules can cap the current; without it the row has no cap field at all. */
  withCap: boolean
  currentSettable: boolean
  disabled: boolean
  onChange(change: Partial<ScheduleRow>): void
  onRemove(): void
}) {
  const name = `Schedule ${index + 1}`
  const rowErrors = ['start', 'end', 'days', 'maxCurrentA', 'id', 'enabled'].map((f) => errors[`${index}.${f}`]).filter(Boolean)
  const errorId = `schedule-${row.id}-error`
  return (
    <div className={`schedule-row${row.enabled ? '' : ' is-off'}`} data-testid="schedule-row" role="group" aria-label={`${name}: ${describeDays(row.days)}`}>
      <div className={`schedule-line${withCap ? '' : ' no-cap'}`}>
        <Switch checked={row.enabled} label={`${name} on`} disabled={disabled} testId="schedule-enabled" onChange={(enabled) => onChange({ enabled })} />
        <span className="time-range">
          <input
            className="input input-time num"
            type="time"
            value={row.start}
            disabled={disabled}
            aria-label={`${name} starts`}
            aria-invalid={errors[`${index}.start`] ? true : undefined}
            aria-describedby={rowErrors.length ? errorId : undefined}
            data-testid="schedule-start"
            onChange={(event) => onChange({ start: event.currentTarget.value })}
          />
          <span className="time-sep" aria-hidden="true">
            –
          </span>
          <input
            className="input input-time num"
            type="time"
            value={row.end}
            disabled={disabled}
            aria-label={`${name} ends`}
            aria-invalid={errors[`${index}.end`] ? true : undefined}
            aria-describedby={rowErrors.length ? errorId : undefined}
            data-testid="schedule-end"
            onChange={(event) => onChange({ end: event.currentTarget.value })}
          />
        </span>
        <span className={`day-toggles${errors[`${index}.days`] ? ' is-invalid' : ''}`} role="group" aria-label={`${name} days`}>
          {weekdays.map((weekday) => (
            <button
              key={weekday.day}
              type="button"
              className="day-toggle"
              aria-pressed={row.days.includes(weekday.day)}
              aria-label={weekday.long}
              title={weekday.long}
              disabled={disabled}
              onClick={() => onChange({ days: toggleDay(row, weekday.day).days })}
            >
              {weekday.short}
            </button>
          ))}
        </span>
        {withCap ? (
          <span className="input-with-unit schedule-cap">
            <input
              className="input input-number input-cap num"
              type="number"
              inputMode="numeric"
              min={minA}
              max={maxA}
              step={1}
              placeholder="None"
              value={row.maxCurrentText}
              disabled={disabled || !currentSettable}
              aria-label={`${name} current cap in amps (blank for none)`}
              aria-invalid={errors[`${index}.maxCurrentA`] ? true : undefined}
              aria-describedby={rowErrors.length ? errorId : undefined}
              data-testid="schedule-max-current"
              onChange={(event) => onChange({ maxCurrentText: event.currentTarget.value })}
            />
            <span className="input-unit input-unit-short" aria-hidden="true">
              A
            </span>
          </span>
        ) : null}
        <button type="button" className="icon-button schedule-remove" aria-label={`Remove ${name.toLowerCase()}`} title="Remove" disabled={disabled} data-testid="schedule-remove" onClick={onRemove}>
          <TrashIcon size={15} />
        </button>
      </div>
      {rowErrors.length > 0 ? (
        <p className="field-error schedule-error" id={errorId}>
          <span className="field-error-mark" aria-hidden="true">
            !
          </span>
          {rowErrors.join('. ')}
        </p>
      ) : null}
    </div>
  )
}
