/**
 * When Sunspill stops controlling (quit, sleep, shutdown, all data missing), each charger is left in the state its
 * owner chose, so a car never keeps charging from the grid at the last solar setpoint while the
 * laptop sleeps. The wait is bounded: quitting must never hang on a slow cloud.
 */
import type { HandoffPolicy, Settings } from '../../../src-shared/settings'
import { chargerSettings } from '../../../src-shared/settings'
import type { Charger } from '../devices'
import { userMessage } from '../errors'
import type { Logger } from '../host'

export type HandoffReason = 'quit' | 'suspend' | 'shutdown' | 'stale'

export interface HandoffOutcome {
  chargerId: string
  policy: HandoffPolicy
  ok: boolean
  message: string
}

/** The safe policy for what the charger can do: its own mode if it has one, else pause. */
export function defaultHandoff(charger: Charger): HandoffPolicy {
  if (charger.handBack) return 'vendor'
  if (charger.switchable || charger.current) return 'pause'
  return 'leave'
}

/** The policies that make sense for what the charger can do. */
export function handoffOptions(charger: Charger): HandoffPolicy[] {
  const options: HandoffPolicy[] = []
  if (charger.handBack) options.push('vendor')
  if (charger.switchable || charger.current) options.push('pause')
  if (charger.current) options.push('minimum')
  options.push('leave')
  return options
}

export function handoffPolicy(charger: Charger, settings: Settings): HandoffPolicy {
  const chosen = chargerSettings(settings, charger.id).handoff
  if (chosen === 'vendor' && !charger.handBack) return defaultHandoff(charger)
  if (chosen === 'minimum' && !charger.current) return defaultHandoff(charger)
  return chosen ?? defaultHandoff(charger)
}

async function apply(charger: Charger, policy: HandoffPolicy): Promise<string> {
  switch (policy) {
    case 'vendor':
      await charger.handBack!.run()
      return `handed back to ${charger.handBack!.label}`
    case 'minimum':
      await charger.current!.setCurrent(charger.current!.minA)
      return `left at ${charger.current!.minA} A`
    case 'pause':
      if (charger.switchable) await charger.switchable.setEnabled(false)
      else await charger.current?.setCurrent(0)
      return 'paused'
    case 'leave':
      return 'left as it was'
  }
}

export async function handOffChargers(
  chargers: Charger[],
  settings: Settings,
  reason: HandoffReason,
  logger: Logger,
  timeoutMs: number,
): Promise<HandoffOutcome[]> {
  const outcomes = chargers.map(async (charger): Promise<HandoffOutcome> => {
    const policy = handoffPolicy(charger, settings)
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs)
    })
    try {
      const message = await Promise.race([apply(charger, policy), timeout])
      logger.info(`Hand-off (${reason}): ${charger.label} ${message}`)
      return { chargerId: charger.id, policy, ok: true, message }
    } catch (error) {
      const message = userMessage(error, charger.label)
      logger.warn(`Hand-off (${reason}) of ${charger.label} failed`, { error: message })
      return { chargerId: charger.id, policy, ok: false, message }
    } finally {
      clearTimeout(timer)
    }
  })
  return Promise.all(outcomes)
}
