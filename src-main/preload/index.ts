/**
 * Exposes exactly the contract as window.api: `invoke` for the contract's invoke channels and
 * `on` for its event channels, nothing else. ipcRenderer itself never crosses the bridge.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { Api, EventChannel, InvokeChannel } from '../../src-shared/contract'
import { eventChannelList, invokeChannelList } from './channels'

const invokeChannels = new Set<string>(invokeChannelList)
const eventChannels = new Set<string>(eventChannelList)

/** Electron wraps main-process errors as "Error invoking remote method 'x': Error: …"; keep the sentence. */
function unwrapRemoteError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error)
  return new Error(message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, ''))
}

const api: Api = {
  invoke(channel: InvokeChannel, req: unknown) {
    if (!invokeChannels.has(channel)) return Promise.reject(new Error(`Unknown channel: ${String(channel)}`))
    return ipcRenderer.invoke(channel, req).catch((error: unknown) => {
      throw unwrapRemoteError(error)
    })
  },
  on(channel: EventChannel, listener: (payload: never) => void) {
    if (!eventChannels.has(channel)) throw new Error(`Unknown event: ${String(channel)}`)
    // The bridge hands the renderer's callback over as a new proxy each time, so removal has to
    // use this wrapper, which only the closure below still knows.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  },
} as Api

contextBridge.exposeInMainWorld('api', api)
