/**
 * Wires our Charge Amps client to the fake cloud on a shared manual clock, so token expiry and
 * poll spacing are driven by the test, and backoff sleeps move the clock instead of waiting.
 */
import { manualClock, type ManualClock } from '../../../../src-main/core/clock'
import { ChargeAmpsClient, type ChargeAmpsClientOptions } from '../../../../src-main/core/vendors/chargeamps/client'
import { startChargeAmpsFake, type ChargeAmpsFake, type ChargeAmpsFakeOptions } from '../../../fakes/chargeamps/server'

export const START_MS = Date.parse('2026-03-02T12:00:00Z')

export interface Harness {
  clock: ManualClock
  fake: ChargeAmpsFake
  client: ChargeAmpsClient
  /** Every backoff sleep the client asked for, in ms. */
  sleeps: number[]
  close(): Promise<void>
}

export async function startHarness(
  options: { fake?: ChargeAmpsFakeOptions; client?: Partial<ChargeAmpsClientOptions> } = {},
): Promise<Harness> {
  const clock = manualClock(START_MS)
  const fake = await startChargeAmpsFake({ now: () => clock.now(), ...options.fake })
  const sleeps: number[] = []
  let closed = false
  const client = new ChargeAmpsClient({
    baseUrl: fake.url,
    email: fake.email,
    password: fake.password,
    apiKey: fake.apiKey,
    now: () => clock.now(),
    sleep: async (ms) => {
      sleeps.push(ms)
      clock.advance(ms)
    },
    random: () => 0.5,
    ...options.client,
  })
  return {
    clock,
    fake,
    client,
    sleeps,
    // Idempotent: afterEach may meet a harness an earlier test already closed.
    close: async () => {
      if (closed) return
      closed = true
      await client.close()
      await fake.close()
    },
  }
}

/** Lets the 30 s poll spacing pass so the next read goes to the cloud. */
export function nextPoll(h: Harness): void {
  h.clock.advance(30_000)
}

/** Requests to a path, ignoring the query string. */
export function hits(h: Harness, method: string, pathEnd: string): number {
  return h.fake.requests.filter((r) => r.method === method && r.path.split('?')[0]!.toLowerCase().endsWith(pathEnd.toLowerCase())).length
}
