import { manualClock, type ManualClock } from '../../../../src-main/core/clock'
import { AndersenCharger } from '../../../../src-main/core/vendors/andersen/adapter'
import { AndersenApi } from '../../../../src-main/core/vendors/andersen/api'
import { AndersenAuth } from '../../../../src-main/core/vendors/andersen/auth'
import { andersenEndpoints } from '../../../../src-main/core/vendors/andersen/endpoints'
import { Http } from '../../../../src-main/core/vendors/andersen/http'
import { startAndersenFake, type AndersenFake, type AndersenFakeOptions } from '../../../fakes/andersen/server'
import { memoryLogger, type MemoryLogger } from '../../helpers/memory-logger'

export const START_MS = Date.parse('2026-06-01T12:00:00Z')

export interface Rig {
  fake: AndersenFake
  clock: ManualClock
  logger: MemoryLogger
  http: Http
  auth: AndersenAuth
  api: AndersenApi
  close(): Promise<void>
}

/** The fake and a client on one manual clock, so token lifetimes are exact without waiting. */
export async function startRig(options: AndersenFakeOptions = {}, password?: string, email?: string): Promise<Rig> {
  const clock = manualClock(START_MS)
  const fake = await startAndersenFake({ now: clock.now, ...options })
  const logger = memoryLogger()
  const endpoints = andersenEndpoints(fake.baseUrl)
  const http = new Http(5_000)
  const auth = new AndersenAuth({ endpoints, email: email ?? fake.email, password: password ?? fake.password, clock, logger, http })
  const api = new AndersenApi({ endpoints, tokens: auth, http, logger })
  return {
    fake,
    clock,
    logger,
    http,
    auth,
    api,
    async close() {
      await http.close()
      await fake.close()
    },
  }
}

/** Polls until `check` passes (real time: sockets and pushes take a few milliseconds). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`Timed out waiting for ${what}`)
}

/** The adapter against the rig's fake, as the driver builds it; `live` false polls only. */
export function chargerOn(rig: Rig, live: false | { minDelayMs: number }): AndersenCharger {
  return new AndersenCharger({
    accountId: 'acc-1',
    fallbackLabel: 'My Andersen',
    deviceId: rig.fake.deviceId,
    api: rig.api,
    tokens: rig.auth,
    wsUrl: andersenEndpoints(rig.fake.baseUrl).graphqlWs,
    clock: rig.clock,
    logger: rig.logger,
    random: () => 0,
    live,
  })
}
