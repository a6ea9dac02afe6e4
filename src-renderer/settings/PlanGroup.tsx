import { useId, useState } from 'react'
import { ChargePlan, ChargerSettings } from '../../src-shared/settings'
import { useAppStore } from '../store/StoreContext'
import { CheckIcon } from '../ui/icons'
import { Switch } from '../ui/Switch'
import { CustomRow, Group } from './fields'

/** "Ready by 07:00 with 20 kWh added": saved with the other settings, used by the planner. */
export function PlanGroup({ chargerId }: { chargerId: string }) {
  const view = useAppStore((s) => s.settings)
  const saveSettings = useAppStore((s) => s.saveSettings)
  const saved = view?.settings.chargers[chargerId]?.plan ?? ChargePlan.parse({})
  const [draft, setDraft] = useState<ChargePlan>(saved)
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null)
  const ids = { on: useId(), time: useId(), energy: useId() }

  async function save(next: ChargePlan) {
    if (!view || (next.enabled === saved.enabled && next.readyBy === saved.readyBy && next.energyKwh === saved.energyKwh)) return
    setDraft(next)
    setNote(null)
    const parsed = ChargePlan.safeParse(next)
    if (!parsed.success) {
      setNote({ ok: false, text: parsed.error.issues[0]?.message ?? 'This plan is not valid.' })
      return
    }
    const current = view.settings.chargers[chargerId] ?? ChargerSettings.parse({})
    const result = await saveSettings({ ...view.settings, chargers: { ...view.settings.chargers, [chargerId]: { ...current, plan: parsed.data } } })
    setNote(result.ok ? { ok: true, text: 'Saved.' } : { ok: false, text: result.error })
  }

  const savedNote = note?.ok ? (
    <span className="field-saved" role="status" data-testid="charger-plan-saved">
      <CheckIcon size={12} className="inline-icon" />
      {note.text}
    </span>
  ) : null
  return (
    <Group
      title="Departure plan"
      footnote="In Solar and Min + Solar the car gets the sun first: the grid buys only what the sun is not expected to bring (judged from the last three days at the same hours), in the cheapest price slots, keeping time to buy it all should the sun not come. Fast charges now regardless."
    >
      <CustomRow label="Ready by a time" hint={savedNote ?? 'Charge a set amount before you leave.'} error={note && !note.ok ? note.text : undefined} controlId={ids.on}>
        <Switch id={ids.on} checked={draft.enabled} label="Ready by a time" testId="charger-plan-enabled" disabled={!view} onChange={(enabled) => void save({ ...draft, enabled })} />
      </CustomRow>
      <CustomRow label="Ready by" hint="On the site's clock; the next time it comes round." controlId={ids.time}>
        <input
          id={ids.time}
          className="input"
          type="time"
          value={draft.readyBy}
          data-testid="charger-plan-time"
          disabled={!view}
          onChange={(event) => setDraft({ ...draft, readyBy: event.currentTarget.value })}
          onBlur={() => void save(draft)}
        />
      </CustomRow>
      <CustomRow label="Energy to add" hint="Counted from when the car was plugged in." controlId={ids.energy}>
        <span className="input-with-unit">
          <input
            id={ids.energy}
            className="input"
            type="number"
            min={1}
            max={200}
            step={1}
            value={Number.isFinite(draft.energyKwh) ? draft.energyKwh : ''}
            data-testid="charger-plan-energy"
            disabled={!view}
            onChange={(event) => setDraft({ ...draft, energyKwh: event.currentTarget.valueAsNumber })}
            onBlur={() => void save(draft)}
          />
          <span className="input-unit" aria-hidden="true">
            kWh
          </span>
        </span>
      </CustomRow>
    </Group>
  )
}
