import { useId, type ReactNode } from 'react'
import { Switch } from '../ui/Switch'
import { CustomRow } from './fields'

/**
 * Rows like those in fields.tsx, for forms whose state is not a slice of Settings (accounts,
 * battery, charger pages). Values are controlled by the caller; numbers stay as typed text.
 */
interface RowBase {
  label: string
  hint: string
  error?: string | null | undefined
  testId?: string
  disabled?: boolean
  /** Shown after the control, e.g. a button that belongs to this row. */
  after?: ReactNode
}

export function TextRow({
  label,
  hint,
  error,
  testId,
  disabled,
  after,
  value,
  onChange,
  onBlur,
  type = 'text',
  placeholder,
  autoComplete = 'off',
  wide,
  mono,
  className,
}: RowBase & {
  value: string
  onChange(value: string): void
  onBlur?(): void
  type?: 'text' | 'email' | 'password' | 'url'
  placeholder?: string
  autoComplete?: string
  wide?: boolean
  mono?: boolean
  className?: string
}) {
  const id = useId()
  return (
    <CustomRow label={label} hint={hint} error={error ?? undefined} controlId={id}>
      <input
        id={id}
        className={['input', wide && 'input-wide', mono && 'mono', className].filter(Boolean).join(' ')}
        type={type}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete={autoComplete}
        autoCapitalize="off"
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-note`}
        data-testid={testId}
        onChange={(event) => onChange(event.currentTarget.value)}
        onBlur={onBlur}
      />
      {after}
    </CustomRow>
  )
}

export function NumberRow({
  label,
  hint,
  error,
  testId,
  disabled,
  after,
  value,
  onChange,
  onBlur,
  unit,
  min,
  max,
  step = 1,
}: RowBase & { value: string; onChange(text: string): void; onBlur?(): void; unit?: string | null; min?: number | null; max?: number | null; step?: number | null }) {
  const id = useId()
  return (
    <CustomRow label={label} hint={hint} error={error ?? undefined} controlId={id}>
      <span className="input-with-unit">
        <input
          id={id}
          className="input input-number num"
          type="number"
          inputMode="decimal"
          step={step ?? undefined}
          min={min ?? undefined}
          max={max ?? undefined}
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-note`}
          data-testid={testId}
          onChange={(event) => onChange(event.currentTarget.value)}
          onBlur={onBlur}
        />
        <span className="input-unit" aria-hidden="true">
          {unit ?? ''}
        </span>
      </span>
      {after}
    </CustomRow>
  )
}

export function SwitchRow({ label, hint, error, testId, disabled, after, checked, onChange }: RowBase & { checked: boolean; onChange(checked: boolean): void }) {
  const id = useId()
  return (
    <CustomRow label={label} hint={hint} error={error ?? undefined} controlId={id}>
      {after}
      <Switch id={id} checked={checked} label={label} describedBy={`${id}-note`} testId={testId} disabled={disabled} onChange={onChange} />
    </CustomRow>
  )
}

export function StaticRow({ label, hint, error, testId, value, mono }: RowBase & { value: ReactNode; mono?: boolean }) {
  const id = useId()
  return (
    <CustomRow label={label} hint={hint} error={error ?? undefined} controlId={id}>
      <span className={`static-value${mono ? ' mono' : ''}`} id={id} data-testid={testId}>
        {value}
      </span>
    </CustomRow>
  )
}
