/**
 * The history: the core records every control tick here (power, price, charging sessions), the
 * notifications it sends, and the accounts' own records: today's when an account is added, past
 * days the user imports (./range-import.ts), and the days still missing, caught up once the vendor
 * has them (./catch-up.ts). It lives in one SQLite file in the data folder and answers the History
 * page's questions. Nothing here may stop the loop: a failure is logged and the next tick tries again.
 */
import { join } from 'node:path'
import type { NotificationEvent, SiteState } from '../../../src-shared/model'
import type { CsvExport, CsvKind, EvTotals, HistoryDemo, HistoryImportRequest, HistoryImportView, HistorySession, HistorySessions, HistoryStats, HistoryToday, StatsDays } from '../../../src-shared/history'
import { importRangeProblem } from '../../../src-shared/history'
import type { Account, Settings } from '../../../src-shared/settings'
import { accountSecretFields, secretKey } from '../../../src-shared/settings'
import type { Clock } from '../clock'
import type { Logger, SecretStore } from '../host'
import { DAY_MS } from '../time/durations'
import { localTime, zonedTimeToMs } from '../time/local-time'
import type { DriverDeps, Secrets } from '../vendors/driver'
import { realSleep, type Sleep } from '../vendors/shared/backoff'
import { CATCH_UP_CHECK_MS, catchUpAccount, caughtUpThrough, type CatchUpReport } from './catch-up'
import { samplesCsv, sessionsCsv } from './csv'
import { demoAccountIds, isDemoDevice, tickOrigin } from './demo'
import { importAlphaess, importAmber, localDate, type ImportResult } from './import'
import { isImportable, sourceView, type ImportableAccount } from './import-sources'
import { CancelSignal, RangeImport, vendorImporter } from './range-import'
import { recordTick, type RecorderState } from './recorder'
import { HistoryStore, METER_ID_KEY, METER_SINCE_KEY, type Totals } from './store'
import type { PriceRow, SampleRow, SessionRow } from './types'

export const HISTORY_FILE = 'history.sqlite'
const MAINTAIN_EVERY_MS = 60 * 60_000
const TODAY_BUCKET_MS = 5 * 60_000

export interface HistoryOptions {
  dataDir: string
  clock: Clock
  logger: Logger
  secretStore: SecretStore
  deps: DriverDeps
  settings: () => Settings
  /** Simulated time between control ticks; gaps much longer than this are not integrated. */
  cadenceMs: number
  /** Waits between vendor requests, in the clock's milliseconds; tests pass one that moves their clock. */
  sleep?: Sleep
}

export interface History {
  /** The file, or null when the history could not be opened (problem says why). */
  readonly file: string | null
  readonly problem: string | null
  record(state: SiteState): void
  recordNotification(event: NotificationEvent): void
  /** Starts the import of today's history for accounts that have not had one. */
  accountsChanged(): void
  /** Resolves once the imports under way have finished (for tests and shutdown). */
  idle(): Promise<void>
  /** What can be imported from which account, and the import under way or the last one. */
  importView(): Promise<HistoryImportView>
  /** Starts importing past days from an account; throws HistoryRequestError when it cannot. */
  startImport(request: HistoryImportRequest): Promise<HistoryImportView>
  cancelImport(): Promise<HistoryImportView>
  /**
   * Fetches the days accounts' records still lack (./catch-up.ts). The recorder calls it every
   * hour of the clock; tests call it directly. Resolves with each account's report.
   */
  catchUp(): Promise<Map<string, CatchUpReport>>
  today(): HistoryToday
  sessions(limit?: number): HistorySessions
  stats(days: StatsDays): HistoryStats
  exportCsv(request: { from: number; to: number; kind: CsvKind }): CsvExport
  /**
   * Recorded power ending in (fromMs, toMs], for the planner's solar outlook: only what the
   * current meter measured (days of the demo home say nothing of a real roof); empty when closed.
   */
  past(fromMs: number, toMs: number): SampleRow[]
  /** The site's meter after a rebuild: a different one than before starts the outlook's record afresh. */
  meterIs(meterId: string | null): void
  close(): Promise<void>
}

export class HistoryError extends Error {
  override name = 'HistoryError'
}

