/**
 * Short random events (a passing cloud, a kettle) that are a pure function of time: the timeline
 * is cut into slots and each slot decides from its own hash whether it holds an event. An event
 * never lasts longer than one slot, so only the current and previous slot can cover an instant.
 */
import { unitNoise } from './random'

export interface SlotEvent {
  startMs: number
  endMs: number
  /** A further uniform [0, 1) draw for the event's strength. */
  strength: number
}

export interface SlotEventKind {
  stream: number
  slotMs: number
  minDurationMs: number
  /** At most slotMs. */
  maxDurationMs: number
  /** Chance that the slot starting at slotStartMs holds an event. */
  probability(slotStartMs: number): number
}

function eventInSlot(seed: number, kind: SlotEventKind, slot: number): SlotEvent | null {
  const slotStartMs = slot * kind.slotMs
  if (unitNoise(seed, kind.stream, slot, 0) >= kind.probability(slotStartMs)) return null
  const startMs = slotStartMs + unitNoise(seed, kind.stream, slot, 1) * kind.slotMs
  const durationMs = kind.minDurationMs + (kind.maxDurationMs - kind.minDurationMs) * unitNoise(seed, kind.stream, slot, 2)
  return { startMs, endMs: startMs + durationMs, strength: unitNoise(seed, kind.stream, slot, 3) }
}

/** The event covering timeMs, if any; timeMs is on whatever timeline the slots are cut from. */
export function activeEvent(seed: number, kind: SlotEventKind, timeMs: number): SlotEvent | null {
  const slot = Math.floor(timeMs / kind.slotMs)
  for (const candidate of [slot, slot - 1]) {
    const event = eventInSlot(seed, kind, candidate)
    if (event && event.startMs <= timeMs && timeMs < event.endMs) return event
  }
  return null
}
