/** Time spans in milliseconds, the unit every timestamp in the app uses. */
export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
/** A UTC day; a local day can be an hour shorter or longer across a daylight-saving change. */
export const DAY_MS = 24 * HOUR_MS
