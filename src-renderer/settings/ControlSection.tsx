import { useShallow } from 'zustand/shallow'
import type { ChargerView } from '../../src-shared/model'
import { useAppStore } from '../store/StoreContext'
import { ChoiceField, Group, NumberField, OptionalNumberField, ToggleField } from './fields'
import { SaveBar } from './SaveBar'
import type { SectionForm } from './useSettingsForms'

const noChargers: ChargerView[] = []

export function ControlSection({ form }: { form: SectionForm }) {
  // The site's state arrives every tick; only the chargers' ids and names matter here, compared by value.
  const ids = useAppStore(useShallow((s) => (s.site?.chargers ?? noChargers).map((c) => c.id)))
  const names = useAppStore(useShallow((s) => (s.site?.chargers ?? noChargers).map((c) => c.name)))
  const chargers = ids.map((id, i) => ({ value: id, label: names[i] ?? id }))
  return (
    <>
      <Group title="Solar charging" footnote="Delays stop the charger flapping when clouds pass.">
        <NumberField form={form} path="control.startDelayS" label="Start delay" unit="s" hint="Surplus must last this long before charging starts." />
        <NumberField form={form} path="control.stopDelayS" label="Stop delay" unit="s" hint="Charging continues this long after the surplus ends." />
        <NumberField
          form={form}
          path="control.solarShareMinPct"
          label="Sun's share at the minimum"
          unit="%"
          hint="Solar starts, and stays at the minimum current, while the sun covers this much of it; the rest comes from the grid or the battery. 100 % means sun only."
        />
        <NumberField form={form} path="control.maxStartsPerHour" label="Starts per hour at most" unit="/h" hint="Each start wears the contactor; passing clouds wait until the hour allows another." />
      </Group>
      {chargers.length > 1 ? (
        <Group title="Several chargers">
          <ChoiceField
            form={form}
            path="control.sunFirstChargerId"
            label="Sun goes first to"
            options={chargers}
            fallback={chargers[0]!.value}
            testId="settings-sun-first"
            hint="This charger takes the surplus, and the fuse's spare room, first; the others get what is left."
          />
        </Group>
      ) : null}
      <Group title="Prices" footnote="Apply in Solar and Min + Solar. Fast always charges at full current.">
        <OptionalNumberField
          form={form}
          path="control.cheapBelowCents"
          label="Charge at full current at or below"
          unit="c/kWh"
          step={0.1}
          fallback={0}
          testId="settings-cheap-below"
          hint="Cheap or negative prices fill the car from the grid too; at 0, only when you are paid to use power."
        />
        <OptionalNumberField
          form={form}
          path="control.neverAboveCents"
          label="No grid top-up above"
          unit="c/kWh"
          step={0.1}
          fallback={60}
          hint="Above this price Min + Solar takes only the sun, like Solar."
        />
        <OptionalNumberField
          form={form}
          path="control.exportAboveCents"
          label="Export instead when feed-in pays"
          unit="c/kWh"
          step={0.1}
          fallback={30}
          hint="When exporting earns at least this, the surplus goes to the grid, not the car."
        />
      </Group>
      <Group title="When data stops">
        <NumberField
          form={form}
          path="control.staleStopAfterS"
          label="Stop solar charging after"
          unit="s"
          hint="Without fresh power data the current never rises, drops to the minimum, then stops after this long."
        />
        <OptionalNumberField
          form={form}
          path="control.handOffWhenStaleMin"
          label="Hand chargers off when all data has been missing for"
          unit="min"
          fallback={15}
          testId="settings-stale-handoff"
          hint="With no data from the meter or any charger for this long, each charger is left as set under “When Sunspill stops” on its page, until data returns."
        />
      </Group>
      <Group title="Home battery">
        <NumberField
          form={form}
          path="control.batteryPrioritySocPct"
          label="Battery first until"
          unit="%"
          hint="Below this charge, surplus fills the home battery before the car."
        />
        <OptionalNumberField
          form={form}
          path="control.batteryBufferSocPct"
          label="Battery may carry a charging car above"
          unit="%"
          fallback={90}
          testId="settings-battery-buffer"
          hint="Above this charge a car already charging keeps its minimum from the home battery when the sun dips, instead of stopping."
        />
        <ToggleField
          form={form}
          path="control.holdBatteryForHouse"
          label="Keep the battery for the house while a car charges from the grid"
          testId="settings-hold-battery"
          hint="During Fast, a plan's slot or cheap power, the battery's minimum charge is raised to where it is, so it does not empty into the car; your minimum returns when the car stops. Each change is a write to the battery, which AlphaESS limits."
        />
      </Group>
      <SaveBar form={form} />
    </>
  )
}
