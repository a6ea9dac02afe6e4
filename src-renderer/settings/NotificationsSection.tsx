import { useId } from 'react'
import { CustomRow, Group, NumberField, ToggleField } from './fields'
import { notificationKindRows, QUIET_HOURS_RULE, quietHoursSummary } from './notificationsForm'
import { SaveBar } from './SaveBar'
import { setPath } from './settingsForm'
import type { SectionForm } from './useSettingsForms'

export function NotificationsSection({ form }: { form: SectionForm }) {
  return (
    <>
      <Group>
        <ToggleField
          form={form}
          path="notifications.enabled"
          label="Notifications"
          hint="Let Sunspill tell you about prices, the car, its sources and the battery."
          testId="notify-enabled"
        />
        <NumberField
          form={form}
          path="notifications.spikeThresholdCents"
          label="Spike alert above"
          unit="c/kWh"
          step={1}
          hint="Notify when the price reaches this level."
        />
      </Group>
      <Group title="Tell me about" footnote="Each event is told once; it is told again only after it has ended and comes back.">
        {notificationKindRows.map((row) => (
          <ToggleField key={row.kind} form={form} path={`notifications.kinds.${row.kind}`} label={row.label} hint={row.hint} testId={`notify-kind-${row.kind}`} />
        ))}
      </Group>
      <Group title="Quiet hours" footnote={QUIET_HOURS_RULE}>
        <ToggleField form={form} path="notifications.quietHours.enabled" label="Quiet hours" hint="Hold back notifications that can wait, every day." testId="quiet-hours-enabled" />
        <QuietHoursRow form={form} />
      </Group>
      <SaveBar form={form} />
    </>
  )
}

function QuietHoursRow({ form }: { form: SectionForm }) {
  const id = useId()
  const quiet = form.value.notifications.quietHours
  const error = form.errors['notifications.quietHours.start'] ?? form.errors['notifications.quietHours.end']
  const input = (end: 'start' | 'end') => (
    <input
      id={end === 'start' ? id : undefined}
      className="input input-time num"
      type="time"
      value={quiet[end]}
      disabled={!quiet.enabled}
      aria-label={end === 'start' ? 'Quiet hours start' : 'Quiet hours end'}
      aria-invalid={form.errors[`notifications.quietHours.${end}`] ? true : undefined}
      aria-describedby={`${id}-note`}
      data-testid={`quiet-hours-${end}`}
      onChange={(event) => {
        const value = event.currentTarget.value
        form.update((draft) => setPath(draft, `notifications.quietHours.${end}`, value))
      }}
    />
  )
  return (
    <CustomRow label="Hours" hint={quietHoursSummary(quiet.start, quiet.end) ?? 'Pick when quiet hours start and end.'} error={error} controlId={id}>
      <span className="time-range">
        {input('start')}
        <span className="time-sep" aria-hidden="true">
          to
        </span>
        {input('end')}
      </span>
    </CustomRow>
  )
}
