/** Shared set-up for the Wallbox tests: a manual clock both sides share, and a sleep that advances it. */
import { manualClock, type ManualClock } from '../../../../src-main/core/clock'
import { WallboxCharger } from '../../../../src-main/core/vendors/wallbox/adapter'
import { WallboxClient, type WallboxClientOptions } from '../../../../src-main/core/vendors/wallbox/client'
import { startWallboxFake, wallboxFakeFixture, type WallboxFake, type WallboxFakeOptions } from '../../../fakes/wallbox/server'
import { memoryLogger, type MemoryLogger } from '../../helpers/memory-logger'

export const START_MS = Date.parse('2026-06-15T10:00:00Z')

export interface Rig {
  clock: ManualClock
  fake: WallboxFake
  sleeps: number[]
  sleep: (ms: number) => Promise<void>
  logger: MemoryLogger
  client(options?: Partial<WallboxClientOptions>): WallboxClient
  charger(client?: WallboxClient): WallboxCharger
  close(): Promise<void>
}

export async function startRig(fakeOptions: WallboxFakeOptions = {}, clientDefaults: Partial<WallboxClientOptions> = {}): Promise<Rig> {
  const clock = manualClock(START_MS)
  const fake = await startWallboxFake({ now: () => clock.now(), ...fakeOptions })
  const sleeps: number[] = []
  const sleep = async (ms: number) => {
    sleeps.push(ms)
    clock.advance(ms)
  }
  const logger = memoryLogger()
  const clients: WallboxClient[] = []
  const client = (options: Partial<WallboxClientOptions> = {}) => {
    const c = new WallboxClient({
      username: fake.username,
      password: fake.password,
      apiUrl: fake.url,
      userApiUrl: fake.url,
      now: () => clock.now(),
      logger,
      sleep,
      random: () => 0.5,
      ...clientDefaults,
      ...options,
    })
    clients.push(c)
    return c
  }
  const charger = (c: WallboxClient = client()) =>
    new WallboxCharger({
      account: { id: 'wb', name: 'My Wallbox' },
      chargerId: wallboxFakeFixture.chargerId,
      client: c,
      now: () => clock.now(),
      logger,
    })
  return {
    clock,
    fake,
    sleeps,
    sleep,
    logger,
    client,
    charger,
    close: async () => {
      await Promise.all(clients.map((c) => c.close()))
      await fake.close()
    },
  }
}

/** Most requests of one kind in any 60 s window of the fake's log. */
export function peakPerMinute(fake: WallboxFake, include: (r: WallboxFake['requests'][number]) => boolean): number {
  const times = fake.requests.filter(include).map((r) => r.atMs)
  let peak = 0
  for (let i = 0; i < times.length; i++) {
    let n = 0
    for (let j = i; j < times.length && times[j]! < times[i]! + 60_000; j++) n++
    peak = Math.max(peak, n)
  }
  return peak
}

export const isApi = (r: { path: string }) => !r.path.startsWith('/users/')
