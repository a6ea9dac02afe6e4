import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { remoteActionCodes } from '../../../../src-main/core/vendors/wallbox/client'
import { wallboxFakeFixture } from '../../../fakes/wallbox/server'
import { startRig, type Rig } from './helpers'

const FACTORY_RESET = 4
const clientDir = resolve(__dirname, '../../../../src-main/core/vendors/wallbox')
let rig: Rig

afterEach(async () => {
  await rig?.close()
})

describe('factory reset is unreachable', () => {
  it('is not among the remote actions the client can send', () => {
    expect(Object.values(remoteActionCodes)).not.toContain(FACTORY_RESET)
    expect(Object.values(remoteActionCodes).sort()).toEqual([1, 2, 3, 9])
  })

  it('appears nowhere in the Wallbox sources as an action id', () => {
    const offenders: string[] = []
    for (const name of readdirSync(clientDir)) {
      if (!name.endsWith('.ts')) continue
      const text = readFileSync(join(clientDir, name), 'utf8')
      if (/action["']?\s*:\s*4\b/i.test(text) || /\b\w+\s*:\s*4\b/.test(text.match(/REMOTE_ACTIONS\s*=\s*\{[^}]*\}/)?.[0] ?? '')) offenders.push(name)
      if (/factory/i.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))) offenders.push(`${name} (names factory reset in code)`)
    }
    expect(offenders).toEqual([])
  })

  it('is never sent by anything the charger offers', async () => {
    rig = await startRig({ charger: { paused: false } })
    const charger = rig.charger()
    await charger.readCharger()
    await charger.current!.setCurrent(0)
    await charger.current!.setCurrent(8)
    await charger.switchable!.setEnabled(false)
    await charger.switchable!.setEnabled(true)
    for (const action of charger.actions!) await action.run()
    expect(rig.fake.state.factoryResetAttempts).toBe(0)
    expect(new Set(rig.fake.state.remoteActions)).toEqual(new Set([1, 2, 3, 9]))
  })

  it('is refused and counted by the fake, so a slip would show', async () => {
    rig = await startRig()
    const client = rig.client()
    await client.listChargers()
    const signIn = await request(`${rig.fake.url}/users/signin`, {
      headers: { partner: 'wallbox', authorization: `Basic ${Buffer.from(`${rig.fake.username}:${rig.fake.password}`).toString('base64')}` },
    })
    const token = ((await signIn.body.json()) as { data: { attributes: { token: string } } }).data.attributes.token
    const res = await request(`${rig.fake.url}/v3/chargers/${wallboxFakeFixture.chargerId}/remote-action`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: FACTORY_RESET }),
    })
    await res.body.dump()
    expect(res.statusCode).toBe(400)
    expect(rig.fake.state.factoryResetAttempts).toBe(1)
  })
})
