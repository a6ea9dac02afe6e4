import { useId, useMemo, useState, type ComponentType } from 'react'
import { useShallow } from 'zustand/shallow'
import type { AccountTestResult, SourceStatus } from '../../src-shared/model'
import { accountChoiceField, accountKindLabels, accountSecretFields, type Account, type AccountKind } from '../../src-shared/settings'
import { useAppStore } from '../store/StoreContext'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { ArrowLeftIcon, BatteryIcon, CarIcon, CheckIcon, ChevronDownIcon, ChevronRightIcon, HouseIcon, InfoIcon, PlusIcon, TagIcon, WarningIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import {
  accountKindBlurbs,
  accountKinds,
  accountStatus,
  accountSummary,
  choiceLabels,
  draftChanged,
  draftFromAccount,
  identityFields,
  newAccountDraft,
  saveBlocker,
  secretHints,
  secretsToSend,
  setDraftSecret,
  setDraftValue,
  STORED_SECRET,
  validateAccountDraft,
  withSingleChoice,
  type AccountDraft,
} from './accountForm'
import { AccountInsightsPanel } from './AccountInsights'
import { AlphaessBinding } from './AlphaessBinding'
import { CustomRow, Group } from './fields'
import { NumberRow, TextRow } from './rows'
import { SaveBarView } from './SaveBar'
import type { SaveStatus } from './useSettingsForms'

const noSources: SourceStatus[] = []
const noAccounts: Account[] = []
const noSecrets: Record<string, string[]> = {}

export const kindIcons: Record<AccountKind, ComponentType<{ size?: number; className?: string }>> = {
  demo: HouseIcon,
  alphaess: BatteryIcon,
  amber: TagIcon,
  wallbox: CarIcon,
  chargeamps: CarIcon,
  andersen: CarIcon,
}

type Screen = { name: 'list'; notice: string | null } | { name: 'pick' } | { name: 'edit'; draft: AccountDraft }

export function AccountsSection() {
  const { accounts, loaded } = useAppStore(
    useShallow((s) => ({ accounts: s.settings?.settings.accounts ?? noAccounts, loaded: s.settings !== null })),
  )
  const [screen, setScreen] = useState<Screen>({ name: 'list', notice: null })

  if (screen.name === 'pick') {
    return (
      <KindPicker
        onBack={() => setScreen({ name: 'list', notice: null })}
        onPick={(kind) =>
          setScreen({
            name: 'edit',
            draft: newAccountDraft(
              kind,
              accounts.map((a) => a.id),
            ),
          })
        }
      />
    )
  }
  if (screen.name === 'edit') {
    return (
      <AccountEditor
        key={screen.draft.id}
        initial={screen.draft}
        onBack={() => setScreen({ name: 'list', notice: null })}
        onRemoved={(name) => setScreen({ name: 'list', notice: `Removed ${name}.` })}
      />
    )
  }
  return (
    <AccountList
      accounts={accounts}
      loaded={loaded}
      notice={screen.notice}
      onAdd={() => setScreen({ name: 'pick' })}
      onOpen={(account) => setScreen({ name: 'edit', draft: draftFromAccount(account) })}
    />
  )
}

function AccountList({
  accounts,
  loaded,
  notice,
  onAdd,
  onOpen,
}: {
  accounts: Account[]
  loaded: boolean
  notice: string | null
  onAdd(): void
  onOpen(account: Account): void
}) {
  const { sources, keyring } = useAppStore(useShallow((s) => ({ sources: s.site?.sources ?? noSources, keyring: s.site?.keyring ?? null })))
  return (
    <>
      {notice ? (
        <p className="banner banner-info" role="status">
          <CheckIcon size={14} className="banner-icon" />
          <span>{notice}</span>
        </p>
      ) : null}
      <section className="group">
        <div className="group-title-row">
          <h2 className="group-title" id="accounts-title">
            Your accounts
          </h2>
          <button type="button" className="button button-small button-with-icon" data-testid="account-add" onClick={onAdd}>
            <PlusIcon size={13} />
            Add account
          </button>
        </div>
        <ul className="group-box account-list" aria-labelledby="accounts-title">
          {accounts.map((account) => (
            <li key={account.id}>
              <AccountRow account={account} sources={sources} onOpen={() => onOpen(account)} />
            </li>
          ))}
          {accounts.length === 0 ? <li className="group-empty">{loaded ? 'No accounts yet: add one to get started.' : 'Loading accounts…'}</li> : null}
        </ul>
        <p className="group-footnote">
          Passwords, tokens and keys go to the system keyring{keyring ? ` (${keyring.backend})` : ''}; this window only ever learns whether one is stored.
        </p>
      </section>
    </>
  )
}

function AccountRow({ account, sources, onOpen }: { account: Account; sources: SourceStatus[]; onOpen(): void }) {
  const status = accountStatus(account.id, sources)
  const Icon = kindIcons[account.kind]
  const summary = accountSummary(account)
  return (
    <button type="button" className="account-row" data-testid={`account-row-${account.id}`} onClick={onOpen}>
      <span className={`kind-badge kind-${account.kind}`} aria-hidden="true">
        <Icon size={16} />
      </span>
      <span className="account-main">
        <span className="account-name">
          {account.name}
          <span className="account-kind">{accountKindLabels[account.kind]}</span>
        </span>
        <span className="account-summary">{status.detail ?? summary}</span>
      </span>
      <span className={`account-status tone-${status.tone}`} data-testid="account-status">
        {status.word}
      </span>
      <ChevronRightIcon size={15} className="row-chevron" />
    </button>
  )
}

function KindPicker({ onBack, onPick }: { onBack(): void; onPick(kind: AccountKind): void }) {
  return (
    <>
      <BackButton onClick={onBack} />
      <section className="group">
        <h2 className="group-title" id="kind-title">
          What would you like to add?
        </h2>
        <div className="kind-grid" role="list" aria-labelledby="kind-title">
          {accountKinds.map((kind) => {
            const Icon = kindIcons[kind]
            return (
              <div role="listitem" key={kind}>
                <button type="button" className="kind-tile" data-testid={`account-kind-${kind}`} onClick={() => onPick(kind)}>
                  <span className={`kind-badge kind-${kind}`} aria-hidden="true">
                    <Icon size={17} />
                  </span>
                  <span className="kind-text">
                    <span className="kind-name">{accountKindLabels[kind]}</span>
                    <span className="kind-blurb">{accountKindBlurbs[kind]}</span>
                  </span>
                </button>
              </div>
            )
          })}
        </div>
        <p className="group-footnote">Sunspill takes each role from the account that offers it: the meter and battery, the price, and every charger.</p>
      </section>
    </>
  )
}

function BackButton({ onClick }: { onClick(): void }) {
  return (
    <div className="crumb-row">
      <button type="button" className="crumb" onClick={onClick}>
        <ArrowLeftIcon size={13} />
        All accounts
      </button>
    </div>
  )
}

interface TestState {
  running: boolean
  result: AccountTestResult | null
}

function AccountEditor({ initial, onBack, onRemoved }: { initial: AccountDraft; onBack(): void; onRemoved(name: string): void }) {
  const { accounts, secretsSet, saveAccount, removeAccount, testAccount } = useAppStore(
    useShallow((s) => ({
      accounts: s.settings?.settings.accounts ?? noAccounts,
      secretsSet: s.settings?.secretsSet ?? noSecrets,
      saveAccount: s.saveAccount,
      removeAccount: s.removeAccount,
      testAccount: s.testAccount,
    })),
  )
  const [draft, setDraft] = useState(initial)
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set())
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' })
  const [test, setTest] = useState<TestState>({ running: false, result: null })
  const [confirmRemove, setConfirmRemove] = useState(false)
  // Each save starts "What this account sees" afresh: new credentials or a new system read anew.
  const [saves, setSaves] = useState(0)
  const [advancedOpen, setAdvancedOpen] = useState(() => typeof initial.values.baseUrl === 'string' && initial.values.baseUrl !== '')
  const advancedId = useId()

  const saved = accounts.find((a) => a.id === draft.id)
  const stored = secretsSet[draft.id] ?? []
  const validation = useMemo(() => validateAccountDraft(draft, stored), [draft, stored])
  const changed = draftChanged(draft, saved)
  const { kind } = draft
  const choiceField = accountChoiceField[kind]
  const labels = choiceLabels[kind]

  const errorFor = (name: string) => (!draft.isNew || touched.has(name) ? validation.errors[name] : undefined)
  const visibleErrors = Object.keys(validation.errors).filter((name) => errorFor(name)).length
  const canSave = validation.account !== null && validation.missingSecrets.length === 0

  function edit(next: AccountDraft, field: string) {
    setDraft(next)
    setTouched((all) => (all.has(field) ? all : new Set(all).add(field)))
    if (status.kind !== 'saving') setStatus({ kind: 'idle' })
  }

  async function save() {
    if (!validation.account || !canSave) return
    setStatus({ kind: 'saving' })
    const result = await saveAccount(validation.account, secretsToSend(draft))
    if (!result.ok) {
      setStatus({ kind: 'error', message: result.error })
      return
    }
    const now = result.view.settings.accounts.find((a) => a.id === draft.id)
    setDraft(now ? draftFromAccount(now) : { ...draft, isNew: false, secrets: {} })
    setStatus({ kind: 'saved' })
    // A first save shows the panel for the first time; only a later one has anything to read anew.
    if (!draft.isNew) setSaves((n) => n + 1)
  }

  async function runTest() {
    if (!validation.account) {
      // Show every sentence at once instead of a silent disabled button.
      setTouched(new Set(Object.keys(validation.errors)))
      return
    }
    setTest({ running: true, result: test.result })
    const result = await testAccount(validation.account, secretsToSend(draft))
    setTest({ running: false, result })
    if (result.ok) setDraft((current) => withSingleChoice(current, result.choices))
  }

  async function remove() {
    setConfirmRemove(false)
    setStatus({ kind: 'saving' })
    const result = await removeAccount(draft.id)
    if (result.ok) onRemoved(saved?.name ?? String(draft.values.name))
    else setStatus({ kind: 'error', message: result.error })
  }

  const Icon = kindIcons[kind]
  const title = draft.isNew ? `New ${accountKindLabels[kind]} account` : (saved?.name ?? String(draft.values.name))

  return (
    <>
      <BackButton onClick={onBack} />
      <div className="editor-head">
        <span className={`kind-badge kind-${kind} kind-badge-large`} aria-hidden="true">
          <Icon size={19} />
        </span>
        <div>
          <h2 className="editor-title">{title}</h2>
          {title !== accountKindLabels[kind] ? <p className="editor-sub">{accountKindLabels[kind]}</p> : null}
        </div>
      </div>

      {kind === 'alphaess' ? (
        <p className="note" data-testid="alphaess-howto">
          <InfoIcon size={14} className="note-icon" />
          <span>
            <strong>Where the AppID comes from:</strong> sign in at open.alphaess.com → Developer information: copy AppID and AppSecret. The old
            username and password login no longer works.
          </span>
        </p>
      ) : null}

      <Group title="Account" footnote={kind === 'demo' ? 'A simulated home with solar, a battery and a charger, to try Sunspill without real accounts.' : undefined}>
        <TextRow
          label="Name"
          hint="Shown in the popover, the sidebar and notifications."
          value={String(draft.values.name ?? '')}
          error={errorFor('name')}
          testId="account-name"
          onChange={(v) => edit(setDraftValue(draft, 'name', v), 'name')}
        />
        {identityFields[kind].map((field) => (
          <TextRow
            key={field.name}
            label={field.label}
            hint={field.hint}
            type={field.type}
            placeholder={field.placeholder}
            value={String(draft.values[field.name] ?? '')}
            error={errorFor(field.name)}
            testId={`account-field-${field.name}`}
            autoComplete={field.type === 'email' ? 'username' : 'off'}
            onChange={(v) => edit(setDraftValue(draft, field.name, v), field.name)}
          />
        ))}
        {accountSecretFields[kind].map((field) => {
          const isStored = stored.includes(field.name)
          return (
            <TextRow
              key={field.name}
              label={field.label}
              hint={isStored ? 'Stored in the keyring. Type a new one to replace it.' : (secretHints[`${kind}.${field.name}`] ?? 'Kept in the system keyring.')}
              type="password"
              autoComplete="new-password"
              placeholder={isStored ? STORED_SECRET : undefined}
              value={draft.secrets[field.name] ?? ''}
              testId={`account-field-${field.name}`}
              onChange={(v) => edit(setDraftSecret(draft, field.name, v), field.name)}
            />
          )
        })}
        {kind === 'demo' ? <DemoFields draft={draft} errorFor={errorFor} edit={edit} /> : null}
      </Group>

      {choiceField ? (
        <Group title={labels.one}>
          <CustomRow
            label={`${labels.one} in use`}
            hint={
              draft.values[choiceField] ? 'Press Test to check the sign-in and list the others.' : labels.none
            }
            controlId={`${advancedId}-test`}
            labelsGroup
          >
            {draft.values[choiceField] ? (
              <span className="static-value mono choice-current">{String(draft.values[choiceField])}</span>
            ) : null}
            <button
              type="button"
              className="button"
              aria-describedby={`${advancedId}-test-note`}
              data-testid="account-test"
              disabled={test.running}
              onClick={() => void runTest()}
            >
              {test.running ? 'Testing…' : 'Test'}
            </button>
          </CustomRow>
          {test.result ? <TestResult result={test.result} /> : null}
          {test.result && test.result.choices.length > 0 ? (
            <fieldset className="choice-list">
              <legend className="choice-legend">{labels.pick}</legend>
              {test.result.choices.map((choice) => (
                <label key={choice.id} className="choice-item">
                  <input
                    type="radio"
                    name={`${advancedId}-choice`}
                    value={choice.id}
                    checked={draft.values[choiceField] === choice.id}
                    data-testid={`account-choice-${choice.id}`}
                    onChange={() => edit(setDraftValue(draft, choiceField, choice.id), choiceField)}
                  />
                  <span className="choice-text">
                    <span className="choice-label">{choice.label}</span>
                    {choice.detail ? <span className="choice-detail">{choice.detail}</span> : null}
                  </span>
                </label>
              ))}
            </fieldset>
          ) : null}
        </Group>
      ) : null}

      {saved && (saved.kind === 'alphaess' || saved.kind === 'amber') ? <AccountInsightsPanel key={saves} account={saved} /> : null}

      {kind === 'alphaess' && !draft.isNew ? <AlphaessBinding accountId={draft.id} systemSn={(saved && 'systemSn' in saved ? saved.systemSn : null) ?? null} bound={test.result?.choices ?? []} /> : null}

      {kind !== 'demo' ? (
        <section className="group">
          <button
            type="button"
            className="disclosure"
            aria-expanded={advancedOpen}
            aria-controls={`${advancedId}-advanced`}
            data-testid="account-advanced"
            onClick={() => setAdvancedOpen((open) => !open)}
          >
            <ChevronDownIcon size={13} className="disclosure-icon" />
            Advanced
          </button>
          {advancedOpen ? (
            <div className="group-box" id={`${advancedId}-advanced`}>
              <TextRow
                label="Base URL"
                hint="Only for a proxy or a regional endpoint. Leave empty for the vendor's own address."
                type="url"
                placeholder="Default"
                value={String(draft.values.baseUrl ?? '')}
                error={errorFor('baseUrl')}
                testId="account-baseurl"
                mono
                wide
                onChange={(v) => edit(setDraftValue(draft, 'baseUrl', v), 'baseUrl')}
              />
            </div>
          ) : null}
        </section>
      ) : null}

      <SaveBarView
        status={status}
        changed={changed}
        valid={canSave}
        invalidHint={saveBlocker(validation, visibleErrors)}
        testIds={{ save: 'account-save', saved: 'account-saved', error: 'account-error' }}
        onSave={() => void save()}
        start={
          !draft.isNew ? (
            <button type="button" className="button button-quiet-danger" data-testid="account-remove" onClick={() => setConfirmRemove(true)}>
              Remove…
            </button>
          ) : null
        }
      />

      {confirmRemove ? (
        <ConfirmDialog
          title={`Remove ${saved?.name ?? 'this account'}?`}
          message={`Sunspill stops using ${saved?.name ?? 'it'} and deletes its stored secrets from the keyring. ${removalConsequence(kind)}`}
          confirmLabel="Remove"
          onCancel={() => setConfirmRemove(false)}
          onConfirm={() => void remove()}
        />
      ) : null}
    </>
  )
}

