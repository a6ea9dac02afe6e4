import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { Switch } from '../ui/Switch'
import { getPath, setPath } from './settingsForm'
import type { SectionForm } from './useSettingsForms'

/**
 * Form rows in the style of macOS System Settings / Windows 11: label and hint on the left,
 * control on the right. The hint line turns into the schema's sentence when the value is wrong,
 * so an error never pushes the rows below.
 */
interface RowProps {
  label: string
  hint: ReactNode
  error?: string | undefined
  controlId: string
  /** For a group of controls (radios): the label names the group instead of one input. */
  labelsGroup?: boolean
  children: ReactNode
}

function FieldRow({ label, hint, error, controlId, labelsGroup, children }: RowProps) {
  return (
    <div className={`field-row${error ? ' has-error' : ''}`}>
      <div className="field-text">
        {labelsGroup ? (
          <span id={`${controlId}-label`} className="field-label">
            {label}
          </span>
        ) : (
          <label htmlFor={controlId} className="field-label">
            {label}
          </label>
        )}
        <p id={`${controlId}-note`} className={error ? 'field-error' : 'field-hint'}>
          {error ? (
            <>
              <span className="field-error-mark" aria-hidden="true">
                !
              </span>
              {error}
            </>
          ) : (
            hint
          )}
        </p>
      </div>
      <div className="field-control">{children}</div>
    </div>
  )
}

interface FieldProps {
  form: SectionForm
  path: string
  label: string
  hint: string
  testId?: string
}

/**
 * A number input that keeps the text as typed ("1.", "-") and passes on only its number, with
 * the unit after it.
 */
function NumberInput({
  id,
  value,
  error,
  unit,
  step,
  min,
  max,
  testId,
  onNumber,
}: {
  id: string
  value: number
  error: string | undefined
  unit?: string | undefined
  step: number
  min?: number | undefined
  max?: number | undefined
  testId?: string | undefined
  onNumber(value: number): void
}) {
  const [text, setText] = useState(() => formatNumber(value))
  useEffect(() => {
    setText((current) => (Object.is(parseNumber(current), value) ? current : formatNumber(value)))
  }, [value])
  return (
    <>
      <input
        id={id}
        className="input input-number num"
        type="number"
        inputMode="decimal"
        step={step}
        min={min}
        max={max}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-note`}
        data-testid={testId}
        onChange={(event) => {
          const next = event.currentTarget.value
          setText(next)
          onNumber(parseNumber(next))
        }}
      />
      {unit ? (
        <span className="input-unit" aria-hidden="true">
          {unit}
        </span>
      ) : null}
    </>
  )
}

export function NumberField({ form, path, label, hint, unit, step = 1, min, max, testId }: FieldProps & { unit?: string; step?: number; min?: number; max?: number }) {
  const id = useId()
  const error = form.errors[path]
  return (
    <FieldRow label={label} hint={hint} error={error} controlId={id}>
      <span className="input-with-unit">
        <NumberInput
          id={id}
          value={getPath(form.value, path) as number}
          error={error}
          unit={unit}
          step={step}
          min={min}
          max={max}
          testId={testId}
          onNumber={(next) => form.update((draft) => setPath(draft, path, next))}
        />
      </span>
    </FieldRow>
  )
}

export function TextField({ form, path, label, hint, testId, list, wide }: FieldProps & { list?: string; wide?: boolean }) {
  const id = useId()
  const value = (getPath(form.value, path) as string | undefined) ?? ''
  const error = form.errors[path]
  return (
    <FieldRow label={label} hint={hint} error={error} controlId={id}>
      <input
        id={id}
        className={`input${wide ? ' input-wide' : ''}`}
        type="text"
        value={value}
        list={list}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-note`}
        data-testid={testId}
        onChange={(event) => {
          const next = event.currentTarget.value
          form.update((draft) => setPath(draft, path, next))
        }}
      />
    </FieldRow>
  )
}

/** Beyond this many characters of labels in all, segments crowd the row: a menu takes their place. */
const SEGMENT_LABEL_CHARS = 28

