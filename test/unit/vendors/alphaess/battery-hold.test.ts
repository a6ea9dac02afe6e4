/**
 * The battery hold through the AlphaESS driver, as the app builds it, against the fake Open API:
 * the hold and its release are real updateDisChargeConfigInfo writes, read back, paced as the
 * client paces them (the fake answers 6053 to an endpoint called again within 10 s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BatteryHold, HOLD_AFTER_MS, RELEASE_AFTER_MS, type HoldRecord } from '../../../../src-main/core/site/battery-hold'
import { createAlphaessDriver } from '../../../../src-main/core/vendors/alphaess'
import type { AccountDevices } from '../../../../src-main/core/vendors/driver'
import { AlphaessAccount } from '../../../../src-shared/settings'
import { defaultAlphaessFixture, startAlphaessFake, type AlphaessFake } from '../../../fakes/alphaess/server'
import { rig } from '../../loop/hour'

let fake: AlphaessFake
let devices: AccountDevices
const r = rig()
const system = () => fake.state.systems[defaultAlphaessFixture.sysSn]!

beforeAll(async () => {
  fake = await startAlphaessFake({ now: () => r.clock.now() })
  const account = AlphaessAccount.parse({ kind: 'alphaess', id: 'home', name: 'Home', baseUrl: fake.url, appId: fake.appId, systemSn: defaultAlphaessFixture.sysSn })
  devices = await createAlphaessDriver({ sleep: r.sleep }).devices(account, { appSecret: fake.appSecret }, r.deps)
})

afterAll(async () => {
  await devices?.close?.()
  await fake?.close()
})

describe('the battery hold on an AlphaESS system', () => {
  it('raises batUseCap to the charge the battery has while a car charges on Fast, and gives 10 % back after', async () => {
    let saved: HoldRecord = { held: null, holdsMs: [] }
    const hold = new BatteryHold({ store: { load: () => saved, save: (record) => ((saved = record), true) }, logger: r.logger })
    const battery = devices.battery!
    const fast = { label: 'AlphaESS charger', intent: 'fast' as const }
    const tick = async (gridCharging: typeof fast | null) => {
      r.clock.advance(10_000)
      hold.afterTick({ enabled: true, battery, reading: await battery.readBattery(), gridCharging, nowMs: r.clock.now() })
      await hold.idle()
    }
    expect(system().dischargeConfig.batUseCap).toBe(10)
    for (let t = 0; t <= HOLD_AFTER_MS + 30_000; t += 10_000) await tick(fast)
    // The fake's battery is at 64.5 %: held at 64, the user's 10 % written down first.
    expect(system().dischargeConfig.batUseCap).toBe(64)
    expect(saved.held).toMatchObject({ userMinSocPct: 10, heldAtPct: 64, confirmed: true })
    // Settings → Battery shows the user's own minimum meanwhile.
    expect((await hold.wrap(battery)!.control!.readSettings()).minSocPct).toBe(10)

    for (let t = 0; t <= RELEASE_AFTER_MS + 30_000; t += 10_000) await tick(null)
    expect(system().dischargeConfig.batUseCap).toBe(10)
    expect(saved.held).toBeNull()
    // Two writes, each read back, and AlphaESS never said "too fast".
    expect(fake.requests.filter((q) => q.endpoint === 'updateDisChargeConfigInfo')).toHaveLength(2)
    expect(fake.requests.filter((q) => q.code !== 200)).toEqual([])
  })
})
