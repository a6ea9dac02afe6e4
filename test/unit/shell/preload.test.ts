import { describe, expect, it } from 'vitest'
import { eventChannelNames, invokeChannelNames, type Api } from '../../../src-shared/contract'
import { contextBridge, ipcRenderer } from '../../fakes/electron'
import { eventChannelList, invokeChannelList } from '../../../src-main/preload/channels'

// The preload runs once, at import, like in a real renderer; the bridge keeps what it exposed.
await import('../../../src-main/preload/index')
const exposed = new Map(contextBridge.exposed)
const api = exposed.get('api') as Api

describe('preload', () => {
  it('exposes only window.api with invoke and on, never ipcRenderer', () => {
    expect([...exposed.keys()]).toEqual(['api'])
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on'])
    expect(Object.values(api).some((v) => v === ipcRenderer)).toBe(false)
  })

  it('lists exactly the contract channels', () => {
    expect([...invokeChannelList].sort()).toEqual([...invokeChannelNames].sort())
    expect([...eventChannelList].sort()).toEqual([...eventChannelNames].sort())
  })

  it('invokes contract channels and refuses anything else without reaching ipcRenderer', async () => {
    ipcRenderer.reply = { opened: true }
    await expect(api.invoke('app:openSettings', {})).resolves.toEqual({ opened: true })
    await expect(api.invoke('electron-store-get-data' as 'state:get', {})).rejects.toThrow('Unknown channel: electron-store-get-data')
    expect(ipcRenderer.invocations).toEqual([{ channel: 'app:openSettings', arg: {} }])
  })

  it('hands the renderer the main process sentence without Electron’s prefix', async () => {
    ipcRenderer.reply = new Error("Error invoking remote method 'charger:setLimit': Error: Invalid request for charger:setLimit: limitA: too big")
    await expect(api.invoke('charger:setLimit', { chargerId: 'a', limitA: 99 })).rejects.toThrow(/^Invalid request for charger:setLimit: limitA: too big$/)
  })

  it('subscribes to events and unsubscribes with the closure it returns', () => {
    const seen: unknown[] = []
    const off = api.on('notification', (payload) => seen.push(payload))
    ipcRenderer._deliver('notification', { id: 'n' })
    expect(seen).toEqual([{ id: 'n' }])
    expect(ipcRenderer.listenerCount('notification')).toBe(1)
    off()
    expect(ipcRenderer.listenerCount('notification')).toBe(0)
    ipcRenderer._deliver('notification', { id: 'm' })
    expect(seen).toHaveLength(1)
  })

  it('refuses to subscribe to channels outside the contract', () => {
    expect(() => api.on('electron-store-get-data' as 'notification', () => {})).toThrow('Unknown event: electron-store-get-data')
    expect(ipcRenderer.listenerCount('electron-store-get-data')).toBe(0)
  })
})