export function ChoiceField<T extends string | number>({
  form,
  path,
  label,
  hint,
  options,
  testId,
  fallback,
}: FieldProps & { options: { value: T; label: string }[]; /** Shown as chosen while the setting names none of the options. */ fallback?: T }) {
  const id = useId()
  const stored = getPath(form.value, path) as T
  const value = fallback !== undefined && !options.some((o) => o.value === stored) ? fallback : stored
  const error = form.errors[path]
  const choose = (next: T) => form.update((draft) => setPath(draft, path, next))
  if (options.reduce((chars, option) => chars + option.label.length, 0) > SEGMENT_LABEL_CHARS) {
    const chosen = options.findIndex((o) => o.value === value)
    return (
      <FieldRow label={label} hint={hint} error={error} controlId={id}>
        <select
          id={id}
          className="input select select-wide"
          value={chosen < 0 ? '' : String(chosen)}
          aria-describedby={`${id}-note`}
          aria-invalid={error ? true : undefined}
          data-testid={testId}
          onChange={(event) => {
            const option = options[Number(event.currentTarget.value)]
            if (option) choose(option.value)
          }}
        >
          {chosen < 0 ? <option value="" disabled /> : null}
          {options.map((option, index) => (
            <option key={String(option.value)} value={String(index)}>
              {option.label}
            </option>
          ))}
        </select>
      </FieldRow>
    )
  }
  return (
    <FieldRow label={label} hint={hint} error={error} controlId={id} labelsGroup>
      <div
        className="segmented segmented-small"
        role="radiogroup"
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-note`}
        aria-invalid={error ? true : undefined}
        data-testid={testId}
      >
        {options.map((option) => (
          <label key={String(option.value)} className="segment">
            <input type="radio" className="visually-hidden-radio" name={id} checked={option.value === value} onChange={() => choose(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </FieldRow>
  )
}

export function ToggleField({ form, path, label, hint, testId }: FieldProps) {
  const id = useId()
  const checked = getPath(form.value, path) === true
  return (
    <FieldRow label={label} hint={hint} error={form.errors[path]} controlId={id}>
      <Switch id={id} checked={checked} label={label} describedBy={`${id}-note`} testId={testId} onChange={(next) => form.update((draft) => setPath(draft, path, next))} />
    </FieldRow>
  )
}

/** A number that can be switched off (stored as null): a switch, and the number when on. */
export function OptionalNumberField({
  form,
  path,
  label,
  hint,
  unit,
  step = 1,
  fallback,
  testId,
}: FieldProps & { unit?: string; step?: number; fallback: number }) {
  const id = useId()
  const value = getPath(form.value, path) as number | null
  const on = value !== null && value !== undefined
  // Switching back on restores the last number the user had, not the fallback.
  const lastNumber = useRef(on ? value : fallback)
  if (on && Number.isFinite(value)) lastNumber.current = value
  const error = form.errors[path]
  return (
    <FieldRow label={label} hint={hint} error={error} controlId={id}>
      <span className="input-with-unit">
        <Switch
          checked={on}
          label={`${label}: ${on ? 'on' : 'off'}`}
          describedBy={`${id}-note`}
          testId={testId ? `${testId}-on` : undefined}
          onChange={(next) => form.update((draft) => setPath(draft, path, next ? lastNumber.current : null))}
        />
        {on ? (
          <NumberInput
            id={id}
            value={value}
            error={error}
            unit={unit}
            step={step}
            testId={testId}
            onNumber={(next) => form.update((draft) => setPath(draft, path, next))}
          />
        ) : null}
      </span>
    </FieldRow>
  )
}

/** A row for controls the generic fields do not cover (e.g. a charger's phase). */
export function CustomRow(props: RowProps) {
  return <FieldRow {...props} />
}

export function Group({ title, children, footnote }: { title?: string; children: ReactNode; footnote?: ReactNode }) {
  return (
    <section className="group">
      {title ? <h2 className="group-title">{title}</h2> : null}
      <div className="group-box">{children}</div>
      {footnote ? <p className="group-footnote">{footnote}</p> : null}
    </section>
  )
}

function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text)
}

function formatNumber(value: number): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : ''
}