/** A request the history cannot take as asked (a range too long, an account that cannot import). */
export class HistoryRequestError extends HistoryError {
  override name = 'HistoryRequestError'
}

export function evTotals(t: Totals): EvTotals {
  return {
    energyWh: t.energyWh,
    solarWh: t.solarWh,
    batteryWh: t.batteryWh,
    gridWh: t.gridWh,
    solarSharePct: t.energyWh > 0 ? (t.solarWh / t.energyWh) * 100 : null,
    costCents: t.costCents,
    savingCents: t.gridPriceCents - t.costCents,
  }
}

export function sessionView(s: SessionRow): HistorySession {
  return {
    ...evTotals({ energyWh: s.energyWh, solarWh: s.solarWh, batteryWh: s.batteryWh, gridWh: s.gridWh, costCents: s.costCents, gridPriceCents: s.gridPriceCents }),
    id: s.id,
    chargerId: s.chargerId,
    chargerName: s.chargerName,
    startMs: s.startMs,
    endMs: s.endMs,
    lastDrawMs: s.lastDrawMs,
  }
}

/** Local midnight of the site's day that contains ms, shifted by whole days. */
export function localDayStart(timeZone: string, ms: number, addDays = 0): number {
  const day = new Date((localTime(timeZone, ms).dayIndex + addDays) * DAY_MS)
  return zonedTimeToMs(timeZone, { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() })
}

