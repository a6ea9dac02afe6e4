/**
 * Time is injected, never read inside the core: the demo home and the benchmark run faster than
 * real time through the same code. This module is the one place that reads the wall clock.
 */
export interface Clock {
  now(): number
  /** Simulated seconds per real second (1 for real time). */
  readonly speed: number
}

export function realClock(): Clock {
  return { now: () => Date.now(), speed: 1 }
}

/** Starts at startMs and runs speed times faster than the wall clock. */
export function scaledClock(startMs: number, speed: number, wallNow: () => number = Date.now): Clock {
  const wallStart = wallNow()
  return { now: () => startMs + (wallNow() - wallStart) * speed, speed }
}

export interface ManualClock extends Clock {
  advance(ms: number): void
  set(ms: number): void
}

export function manualClock(startMs: number): ManualClock {
  let t = startMs
  return {
    now: () => t,
    speed: 1,
    advance(ms) {
      t += ms
    },
    set(ms) {
      t = ms
    },
  }
}
