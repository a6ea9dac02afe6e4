/**
 * The one check of a schedule list against what the charger's vendor allows, used by the editor
 * as the user types and by the main side before anything is sent to the vendor, so both say the
 * same sentence. Pure: no Node, no DOM.
 */
import type { ScheduleLimits } from './model'

export function tooManySchedulesMessage(count: number, limits: ScheduleLimits): string {
  const extra = count - limits.maxCount
  return `${limits.maxCountReason} Remove ${extra === 1 ? 'one schedule' : `${extra} schedules`}, then save again.`
}

export const NO_SCHEDULE_CURRENT_MESSAGE = 'This charger’s schedules only switch charging on and off; they cannot cap the current. Leave the cap blank.'

/** Why the charger cannot keep these schedules, as one sentence, or null when it can. */
export function scheduleLimitError(schedules: readonly { maxCurrentA: number | null }[], limits: ScheduleLimits): string | null {
  if (schedules.length > limits.maxCount) return tooManySchedulesMessage(schedules.length, limits)
  const capped = limits.perScheduleCurrent ? -1 : schedules.findIndex((s) => s.maxCurrentA !== null)
  if (capped >= 0) {
    return `Schedule ${capped + 1} has a current cap, but this charger’s schedules only switch charging on and off; they cannot cap the current.`
  }
  return null
}
