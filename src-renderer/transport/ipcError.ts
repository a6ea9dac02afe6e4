import type { Api } from '../../src-shared/contract'

/**
 * ipcRenderer.invoke wraps every rejection as
 * "Error invoking remote method 'channel': Error: <message>". People should only read the
 * sentence the main process wrote.
 */
const IPC_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/

export function stripIpcErrorPrefix(message: string): string {
  return message.replace(IPC_PREFIX, '')
}

export function toError(cause: unknown): Error {
  if (cause instanceof Error) return new Error(stripIpcErrorPrefix(cause.message), { cause })
  return new Error(stripIpcErrorPrefix(String(cause)))
}

/** The preload's api, with rejections reduced to their sentence. */
export function wrapElectronApi(raw: Api): Api {
  return {
    invoke: (channel, req) => raw.invoke(channel, req).catch((cause: unknown) => Promise.reject(toError(cause))),
    on: (channel, listener) => raw.on(channel, listener),
  }
}
