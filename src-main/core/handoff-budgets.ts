/**
 * How long a hand-off (quit, sleep, another Sunspill taking over) may wait for the vendors' clouds.
 * The shell bounds the whole stop by these, so they live apart from the core they bound.
 */

/** Quitting or sleeping never waits longer than this for the chargers' clouds. */
export const HANDOFF_TIMEOUT_MS = 3_000

/**
 * Giving the home battery its minimum back may wait out the vendor's pacing between a read and a
 * write; what does not finish in time goes back at the next start.
 */
export const BATTERY_RELEASE_TIMEOUT_MS = 25_000