function removalConsequence(kind: AccountKind): string {
  switch (kind) {
    case 'wallbox':
    case 'chargeamps':
    case 'andersen':
      return 'Its charger leaves the popover.'
    case 'amber':
      return 'Prices come from the demo tariff until you add another.'
    case 'alphaess':
      return 'The popover loses the meter and battery readings.'
    case 'demo':
      return 'The simulated home goes away.'
  }
}

function TestResult({ result }: { result: AccountTestResult }) {
  return (
    <p className={`test-result ${result.ok ? 'test-ok' : 'test-fail'}`} role={result.ok ? 'status' : 'alert'} data-testid="account-test-result">
      {result.ok ? <CheckIcon size={14} className="banner-icon" /> : <WarningIcon size={14} className="banner-icon" />}
      <span>
        <Sentence text={result.message} />
      </span>
    </p>
  )
}

function DemoFields({
  draft,
  errorFor,
  edit,
}: {
  draft: AccountDraft
  errorFor(name: string): string | undefined
  edit(next: AccountDraft, field: string): void
}) {
  const phasesId = useId()
  const phases = draft.values.chargerPhases
  return (
    <>
      <NumberRow
        label="PV size"
        hint="Peak power of the simulated solar array."
        unit="kWp"
        step={0.1}
        value={String(draft.values.pvKwp ?? '')}
        error={errorFor('pvKwp')}
        testId="account-field-pvKwp"
        onChange={(v) => edit(setDraftValue(draft, 'pvKwp', v), 'pvKwp')}
      />
      <NumberRow
        label="Battery"
        hint="Usable capacity; 0 means no battery."
        unit="kWh"
        step={0.1}
        value={String(draft.values.batteryKwh ?? '')}
        error={errorFor('batteryKwh')}
        testId="account-field-batteryKwh"
        onChange={(v) => edit(setDraftValue(draft, 'batteryKwh', v), 'batteryKwh')}
      />
      <CustomRow label="Charger phases" hint="How the simulated charger is wired." controlId={phasesId} labelsGroup>
        <div className="segmented segmented-small" role="radiogroup" aria-labelledby={`${phasesId}-label`} data-testid="account-field-chargerPhases">
          {[1, 3].map((value) => (
            <label key={value} className="segment">
              <input
                type="radio"
                className="visually-hidden-radio"
                name={phasesId}
                checked={phases === value}
                onChange={() => edit(setDraftValue(draft, 'chargerPhases', value), 'chargerPhases')}
              />
              <span>{value}-phase</span>
            </label>
          ))}
        </div>
      </CustomRow>
    </>
  )
}
