/**
 * charger:sessions, the charger page's range control: the days picked reach the vendor as the
 * site's calendar days, the table is titled with them, and a failure comes back as a sentence
 * (the page keeps its table). Real Wallbox adapter against the fake cloud.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Charger } from '../../../src-main/core/devices'
import { chargerPageHandlers } from '../../../src-main/core/handlers/charger-pages'
import { invokeChannels } from '../../../src-shared/contract'
import { defaultSettings, type Settings } from '../../../src-shared/settings'
import { startRig, type Rig } from '../vendors/wallbox/helpers'

let rig: Rig | null = null
afterEach(async () => {
  await rig?.close()
  rig = null
})

function berlinSite(): Settings {
  const settings = defaultSettings()
  return { ...settings, site: { ...settings.site, timeZone: 'Europe/Berlin' } }
}

function pages(charger: Charger) {
  return chargerPageHandlers({ findCharger: () => charger, refresh: async () => undefined, settings: berlinSite, handOver: () => undefined })
}

const sessionQueries = () =>
  rig!.fake.requests.filter((r) => r.path.startsWith('/v4/sessions/stats')).map((r) => new URL(r.path, 'http://fake').searchParams)

describe('charger:sessions', () => {
  it('reads the picked days, midnight to midnight in the site’s zone, and titles the table with them', async () => {
    rig = await startRig()
    const charger = rig.charger()
    const result = await pages(charger)['charger:sessions']({ chargerId: charger.id, from: '2026-01-01', to: '2026-06-15' })

    expect(result).toMatchObject({ ok: true, history: { title: 'Charging sessions, 1 Jan – 15 Jun 2026', note: null } })
    if (!result.ok) throw new Error(result.error)
    expect(result.history.rows).toHaveLength(2)
    const [sent] = sessionQueries()
    // Berlin is UTC+1 on 1 January and UTC+2 in June.
    expect(Number(sent!.get('start_date'))).toBe(Date.parse('2025-12-31T23:00:00Z') / 1000)
    expect(Number(sent!.get('end_date'))).toBe(Date.parse('2026-06-15T22:00:00Z') / 1000 - 1)
  })

  it('still answers charger:details with the latest sessions, as before', async () => {
    rig = await startRig()
    const charger = rig.charger()
    const details = await pages(charger)['charger:details']({ chargerId: charger.id })
    expect(details.history).toMatchObject({ title: 'Charging sessions, last 30 days', note: null })
    expect(details.history!.rows).toHaveLength(2)
  })

  it('says when the vendor asks to slow down, with when to try again', async () => {
    rig = await startRig()
    rig.fake.state.overrides.push({ path: '/v4/sessions/stats', status: 429, body: '{}', headers: { 'retry-after': '120' }, times: 1 })
    const charger = rig.charger()
    const result = await pages(charger)['charger:sessions']({ chargerId: charger.id, from: '2025-01-01', to: '2025-12-31' })
    expect(result).toEqual({
      ok: false,
      error:
        "These sessions were not read: the charger's cloud allows only a few requests a minute, and the control loop's reads come first. Try this range again in 2 min.",
    })
  })

  it('passes on the vendor’s sentence when the network or the sign-in fails', async () => {
    rig = await startRig()
    const refused = rig.charger(rig.client({ password: 'not-the-password' }))
    const signIn = await pages(refused)['charger:sessions']({ chargerId: refused.id, from: '2026-03-01', to: '2026-03-31' })
    expect(signIn).toMatchObject({ ok: false, error: expect.stringMatching(/^These sessions could not be read\. Wallbox rejected your e-mail or password/) })

    const unreachable = rig.charger(rig.client({ apiUrl: 'http://127.0.0.1:9', userApiUrl: 'http://127.0.0.1:9' }))
    const offline = await pages(unreachable)['charger:sessions']({ chargerId: unreachable.id, from: '2026-03-01', to: '2026-03-31' })
    expect(offline).toMatchObject({ ok: false, error: expect.stringMatching(/^These sessions could not be read\. Could not reach Wallbox/) })
  })

  it('refuses at the contract a day that does not exist, a range ending before it starts, and one over 366 days', () => {
    const request = invokeChannels['charger:sessions'].req
    const problem = (from: string, to: string) => {
      const parsed = request.safeParse({ chargerId: 'wb:1', from, to })
      return parsed.success ? null : parsed.error.issues[0]!.message
    }
    expect(problem('2024-01-01', '2024-12-31')).toBeNull()
    expect(problem('2025-06-15', '2026-06-15')).toBeNull()
    expect(problem('2026-02-30', '2026-03-10')).toBe('Pick a day that exists on the calendar')
    expect(problem('2026-03-10', '2026-03-01')).toBe('The range must end on or after the day it starts.')
    expect(problem('2025-01-01', '2026-01-02')).toBe('A range can cover at most 366 days; this one has 367. Pick a shorter one.')
  })
})
