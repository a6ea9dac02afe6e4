/**
 * Surplus control for chargers that can only be switched on and off (Andersen A2 has no current
 * setpoint): the car then draws all it can, so the loop starts only when the surplus covers what
 * the car drew last time (at first, the minimum charging power), holds each state for at least
 * the charger's minimum switch interval,
 * and stretches both delays to it. Each switch is a cloud round-trip and a contactor cycle.
 */
import { formatDuration, formatPower } from '../../../src-shared/format'
import { startCapWaitS } from './start-cap'
import type { ChargerInput, ControlConfig, Decision, LoopMemory } from './types'

/** Drawn below this, a switched-on charger is not really charging (car full or asleep). */
const DRAWING_W = 500
/** The IEC 61851 minimum a car charges at. */
const MIN_CHARGING_A = 6

export function decideOnOff(charger: ChargerInput, available: number, config: ControlConfig, memory: LoopMemory, nowMs: number): Decision {
  const on = charger.offeredA > 0
  // Until the car has shown what it draws, assume the minimum charging power: waiting for the
  // charger's full rating would never start a car that takes less.
  const onPowerW = on && charger.powerW > DRAWING_W ? charger.powerW : (memory.onPowerW ?? MIN_CHARGING_A * charger.phases * config.voltageV)
  const keep = { lastSwitchMs: memory.lastSwitchMs ?? null, onPowerW }
  const startDelayS = Math.max(config.startDelayS, charger.minSwitchIntervalS)
  const stopDelayS = Math.max(config.stopDelayS, charger.minSwitchIntervalS)
  const heldS = memory.lastSwitchMs == null ? Number.POSITIVE_INFINITY : (nowMs - memory.lastSwitchMs) / 1000
  const holdLeftS = charger.minSwitchIntervalS - heldS
  const switched = { lastSwitchMs: nowMs, onPowerW }
  // As with current-setting chargers: the sun need only cover the user's share of the draw.
  const share = (config.solarShareMinPct ?? 100) / 100
  const startW = onPowerW * share

  if (!on) {
    if (available < startW) {
      return { targetA: 0, state: 'waiting', reason: `Waiting: ${formatPower(startW - available)} more surplus needed to start`, memory: { ...keep, enableSinceMs: null, disableSinceMs: null } }
    }
    const since = memory.enableSinceMs ?? nowMs
    const capWaitS = startCapWaitS(charger, config, nowMs)
    const waitS = Math.max(startDelayS - (nowMs - since) / 1000, holdLeftS, capWaitS)
    if (waitS > 0) {
      const why = capWaitS > 0 && capWaitS >= waitS ? `${config.maxStartsPerHour} starts in the last hour; starting in ${formatDuration(waitS)} to spare the contactor` : `Starting in ${formatDuration(waitS)} if surplus holds`
      return { targetA: 0, state: 'waiting', reason: why, memory: { ...keep, enableSinceMs: since, disableSinceMs: null } }
    }
    return { targetA: charger.limitA, state: 'charging', reason: `Solar: on, ${formatPower(onPowerW)} from surplus`, memory: { ...switched, enableSinceMs: null, disableSinceMs: null } }
  }

  // Charging: the car's own draw is part of what is available, so a deficit means importing.
  if (available >= charger.powerW * share || charger.powerW <= DRAWING_W) {
    return { targetA: charger.limitA, state: 'charging', reason: `Solar: on, ${formatPower(charger.powerW)} from surplus`, memory: { ...keep, enableSinceMs: null, disableSinceMs: null } }
  }
  const since = memory.disableSinceMs ?? nowMs
  const waitS = Math.max(stopDelayS - (nowMs - since) / 1000, holdLeftS)
  if (waitS > 0) {
    return {
      targetA: charger.limitA,
      state: 'charging',
      reason: `Low surplus: switching off in ${formatDuration(waitS)} unless the sun returns`,
      memory: { ...keep, enableSinceMs: null, disableSinceMs: since },
    }
  }
  return { targetA: 0, state: 'waiting', reason: `Stopped: surplus stayed below ${formatPower(charger.powerW * share)} for ${formatDuration(stopDelayS)}`, memory: { ...switched, enableSinceMs: null, disableSinceMs: null } }
}
