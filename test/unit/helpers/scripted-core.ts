/** A core for tests that stand a server or a window in front of it: its answers and state are the test's, its events played by the test. */
import { EventEmitter } from 'node:events'
import type { CoreApp } from '../../../src-main/core/host'
import { invokeChannelNames, type Handlers, type InvokeChannel } from '../../../src-shared/contract'
import type { SiteState } from '../../../src-shared/model'

export function scriptedCore(o: { answer: (channel: InvokeChannel) => unknown; state: () => SiteState }): { core: CoreApp; emitter: EventEmitter } {
  const emitter = new EventEmitter()
  const handlers = Object.fromEntries(invokeChannelNames.map((channel) => [channel, async () => o.answer(channel)])) as unknown as Handlers
  const core: CoreApp = {
    handlers,
    events: {
      on(channel, listener) {
        emitter.on(channel, listener)
        return () => emitter.off(channel, listener)
      },
    },
    state: o.state,
    start: () => {},
    handOff: async () => [],
    resume: async () => {},
    stop: async () => {},
    detach: async () => {},
  }
  return { core, emitter }
}
