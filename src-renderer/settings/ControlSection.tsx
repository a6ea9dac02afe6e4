import { Group, NumberField } from './fields'
import { SaveBar } from './SaveBar'
import type { SectionForm } from './useSettingsForms'

export function ControlSection({ form }: { form: SectionForm }) {
  return (
    <>
      <Group title="Solar charging" footnote="Delays stop the charger flapping when clouds pass.">
        <NumberField form={form} path="control.startDelayS" label="Start delay" unit="s" hint="Surplus must last this long before charging starts." />
        <NumberField form={form} path="control.stopDelayS" label="Stop delay" unit="s" hint="Charging continues this long after the surplus ends." />
      </Group>
      <Group title="Home battery">
        <NumberField
          form={form}
          path="control.batteryPrioritySocPct"
          label="Battery first until"
          unit="%"
          hint="Below this charge, surplus fills the home battery before the car."
        />
      </Group>
      <SaveBar form={form} />
    </>
  )
}
