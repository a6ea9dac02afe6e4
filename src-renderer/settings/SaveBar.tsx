import type { ReactNode } from 'react'
import { Sentence } from '../ui/Sentence'
import type { SaveStatus, SectionForm } from './useSettingsForms'

export function SaveBar({ form }: { form: SectionForm }) {
  return <SaveBarView status={form.status} changed={form.changed} valid={form.valid} onSave={() => void form.save()} />
}

interface SaveBarViewProps {
  status: SaveStatus
  changed: boolean
  valid: boolean
  onSave(): void
  /** Why Save is disabled while the input is invalid. */
  invalidHint?: string | null
  savedText?: string
  testIds?: { save: string; saved: string; error: string }
  /** Controls at the far left (Remove) and just before Save (Test). */
  start?: ReactNode
  before?: ReactNode
  /** Saving is allowed without a change (a new account is a change in itself). */
  disabled?: boolean
}

const settingsTestIds = { save: 'settings-save', saved: 'settings-saved', error: 'settings-error' }

/** The sticky button row at the bottom of a section: Save, and a visible "saved" or the error. */
export function SaveBarView({
  status,
  changed,
  valid,
  onSave,
  invalidHint = 'Fix the fields marked in red to save.',
  savedText = 'Saved',
  testIds = settingsTestIds,
  start,
  before,
  disabled,
}: SaveBarViewProps) {
  const saving = status.kind === 'saving'
  return (
    <div className="save-bar">
      {start ? <div className="save-bar-start">{start}</div> : null}
      <div className="save-feedback" aria-live="polite">
        {status.kind === 'saved' ? (
          <span className="saved" role="status" data-testid={testIds.saved}>
            <span aria-hidden="true">✓ </span>
            {savedText}
          </span>
        ) : null}
        {status.kind === 'error' ? (
          <span className="save-error" role="alert" data-testid={testIds.error}>
            <Sentence text={status.message} />
          </span>
        ) : null}
        {status.kind === 'idle' && changed && !valid && invalidHint ? <span className="save-hint">{invalidHint}</span> : null}
        {status.kind === 'idle' && changed && valid ? <span className="save-hint">Unsaved changes</span> : null}
      </div>
      {before}
      <button
        type="button"
        className="button button-primary"
        data-testid={testIds.save}
        disabled={!changed || !valid || saving || disabled}
        onClick={onSave}
      >
        {saving ? 'Saving…' : 'Save'}
      </button>
    </div>
  )
}
