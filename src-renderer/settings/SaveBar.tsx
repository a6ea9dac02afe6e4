import { Sentence } from '../ui/Sentence'
import type { SectionForm } from './useSettingsForms'

export function SaveBar({ form }: { form: SectionForm }) {
  const { status, changed, valid } = form
  const saving = status.kind === 'saving'
  return (
    <div className="save-bar">
      <div className="save-feedback" aria-live="polite">
        {status.kind === 'saved' ? (
          <span className="saved" role="status" data-testid="settings-saved">
            <span aria-hidden="true">✓ </span>Saved
          </span>
        ) : null}
        {status.kind === 'error' ? (
          <span className="save-error" role="alert" data-testid="settings-error">
            <Sentence text={status.message} />
          </span>
        ) : null}
        {status.kind === 'idle' && changed && !valid ? <span className="save-hint">Fix the fields marked in red to save.</span> : null}
        {status.kind === 'idle' && changed && valid ? <span className="save-hint">Unsaved changes</span> : null}
      </div>
      <button type="button" className="button button-primary" data-testid="settings-save" disabled={!changed || !valid || saving} onClick={() => void form.save()}>
        {saving ? 'Saving…' : 'Save'}
      </button>
    </div>
  )
}
