import { describe, expect, it } from 'vitest'
import type { RemoteView } from '../../../src-shared/remote'
import { createAppStore } from '../../../src-renderer/store/appStore'
import { bindApi } from '../../../src-renderer/store/bindApi'
import { charger, fakeApi, flush, siteState, T0 } from './fixtures'

const LOCAL: RemoteView = { mode: 'local', url: '', tokenSet: false, fingerprint: null, state: 'local', message: 'This computer runs the loop.' }
const REMOTE: RemoteView = { mode: 'remote', url: 'https://sunspill.local:4777', tokenSet: true, fingerprint: null, state: 'connecting', message: 'Connecting to sunspill.local:4777…' }

describe('a window across a switch between this computer and a remote', () => {
  it('shows the new core’s state although its clock says earlier, and still never steps back within one core', async () => {
    const fake = fakeApi({ 'remote:get': () => LOCAL })
    const store = createAppStore(fake.api)
    bindApi(fake.api, store)
    await flush()
    await store.getState().fetchRemote()
    fake.emit('state:update', siteState({ atMs: T0 + 60_000, chargers: [charger({ id: 'here', name: 'This computer’s' })] }))

    // The remote's clock runs ten minutes behind this computer's.
    fake.emit('remote:status', REMOTE)
    fake.emit('state:update', siteState({ atMs: T0 - 600_000, chargers: [charger({ id: 'there', name: 'Garage' })] }))
    expect(store.getState().site?.chargers.map((c) => c.id)).toEqual(['there'])

    // A late reply from the remote itself is still older than what is shown.
    fake.emit('remote:status', { ...REMOTE, state: 'connected', message: 'Connected to sunspill.local:4777' })
    fake.emit('state:update', siteState({ atMs: T0 - 600_000 + 5000, statusLine: 'newer' }))
    fake.emit('state:update', siteState({ atMs: T0 - 600_000 + 1000, statusLine: 'late reply' }))
    expect(store.getState().site?.statusLine).toBe('newer')
  })

  it('drops a command’s reply from the core it left, so the new core’s states still show', async () => {
    let answer: (site: ReturnType<typeof siteState>) => void = () => {}
    const fake = fakeApi({ 'remote:get': () => LOCAL, 'charger:setMode': () => new Promise((resolve) => (answer = resolve)) })
    const store = createAppStore(fake.api)
    bindApi(fake.api, store)
    await flush()
    await store.getState().fetchRemote()
    fake.emit('state:update', siteState({ atMs: T0 + 60_000, chargers: [charger({ id: 'here' })] }))

    // A mode change goes to this computer's core; the switch to the remote happens before it answers.
    const command = store.getState().setChargerMode('here', 'fast')
    fake.emit('remote:status', REMOTE)
    answer(siteState({ atMs: T0 + 61_000, statusLine: 'this computer, late', chargers: [charger({ id: 'here' })] }))
    await command
    expect(store.getState().site?.statusLine).not.toBe('this computer, late')

    // The remote, ten minutes behind, is shown, and keeps being shown.
    fake.emit('state:update', siteState({ atMs: T0 - 600_000, statusLine: 'remote', chargers: [charger({ id: 'there' })] }))
    fake.emit('state:update', siteState({ atMs: T0 - 595_000, statusLine: 'remote, later', chargers: [charger({ id: 'there' })] }))
    expect(store.getState().site?.statusLine).toBe('remote, later')
  })
})

