import { describe, expect, it } from 'vitest'
import type { SourceStatus } from '../../../src-shared/model'
import { ALPHAESS_LOGIN_GONE, type Account } from '../../../src-shared/settings'
import {
  accountCandidate,
  accountKinds,
  accountStatus,
  accountSummary,
  draftChanged,
  draftFromAccount,
  newAccountDraft,
  newAccountId,
  saveBlocker,
  secretsToSend,
  setDraftSecret,
  setDraftValue,
  validateAccountDraft,
  withSingleChoice,
} from '../../../src-renderer/settings/accountForm'

/** A predictable "random" that walks through the alphabet. */
function sequence(...values: number[]) {
  let i = 0
  return () => values[i++ % values.length]!
}

const alphaess: Account = { kind: 'alphaess', id: 'alphaess-abc123', name: 'Home battery', baseUrl: '', appId: 'alphaef7900ee81dbbce9', systemSn: 'AL2002321010043' }

describe('account ids', () => {
  it('are the kind and six characters from [a-z0-9]', () => {
    expect(newAccountId('wallbox', sequence(0))).toBe('wallbox-aaaaaa')
    expect(newAccountId('amber', sequence(0.999))).toBe('amber-999999')
    for (const kind of accountKinds) expect(newAccountId(kind)).toMatch(new RegExp(`^${kind}-[a-z0-9]{6}$`))
  })

  it('never reuse an existing id', () => {
    const draft = newAccountDraft('amber', ['amber-aaaaaa'], sequence(0, 0, 0, 0, 0, 0, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04))
    expect(draft.id).toBe('amber-bbbbbb')
  })
})

