import type { Account } from '../../src-shared/settings'
import { ChoiceField, Group, NumberField, TextField } from './fields'
import { SaveBar } from './SaveBar'
import type { SectionForm } from './useSettingsForms'

export function AccountsSection({ form }: { form: SectionForm }) {
  const accounts = form.value.accounts
  return (
    <>
      {accounts.map((account, index) => (
        <AccountGroup key={account.id} account={account} index={index} form={form} />
      ))}
      {accounts.length === 0 ? <p className="empty-note">No accounts yet.</p> : null}
      <p className="coming-note">AlphaESS, Amber, Wallbox, Charge Amps and Andersen accounts arrive in a coming version.</p>
      <SaveBar form={form} />
    </>
  )
}

function AccountGroup({ index, form }: { account: Account; index: number; form: SectionForm }) {
  const base = `accounts.${index}`
  return (
    <Group title="Demo account" footnote="A simulated home with solar, a battery and a charger, to try Sunspill without real accounts.">
      <TextField form={form} path={`${base}.name`} label="Name" hint="Shown in the popover and in notifications." />
      <NumberField form={form} path={`${base}.pvKwp`} label="PV size" unit="kWp" step={0.1} hint="Peak power of the simulated solar array." />
      <NumberField form={form} path={`${base}.batteryKwh`} label="Battery" unit="kWh" step={0.1} hint="Usable capacity; 0 means no battery." />
      <ChoiceField
        form={form}
        path={`${base}.chargerPhases`}
        label="Charger phases"
        hint="How the simulated charger is wired."
        options={[
          { value: 1, label: '1-phase' },
          { value: 3, label: '3-phase' },
        ]}
      />
    </Group>
  )
}
