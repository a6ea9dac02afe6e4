/**
 * The charger's settings page: whatever its vendor offers beyond the popover's controls, read
 * live from the charger and written back through it.
 */
import type { Handlers } from '../../../src-shared/contract'
import type { ChargerDetails, ChargerFieldView, ChargerSessionsResult, ScheduleLimits } from '../../../src-shared/model'
import { SCHEDULES_CEILING, dayRangeWords } from '../../../src-shared/model'
import { scheduleLimitError } from '../../../src-shared/schedules'
import type { Charger, ChargerField, ChargerReading, Schedulable, SessionRange } from '../devices'
import { VendorError, userMessage } from '../errors'
import { defaultHandoff, handoffOptions } from '../site/handoff'
import { zonedTimeToMs } from '../time/local-time'
import { waitPhrase } from '../vendors/shared/wait-phrase'
import type { Settings } from '../../../src-shared/settings'
import { chargerSettings } from '../../../src-shared/settings'

export interface ChargerPageDeps {
  findCharger: (chargerId: string) => Charger
  refresh: () => Promise<unknown>
  settings: () => Settings
  /** Stops the loop commanding a charger an action left to run on its own. */
  handOver: (charger: Charger, message: string) => void
}

type PageChannels = 'charger:details' | 'charger:sessions' | 'charger:setField' | 'charger:runAction' | 'charger:setLocked' | 'charger:saveSchedules'

async function fieldView(field: ChargerField): Promise<ChargerFieldView> {
  const base = {
    id: field.id,
    label: field.label,
    kind: field.kind,
    unit: field.unit ?? null,
    min: field.min ?? null,
    max: field.max ?? null,
    step: field.step ?? null,
    options: field.options ?? null,
    help: field.help ?? null,
    writable: Boolean(field.write),
  }
  try {
    return { ...base, value: await field.read(), error: null }
  } catch (error) {
    return { ...base, value: null, error: userMessage(error, field.label) }
  }
}

/** What every charger's reading says beyond the popover's figures, shown as read-only rows. */
function readingFacts(reading: ChargerReading | null): ChargerFieldView[] {
  if (!reading) return []
  const fact = (id: string, label: string, value: string): ChargerFieldView => ({
    id,
    label,
    kind: 'text',
    unit: null,
    min: null,
    max: null,
    step: null,
    options: null,
    help: null,
    value,
    writable: false,
    error: null,
  })
  const facts = [fact('offered', 'Current offered now', reading.enabled && reading.offeredA > 0 ? `${reading.offeredA} A` : 'None (paused)')]
  const phases = reading.phaseCurrentsA
  if (phases && phases.some((a) => a !== null)) {
    facts.push(fact('phaseCurrents', 'Current per phase', phases.map((a, i) => `L${i + 1} ${a === null ? '—' : `${a.toFixed(1)} A`}`).join(' · ')))
  }
  return facts
}

/** The days from–to, both included, as instants in the site's zone (the end is the next midnight). */
export function sessionRangeOf(timeZone: string, from: string, to: string): SessionRange {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  return { fromMs: zonedTimeToMs(timeZone, { year: fy, month: fm, day: fd }), toMs: zonedTimeToMs(timeZone, { year: ty, month: tm, day: td + 1 }) }
}

/**
 * Why a range's sessions are missing, with the next step; the page keeps the table it showed. A
 * rate limit gets its own sentence: the vendors' "Sunspill tries again in 45 s" is true of the
 * loop's reads, but only the user repeats this one.
 */
function sessionsError(error: unknown, label: string): string {
  if (error instanceof VendorError && error.kind === 'rate-limited') {
    const when = error.retryAfterMs !== null ? `in ${waitPhrase(error.retryAfterMs)}` : 'in a minute'
    return `These sessions were not read: the charger's cloud allows only a few requests a minute, and the control loop's reads come first. Try this range again ${when}.`
  }
  return `These sessions could not be read. ${userMessage(error, label)}`
}

/** What the vendor allows, for the page and for the check before a save; never above the contract's ceiling. */
export function scheduleLimitsOf(schedules: Schedulable): ScheduleLimits {
  return {
    maxCount: Math.max(1, Math.min(SCHEDULES_CEILING, Math.floor(schedules.maxCount))),
    perScheduleCurrent: schedules.perScheduleCurrent,
    maxCountReason: schedules.maxCountReason,
  }
}

