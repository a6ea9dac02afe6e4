import { useCallback, useState } from 'react'
import type { Settings } from '../../src-shared/settings'
import { useAppStore } from '../store/StoreContext'
import { composeForSave, sectionChanged, validateSettings, type EditableSection, type FieldErrors } from './settingsForm'

export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string }

export interface SectionForm {
  /** The draft when the user has edited this section, else the saved settings. */
  value: Settings
  errors: FieldErrors
  changed: boolean
  valid: boolean
  status: SaveStatus
  update(change: (draft: Settings) => Settings): void
  save(): Promise<void>
}

/**
 * Drafts live at window level so switching sections keeps unsaved edits. A section without a
 * draft follows the saved settings, including changes pushed by settings:changed.
 */
export function useSettingsForms(server: Settings | null) {
  const saveSettings = useAppStore((s) => s.saveSettings)
  const [drafts, setDrafts] = useState<Partial<Record<EditableSection, Settings>>>({})
  const [statuses, setStatuses] = useState<Partial<Record<EditableSection, SaveStatus>>>({})

  const setStatus = useCallback((section: EditableSection, status: SaveStatus) => {
    setStatuses((all) => ({ ...all, [section]: status }))
  }, [])

  return useCallback(
    (section: EditableSection): SectionForm | null => {
      if (!server) return null
      const draft = drafts[section]
      const value = draft ?? server
      const candidate = composeForSave(server, value, section)
      const { settings, errors } = validateSettings(candidate)
      const changed = draft !== undefined && sectionChanged(server, draft, section)
      const status = statuses[section] ?? { kind: 'idle' }
      return {
        value,
        errors,
        changed,
        valid: settings !== null,
        status,
        update(change) {
          setDrafts((all) => ({ ...all, [section]: change(all[section] ?? server) }))
          if (status.kind !== 'saving') setStatus(section, { kind: 'idle' })
        },
        async save() {
          if (!settings || !changed) return
          setStatus(section, { kind: 'saving' })
          const result = await saveSettings(settings)
          if (result.ok) {
            setDrafts(({ [section]: _saved, ...rest }) => rest)
            setStatus(section, { kind: 'saved' })
          } else {
            setStatus(section, { kind: 'error', message: result.error })
          }
        },
      }
    },
    [server, drafts, statuses, saveSettings, setStatus],
  )
}
