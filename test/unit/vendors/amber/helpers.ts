/** A fake Amber and a client on one manual clock, and a logger that remembers what it was told. */
import { manualClock, type ManualClock } from '../../../../src-main/core/clock'
import { AmberClient, type AmberClientOptions } from '../../../../src-main/core/vendors/amber/client'
import { startAmberFake, type AmberFake, type AmberFakeOptions } from '../../../fakes/amber/server'
import { memoryLogger, type MemoryLogger } from '../../helpers/memory-logger'

/** 10 s into a 5-minute interval, 10:15 in Brisbane: the current price is still an estimate. */
export const START_MS = Date.parse('2026-01-28T00:15:10Z')
export const FIVE_MIN_MS = 300_000

export interface Rig {
  fake: AmberFake
  clock: ManualClock
  logger: MemoryLogger
  sleeps: number[]
  client(extra?: Partial<AmberClientOptions>): AmberClient
  close(): Promise<void>
}

export async function rig(options: AmberFakeOptions & { startMs?: number } = {}): Promise<Rig> {
  const clock = manualClock(options.startMs ?? START_MS)
  const fake = await startAmberFake({ now: () => clock.now(), ...options })
  const logger = memoryLogger()
  const sleeps: number[] = []
  return {
    fake,
    clock,
    logger,
    sleeps,
    client: (extra = {}) =>
      new AmberClient({
        token: fake.token,
        baseUrl: fake.url,
        clock,
        logger,
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms)
        },
        ...extra,
      }),
    close: () => fake.close(),
  }
}

/** Requests the fake saw to one endpoint. */
export function requestsTo(fake: AmberFake, endpoint: string): number {
  return fake.requests.filter((r) => r.endpoint === endpoint).length
}

export async function rejection(promise: Promise<unknown>): Promise<Error & { kind?: string; retryAfterMs?: number | null }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { kind?: string }
  }
  throw new Error('expected the promise to reject')
}
