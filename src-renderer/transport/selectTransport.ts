import type { Api } from '../../src-shared/contract'
import { alwaysOpen, createConnectionSignal, type ConnectionSignal } from './connection'
import { createHttpApi } from './httpApi'
import { wrapElectronApi } from './ipcError'
import { takeAccessToken } from './token'

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser. */
    api?: Api
  }
}

export type Runtime = 'electron' | 'browser'

export interface Transport {
  runtime: Runtime
  api: Api
  connection: ConnectionSignal
}

/** In the app the preload provides window.api; in a browser we speak HTTP/SSE to the headless server. */
export function selectTransport(win: Window): Transport {
  if (win.api) return { runtime: 'electron', api: wrapElectronApi(win.api), connection: alwaysOpen }

  const token = takeAccessToken({ location: win.location, storage: sessionStorageOf(win), history: win.history })
  if (!token) {
    const refused = createConnectionSignal('unauthorized')
    return { runtime: 'browser', api: refusingApi, connection: refused }
  }
  const http = createHttpApi({ token })
  return { runtime: 'browser', api: http.api, connection: http.connection }
}

function sessionStorageOf(win: Window): Storage | null {
  try {
    return win.sessionStorage
  } catch {
    return null
  }
}

// Without a token every call would be a 401; the page shows the token message instead.
const refusingApi: Api = {
  invoke: () => new Promise(() => {}),
  on: () => () => {},
}
