/**
 * The core the desktop app binds to IPC, the tray and notifications: either this computer's own
 * core, or a headless Sunspill elsewhere through a RemoteClient. It is itself a CoreApp, so the
 * shell does not know which one answers. In remote mode no local core exists at all: nothing
 * here ticks, commands a charger or hands one off; the remote does all of that.
 */
import {
  ContractError,
  coreChannelNames,
  coreEventNames,
  type EventPayload,
  type Handlers,
  type ShellHandlers,
} from '../../src-shared/contract'
import type { SettingsSectionTarget, SiteState } from '../../src-shared/model'
import type { RemoteTestResult, RemoteView } from '../../src-shared/remote'
import type { CoreApp, CoreEvents, Logger, SecretStore } from '../core/host'
import { createRemoteClient, type RemoteClient, type RemoteLink, type RemoteTarget } from './client'
import { createEventHub } from '../core/event-hub'
import { REMOTE_TOKEN_KEY, type RemoteConfig, type RemoteConfigStore } from './config-file'
import { hostOf, localMessage } from './messages'
import { isPlainHttp, pinWithPlainHttpMessage } from './pinning'
import { testRemote } from './test-connection'

/** remote:test and remote:connect requests, as IPC has already parsed them (url and fingerprint normalised). */
type RemoteRequest = Parameters<ShellHandlers['remote:test']>[0]

export interface SwitchableCoreOptions {
  /** Builds (and reads the state of) this computer's core; called again when switching back to it. */
  createLocal(): Promise<CoreApp>
  config: RemoteConfigStore
  secrets: SecretStore
  logger: Logger
  /** Always this computer's windows, whichever core answers the rest. */
  openSettings(section?: SettingsSectionTarget): Promise<boolean>
  hidePopover(): Promise<boolean>
}

export interface SwitchableCore extends CoreApp {
  /** remote:* channels, answered here in either mode. */
  shellHandlers: ShellHandlers
  view(): RemoteView
}

type Remote = { kind: 'remote'; client: RemoteClient; url: string }
type Current = { kind: 'local'; core: CoreApp } | Remote

