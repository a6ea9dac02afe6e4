import { describe, expect, it } from 'vitest'
import type { Api } from '../../../src-shared/contract'
import { stripIpcErrorPrefix, wrapElectronApi } from '../../../src-renderer/transport/ipcError'

describe('Electron ipc errors', () => {
  it('strips the ipcRenderer.invoke prefix', () => {
    expect(stripIpcErrorPrefix("Error invoking remote method 'charger:setMode': Error: The charger is offline: check its Wi-Fi.")).toBe(
      'The charger is offline: check its Wi-Fi.',
    )
    expect(stripIpcErrorPrefix("Error invoking remote method 'settings:save': ContractError: Invalid request for settings:save")).toBe(
      'Invalid request for settings:save',
    )
    expect(stripIpcErrorPrefix('Already a sentence.')).toBe('Already a sentence.')
  })

  it('wraps window.api so rejections carry only the sentence', async () => {
    const raw = {
      invoke: () => Promise.reject(new Error("Error invoking remote method 'state:get': Error: Sunspill is still starting.")),
      on: () => () => {},
    } as unknown as Api
    await expect(wrapElectronApi(raw).invoke('state:get', {})).rejects.toThrow(/^Sunspill is still starting\.$/)
  })
})
