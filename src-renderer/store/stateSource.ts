import type { RemoteView } from '../../src-shared/remote'

/** Which core answers the windows: this computer's, or the headless Sunspill at an address. */
export function stateSourceOf(view: RemoteView): string {
  return view.mode === 'remote' ? `remote ${view.url}` : 'local'
}
