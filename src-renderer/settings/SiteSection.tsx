import { useId, useMemo } from 'react'
import { ChargerSettings, type Settings } from '../../src-shared/settings'
import type { ChargerView } from '../../src-shared/model'
import { useAppStore } from '../store/StoreContext'
import { ChoiceField, CustomRow, Group, NumberField, TextField } from './fields'
import { SaveBar } from './SaveBar'
import type { SectionForm } from './useSettingsForms'

const timeZones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return []
  }
})()

// A stable empty list: a fresh [] in a selector would make every store read look like a change.
const noChargers: ChargerView[] = []

export function SiteSection({ form }: { form: SectionForm }) {
  const listId = useId()
  return (
    <>
      <Group title="Supply">
        <ChoiceField
          form={form}
          path="site.phases"
          label="Phases"
          hint="Single-phase or three-phase supply."
          options={[
            { value: 1, label: '1' },
            { value: 3, label: '3' },
          ]}
        />
        <NumberField form={form} path="site.voltageV" label="Voltage" unit="V" hint="Nominal voltage per phase." />
        <NumberField form={form} path="site.fuseA" label="Main fuse" unit="A" hint="Rating per phase; chargers never pull past it." testId="settings-fuse" />
      </Group>
      <Group title="Location" footnote="Used to know when the sun is up, for solar forecasts and the demo home.">
        <NumberField form={form} path="site.latitude" label="Latitude" unit="°" step={0.01} hint="North is positive, south negative." />
        <NumberField form={form} path="site.longitude" label="Longitude" unit="°" step={0.01} hint="East is positive, west negative." />
        <TextField form={form} path="site.timeZone" label="Time zone" hint="A name like Australia/Sydney." list={listId} />
        <datalist id={listId}>
          {timeZones.map((tz) => (
            <option key={tz} value={tz} />
          ))}
        </datalist>
      </Group>
      <ChargerPhases form={form} />
      <SaveBar form={form} />
    </>
  )
}

function ChargerPhases({ form }: { form: SectionForm }) {
  const chargers = useAppStore((s) => s.site?.chargers ?? noChargers)
  const settings = form.value
  const ids = useMemo(() => [...new Set([...chargers.map((c) => c.id), ...Object.keys(settings.chargers)])], [chargers, settings.chargers])
  const singlePhaseSite = settings.site.phases === 1

  return (
    <Group
      title="Charger wiring"
      footnote={singlePhaseSite ? 'With a single-phase supply every charger is on phase 1.' : 'Sunspill keeps each phase under the fuse rating.'}
    >
      {ids.length === 0 ? <p className="group-empty">No chargers known yet.</p> : null}
      {ids.map((id) => (
        <ChargerPhaseRow key={id} id={id} view={chargers.find((c) => c.id === id)} form={form} disabled={singlePhaseSite} />
      ))}
    </Group>
  )
}

function ChargerPhaseRow({ id, view, form, disabled }: { id: string; view: ChargerView | undefined; form: SectionForm; disabled: boolean }) {
  const controlId = useId()
  const name = view?.name ?? id
  const stored = form.value.chargers[id]
  const path = `chargers.${id}.phase`
  if (view?.capabilities.phases === 3) {
    return (
      <CustomRow label={name} hint="Three-phase charger: draws on all phases." controlId={controlId}>
        <span className="static-value" id={controlId}>
          L1 + L2 + L3
        </span>
      </CustomRow>
    )
  }
  return (
    <CustomRow label={name} hint="Which phase this single-phase charger is wired to." error={form.errors[path]} controlId={controlId}>
      <select
        id={controlId}
        className="input select"
        value={stored?.phase ?? 1}
        disabled={disabled}
        aria-describedby={`${controlId}-note`}
        onChange={(event) => {
          const phase = Number(event.currentTarget.value) as 1 | 2 | 3
          form.update((draft) => withChargerPhase(draft, id, view, phase))
        }}
      >
        <option value={1}>Phase 1 (L1)</option>
        <option value={2}>Phase 2 (L2)</option>
        <option value={3}>Phase 3 (L3)</option>
      </select>
    </CustomRow>
  )
}

/** A charger new to the settings file starts from what it is doing now, not from defaults. */
function withChargerPhase(draft: Settings, id: string, view: ChargerView | undefined, phase: 1 | 2 | 3): Settings {
  const current =
    draft.chargers[id] ??
    ChargerSettings.parse(view ? { mode: view.mode, enabled: view.enabled, limitA: Math.min(80, Math.max(1, Math.round(view.limitA))) } : {})
  return { ...draft, chargers: { ...draft.chargers, [id]: { ...current, phase } } }
}
