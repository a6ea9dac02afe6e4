import type { SourceStatus } from '../../src-shared/model'
import { Account, accountChoiceField, accountKindLabels, accountSecretFields, type AccountKind } from '../../src-shared/settings'
import { joinWords } from '../lib/joinWords'
import { deepEqual, readableMessage, type FieldErrors } from './settingsForm'

/**
 * Pure logic behind the account editor: what each kind asks for, how the typed values become an
 * Account for the shared schema, which secrets travel (blank ones never do: blank keeps the stored
 * one), and what the list says about each account's health.
 */

/** The order of the "Add account" picker. */
export const accountKinds: AccountKind[] = ['alphaess', 'amber', 'wallbox', 'chargeamps', 'andersen', 'demo']

export const accountKindBlurbs: Record<AccountKind, string> = {
  alphaess: 'Battery, solar and the meter',
  amber: 'Prices and forecasts',
  wallbox: 'EV charger',
  chargeamps: 'EV charger',
  andersen: 'EV charger',
  demo: 'A simulated home to try Sunspill',
}

export interface TextFieldSpec {
  name: string
  label: string
  hint: string
  type: 'text' | 'email'
  placeholder?: string
}

/** The fields that say who the account is (secrets and the picked system are separate). */
export const identityFields: Record<AccountKind, TextFieldSpec[]> = {
  demo: [],
  alphaess: [
    {
      name: 'appId',
      label: 'AppID',
      hint: 'From open.alphaess.com → Developer information.',
      type: 'text',
      placeholder: 'alpha…',
    },
  ],
  amber: [],
  wallbox: [{ name: 'username', label: 'E-mail', hint: 'The address you sign in to the Wallbox app with.', type: 'email' }],
  chargeamps: [{ name: 'email', label: 'E-mail', hint: 'The address you sign in to Charge Amps with.', type: 'email' }],
  andersen: [{ name: 'email', label: 'E-mail', hint: 'The address you sign in to the Andersen app with.', type: 'email' }],
}

/** Where each kind's secrets come from, shown under the field until something is stored. */
export const secretHints: Record<string, string> = {
  'alphaess.appSecret': 'Shown next to the AppID on open.alphaess.com.',
  'amber.token': 'Create one at app.amber.com.au → Developers.',
  'wallbox.password': 'Your Wallbox app password.',
  'chargeamps.password': 'Your Charge Amps password.',
  'chargeamps.apiKey': 'Charge Amps support sends it on request.',
  'andersen.password': 'Your Andersen app password.',
}

export const STORED_SECRET = 'Stored — leave blank to keep'

/** What the picked system, site or charger is called for each kind. */
export const choiceLabels: Record<AccountKind, { one: string; pick: string; none: string }> = {
  demo: { one: '', pick: '', none: '' },
  alphaess: { one: 'System', pick: 'Pick the system Sunspill reads and controls', none: 'None picked yet: press Test to list your systems.' },
  amber: { one: 'Site', pick: 'Pick the site whose prices Sunspill follows', none: 'None picked yet: press Test to list your sites.' },
  wallbox: { one: 'Charger', pick: 'Pick the charger Sunspill controls', none: 'None picked yet: press Test to list your chargers.' },
  chargeamps: { one: 'Charge point', pick: 'Pick the charge point Sunspill controls', none: 'None picked yet: press Test to list your charge points.' },
  andersen: { one: 'Charger', pick: 'Pick the charger Sunspill controls', none: 'None picked yet: press Test to list your chargers.' },
}

export type DraftValue = string | number | null

export interface AccountDraft {
  kind: AccountKind
  id: string
  /** True until the first successful save. */
  isNew: boolean
  /** Plain fields by name: name, baseUrl, the identity fields, the choice field, demo numbers (as typed). */
  values: Record<string, DraftValue>
  /** Typed secrets; blank means "keep what is stored". */
  secrets: Record<string, string>
}

const demoNumbers = ['pvKwp', 'batteryKwh'] as const

/** `${kind}-` and six random characters from [a-z0-9]. */
export function newAccountId(kind: AccountKind, random: () => number = Math.random): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  let suffix = ''
  for (let i = 0; i < 6; i++) suffix += alphabet[Math.min(alphabet.length - 1, Math.floor(random() * alphabet.length))]
  return `${kind}-${suffix}`
}

export function newAccountDraft(kind: AccountKind, existingIds: readonly string[] = [], random: () => number = Math.random): AccountDraft {
  let id = newAccountId(kind, random)
  while (existingIds.includes(id)) id = newAccountId(kind, random)
  const values: Record<string, DraftValue> = { name: accountKindLabels[kind] }
  if (kind === 'demo') Object.assign(values, { pvKwp: '6.6', batteryKwh: '13.3', chargerPhases: 1 })
  else values.baseUrl = ''
  for (const field of identityFields[kind]) values[field.name] = ''
  const choice = accountChoiceField[kind]
  if (choice) values[choice] = null
  return { kind, id, isNew: true, values, secrets: {} }
}

export function draftFromAccount(account: Account): AccountDraft {
  const { kind, id, ...rest } = account
  const values: Record<string, DraftValue> = {}
  for (const [key, value] of Object.entries(rest)) {
    values[key] = (demoNumbers as readonly string[]).includes(key) ? String(value) : (value as DraftValue)
  }
  return { kind, id, isNew: false, values, secrets: {} }
}

