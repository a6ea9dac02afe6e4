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
})