export function chargerPageHandlers(ctx: ChargerPageDeps): Pick<Handlers, PageChannels> {
  return {
    'charger:details': async ({ chargerId }): Promise<ChargerDetails> => {
      const charger = ctx.findCharger(chargerId)
      let error: string | null = null
      const reading = await charger.readCharger().catch((e: unknown) => {
        error = userMessage(e, charger.label)
        return null
      })
      const schedules = charger.schedules
        ? await charger.schedules.readSchedules().catch((e: unknown) => {
            error ??= userMessage(e, charger.label)
            return []
          })
        : null
      const history = charger.history
        ? await charger.history
            .read()
            .then((table) => ({ title: charger.history!.title, columns: table.columns, rows: table.rows, note: table.note ?? null }))
            .catch((e: unknown) => {
              error ??= userMessage(e, charger.label)
              return null
            })
        : null
      return {
        id: charger.id,
        name: charger.label,
        capabilities: {
          current: charger.current ? { minA: charger.current.minA, maxA: charger.current.maxA, stepA: charger.current.stepA } : null,
          switchable: Boolean(charger.switchable),
          phases: charger.phases,
        },
        lockable: Boolean(charger.lock),
        locked: reading?.locked ?? null,
        vendorStatus: reading?.vendorStatus ?? null,
        fields: [...readingFacts(reading), ...(await Promise.all((charger.fields ?? []).map(fieldView)))],
        actions: (charger.actions ?? []).map(({ id, label, confirm }) => ({ id, label, confirm })),
        schedules,
        scheduleLimits: charger.schedules ? scheduleLimitsOf(charger.schedules) : null,
        history,
        error,
        handoff: {
          options: handoffOptions(charger),
          defaultPolicy: defaultHandoff(charger),
          chosen: chargerSettings(ctx.settings(), charger.id).handoff ?? null,
          ownModeLabel: charger.handBack?.label ?? null,
        },
      }
    },

    'charger:sessions': async ({ chargerId, from, to }): Promise<ChargerSessionsResult> => {
      const charger = ctx.findCharger(chargerId)
      if (!charger.history) return { ok: false, error: 'This charger keeps no charging sessions that Sunspill can read.' }
      try {
        const table = await charger.history.read(sessionRangeOf(ctx.settings().site.timeZone, from, to))
        return { ok: true, history: { title: `Charging sessions, ${dayRangeWords(from, to)}`, columns: table.columns, rows: table.rows, note: table.note ?? null } }
      } catch (error) {
        return { ok: false, error: sessionsError(error, charger.label) }
      }
    },

    'charger:setField': async ({ chargerId, fieldId, value }) => {
      const charger = ctx.findCharger(chargerId)
      const field = charger.fields?.find((f) => f.id === fieldId)
      if (!field?.write) return { ok: false, message: 'This setting cannot be changed from Sunspill.' }
      try {
        await field.write(value)
        await ctx.refresh()
        return { ok: true, message: `${field.label} saved.` }
      } catch (error) {
        return { ok: false, message: userMessage(error, charger.label) }
      }
    },

    'charger:runAction': async ({ chargerId, actionId }) => {
      const charger = ctx.findCharger(chargerId)
      const action = charger.actions?.find((a) => a.id === actionId)
      if (!action) return { ok: false, message: 'This charger does not offer that action.' }
      try {
        const message = await action.run()
        if (action.handsOver) ctx.handOver(charger, action.handsOver)
        await ctx.refresh()
        return { ok: true, message: action.handsOver ? `${message} Sunspill leaves the charger alone until you take control back in the popover.` : message }
      } catch (error) {
        return { ok: false, message: userMessage(error, charger.label) }
      }
    },

    'charger:setLocked': async ({ chargerId, locked }) => {
      const charger = ctx.findCharger(chargerId)
      if (!charger.lock) return { ok: false, message: 'This charger has no lock.' }
      try {
        await charger.lock.setLocked(locked)
        await ctx.refresh()
        return { ok: true, message: locked ? 'Charger locked.' : 'Charger unlocked.' }
      } catch (error) {
        return { ok: false, message: userMessage(error, charger.label) }
      }
    },

    'charger:saveSchedules': async ({ chargerId, schedules }) => {
      const charger = ctx.findCharger(chargerId)
      if (!charger.schedules) return { ok: false, error: 'This charger keeps no schedules.' }
      // Refused here, in words, rather than by the vendor after a round-trip (or, for a cap the
      // charger has no field for, dropped without a word).
      const refusal = scheduleLimitError(schedules, scheduleLimitsOf(charger.schedules))
      if (refusal) return { ok: false, error: refusal }
      try {
        return { ok: true, schedules: await charger.schedules.writeSchedules(schedules) }
      } catch (error) {
        return { ok: false, error: userMessage(error, charger.label) }
      }
    },
  }
}
