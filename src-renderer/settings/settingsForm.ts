import { Settings, type Settings as SettingsValue } from '../../src-shared/settings'

/**
 * Pure logic behind the settings forms: which part of Settings each section owns, how a draft
 * becomes the object we save, and what the shared schema says about it, field by field.
 */
export type EditableSection = 'site' | 'control' | 'notifications'
/** Accounts, Battery and the charger pages save through their own channels, not settings:save. */
export type SectionId = EditableSection | 'accounts' | 'battery' | 'history' | 'remote' | 'about'

/** The sidebar, top to bottom; the charger pages go in after Battery. */
export const sectionOrder: SectionId[] = ['accounts', 'site', 'control', 'battery', 'notifications', 'history', 'remote', 'about']
export const chargersAfter: SectionId = 'battery'

/** Paths are dotted like zod issue paths: "site.fuseA", "accounts.0.name", "chargers.wb-1.phase". */
export type FieldErrors = Record<string, string>

/**
 * What Save sends for one section: that section from the draft, everything else as the server
 * has it now, so saving Site never undoes a mode change made in the popover meanwhile.
 */
export function composeForSave(server: SettingsValue, draft: SettingsValue, section: EditableSection): SettingsValue {
  switch (section) {
    case 'site':
      return { ...server, site: draft.site, chargers: withPhasesFrom(server.chargers, draft.chargers) }
    case 'control':
      return { ...server, control: draft.control }
    case 'notifications':
      return { ...server, notifications: draft.notifications }
  }
}

// The Site page only edits which phase a charger is on; mode, enabled and limit belong to the popover.
function withPhasesFrom(server: SettingsValue['chargers'], draft: SettingsValue['chargers']): SettingsValue['chargers'] {
  const merged = { ...server }
  for (const [id, entry] of Object.entries(draft)) {
    const base = server[id] ?? entry
    merged[id] = { ...base, phase: entry.phase }
  }
  return merged
}

export function sectionChanged(server: SettingsValue, draft: SettingsValue, section: EditableSection): boolean {
  return !deepEqual(composeForSave(server, draft, section), server)
}

export interface Validation {
  settings: SettingsValue | null
  errors: FieldErrors
}

export function validateSettings(candidate: unknown): Validation {
  const result = Settings.safeParse(candidate)
  if (result.success) return { settings: result.data, errors: {} }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.')
    errors[path] ??= readableMessage(path, issue)
  }
  return { settings: null, errors }
}

const fieldNames: [RegExp, string][] = [
  [/^site\.latitude$/, 'Latitude'],
  [/^site\.longitude$/, 'Longitude'],
  [/^accounts\.\d+\.pvKwp$/, 'PV size'],
  [/^accounts\.\d+\.batteryKwh$/, 'Battery capacity'],
  [/^accounts\.\d+\.name$/, 'The name'],
  [/^chargers\..+\.phase$/, 'The phase'],
]

/**
 * The schema's own sentences are used as they are. Where a field has none, zod's generic text
 * ("Invalid input: expected number, received NaN") is turned into one that names the field.
 */
export function readableMessage(path: string, issue: { code: string; message: string; minimum?: unknown; maximum?: unknown }): string {
  const generic = /^(Invalid input|Too big|Too small)/.test(issue.message)
  if (!generic) return issue.message
  const name = fieldNames.find(([pattern]) => pattern.test(path))?.[1] ?? 'This field'
  if (issue.code === 'invalid_type') return `${name} must be a number`
  if (issue.code === 'too_big') return `${name} must be at most ${String(issue.maximum)}`
  if (issue.code === 'too_small') return `${name} must be at least ${String(issue.minimum)}`
  return `${name} is not valid`
}

export function getPath(root: unknown, path: string): unknown {
  let node: unknown = root
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/** An immutable update of one dotted path; arrays stay arrays. */
export function setPath<T>(root: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.')
  if (head === undefined) return root
  const container = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string, unknown>
  container[head] = rest.length === 0 ? value : setPath(container[head] ?? {}, rest.join('.'), value)
  return container as T
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}
