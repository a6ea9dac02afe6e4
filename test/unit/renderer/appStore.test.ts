import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src-shared/settings'
import { createAppStore } from '../../../src-renderer/store/appStore'
import { bindApi } from '../../../src-renderer/store/bindApi'
import { createConnectionSignal } from '../../../src-renderer/transport/connection'
import { charger, fakeApi, flush, siteState, T0 } from './fixtures'

describe('app store', () => {
  it('fetches state and settings when bound, then applies state:update events', async () => {
    const fake = fakeApi()
    const store = createAppStore(fake.api)
    const unbind = bindApi(fake.api, store)
    await flush()
    expect(store.getState().site?.statusLine).toBe('Charging 1.6 kW from solar')
    expect(store.getState().settings?.settings.site.fuseA).toBe(63)

    fake.emit('state:update', siteState({ atMs: T0 + 1000, statusLine: 'Paused: price spike 186 c/kWh' }))
    expect(store.getState().site?.statusLine).toBe('Paused: price spike 186 c/kWh')

    unbind()
    expect(fake.listenerCount()).toBe(0)
    fake.emit('state:update', siteState({ atMs: T0 + 2000, statusLine: 'ignored' }))
    expect(store.getState().site?.statusLine).toBe('Paused: price spike 186 c/kWh')
  })

  it('never steps back to an older state', async () => {
    const fake = fakeApi()
    const store = createAppStore(fake.api)
    store.getState().applyState(siteState({ atMs: T0 + 5000, statusLine: 'newer' }))
    store.getState().applyState(siteState({ atMs: T0, statusLine: 'older' }))
    expect(store.getState().site?.statusLine).toBe('newer')
  })

  it('applies settings:changed and notifications', () => {
    const fake = fakeApi()
    const store = createAppStore(fake.api)
    bindApi(fake.api, store)
    const settings = { ...defaultSettings(), site: { ...defaultSettings().site, fuseA: 40 } }
    fake.emit('settings:changed', { settings, problem: null, secretsSet: {} })
    expect(store.getState().settings?.settings.site.fuseA).toBe(40)

    fake.emit('notification', { id: 'n1', kind: 'spike', title: 'Price spike', body: '186 c/kWh', atMs: T0 })
    expect(store.getState().notifications.map((n) => n.id)).toEqual(['n1'])
    store.getState().dismissNotification('n1')
    expect(store.getState().notifications).toEqual([])
  })

  it('sends charger commands and applies the reply; a failure is kept per charger as its sentence', async () => {
    let fail = true
    const fake = fakeApi({
      'charger:setMode': (req) => {
        if (fail) throw new Error('Wallbox refused the command: the charger is offline.')
        return siteState({ atMs: T0 + 10, chargers: [charger({ mode: (req as { mode: 'fast' }).mode })] })
      },
      'charger:setLimit': (req) => siteState({ atMs: T0 + 20, chargers: [charger({ limitA: (req as { limitA: number }).limitA })] }),
    })
    const store = createAppStore(fake.api)
    store.getState().applyState(siteState())

    await store.getState().setChargerMode('wallbox-1', 'fast')
    expect(store.getState().chargerErrors['wallbox-1']).toBe('Wallbox refused the command: the charger is offline.')

    fail = false
    await store.getState().setChargerMode('wallbox-1', 'fast')
    expect(store.getState().site?.chargers[0]?.mode).toBe('fast')
    expect(store.getState().chargerErrors).toEqual({})

    await store.getState().setChargerLimit('wallbox-1', 12.4)
    expect(fake.calls.at(-1)).toEqual({ channel: 'charger:setLimit', req: { chargerId: 'wallbox-1', limitA: 12 } })
    expect(store.getState().site?.chargers[0]?.limitA).toBe(12)
  })

  it('turns a failed save into a result with the sentence', async () => {
    const fake = fakeApi({
      'settings:save': () => {
        throw new Error('The settings file is read-only: check the permissions of the data folder.')
      },
    })
    const store = createAppStore(fake.api)
    const result = await store.getState().saveSettings(defaultSettings())
    expect(result).toEqual({ ok: false, error: 'The settings file is read-only: check the permissions of the data folder.' })
  })

  it('keeps the load error as a sentence', async () => {
    const fake = fakeApi({
      'state:get': () => {
        throw new Error('Cannot reach Sunspill.')
      },
    })
    const store = createAppStore(fake.api)
    await store.getState().load()
    expect(store.getState().loadError).toBe('Cannot reach Sunspill.')
    expect(store.getState().settings).not.toBeNull()
  })

  it('follows the connection and re-reads state after a reconnect', async () => {
    const fake = fakeApi()
    const connection = createConnectionSignal('connecting')
    const store = createAppStore(fake.api)
    bindApi(fake.api, store, connection)
    await flush()
    const reads = () => fake.calls.filter((c) => c.channel === 'state:get').length
    expect(reads()).toBe(1)

    connection.set('open')
    connection.set('reconnecting')
    expect(store.getState().connection).toBe('reconnecting')
    connection.set('open')
    await flush()
    expect(store.getState().connection).toBe('open')
    expect(reads()).toBe(2)
  })
})
