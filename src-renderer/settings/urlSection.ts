import { useEffect, useRef } from 'react'
import type { Runtime } from '../transport/selectTransport'
import { sectionOrder, type SectionId } from './settingsForm'

/**
 * The sections this runtime shows. A browser is served by the headless Sunspill itself: there is
 * nowhere else for its loop to run, so it has no Remote page (and its remote:* calls answer 404).
 */
export function sectionsFor(runtime: Runtime): SectionId[] {
  return sectionOrder.filter((id) => id !== 'remote' || runtime !== 'browser')
}

/** The section asked for when this runtime has it; otherwise (or when none was asked) the first. */
export function shownSection(asked: SectionId | null, runtime: Runtime): SectionId {
  const available = sectionsFor(runtime)
  return asked && available.includes(asked) ? asked : available[0]!
}

/**
 * The section a link or notification asks for: ?section=battery when the window opens there,
 * #section=battery when the app turns an open window to it. The hash wins, being the newer.
 * Anything that is not a section (the browser's #token=…) is ignored.
 */
export function sectionFromUrl(search: string, hash = ''): SectionId | null {
  const asked = [new URLSearchParams(hash.replace(/^#/, '')).get('section'), new URLSearchParams(search).get('section')]
  for (const name of asked) {
    if (name && (sectionOrder as string[]).includes(name)) return name as SectionId
  }
  return null
}

/**
 * Follows #section=… while the window is open, then clears it, so the same section asked for
 * again (a second click on a notification) is a change again.
 */
export function useHashSection(open: (id: SectionId) => void): void {
  const latest = useRef(open)
  latest.current = open
  useEffect(() => {
    const follow = () => {
      const id = sectionFromUrl('', window.location.hash)
      if (!id) return
      latest.current(id)
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
    }
    follow()
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])
}
