import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AlphaessAccount } from '../../../../src-shared/settings'
import { VendorError } from '../../../../src-main/core/errors'
import { alphaessActions, alphaessDriver, createAlphaessDriver, runAlphaessAction } from '../../../../src-main/core/vendors/alphaess'
import { defaultAlphaessFixture as f } from '../../../fakes/alphaess/server'
import { harness, type Harness } from './harness'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => h.close())

function account(overrides: Partial<AlphaessAccount> = {}): AlphaessAccount {
  return { kind: 'alphaess', id: 'home', name: 'Home', baseUrl: h.fake.url, appId: h.fake.appId, systemSn: null, ...overrides }
}

const secrets = () => ({ appSecret: h.fake.appSecret })
const driver = () => createAlphaessDriver({ sleep: h.sleep })

describe('AlphaESS driver: test()', () => {
  it('lists the bound systems as choices', async () => {
    const result = await driver().test(account(), secrets(), h.deps)
    expect(result).toEqual({
      ok: true,
      message: 'Connected to AlphaESS: 1 system is bound to this AppID. Pick the one Sunspill should read and control.',
      choices: [{ id: f.sysSn, label: `SMILE5-INV · ${f.sysSn}`, detail: '10.1 kWh battery, 5 kW PV, Normal' }],
    })
    expect(h.logger.redacted).toContain(h.fake.appSecret)
  })

  it('confirms the picked system', async () => {
    const result = await driver().test(account({ systemSn: f.sysSn }), secrets(), h.deps)
    expect(result.ok).toBe(true)
    expect(result.message).toBe(`Connected to AlphaESS: SMILE5-INV · ${f.sysSn} is bound to this AppID.`)
  })

  it('reports a wrong secret with the sentence that says where to copy it', async () => {
    const result = await driver().test(account(), { appSecret: 'ffffffffffffffffffffffffffffffff' }, h.deps)
    expect(result.ok).toBe(false)
    expect(result.message).toContain(`AlphaESS rejected the AppSecret for AppID ${h.fake.appId}`)
    expect(result.choices).toEqual([])
  })

  it('reports clock skew with the clock sentence', async () => {
    const skewed = { ...h.deps, clock: { now: () => h.clock.now() + 10 * 60_000, speed: 1 } }
    const result = await driver().test(account(), secrets(), skewed)
    expect(result).toMatchObject({ ok: false, choices: [] })
    expect(result.message).toMatch(/^Your computer's clock is off by more than 5 minutes/)
  })

  it('reports a picked system that is not bound, and still offers the ones that are', async () => {
    const result = await driver().test(account({ systemSn: f.unboundSysSn }), secrets(), h.deps)
    expect(result.ok).toBe(false)
    expect(result.message).toContain(`is not bound to system ${f.unboundSysSn}`)
    expect(result.message).toContain('Request code')
    expect(result.choices.map((c) => c.id)).toEqual([f.sysSn])
  })

  it('says what to do when no system is bound yet', async () => {
    h.fake.state.systems[f.sysSn]!.bound = false
    const result = await driver().test(account(), secrets(), h.deps)
    expect(result).toMatchObject({ ok: true, choices: [] })
    expect(result.message).toContain('no system is bound to this AppID yet')
  })

  it('never throws: a missing secret and an unreachable cloud become messages', async () => {
    await expect(alphaessDriver.test(account(), { appSecret: '' }, h.deps)).resolves.toEqual({
      ok: false,
      message: 'Enter the AppSecret from open.alphaess.com → Developer information.',
      choices: [],
    })
    h.fake.state.faults.push({ endpoint: 'getEssList', reply: { body: 'not json' } })
    const result = await driver().test(account(), secrets(), h.deps)
    expect(result.ok).toBe(false)
    expect(result.message).toContain('getEssList')
  })

  it('keeps the secret out of the log even when things fail', async () => {
    h.fake.state.systems[f.sysSn]!.offline = true
    const devices = await driver().devices(account({ systemSn: f.sysSn }), secrets(), h.deps)
    await devices.meter!.readMeter().catch(() => undefined)
    await devices.close?.()
    expect(h.logger.lines.length).toBeGreaterThan(0)
    expect(h.logger.lines.join('\n')).not.toContain(h.fake.appSecret)
  })
})

describe('AlphaESS driver: devices()', () => {
  it('asks for a system to be picked first', async () => {
    const error = await Promise.resolve(alphaessDriver.devices(account(), secrets(), h.deps)).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(VendorError)
    expect((error as VendorError).kind).toBe('config')
    expect((error as VendorError).message).toMatch(/^Pick a system/)
    expect(h.fake.requests).toHaveLength(0)
  })

  it('builds the meter, the battery and a charger per pile of the picked system', async () => {
    const devices = await driver().devices(account({ systemSn: f.sysSn }), secrets(), h.deps)
    expect(devices.meter!.id).toBe('home:meter')
    expect(devices.battery!.id).toBe(`home:battery:${f.sysSn}`)
    expect(devices.chargers!.map((c) => [c.id, c.label, c.phases])).toEqual([[`home:${f.evchargerSn}`, 'AlphaESS charger (SMILE-EVCT11)', 3]])
    expect(await devices.meter!.readMeter()).toMatchObject({ pvW: 4321, gridW: -1234 })
    expect(h.logger.redacted).toContain(h.fake.appSecret)
    await devices.close?.()
  })

  it('a system without a pile has no chargers', async () => {
    h.fake.state.systems[f.sysSn]!.chargers = []
    const devices = await driver().devices(account({ systemSn: f.sysSn }), secrets(), h.deps)
    expect(devices.chargers).toEqual([])
    await devices.close?.()
  })

  it('fails outright on a broken account, but not when only the pile list is unanswered', async () => {
    await expect(driver().devices(account({ systemSn: f.unboundSysSn }), secrets(), h.deps)).rejects.toMatchObject({ kind: 'config' })
    h.fake.state.faults.push({ endpoint: 'getEvChargerConfigList', times: Infinity, reply: { httpStatus: 503 } })
    h.clock.advance(10_000)
    const devices = await driver().devices(account({ systemSn: f.sysSn }), secrets(), h.deps)
    expect(devices.chargers).toEqual([])
    expect(await devices.meter!.readMeter()).toMatchObject({ pvW: 4321 })
    expect(h.logger.lines.some((l) => l.includes('could not list the charging piles'))).toBe(true)
    await devices.close?.()
  })
})

describe('AlphaESS account actions: binding a system', () => {
  it('requests a code, binds with it, and unbinds', async () => {
    const actions = alphaessActions(account(), secrets(), h.deps, { sleep: h.sleep })
    expect(await actions.requestCode(f.unboundSysSn, f.unboundCheckCode)).toBe(
      `AlphaESS has e-mailed a verification code to the owner of system ${f.unboundSysSn}. Enter that code and press Bind.`,
    )
    const code = h.fake.state.emails[0]!.code
    expect(await actions.bind(f.unboundSysSn, code)).toBe(`System ${f.unboundSysSn} is now bound to this AppID. Press Test to pick it.`)
    const listed = await driver().test(account(), secrets(), h.deps)
    expect(listed.choices.map((c) => c.id)).toContain(f.unboundSysSn)
    expect(await actions.bind(f.unboundSysSn, code)).toBe(`System ${f.unboundSysSn} was already bound to this AppID. Press Test to pick it.`)
    expect(await actions.unbind(f.unboundSysSn)).toContain('is no longer bound to this AppID')
    expect(h.fake.state.systems[f.unboundSysSn]!.bound).toBe(false)
    expect(h.logger.redacted).toContain(h.fake.appSecret)
  })

  it('a wrong verification code throws the sentence to act on', async () => {
    const actions = alphaessActions(account(), secrets(), h.deps, { sleep: h.sleep })
    await actions.requestCode(f.unboundSysSn, f.unboundCheckCode)
    await expect(actions.bind(f.unboundSysSn, '111111')).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining('The verification code is wrong or has expired'),
    })
  })

  it('unbinding a system that is not bound says how binding works', async () => {
    const actions = alphaessActions(account(), secrets(), h.deps, { sleep: h.sleep })
    await expect(actions.unbind(f.unboundSysSn)).rejects.toMatchObject({ kind: 'config' })
  })

  it('runs through the registry-shaped runner with the contract\'s requests', async () => {
    const a = account()
    const sent = await runAlphaessAction(a, secrets(), h.deps, { action: 'alphaess.requestCode', accountId: a.id, sysSn: f.unboundSysSn, checkCode: f.unboundCheckCode })
    expect(sent).toContain('e-mailed a verification code')
    const bound = await runAlphaessAction(a, secrets(), h.deps, { action: 'alphaess.bind', accountId: a.id, sysSn: f.unboundSysSn, code: f.verificationCode })
    expect(bound).toContain('is now bound')
    expect(h.fake.state.systems[f.unboundSysSn]!.bound).toBe(true)
  })
})
