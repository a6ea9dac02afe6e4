/**
 * The import the user asks for on the History page: an account's own record of a range of past
 * days, a request at a time, oldest first. Each request's rows are stored as soon as they arrive,
 * so a cancel or a failure keeps everything before it; the job's state is polled by the page.
 */
import type { HistoryImportCounts, HistoryImportJob } from '../../../src-shared/history'
import type { Logger } from '../host'
import { MINUTE_MS } from '../time/durations'
import { amberClientFor, amberSiteData, type AmberSiteData } from '../vendors/amber'
import { POLL_REQUESTS_PER_WINDOW } from '../vendors/amber/adapter'
import { AMBER_USER_RESERVE } from '../vendors/amber/rate-limit'
import type { DriverDeps, Secrets } from '../vendors/driver'
import type { Sleep } from '../vendors/shared/backoff'
import { alphaessClientFor, importAlphaessDay, importAmberDays, type ImportContext, type UnitResult } from './import'
import { dayCount } from '../../../src-shared/calendar-day'
import { chunks } from './import-dates'
import { cancelledSentence, doneSentence, failedSentence, ImportStop, type JobFacts } from './import-messages'
import { importLimits, type ImportableAccount } from './import-sources'

/**
 * Amber requests the import leaves in the token's window: the live price reads' share and the
 * user's reserve for clicks elsewhere. Past prices can wait; the current one cannot.
 */
export const AMBER_KEEP_FOR_OTHERS = POLL_REQUESTS_PER_WINDOW + AMBER_USER_RESERVE
/** While the window is full the import looks again this often. */
const ALLOWANCE_RECHECK_MS = 15_000
/** An allowance that has not come back in this long is not coming: stop with a sentence. */
const ALLOWANCE_GIVE_UP_MS = 15 * MINUTE_MS

export class ImportCancelled extends Error {
  override name = 'ImportCancelled'
}

/** Cancel wakes whatever the import is waiting on (a pace gap, the allowance) and ends it there. */
export class CancelSignal {
  private done = false
  private readonly wakers = new Set<() => void>()

  get cancelled(): boolean {
    return this.done
  }

  cancel(): void {
    this.done = true
    for (const wake of this.wakers) wake()
    this.wakers.clear()
  }

  check(): void {
    if (this.done) throw new ImportCancelled()
  }

  sleeper(base: Sleep): Sleep {
    return async (ms) => {
      this.check()
      let wake = () => undefined as void
      const woken = new Promise<void>((resolve) => (wake = resolve))
      this.wakers.add(wake)
      try {
        await Promise.race([base(ms), woken])
      } finally {
        this.wakers.delete(wake)
      }
      this.check()
    }
  }
}

export interface UnitHooks {
  waiting(on: boolean): void
  /** Told after each request's rows are stored, so a failure later in the unit still counts them. */
  brought(result: UnitResult): void
}

/** One vendor's way through a range: the requests' days, and what each brings. */
export interface VendorImporter {
  units(from: string, to: string): { from: string; to: string }[]
  run(unit: { from: string; to: string }, ctx: ImportContext, hooks: UnitHooks): Promise<void>
  close(): Promise<void>
}

export function vendorImporter(account: ImportableAccount, secrets: Secrets, deps: DriverDeps, sleep: Sleep): VendorImporter {
  if (account.kind === 'alphaess') {
    const client = alphaessClientFor(account, secrets, deps, sleep)
    return {
      units: (from, to) => chunks(from, to, importLimits.alphaess.unitDays),
      run: async (unit, ctx, hooks) => hooks.brought(await importAlphaessDay(client, account.systemSn, unit.from, ctx)),
      close: () => client.close(),
    }
  }
  const data = amberSiteData(amberClientFor(account, secrets, deps, { sleep }), account.siteId, 'user')
  return {
    units: (from, to) => chunks(from, to, importLimits.amber.unitDays),
    run: async (unit, ctx, hooks) => {
      // Prices, then usage: one request each, each waiting its turn in the token's window.
      for (const what of [{ prices: true, usage: false }, { prices: false, usage: true }]) {
        await allowance(data, 1, sleep, deps, hooks.waiting)
        hooks.brought(await importAmberDays(data, unit, ctx, what))
      }
    },
    close: async () => undefined,
  }
}

