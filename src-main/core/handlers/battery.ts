/** The home battery's own settings, read from and written to the system that owns it. */
import type { BatteryView, Handlers } from '../../../src-shared/contract'
import type { Battery } from '../devices'
import { userMessage } from '../errors'

export interface BatteryHandlerDeps {
  battery: () => Battery | null
  refresh: () => Promise<unknown>
  /** Told when the battery rejects a write, with the sentence the form shows (a notification). */
  rejected?: (message: string) => void
}

const NO_CONTROL = 'No battery whose settings Sunspill can change: add an AlphaESS account in Accounts.'

export function batteryHandlers(ctx: BatteryHandlerDeps): Pick<Handlers, 'battery:get' | 'battery:save'> {
  async function view(): Promise<BatteryView> {
    const control = ctx.battery()?.control
    if (!control) return { available: false, settings: null, message: NO_CONTROL }
    try {
      return { available: true, settings: await control.readSettings(), message: control.writeLimits }
    } catch (error) {
      return { available: true, settings: null, message: userMessage(error, 'the battery') }
    }
  }

  return {
    'battery:get': view,
    'battery:save': async ({ settings }) => {
      const control = ctx.battery()?.control
      if (!control) return { ok: false, error: NO_CONTROL }
      let written = false
      try {
        const applied = await control.writeSettings(settings)
        written = true
        await ctx.refresh()
        return { ok: true, view: { available: true, settings: applied, message: control.writeLimits } }
      } catch (error) {
        const message = userMessage(error, 'the battery')
        if (!written) ctx.rejected?.(message)
        return { ok: false, error: message }
      }
    },
  }
}
