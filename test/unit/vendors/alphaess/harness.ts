/**
 * A manual clock shared by the client and the fake, a sleep that advances it (so a 10 s gap
 * costs no real time and is visible in `sleeps`), and a logger that keeps its lines.
 */
import { manualClock, type ManualClock } from '../../../../src-main/core/clock'
import { AlphaessClient, type AlphaessClientOptions } from '../../../../src-main/core/vendors/alphaess/client'
import type { DriverDeps } from '../../../../src-main/core/vendors/driver'
import { startAlphaessFake, type AlphaessFake, type AlphaessFakeOptions } from '../../../fakes/alphaess/server'
import { memoryLogger, type MemoryLogger } from '../../helpers/memory-logger'

export const START_MS = Date.parse('2026-11-19T01:00:00Z')

export interface Harness {
  clock: ManualClock
  fake: AlphaessFake
  logger: MemoryLogger
  sleeps: number[]
  sleep: (ms: number) => Promise<void>
  deps: DriverDeps
  client(overrides?: Partial<AlphaessClientOptions>): AlphaessClient
  /** Requests the fake answered for one endpoint. */
  calls(endpoint: string): AlphaessFake['requests']
  close(): Promise<void>
}

export async function harness(fakeOptions: AlphaessFakeOptions = {}): Promise<Harness> {
  const clock = manualClock(START_MS)
  const fake = await startAlphaessFake({ now: () => clock.now(), ...fakeOptions })
  // Unredacted: the driver tests say the app secret is never logged, not merely masked.
  const logger = memoryLogger({ redacting: false })
  const sleeps: number[] = []
  const sleep = async (ms: number) => {
    sleeps.push(ms)
    clock.advance(ms)
  }
  const clients: AlphaessClient[] = []
  return {
    clock,
    fake,
    logger,
    sleeps,
    sleep,
    deps: { clock, logger, random: () => 0.5 },
    client(overrides = {}) {
      const client = new AlphaessClient({
        appId: fake.appId,
        appSecret: fake.appSecret,
        baseUrl: fake.url,
        clock,
        logger,
        random: () => 0.5,
        sleep,
        ...overrides,
      })
      clients.push(client)
      return client
    },
    calls: (endpoint) => fake.requests.filter((r) => r.endpoint === endpoint),
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)))
      await fake.close()
    },
  }
}
