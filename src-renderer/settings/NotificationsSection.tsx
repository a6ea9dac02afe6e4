import { Group, NumberField, ToggleField } from './fields'
import { SaveBar } from './SaveBar'
import type { SectionForm } from './useSettingsForms'

export function NotificationsSection({ form }: { form: SectionForm }) {
  return (
    <>
      <Group>
        <ToggleField form={form} path="notifications.enabled" label="Notifications" hint="Let Sunspill tell you about price events." />
        <NumberField
          form={form}
          path="notifications.spikeThresholdCents"
          label="Spike alert above"
          unit="c/kWh"
          step={1}
          hint="Notify when the price reaches this level."
        />
        <ToggleField form={form} path="notifications.negativePrice" label="Negative prices" hint="Notify when you are paid to use power." />
      </Group>
      <SaveBar form={form} />
    </>
  )
}
