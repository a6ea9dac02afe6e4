import { describe, expect, it } from 'vitest'
import { defaultSettings, type Account } from '../../../src-shared/settings'
import type { BatterySettings } from '../../../src-shared/model'
import { createAppStore } from '../../../src-renderer/store/appStore'
import { fakeApi } from './fixtures'

const amber: Account = { kind: 'amber', id: 'amber-abc123', name: 'Amber', baseUrl: '', siteId: null }
const battery: BatterySettings = {
  minSocPct: 10,
  maxSocPct: 100,
  gridCharge: { enabled: false, windows: [{ start: '00:00', end: '00:00' }, { start: '00:00', end: '00:00' }] },
  discharge: { enabled: false, windows: [{ start: '00:00', end: '00:00' }, { start: '00:00', end: '00:00' }] },
}

describe('app store: accounts, battery and charger pages', () => {
  it('saves an account with its typed secrets and applies the new settings', async () => {
    const view = { settings: { ...defaultSettings(), accounts: [amber] }, problem: null, secretsSet: { [amber.id]: ['token'] } }
    const fake = fakeApi({ 'accounts:save': () => ({ ok: true, view }) })
    const store = createAppStore(fake.api)
    const result = await store.getState().saveAccount(amber, { token: 'psk_123' })
    expect(result.ok).toBe(true)
    expect(fake.calls.at(-1)).toEqual({ channel: 'accounts:save', req: { account: amber, secrets: { token: 'psk_123' } } })
    expect(store.getState().settings?.secretsSet).toEqual({ [amber.id]: ['token'] })
  })

  it('turns transport failures into results that carry the sentence', async () => {
    const boom = () => {
      throw new Error('Cannot reach Sunspill. Check that `npm run serve` is still running, then try again.')
    }
    const fake = fakeApi({
      'accounts:test': boom,
      'accounts:save': boom,
      'accounts:remove': boom,
      'accounts:action': boom,
      'battery:save': boom,
      'charger:setField': boom,
      'charger:runAction': boom,
      'charger:setLocked': boom,
      'charger:saveSchedules': boom,
    })
    const s = createAppStore(fake.api).getState()
    const sentence = /^Cannot reach Sunspill/
    expect(await s.testAccount(amber, {})).toEqual({ ok: false, message: expect.stringMatching(sentence), choices: [] })
    expect(await s.saveAccount(amber, {})).toEqual({ ok: false, error: expect.stringMatching(sentence) })
    expect(await s.removeAccount(amber.id)).toEqual({ ok: false, error: expect.stringMatching(sentence) })
    expect(await s.runAccountAction({ action: 'alphaess.unbind', accountId: 'a', sysSn: 'AL1' })).toEqual({ ok: false, message: expect.stringMatching(sentence) })
    expect(await s.saveBattery(battery)).toEqual({ ok: false, error: expect.stringMatching(sentence) })
    expect(await s.setChargerField('c', 'f', 16)).toEqual({ ok: false, message: expect.stringMatching(sentence) })
    expect(await s.runChargerAction('c', 'restart')).toEqual({ ok: false, message: expect.stringMatching(sentence) })
    expect(await s.setChargerLocked('c', true)).toEqual({ ok: false, message: expect.stringMatching(sentence) })
    expect(await s.saveChargerSchedules('c', [])).toEqual({ ok: false, error: expect.stringMatching(sentence) })
  })

  it('removes an account and applies what the core answers', async () => {
    const view = { settings: { ...defaultSettings(), accounts: [] }, problem: null, secretsSet: {} }
    const fake = fakeApi({ 'accounts:remove': () => ({ ok: true, view }) })
    const store = createAppStore(fake.api)
    expect((await store.getState().removeAccount(amber.id)).ok).toBe(true)
    expect(fake.calls.at(-1)).toEqual({ channel: 'accounts:remove', req: { accountId: amber.id } })
    expect(store.getState().settings?.settings.accounts).toEqual([])
  })

  it('passes battery and charger page requests through unchanged', async () => {
    const fake = fakeApi({
      'battery:get': () => ({ available: true, settings: battery, message: 'One change a minute.' }),
      'charger:details': () => {
        throw new Error('There is no charger x.')
      },
      'charger:saveSchedules': (req) => ({ ok: true, schedules: (req as { schedules: unknown[] }).schedules }),
    })
    const s = createAppStore(fake.api).getState()
    expect((await s.fetchBattery()).message).toBe('One change a minute.')
    await expect(s.fetchChargerDetails('x')).rejects.toThrow('There is no charger x.')
    const schedule = { id: 's1', enabled: true, start: '22:00', end: '06:00', days: [1, 2], maxCurrentA: null }
    expect(await s.saveChargerSchedules('wb', [schedule])).toEqual({ ok: true, schedules: [schedule] })
    expect(fake.calls.map((c) => c.channel)).toEqual(['battery:get', 'charger:details', 'charger:saveSchedules'])
  })
})
