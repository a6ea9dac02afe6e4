import { afterEach, describe, expect, it } from 'vitest'
import type { AmberAccount } from '../../../../src-shared/settings'
import { VendorError } from '../../../../src-main/core/errors'
import { amberDriver, amberSiteDataFor } from '../../../../src-main/core/vendors/amber'
import { amberFixture } from '../../../fakes/amber/server'
import { rejection, rig, type Rig } from './helpers'

let r: Rig
afterEach(async () => {
  await r?.close()
})

function account(rig: Rig, siteId: string | null = null): AmberAccount {
  return { kind: 'amber', id: 'amber-1', name: 'Amber', baseUrl: rig.fake.url, siteId }
}

function deps(rig: Rig) {
  return { clock: rig.clock, logger: rig.logger, random: () => 0.5 }
}

describe('amberDriver.test', () => {
  it('lists the sites, active first, with what each one has', async () => {
    r = await rig()
    const result = await amberDriver.test(account(r), { token: r.fake.token }, deps(r))
    expect(result).toEqual({
      ok: true,
      message: 'Amber accepted the token (2 sites, 1 active). Pick your active site below.',
      choices: [
        { id: amberFixture.activeSite.id, label: '4102345678 · Ausgrid', detail: 'Active since 2024-03-01 · general + feed-in · 5-minute prices' },
        { id: amberFixture.closedSite.id, label: '3052282872 · Jemena', detail: 'Closed on 2024-02-29 · general · 30-minute prices' },
      ],
    })
    expect(r.fake.requests[0]).toMatchObject({ path: '/sites', authorized: true })
  })

  it('names the site in use when one is picked', async () => {
    r = await rig()
    const result = await amberDriver.test(account(r, amberFixture.activeSite.id), { token: r.fake.token }, deps(r))
    expect(result.message).toBe('Amber accepted the token (2 sites, 1 active). Using 4102345678 · Ausgrid.')
  })

  it('explains when Amber lists only a closed site', async () => {
    r = await rig({ sites: [structuredClone(amberFixture.closedSite)] })
    const result = await amberDriver.test(account(r), { token: r.fake.token }, deps(r))
    expect(result.ok).toBe(true)
    expect(result.message).toContain('lists no active site')
    expect(result.choices).toHaveLength(1)
  })

  it('fails when the token sees no site at all', async () => {
    r = await rig({ sites: [] })
    const result = await amberDriver.test(account(r), { token: r.fake.token }, deps(r))
    expect(result).toMatchObject({ ok: false, choices: [] })
    expect(result.message).toContain('lists no sites')
  })

  it('returns the exact token problem instead of throwing', async () => {
    r = await rig()
    const wrong = await amberDriver.test(account(r), { token: 'psk_00000000000000000000000000000000' }, deps(r))
    expect(wrong).toEqual({
      ok: false,
      message:
        "Amber rejected the API token: create a new one in Amber's developer settings (app.amber.com.au → Settings → Developer) and paste it here.",
      choices: [],
    })
    const missing = await amberDriver.test(account(r), { token: '  ' }, deps(r))
    expect(missing.ok).toBe(false)
    expect(missing.message).toMatch(/^Paste an Amber API token/)
    expect(r.fake.requests).toHaveLength(1)
  })

  it('returns offline and unreadable answers as sentences', async () => {
    r = await rig()
    r.fake.state.setMalformed('sites', 'not-json')
    const unreadable = await amberDriver.test(account(r), { token: r.fake.token }, deps(r))
    expect(unreadable).toMatchObject({ ok: false, choices: [] })
    expect(unreadable.message).toContain('/sites')

    const url = r.fake.url
    await r.fake.close()
    const offline = await amberDriver.test({ ...account(r), baseUrl: url }, { token: r.fake.token }, deps(r))
    expect(offline.ok).toBe(false)
    expect(offline.message).toMatch(/^Could not reach Amber/)
  }, 20_000)

  it('hands the token to the redactor and never logs it', async () => {
    r = await rig()
    const token = 'psk_abcdefabcdefabcdefabcdefabcdefab'
    await amberDriver.test(account(r), { token }, deps(r))
    expect(r.logger.redacted).toContain(token)
    expect(r.logger.lines.length).toBeGreaterThan(0)
    expect(r.logger.lines.join('\n')).not.toContain(token)
  })
})

describe('amberDriver.devices', () => {
  it('asks for a site first', async () => {
    r = await rig()
    let thrown: unknown
    try {
      await amberDriver.devices(account(r), { token: r.fake.token }, deps(r))
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(VendorError)
    expect((thrown as VendorError).kind).toBe('config')
    expect((thrown as VendorError).message).toMatch(/^Pick a site/)
  })

  it('builds the site\'s tariff', async () => {
    r = await rig()
    const devices = await amberDriver.devices(account(r, amberFixture.activeSite.id), { token: r.fake.token }, deps(r))
    const tariff = devices.tariff!
    expect(tariff).toMatchObject({ id: 'amber-1:tariff', label: 'Amber prices', currency: 'AUD', unit: 'c/kWh' })
    const prices = await tariff.readPrices()
    expect(prices.find((p) => p.kind === 'current')).toMatchObject({ perKwhCents: 23.4, feedInCentsPerKwh: 6.1, renewablesPct: 41 })
    expect(r.logger.redacted).toContain(r.fake.token)
    await devices.close?.()
  })
})

describe('Amber site data for the history page', () => {
  it('reads price history, usage, renewables and the rate limit', async () => {
    r = await rig()
    const data = amberSiteDataFor(account(r, amberFixture.activeSite.id), { token: r.fake.token }, deps(r))

    const history = await data.priceHistory({ startDate: '2026-01-27', endDate: '2026-01-27', resolution: 30 })
    expect(history).toHaveLength(48)
    expect(history.every((p) => p.kind === 'actual' && p.feedInCentsPerKwh !== null && p.feedInCentsPerKwh > 0)).toBe(true)

    const usage = await data.usage({ startDate: '2026-01-27', endDate: '2026-01-27' })
    const exported = usage.filter((u) => u.channelType === 'feedIn' && u.energyWh > 0)
    expect(exported.length).toBeGreaterThan(0)
    // The fake signs generation negative, as the spec says; it still reads as energy exported and money earned.
    expect(exported.every((u) => u.feedInCentsPerKwh! > 0 && u.costCents < 0)).toBe(true)

    const renewables = await data.renewables('sa', { next: 1 })
    expect(renewables[0]).toMatchObject({ kind: 'current', renewablesPct: 41, descriptor: 'ok' })
    expect(data.rateLimit()).toMatchObject({ limit: 50, remaining: 48, policy: '50;w=300' })

    const tooLong = await rejection(data.usage({ startDate: '2026-01-01', endDate: '2026-01-27' }))
    expect(tooLong.kind).toBe('config')
  })
})
