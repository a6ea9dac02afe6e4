/**
 * The charger's settings page: whatever its vendor offers beyond the popover's controls, read
 * live from the charger and written back through it.
 */
import type { Handlers } from '../../../src-shared/contract'
import type { ChargerDetails, ChargerFieldView } from '../../../src-shared/model'
import type { Charger, ChargerField } from '../devices'
import { userMessage } from '../errors'

export interface ChargerPageDeps {
  findCharger: (chargerId: string) => Charger
  refresh: () => Promise<unknown>
}

type PageChannels = 'charger:details' | 'charger:setField' | 'charger:runAction' | 'charger:setLocked' | 'charger:saveSchedules'

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
            .then((table) => ({ title: charger.history!.title, ...table }))
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
        fields: await Promise.all((charger.fields ?? []).map(fieldView)),
        actions: (charger.actions ?? []).map(({ id, label, confirm }) => ({ id, label, confirm })),
        schedules,
        history,
        error,
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
        await ctx.refresh()
        return { ok: true, message }
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
      try {
        return { ok: true, schedules: await charger.schedules.writeSchedules(schedules) }
      } catch (error) {
        return { ok: false, error: userMessage(error, charger.label) }
      }
    },
  }
}