export async function createSwitchableCore(options: SwitchableCoreOptions): Promise<SwitchableCore> {
  const { logger, secrets } = options
  const { events, emit } = createEventHub((channel, error) => logger.error(`A ${channel} listener failed`, { error: String(error) }))
  let config: RemoteConfig = options.config.read()
  let tokenSet = await secrets.has(REMOTE_TOKEN_KEY)
  let started = false
  let detachCurrent: () => void = () => {}
  /** Switches run one at a time; a second click waits for the first. */
  let switching: Promise<unknown> = Promise.resolve()

  async function storedToken(): Promise<string> {
    try {
      const token = (await secrets.get(REMOTE_TOKEN_KEY)) ?? ''
      if (token) logger.redact(token)
      return token
    } catch (error) {
      logger.warn(`The remote's token could not be read: ${error instanceof Error ? error.message : String(error)}`)
      return ''
    }
  }

  function remoteClient(target: RemoteTarget): Remote {
    logger.redact(target.token)
    return { kind: 'remote', client: createRemoteClient({ ...target, logger }), url: target.url }
  }

  let current: Current
  if (config.mode === 'remote' && config.url) {
    // A token that cannot be read still means remote mode: falling back to the local core would
    // put two Sunspills on the same chargers. The link then says the token was refused.
    current = remoteClient({ url: config.url, token: await storedToken(), fingerprint: config.fingerprint })
    logger.info(`Remote mode: ${hostOf(config.url)} runs the loop; this computer's core stays off`)
  } else {
    current = { kind: 'local', core: await options.createLocal() }
  }
  attach(current)

  function attach(next: Current) {
    detachCurrent()
    current = next
    const source: CoreEvents = next.kind === 'local' ? next.core.events : next.client.events
    // remote:status is this app's own, emitted here, never a core's.
    const offs = coreEventNames.map((channel) => source.on(channel, (payload) => emit(channel, payload as EventPayload<typeof channel>)))
    if (next.kind === 'remote') {
      offs.push(
        next.client.onLink((link) => {
          emit('remote:status', view())
          // The tray and popover say why the numbers stopped moving.
          if (link.state !== 'connected') emit('state:update', state())
        }),
      )
    }
    detachCurrent = () => offs.forEach((off) => off())
  }

  function view(): RemoteView {
    const link = current.kind === 'remote' ? current.client.link() : { state: 'local' as const, message: localMessage }
    return { mode: current.kind, url: config.url, tokenSet, fingerprint: config.fingerprint, state: link.state, message: link.message }
  }

  function state(): SiteState {
    if (current.kind === 'local') return current.core.state()
    const link = current.client.link()
    const last = current.client.lastState() ?? placeholderState(link.message)
    if (link.state === 'connected') return last
    return { ...last, statusLine: link.message, sources: last.sources.map((s) => ({ ...s, freshness: 'offline' as const })) }
  }

  const forward = Object.fromEntries(
    coreChannelNames.map((channel) => [
      channel,
      (req: unknown) => {
        const handlers = (current.kind === 'local' ? current.core.handlers : current.client.handlers) as unknown as Record<string, (r: unknown) => Promise<unknown>>
        return handlers[channel]!(req)
      },
    ]),
  ) as unknown as Handlers
  const handlers: Handlers = {
    ...forward,
    // With the link lost the remote cannot answer, yet the popover still shows its last state
    // (sources offline); a window opened now shows the same, not an error and no chargers.
    'state:get': async (req) => (current.kind === 'remote' && linkLost(current.client.link().state) ? state() : forward['state:get'](req)),
    'app:openSettings': async (req) => ({ opened: await options.openSettings(req.section) }),
    'app:hidePopover': async () => ({ hidden: await options.hidePopover() }),
  }

  /** Whether the request names the saved remote: same address, same pinned certificate. */
  function isSaved(req: RemoteRequest): boolean {
    return config.url !== '' && req.url === config.url && req.fingerprint === config.fingerprint
  }

  /**
   * The request with the stored token filled in when the form left it empty, but only for the
   * saved address and pin: a new address, or another certificate, gets only a token the user typed
   * for it, so the saved token never goes anywhere the user did not send it.
   */
  async function target(req: RemoteRequest): Promise<RemoteTarget> {
    const token = req.token || (isSaved(req) ? await storedToken() : '')
    return { url: req.url, token, fingerprint: req.fingerprint }
  }

  /** What stops a test before anything is sent, or null. */
  function refusal(req: RemoteRequest, t: RemoteTarget): RemoteTestResult | null {
    if (isPlainHttp(t.url) && t.fingerprint) return { ok: false, message: pinWithPlainHttpMessage(hostOf(t.url)), fingerprint: null, needsPin: false }
    // With https and no pin only the handshake happens, to show the certificate: no token needed.
    if (t.token || (t.url.startsWith('https:') && !t.fingerprint)) return null
    const message =
      tokenSet && !isSaved(req)
        ? `Enter the access token for ${hostOf(t.url)}: the saved token is only sent to the saved address and certificate. It is in the headless-token file in the server's data folder.`
        : 'Enter the access token of the headless Sunspill (its headless-token file).'
    return { ok: false, message, fingerprint: t.fingerprint, needsPin: false }
  }

  function serially<T>(work: () => Promise<T>): Promise<T> {
    const run = switching.then(work, work)
    switching = run.catch(() => undefined)
    return run
  }

  async function toRemote(next: RemoteTarget) {
    const previous = current
    const remote = remoteClient(next)
    attach(remote)
    // Open first: whatever closing the previous core does, the link does not stay at "connecting".
    if (started) remote.client.open()
    try {
      if (previous.kind === 'local') await previous.core.detach()
      else await previous.client.close()
    } catch (error) {
      // The remote runs the loop either way; a core that did not close cleanly only leaks a file handle.
      logger.error(`This computer's core did not close cleanly when switching to ${hostOf(next.url)}`, { error: String(error) })
    }
    logger.info(`Remote mode: ${hostOf(next.url)} runs the loop; this computer's core is off`)
    emit('remote:status', view())
    emit('state:update', state())
  }

  async function toLocal() {
    if (current.kind === 'local') return
    const core = await options.createLocal()
    const previous = current
    attach({ kind: 'local', core })
    await previous.client.close()
    if (started) core.start()
    logger.info('Local mode: this computer runs the loop again')
    emit('remote:status', view())
    emit('state:update', core.state())
    emit('settings:changed', await core.handlers['settings:get']({}))
  }

  const shellHandlers: ShellHandlers = {
    'remote:get': async () => view(),
    'remote:test': async (req) => {
      const t = await target(req)
      return refusal(req, t) ?? testRemote(t)
    },
    'remote:connect': (req) =>
      serially(async () => {
        const t = await target(req)
        const result = refusal(req, t) ?? (await testRemote(t))
        if (!result.ok) return { ok: false as const, error: result.message, test: result }
        const typed = req.token
        try {
          if (typed) {
            await secrets.set(REMOTE_TOKEN_KEY, typed)
            tokenSet = true
          }
          config = { mode: 'remote', url: t.url, fingerprint: t.fingerprint }
          options.config.write(config)
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error)
          return { ok: false as const, error: `Sunspill could not save the remote connection: ${why}`, test: result }
        }
        await toRemote(t)
        return { ok: true as const, view: view() }
      }),
    'remote:disconnect': () =>
      serially(async () => {
        try {
          await toLocal()
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error)
          throw new ContractError(`Sunspill could not start the loop on this computer again: ${why}`, 'failed')
        }
        config = { ...config, mode: 'local' }
        options.config.write(config)
        return view()
      }),
  }

  return {
    handlers,
    shellHandlers,
    view,
    events,
    state,
    start() {
      started = true
      if (current.kind === 'local') current.core.start()
      else current.client.open()
    },
    async handOff(reason) {
      if (current.kind === 'local') return current.core.handOff(reason)
      logger.info(`Nothing to hand off before ${reason}: ${hostOf(current.url)} controls the chargers`)
      return []
    },
    async resume() {
      if (current.kind === 'local') return current.core.resume()
      // After sleep the old connection is gone; do not wait out the backoff.
      current.client.retryNow()
    },
    async stop() {
      await switching
      if (current.kind === 'local') return current.core.stop()
      await current.client.close()
    },
    async detach() {
      await switching
      if (current.kind === 'local') return current.core.detach()
      await current.client.close()
    },
  }
}

/** Unreachable, token refused or certificate changed: nothing can be asked until the network or the user acts. */
function linkLost(state: RemoteLink['state']): boolean {
  return state === 'unreachable' || state === 'unauthorized' || state === 'certificate'
}

/**
 * Before the remote's first state arrives: no numbers, only what is happening. It has no time of
 * its own (atMs 0): the remote stamps its states with its own clock, which may run behind this
 * computer's, and its first state must still replace this one in the windows.
 */
function placeholderState(statusLine: string): SiteState {
  return {
    atMs: 0,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    statusLine,
    flow: { pvW: null, houseW: null, batteryW: null, socPct: null, gridW: null, evW: 0, gridPhases: null },
    price: { now: null, intervals: [], currency: 'AUD', unit: 'c/kWh' },
    chargers: [],
    sources: [],
    keyring: { backend: 'remote', weak: false, message: null },
    settingsProblem: null,
    simulationSpeed: null,
    batteryHold: null,
  }
}