describe('building the account from the form', () => {
  it('starts each kind with its own fields, named after the kind', () => {
    const wallbox = newAccountDraft('wallbox')
    expect(wallbox.isNew).toBe(true)
    expect(accountCandidate(wallbox)).toMatchObject({ kind: 'wallbox', id: wallbox.id, name: 'Wallbox', baseUrl: '', username: '', chargerId: null })
    expect(accountCandidate(newAccountDraft('andersen'))).toMatchObject({ email: '', deviceId: null })
    expect(accountCandidate(newAccountDraft('chargeamps'))).toMatchObject({ email: '', chargePointId: null })
    const demo = accountCandidate(newAccountDraft('demo'))
    expect(demo).toMatchObject({ kind: 'demo', pvKwp: 6.6, batteryKwh: 13.3, chargerPhases: 1 })
    expect(demo).not.toHaveProperty('baseUrl')
  })

  it('round-trips a saved account and parses with the shared schema', () => {
    const draft = draftFromAccount(alphaess)
    expect(draft.isNew).toBe(false)
    expect(validateAccountDraft(draft, ['appSecret']).account).toEqual(alphaess)
    const amber = newAccountDraft('amber')
    expect(validateAccountDraft(amber).account).toMatchObject({ kind: 'amber', siteId: null })
  })

  it('says what is wrong, field by field, in the schema’s words', () => {
    const username = setDraftValue(newAccountDraft('alphaess'), 'appId', 'sam@example.com')
    expect(validateAccountDraft(username).errors.appId).toBe(ALPHAESS_LOGIN_GONE)
    const short = setDraftValue(newAccountDraft('alphaess'), 'appId', 'abc')
    expect(validateAccountDraft(short).errors.appId).toMatch(/starts with "alpha"/)
    const email = setDraftValue(newAccountDraft('wallbox'), 'username', 'sam')
    expect(validateAccountDraft(email).errors.username).toBe('Enter the e-mail address you sign in with')
    const unnamed = setDraftValue(newAccountDraft('amber'), 'name', '  ')
    expect(validateAccountDraft(unnamed).errors.name).toBe('Give the account a name')
    const url = setDraftValue(newAccountDraft('amber'), 'baseUrl', 'proxy.local')
    expect(validateAccountDraft(url).errors.baseUrl).toMatch(/https:\/\//)
    const pv = setDraftValue(newAccountDraft('demo'), 'pvKwp', '')
    expect(validateAccountDraft(pv).errors.pvKwp).toBe('PV size must be a number')
  })

  it('needs every secret that is neither typed nor stored', () => {
    const draft = setDraftValue(newAccountDraft('chargeamps'), 'email', 'sam@example.com')
    expect(validateAccountDraft(draft).missingSecrets).toEqual(['Password', 'API key (from Charge Amps support)'])
    expect(validateAccountDraft(draft, ['password']).missingSecrets).toEqual(['API key (from Charge Amps support)'])
    expect(validateAccountDraft(setDraftSecret(draft, 'apiKey', 'k'), ['password']).missingSecrets).toEqual([])
    expect(validateAccountDraft(setDraftSecret(draft, 'apiKey', '   '), ['password']).missingSecrets).toHaveLength(1)
  })

  it('sends only typed secrets of the kind, trimmed; blank keeps the stored one', () => {
    let draft = newAccountDraft('chargeamps')
    draft = setDraftSecret(draft, 'password', '  hunter2 ')
    draft = setDraftSecret(draft, 'apiKey', '   ')
    draft = setDraftSecret(draft, 'token', 'not-a-charge-amps-secret')
    expect(secretsToSend(draft)).toEqual({ password: 'hunter2' })
    expect(secretsToSend(newAccountDraft('demo'))).toEqual({})
  })

  it('knows when a saved account has nothing to save', () => {
    const draft = draftFromAccount(alphaess)
    expect(draftChanged(draft, alphaess)).toBe(false)
    expect(draftChanged(setDraftValue(draft, 'appId', ' alphaef7900ee81dbbce9 '), alphaess)).toBe(false)
    expect(draftChanged(setDraftValue(draft, 'name', 'Battery'), alphaess)).toBe(true)
    expect(draftChanged(setDraftSecret(draft, 'appSecret', 'new'), alphaess)).toBe(true)
    expect(draftChanged(newAccountDraft('amber'), undefined)).toBe(true)
  })

  it('picks the only choice a test returns, but never overrides a pick', () => {
    const draft = newAccountDraft('wallbox')
    expect(withSingleChoice(draft, [{ id: '743219' }]).values.chargerId).toBe('743219')
    expect(withSingleChoice(draft, [{ id: 'a' }, { id: 'b' }]).values.chargerId).toBeNull()
    const picked = setDraftValue(draft, 'chargerId', 'x')
    expect(withSingleChoice(picked, [{ id: 'y' }]).values.chargerId).toBe('x')
    expect(withSingleChoice(newAccountDraft('demo'), [{ id: 'y' }])).toEqual(expect.objectContaining({ kind: 'demo' }))
  })

  it('tells why Save is disabled', () => {
    const draft = newAccountDraft('alphaess')
    const validation = validateAccountDraft(draft)
    expect(saveBlocker(validation, 0)).toBe('Fill in AppID and AppSecret to save.')
    expect(saveBlocker(validation, 1)).toBe('Fix the fields marked in red to save.')
    expect(saveBlocker(validateAccountDraft(draftFromAccount(alphaess), ['appSecret']), 0)).toBeNull()
  })
})

describe('account status in the list', () => {
  const source = (id: string, freshness: SourceStatus['freshness'], error: string | null = null): SourceStatus => ({ id, label: id, freshness, ageS: 5, error })

  it('puts the account’s own problem first, in its own words', () => {
    const sources = [source('account:amber-1', 'offline', 'Amber token rejected: create a new one, then paste it here.'), source('amber-1:tariff', 'fresh')]
    expect(accountStatus('amber-1', sources)).toEqual({ tone: 'error', word: 'Needs attention', detail: 'Amber token rejected: create a new one, then paste it here.' })
  })

  it('reads the health of the account’s devices', () => {
    expect(accountStatus('wb', [source('wb:charger', 'fresh')]).word).toBe('Connected')
    expect(accountStatus('wb', [source('wb:charger', 'fresh'), source('wb:meter', 'late')]).tone).toBe('warn')
    expect(accountStatus('wb', [source('wb:charger', 'offline', 'Wallbox is unreachable.')])).toEqual({ tone: 'error', word: 'Offline', detail: 'Wallbox is unreachable.' })
    expect(accountStatus('wb', [source('wb2:charger', 'offline')]).word).toBe('Not in use')
  })

  it('summarises what the account is and what it uses', () => {
    expect(accountSummary(alphaess)).toBe('alphaef7900ee81dbbce9 · System AL2002321010043')
    expect(accountSummary({ kind: 'amber', id: 'a', name: 'A', baseUrl: '', siteId: null })).toBe('No site picked')
    expect(accountSummary({ kind: 'demo', id: 'demo', name: 'Demo', pvKwp: 6.6, batteryKwh: 13.3, chargerPhases: 1 })).toBe('6.6 kWp solar · 13.3 kWh battery')
  })
})
