import { afterEach, describe, expect, it } from 'vitest'
import { andersenEndpoints } from '../../../../src-main/core/vendors/andersen/endpoints'
import type { DeviceStatus } from '../../../../src-main/core/vendors/andersen/schemas'
import { DeviceStatusStream } from '../../../../src-main/core/vendors/andersen/subscription'
import type { FakeWsProtocol } from '../../../fakes/andersen/server'
import { eventually, startRig, type Rig } from './helpers'

let rig: Rig | null = null
let stream: DeviceStatusStream | null = null
afterEach(async () => {
  await stream?.close()
  stream = null
  await rig?.close()
  rig = null
})

const PROTOCOLS: FakeWsProtocol[] = ['graphql-transport-ws', 'graphql-ws']

describe.each(PROTOCOLS)('Andersen live updates over %s', (protocol) => {
  it('finds the protocol, pushes status changes, and renews a refused token to reconnect', async () => {
    const r = (rig = await startRig({ wsProtocols: [protocol], keepAliveMs: 200 }))
    const seen: DeviceStatus[] = []
    const connections: boolean[] = []
    stream = new DeviceStatusStream({
      url: andersenEndpoints(r.fake.baseUrl).graphqlWs,
      deviceId: r.fake.deviceId,
      tokens: r.auth,
      logger: r.logger,
      onStatus: (status) => seen.push(status),
      onConnectionChange: (connected) => connections.push(connected),
      random: () => 0,
      minDelayMs: 50,
    })
    stream.start()
    await eventually(() => stream!.connected && r.fake.liveSubscribers() === 1, 8_000, 'the subscription')
    expect(stream.protocol).toBe(protocol)
    const subscribeMessage = protocol === 'graphql-transport-ws' ? 'subscribe:graphql-transport-ws' : 'start:graphql-ws'
    expect(r.fake.requests.find((q) => q.name === subscribeMessage)?.variables).toEqual({ operationName: 'deviceStatusUpdated' })

    r.fake.update({ carConnected: false })
    await eventually(() => seen.some((s) => s.evseState === 1), 5_000, 'the unplug to be pushed')
    expect(seen.at(-1)).toMatchObject({ id: r.fake.deviceId, sysUserLock: false, chargeStatus: { chargePower: 0 } })

    // The cloud drops the token: the socket closes, the stream refreshes and subscribes again.
    r.fake.expireTokens()
    await eventually(() => r.fake.count('cognito', 'InitiateAuth:REFRESH_TOKEN_AUTH') === 1 && stream!.connected && r.fake.liveSubscribers() === 1, 8_000, 'the resubscription')
    r.fake.update({ carConnected: true })
    await eventually(() => seen.at(-1)?.evseState === 3, 5_000, 'the plug-in to be pushed')
    expect(connections.slice(0, 3)).toEqual([true, false, true])
    expect(r.fake.count('cognito', 'InitiateAuth:USER_SRP_AUTH')).toBe(1)

    await stream.close()
    await eventually(() => r.fake.liveSubscribers() === 0, 3_000, 'the socket to close')
    expect(stream.connected).toBe(false)
  })
})