/** The object the schema checks and accounts:save sends (before parsing). */
export function accountCandidate(draft: AccountDraft): Record<string, unknown> {
  const candidate: Record<string, unknown> = { kind: draft.kind, id: draft.id }
  for (const [key, value] of Object.entries(draft.values)) {
    candidate[key] = (demoNumbers as readonly string[]).includes(key) ? parseNumber(value) : value
  }
  return candidate
}

/** Only the kind's own secrets, trimmed; blank ones are left out so the stored value is kept. */
export function secretsToSend(draft: AccountDraft): Record<string, string> {
  const out: Record<string, string> = {}
  for (const field of accountSecretFields[draft.kind]) {
    const value = draft.secrets[field.name]?.trim()
    if (value) out[field.name] = value
  }
  return out
}

export interface AccountValidation {
  account: Account | null
  /** The schema's sentence per field name ("appId", "name", "baseUrl"…). */
  errors: FieldErrors
  /** Labels of secrets neither typed nor stored: Save needs them, Test reports them itself. */
  missingSecrets: string[]
}

export function validateAccountDraft(draft: AccountDraft, storedSecrets: readonly string[] = []): AccountValidation {
  const result = Account.safeParse(accountCandidate(draft))
  const errors: FieldErrors = {}
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.')
      errors[path] ??= readableMessage(`accounts.0.${path}`, issue)
    }
  }
  const missingSecrets = accountSecretFields[draft.kind]
    .filter((field) => !draft.secrets[field.name]?.trim() && !storedSecrets.includes(field.name))
    .map((field) => field.label)
  return { account: result.success ? result.data : null, errors, missingSecrets }
}

/** An account with the same values as stored and no typed secret has nothing to save. */
export function draftChanged(draft: AccountDraft, saved: Account | undefined): boolean {
  if (draft.isNew || !saved) return true
  if (Object.keys(secretsToSend(draft)).length > 0) return true
  const parsed = Account.safeParse(accountCandidate(draft))
  if (!parsed.success) return true
  return !deepEqual(parsed.data, saved)
}

export function setDraftValue(draft: AccountDraft, name: string, value: DraftValue): AccountDraft {
  return { ...draft, values: { ...draft.values, [name]: value } }
}

export function setDraftSecret(draft: AccountDraft, name: string, value: string): AccountDraft {
  return { ...draft, secrets: { ...draft.secrets, [name]: value } }
}

/** After Test: with exactly one choice and nothing picked, pick it (the user still presses Save). */
export function withSingleChoice(draft: AccountDraft, choices: readonly { id: string }[]): AccountDraft {
  const field = accountChoiceField[draft.kind]
  if (!field || choices.length !== 1 || draft.values[field]) return draft
  return setDraftValue(draft, field, choices[0]!.id)
}

/** The sentence the footer shows while Save is disabled. */
export function saveBlocker(validation: AccountValidation, visibleErrors: number): string | null {
  if (visibleErrors > 0) return 'Fix the fields marked in red to save.'
  const missing = [...Object.keys(validation.errors).map(fieldLabel), ...validation.missingSecrets]
  if (missing.length === 0) return null
  return `Fill in ${joinWords([...new Set(missing)])} to save.`
}

function fieldLabel(name: string): string {
  for (const specs of Object.values(identityFields)) {
    const spec = specs.find((s) => s.name === name)
    if (spec) return spec.label
  }
  const labels: Record<string, string> = { name: 'the name', baseUrl: 'the base URL', pvKwp: 'the PV size', batteryKwh: 'the battery size' }
  return labels[name] ?? name
}

export type AccountTone = 'ok' | 'warn' | 'error' | 'idle'

export interface AccountStatus {
  tone: AccountTone
  /** A word or two for the list. */
  word: string
  /** The sentence behind it, when there is one. */
  detail: string | null
}

/** An account's health from the site's sources: its problem source first, then its devices. */
export function accountStatus(accountId: string, sources: readonly SourceStatus[]): AccountStatus {
  const problem = sources.find((s) => s.id === `account:${accountId}`)
  if (problem) return { tone: 'error', word: 'Needs attention', detail: problem.error ?? null }
  const own = sources.filter((s) => s.id.startsWith(`${accountId}:`))
  if (own.length === 0) return { tone: 'idle', word: 'Not in use', detail: null }
  const failing = own.find((s) => s.freshness === 'offline')
  if (failing) return { tone: 'error', word: 'Offline', detail: failing.error }
  const behind = own.find((s) => s.freshness === 'stale' || s.freshness === 'late')
  if (behind) return { tone: 'warn', word: behind.freshness === 'stale' ? 'Stale' : 'Late', detail: behind.error }
  return { tone: 'ok', word: 'Connected', detail: null }
}

/** The picked system, site or charger as the list shows it. */
export function accountSummary(account: Account): string {
  const field = accountChoiceField[account.kind]
  const identity = identityFields[account.kind][0]
  const who = identity ? String((account as Record<string, unknown>)[identity.name] ?? '') : ''
  if (account.kind === 'demo') return `${account.pvKwp} kWp solar · ${account.batteryKwh} kWh battery`
  const picked = field ? ((account as Record<string, unknown>)[field] as string | null) : null
  const pickedText = field ? (picked ? `${choiceLabels[account.kind].one} ${picked}` : `No ${choiceLabels[account.kind].one.toLowerCase()} picked`) : ''
  return [who, pickedText].filter(Boolean).join(' · ')
}

function parseNumber(value: DraftValue): number {
  if (typeof value === 'number') return value
  if (value === null || value.trim() === '') return Number.NaN
  return Number(value)
}