export function createHistory(options: HistoryOptions): History {
  const { clock, logger } = options
  const file = join(options.dataDir, HISTORY_FILE)
  let store: HistoryStore | null = null
  let problem: string | null = null
  try {
    store = HistoryStore.open(file, { demoIds: demoAccountIds(options.settings()) })
    const repaired = store.rolledBackPages
    if (repaired !== null) logger.warn(`The history was left mid-write by an earlier Sunspill; ${repaired} page(s) were put back as they were before that write`)
    store.maintain(clock.now())
  } catch (error) {
    problem = `The history could not be opened (${(error as Error).message}). Charts and statistics are off until it can; the loop runs as usual.`
    logger.error(problem)
    store = null
  }

  const maxGapMs = Math.max(5 * 60_000, 3 * options.cadenceMs)
  const memory: RecorderState = { lastMs: null, open: new Map() }
  const writtenPrices = new Map<number, string>()
  let lastMaintainedMs = clock.now()
  let currency = 'AUD'
  let unit = 'c/kWh'
  let failures = 0
  let toldClockBehind = false
  const imports = new Map<string, Promise<void>>()
  /** One import at a time, prices first, so imported power finds the prices for its cost. */
  let importChain: Promise<void> = Promise.resolve()
  // Clock milliseconds, so a sped-up demo clock waits its own time.
  const sleep: Sleep = options.sleep ?? ((ms) => realSleep(ms / clock.speed))
  let job: RangeImport | null = null
  let jobRun: Promise<void> = Promise.resolve()
  let jobCount = 0
  /** Set from the first check to the job's start: a second request in between must not start beside it. */
  let jobStarting = false
  /** The first check waits a little: the loop's own first reads go first. */
  let nextCatchUpMs = clock.now() + 2 * 60_000
  let catchUpRun: Promise<Map<string, CatchUpReport>> | null = null

  function reload() {
    if (!store) return
    memory.lastMs = store.lastSampleMs()
    memory.open = new Map(store.openSessions().map((s) => [s.chargerId, s]))
  }
  reload()

  function need(): HistoryStore {
    if (!store) throw new HistoryError(problem ?? 'The history is closed.')
    return store
  }

  function pricesToWrite(state: SiteState, demo: boolean): PriceRow[] {
    const out: PriceRow[] = []
    for (const p of state.price.intervals) {
      if (p.kind === 'forecast' || p.startMs > state.atMs) continue
      const key = `${p.endMs}|${p.perKwhCents}|${p.feedInCentsPerKwh}|${p.descriptor}|${demo}`
      if (writtenPrices.get(p.startMs) === key) continue
      writtenPrices.set(p.startMs, key)
      out.push({ startMs: p.startMs, endMs: p.endMs, perKwhCents: p.perKwhCents, feedInCents: p.feedInCentsPerKwh, descriptor: p.descriptor, tier: 0, demo })
    }
    for (const start of writtenPrices.keys()) if (start < state.atMs - DAY_MS) writtenPrices.delete(start)
    return out
  }

  function timeZone(): string {
    return options.settings().site.timeZone
  }

  /**
   * The demo home's simulated days never pass for the user's own: once the history holds any of
   * theirs (recorded or imported), the demo's rows are left out of every answer. Until then they
   * are all there is, and they are shown, marked as the demo's.
   */
  function demoScope(target: HistoryStore, fromMs: number, toMs: number): { include: boolean; demo: HistoryDemo } {
    if (!target.hasOwnData()) return { include: true, demo: target.hasDemoData() ? 'shown' : 'none' }
    // Left out, and said so only where the demo ran within what the answer covers: a demo tried
    // once long ago is not worth a footnote for ever.
    return { include: false, demo: target.hasDemoDataIn(fromMs, toMs) ? 'hidden' : 'none' }
  }

  async function secretsFor(account: Account): Promise<Secrets | null> {
    const secrets: Secrets = {}
    for (const field of accountSecretFields[account.kind]) {
      const value = await options.secretStore.get(secretKey(account.id, field.name))
      if (!value) return null
      secrets[field.name] = value
    }
    return secrets
  }

  async function runImport(account: Account, key: string): Promise<void> {
    const target = need()
    const secrets = await secretsFor(account)
    if (!secrets) return
    const ctx = { store: target, deps: options.deps, timeZone: timeZone() }
    let result: ImportResult
    if (account.kind === 'alphaess') result = await importAlphaess(account, secrets, ctx)
    else if (account.kind === 'amber') result = await importAmber(account, secrets, ctx)
    else return
    if (!store) return
    store.setMeta(key, JSON.stringify({ atMs: clock.now(), ...result }))
    logger.info(`History: imported ${localDate(ctx.timeZone, clock.now())} from ${account.name} (${result.samples} samples, ${result.prices} prices)`)
  }

  /** Whether every secret is stored, without reading them (the page asks twice a second while importing). */
  async function hasSecrets(account: Account): Promise<boolean> {
    for (const field of accountSecretFields[account.kind]) if (!(await options.secretStore.has(secretKey(account.id, field.name)))) return false
    return true
  }

  function importable(): ImportableAccount[] {
    return options.settings().accounts.filter(isImportable)
  }

  async function importView(): Promise<HistoryImportView> {
    const target = need()
    const today = localDate(timeZone(), clock.now())
    const sources = []
    for (const account of importable()) {
      // Without its secret the account cannot be asked; Accounts says so already.
      if (!(await hasSecrets(account))) continue
      sources.push(sourceView(account, today, caughtUpThrough(target, account)))
    }
    return { today, sources, job: job?.view() ?? null }
  }

  async function startImport(request: HistoryImportRequest): Promise<HistoryImportView> {
    const target = need()
    if ((job && !job.finished) || jobStarting) {
      throw new HistoryRequestError(`An import${job && !job.finished ? ` from ${job.view().accountName}` : ''} is still running: wait for it to finish, or cancel it.`)
    }
    jobStarting = true
    try {
      return await begin(target, request)
    } finally {
      jobStarting = false
    }
  }

  async function begin(target: HistoryStore, request: HistoryImportRequest): Promise<HistoryImportView> {
    const account = importable().find((a) => a.id === request.accountId)
    if (!account) throw new HistoryRequestError('That account cannot import history: pick an AlphaESS system or an Amber site that is set up in Accounts.')
    const secrets = await secretsFor(account)
    if (!secrets) throw new HistoryRequestError(`${account.name} has no stored secret: add it in Accounts, then import.`)
    const today = localDate(timeZone(), clock.now())
    const problem = importRangeProblem(sourceView(account, today, null), request.from, request.to)
    if (problem) throw new HistoryRequestError(problem)
    const signal = new CancelSignal()
    const zone = timeZone()
    const started = new RangeImport({
      id: ++jobCount,
      account,
      from: request.from,
      to: request.to,
      today,
      importer: vendorImporter(account, secrets, options.deps, signal.sleeper(sleep)),
      context: () => (store === target ? { store: target, deps: options.deps, timeZone: zone } : null),
      signal,
      logger,
    })
    job = started
    logger.info(`History: importing ${request.from} to ${request.to} from ${account.name}`)
    // After any import already under way (an account just added), never beside it; and what
    // comes next (an account added, the catch-up) waits for this one.
    jobRun = importChain.then(() => started.run())
    importChain = jobRun.then(
      () => undefined,
      () => undefined,
    )
    return importView()
  }

  async function catchUpAll(): Promise<Map<string, CatchUpReport>> {
    const reports = new Map<string, CatchUpReport>()
    for (const account of importable()) {
      const target = store
      if (!target || (job && !job.finished)) break
      try {
        // Inside the try: one credential the keyring cannot give back must not end the round for the others.
        const secrets = await secretsFor(account)
        if (!secrets) continue
        const report = await catchUpAccount(account, secrets, { store: target, deps: options.deps, timeZone: timeZone(), sleep })
        reports.set(account.id, report)
        if (report.requests > 0) logger.info(`History: caught up ${account.name} through ${report.through} (${report.requests} request(s))`)
      } catch (error) {
        logger.warn(`History: catching up ${account.name} failed; trying again later`, { error: error instanceof Error ? error.message : String(error) })
      }
    }
    return reports
  }

  function catchUp(): Promise<Map<string, CatchUpReport>> {
    if (catchUpRun) return catchUpRun
    const run = importChain.then(() => jobRun).then(catchUpAll)
    catchUpRun = run.finally(() => {
      catchUpRun = null
    })
    importChain = run.then(
      () => undefined,
      () => undefined,
    )
    return catchUpRun
  }

  return {
    get file() {
      return store ? file : null
    },
    get problem() {
      return problem
    },

    record(state) {
      currency = state.price.currency
      unit = state.price.unit
      if (!store) return
      try {
        const origin = tickOrigin(state, demoAccountIds(options.settings()))
        const tick = recordTick(memory, state, { maxGapMs, demo: origin.demo })
        if (!tick && memory.lastMs !== null && state.atMs < memory.lastMs - 60_000 && !toldClockBehind) {
          toldClockBehind = true
          logger.warn(`History: the clock (${new Date(state.atMs).toISOString()}) is behind the last sample (${new Date(memory.lastMs).toISOString()}); recording resumes once it passes it.`)
        }
        const prices = pricesToWrite(state, origin.demoPrices)
        if (tick || prices.length > 0) {
          store.commitTick({ sample: tick?.sample ?? null, opened: tick?.opened ?? [], updated: tick?.updated ?? [], closed: tick?.closed ?? [], prices })
        }
        if (state.atMs >= nextCatchUpMs) {
          nextCatchUpMs = state.atMs + CATCH_UP_CHECK_MS
          catchUp().catch(() => undefined)
        }
        if (state.atMs - lastMaintainedMs >= MAINTAIN_EVERY_MS) {
          lastMaintainedMs = state.atMs
          store.maintain(state.atMs)
        }
        failures = 0
      } catch (error) {
        // The memory may now be ahead of the file; the file is the truth.
        writtenPrices.clear()
        reload()
        if (failures++ % 100 === 0) logger.error('Recording the history failed', { error })
      }
    },

    recordNotification(event) {
      if (!store) return
      try {
        store.recordNotification({ id: event.id, atMs: event.atMs, kind: event.kind, title: event.title, body: event.body })
      } catch (error) {
        logger.error('Recording a notification in the history failed', { error })
      }
    },

    accountsChanged() {
      if (!store) return
      const order: Account['kind'][] = ['amber', 'alphaess']
      const accounts = options.settings().accounts.filter((a) => order.includes(a.kind))
      accounts.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
      for (const account of accounts) {
        const choice = account.kind === 'alphaess' ? account.systemSn : account.kind === 'amber' ? account.siteId : null
        if (!choice) continue
        const key = `import:${account.id}:${choice}`
        if (imports.has(key) || store.meta(key) !== null) continue
        importChain = importChain.then(() =>
          runImport(account, key).catch((error: unknown) => {
            logger.warn(`History: importing today from ${account.name} failed`, { error: error instanceof Error ? error.message : String(error) })
          }),
        )
        imports.set(key, importChain)
      }
    },

    async idle() {
      await Promise.all([...imports.values(), jobRun, catchUpRun])
    },

    importView,
    startImport,
    async cancelImport() {
      job?.cancel()
      return importView()
    },
    catchUp,

    today() {
      const target = need()
      const zone = timeZone()
      const nowMs = clock.now()
      const dayStartMs = localDayStart(zone, nowMs)
      const scope = demoScope(target, dayStartMs, nowMs)
      return {
        timeZone: zone,
        dayStartMs,
        dayEndMs: localDayStart(zone, nowMs, 1),
        nowMs,
        points: target.powerSeries(dayStartMs, nowMs, TODAY_BUCKET_MS, scope.include).map((s) => ({
          tMs: s.tMs,
          pvW: s.pvW,
          houseW: s.houseW,
          batteryW: s.batteryW,
          gridW: s.gridW,
          evW: Math.round(s.evW),
          socPct: s.socPct,
          priceCents: s.priceCents,
        })),
        prices: target.prices(dayStartMs, nowMs, scope.include).map((p) => ({ startMs: p.startMs, endMs: p.endMs, perKwhCents: p.perKwhCents })),
        totals: evTotals(target.totals(dayStartMs, nowMs, scope.include)),
        currency,
        unit,
        demo: scope.demo,
      }
    },

    sessions(limit = 50) {
      const target = need()
      // The list reaches back as far as a year's statistics do.
      const nowMs = clock.now()
      const scope = demoScope(target, nowMs - 366 * DAY_MS, nowMs)
      return { sessions: target.sessions({ limit, demo: scope.include }).map(sessionView), currency, demo: scope.demo }
    },

    stats(days) {
      const target = need()
      const nowMs = clock.now()
      const fromMs = localDayStart(timeZone(), nowMs, -(days - 1))
      const scope = demoScope(target, fromMs, nowMs)
      return {
        ...evTotals(target.totals(fromMs, nowMs, scope.include)),
        days,
        fromMs,
        toMs: nowMs,
        sessions: target.sessions({ fromMs, toMs: nowMs, demo: scope.include }).length,
        currency,
        demo: scope.demo,
      }
    },

    exportCsv({ from, to, kind }) {
      const target = need()
      const zone = timeZone()
      const name = `sunspill-${kind}-${localDate(zone, from)}-to-${localDate(zone, Math.max(from, to - 1))}.csv`
      const scope = demoScope(target, from, to)
      if (kind === 'sessions') {
        const rows = target.sessions({ fromMs: from, toMs: to, demo: scope.include }).reverse()
        return { filename: name, csv: sessionsCsv(rows, zone), rows: rows.length, demo: scope.demo }
      }
      const rows = target.samples(from, to, scope.include)
      return { filename: name, csv: samplesCsv(rows, zone), rows: rows.length, demo: scope.demo }
    },

    past(fromMs, toMs) {
      if (!store) return []
      try {
        const since = Number(store.meta(METER_SINCE_KEY) ?? Number.NEGATIVE_INFINITY)
        // The demo's simulated sun says nothing of a real roof (it stands in when an account fails).
        const meterId = store.meta(METER_ID_KEY)
        const demoMeter = meterId !== null && isDemoDevice(meterId, demoAccountIds(options.settings()))
        return store.samples(Math.max(fromMs, since), toMs, demoMeter)
      } catch (error) {
        // A forecast is a nicety: without it the plan buys all it needs.
        logger.warn('Reading the history for the solar outlook failed', { error: String(error) })
        return []
      }
    },

    meterIs(meterId) {
      // No meter (an account that could not be built this time) says nothing of the roof.
      if (!store || meterId === null) return
      try {
        const id = meterId
        if (store.meta(METER_ID_KEY) === id) return
        // The first meter keeps what was there (an imported day); a change starts afresh.
        if (store.meta(METER_ID_KEY) !== null) store.setMeta(METER_SINCE_KEY, String(clock.now()))
        store.setMeta(METER_ID_KEY, id)
      } catch (error) {
        logger.warn('Noting the meter in the history failed', { error: String(error) })
      }
    },

    async close() {
      // Imports still waiting on a vendor find the store closed and give up quietly.
      job?.cancel()
      store?.close()
      store = null
      problem = 'The history is closed.'
    },
  }
}