async function allowance(data: AmberSiteData, needed: number, sleep: Sleep, deps: DriverDeps, waiting: (on: boolean) => void) {
  const sinceMs = deps.clock.now()
  while (data.requestsLeft() < needed + AMBER_KEEP_FOR_OTHERS) {
    if (deps.clock.now() - sinceMs > ALLOWANCE_GIVE_UP_MS) {
      waiting(false)
      throw new ImportStop('Amber has had no requests to spare for 15 minutes: another app may be using the same token.')
    }
    waiting(true)
    await sleep(ALLOWANCE_RECHECK_MS)
  }
  waiting(false)
}

export interface RangeImportOptions {
  id: number
  account: ImportableAccount
  from: string
  to: string
  today: string
  importer: VendorImporter
  /** The history to write to; null once it has closed. */
  context: () => ImportContext | null
  signal: CancelSignal
  logger: Logger
}

export class RangeImport {
  private readonly job: HistoryImportJob
  private readonly keptDates = new Set<string>()
  private readonly usageDates = new Set<string>()
  private readonly unmeteredDates = new Set<string>()

  constructor(private readonly options: RangeImportOptions) {
    const { id, account, from, to } = options
    this.job = {
      id,
      accountId: account.id,
      accountName: account.name,
      kind: account.kind,
      from,
      to,
      state: 'running',
      totalDays: dayCount(from, to),
      current: null,
      waiting: false,
      counts: { days: 0, samples: 0, prices: 0, usageDays: 0, keptDays: 0 },
      message: null,
    }
  }

  view(): HistoryImportJob {
    return { ...this.job, counts: { ...this.job.counts }, current: this.job.current && { ...this.job.current } }
  }

  get finished(): boolean {
    return this.job.state !== 'running' && this.job.state !== 'cancelling'
  }

  cancel(): void {
    if (this.finished) return
    this.job.state = 'cancelling'
    this.options.signal.cancel()
  }

  async run(): Promise<void> {
    const { importer, signal, from, to } = this.options
    try {
      for (const unit of importer.units(from, to)) {
        signal.check()
        const ctx = this.options.context()
        if (!ctx) throw new ImportStop('The history closed before the import finished.')
        this.job.current = unit
        await importer.run(unit, ctx, { waiting: (on) => (this.job.waiting = on), brought: (result) => this.add(result) })
        this.job.counts.days += dayCount(unit.from, unit.to)
      }
      this.finish('done', doneSentence(this.facts()))
    } catch (error) {
      if (error instanceof ImportCancelled) this.finish('cancelled', cancelledSentence(this.facts()))
      else {
        this.finish('failed', failedSentence(this.facts(), this.job.current, error))
        this.options.logger.warn(`History: importing ${from} to ${to} from ${this.job.accountName} stopped`, {
          error: error instanceof Error ? error.message : String(error),
        })
      }
    } finally {
      await importer.close().catch(() => undefined)
    }
  }

  private add(result: UnitResult) {
    const c: HistoryImportCounts = this.job.counts
    c.samples += result.samples
    c.prices += result.prices
    for (const d of result.usageDates) this.usageDates.add(d)
    for (const d of result.keptDates) this.keptDates.add(d)
    for (const d of result.unmeteredDates) this.unmeteredDates.add(d)
    c.usageDays = this.usageDates.size
    c.keptDays = this.keptDates.size
  }

  private facts(): JobFacts {
    const { kind, accountName, from, to, totalDays, counts } = this.job
    return { kind, accountName, from, to, totalDays, counts, today: this.options.today, unmetered: [...this.unmeteredDates] }
  }

  private finish(state: HistoryImportJob['state'], message: string) {
    this.job.state = state
    this.job.message = message
    this.job.waiting = false
    if (state !== 'failed') this.job.current = null
    if (state !== 'failed') this.options.logger.info(`History: ${message}`)
  }
}
