import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react'
import type { AccountInsightsRequest } from '../../src-shared/contract'
import { formatAge, formatClock, formatDuration, formatEnergy } from '../../src-shared/format'
import type { AccountInsights, ApiAllowance, InsightPartName, RenewablesState } from '../../src-shared/model'
import type { AlphaessAccount, AmberAccount } from '../../src-shared/settings'
import { useAppStore } from '../store/StoreContext'
import { WarningIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import { CustomRow } from './fields'

/*
 * "What this account sees": the readings an account offers beyond its systems and sites. Read
 * when the account's page opens and on Refresh (or a new day or state), never on a timer: each
 * read costs the vendor's rate budget.
 */

type Part<K extends InsightPartName> = NonNullable<AccountInsights[K]>
type Parts = { [K in InsightPartName]?: Part<K> }
type Answer<T> = { ok: true; value: T } | { ok: false; message: string }

interface View {
  /** Why nothing could be read (no system picked, a secret missing, the core unreachable). */
  message: string | null
  today: string | null
  date: string | null
  state: RenewablesState | null
  parts: Parts
}

const emptyView: View = { message: null, today: null, date: null, state: null, parts: {} }
const PARTS: Record<'alphaess' | 'amber', InsightPartName[]> = { alphaess: ['lifetime', 'day'], amber: ['renewables', 'allowance'] }
/** Typing a date fires a change per digit; only the date the user settles on is read. */
const DATE_SETTLE_MS = 600
const DASH = '—'
const PENDING = '…'

export const stateNames: Record<RenewablesState, string> = {
  nsw: 'New South Wales',
  qld: 'Queensland',
  sa: 'South Australia',
  vic: 'Victoria',
}

const descriptorWords: Record<string, string> = { best: 'best', great: 'great', ok: 'ok', notGreat: 'not great', worst: 'worst' }

/** A lifetime's output reads in MWh, grouped; a day's as the popover writes energy. */
export function energyText(kwh: number | null): string {
  if (kwh === null) return DASH
  if (kwh >= 1000) return `${(kwh / 1000).toLocaleString('en-AU', { maximumFractionDigits: 1 })} MWh`
  return formatEnergy(kwh * 1000)
}

export function co2Text(kg: number | null): string {
  if (kg === null) return DASH
  return kg >= 1000 ? `${(kg / 1000).toFixed(1)} t` : `${Math.round(kg)} kg`
}

export function treesText(trees: number | null): string {
  return trees === null ? DASH : Math.round(trees).toLocaleString('en-AU')
}

/** In the currency AlphaESS names, shown as its code: "AUD 4,263.64". */
export function moneyText(amount: number | null, currency: string | null): string {
  if (amount === null) return DASH
  if (currency) {
    try {
      return new Intl.NumberFormat('en-AU', { style: 'currency', currency, currencyDisplay: 'code' }).format(amount)
    } catch {
      return `${amount.toFixed(2)} ${currency}`
    }
  }
  return amount.toFixed(2)
}

export function pctText(pct: number | null): string {
  return pct === null ? DASH : `${Math.round(pct)} %`
}

export function descriptorText(descriptor: string | null): string {
  if (descriptor === null) return ''
  return Object.hasOwn(descriptorWords, descriptor) ? descriptorWords[descriptor]! : descriptor
}

export function allowanceTexts(a: ApiAllowance): { left: string; reset: string; seen: string } {
  return {
    left: a.remaining === null ? DASH : a.limit === null ? String(a.remaining) : `${a.remaining} of ${a.limit}`,
    reset: a.resetInS === null ? DASH : a.resetInS === 0 ? 'has reset since' : `in ${formatDuration(a.resetInS)}`,
    seen: a.seenAgoS === null ? DASH : a.seenAgoS < 5 ? 'just now' : formatAge(a.seenAgoS),
  }
}

/** When every part failed for the same reason (a revoked key, no network), it is said once. */
export function sharedFailure(parts: (Answer<unknown> | undefined)[]): string | null {
  const messages = parts.map((p) => (p && !p.ok ? p.message : null))
  const first = messages[0]
  return parts.length > 1 && first && messages.every((m) => m === first) ? first : null
}

export function AccountInsightsPanel({ account }: { account: AlphaessAccount | AmberAccount }) {
  const fetchAccountInsights = useAppStore((s) => s.fetchAccountInsights)
  const timeZone = useAppStore((s) => s.settings?.settings.site.timeZone ?? null)
  const [view, setView] = useState<View>(emptyView)
  const [loading, setLoading] = useState<ReadonlySet<InsightPartName>>(() => new Set())
  const titleId = useId()
  const ownParts = PARTS[account.kind]
  // The newest request per part: an older answer that arrives later must not overwrite it.
  const newest = useRef<Partial<Record<InsightPartName, number>>>({})
  const sequence = useRef(0)
  const mounted = useRef(true)
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null)

  const load = useCallback(
    async (req: Omit<AccountInsightsRequest, 'accountId'> = {}) => {
      const parts = req.parts ?? ownParts
      const id = ++sequence.current
      for (const part of parts) newest.current[part] = id
      setLoading((now) => new Set([...now, ...parts]))
      let answer: AccountInsights | null = null
      let failure: string | null = null
      try {
        answer = await fetchAccountInsights({ ...req, accountId: account.id, parts })
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error)
      }
      const current = parts.filter((part) => newest.current[part] === id)
      if (!mounted.current || current.length === 0) return
      setLoading((now) => new Set([...now].filter((part) => !current.includes(part))))
      setView((before) => {
        if (!answer) return { ...before, message: failure }
        const parts: Parts = { ...before.parts }
        for (const part of current) if (answer[part]) parts[part] = answer[part] as never
        return { message: answer.message, today: answer.today, date: answer.date ?? before.date, state: answer.state ?? before.state, parts }
      })
    },
    [account.id, fetchAccountInsights, ownParts],
  )

  useEffect(() => {
    mounted.current = true
    void load()
    return () => {
      mounted.current = false
      if (settle.current) clearTimeout(settle.current)
    }
  }, [load])

  function pickDate(date: string) {
    setView((before) => ({ ...before, date }))
    if (settle.current) clearTimeout(settle.current)
    if (!date) return
    settle.current = setTimeout(() => void load({ parts: ['day'], date }), DATE_SETTLE_MS)
  }

  function pickState(state: RenewablesState) {
    setView((before) => ({ ...before, state }))
    void load({ parts: ['renewables'], state })
  }

  const busy = loading.size > 0
  const vendor = account.kind === 'alphaess' ? 'AlphaESS' : 'Amber'
  const shared = view.message ?? sharedFailure(ownParts.map((p) => view.parts[p]))

  return (
    <section className="group insights" aria-labelledby={titleId} aria-busy={busy} data-testid="insights-panel">
      <div className="group-title-row">
        <h2 className="group-title" id={titleId}>
          What this account sees
        </h2>
        <button
          type="button"
          className="button button-small"
          data-testid="insights-refresh"
          disabled={busy}
          onClick={() => void load({ date: view.date ?? undefined, state: view.state ?? undefined })}
        >
          {busy ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      <div className="group-box">
        {shared ? (
          <Problem text={shared} testId="insights-message" />
        ) : account.kind === 'alphaess' ? (
          <AlphaessInsights account={account} view={view} loading={loading} onDate={pickDate} />
        ) : (
          <AmberInsights view={view} loading={loading} timeZone={timeZone} onState={pickState} />
        )}
      </div>
      <p className="group-footnote">Read from {vendor} when this page opens and when you press Refresh; Sunspill does not keep asking.</p>
    </section>
  )
}

function Problem({ text, testId }: { text: string; testId: string }) {
  return (
    <p className="test-result test-fail insight-problem" role="alert" data-testid={testId}>
      <WarningIcon size={14} className="banner-icon" />
      <span>
        <Sentence text={text} />
      </span>
    </p>
  )
}

interface Stat {
  label: string
  value: string
  testId: string
}

function Stats({ items, columns, stale }: { items: Stat[]; columns: number; stale: boolean }) {
  return (
    <dl className={`insight-stats${stale ? ' is-stale' : ''}`} style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
      {items.map((item) => (
        <div className="insight-stat" key={item.testId}>
          <dt>{item.label}</dt>
          <dd className="num" data-testid={item.testId}>
            {item.value}
          </dd>
        </div>
      ))}
    </dl>
  )
}

/** A part's figures, its failure in their place, or placeholders until the first answer. */
function PartView<T>({
  part,
  loading,
  testId,
  render,
}: {
  part: Answer<T> | undefined
  loading: boolean
  testId: string
  render(value: T | null, stale: boolean): ReactNode
}) {
  if (part && !part.ok) return <Problem text={part.message} testId={`${testId}-error`} />
  return <>{render(part?.ok ? part.value : null, loading && part !== undefined)}</>
}

function AlphaessInsights({
  account,
  view,
  loading,
  onDate,
}: {
  account: AlphaessAccount
  view: View
  loading: ReadonlySet<InsightPartName>
  onDate(date: string): void
}) {
  const dateId = useId()
  return (
    <>
      <CustomRow label="Since installation" hint={`As AlphaESS counts it for system ${account.systemSn ?? ''}; trees are its equivalent of the CO₂ saved.`} controlId={`${dateId}-life`} labelsGroup>
        {null}
      </CustomRow>
      <PartView
        part={view.parts.lifetime}
        loading={loading.has('lifetime')}
        testId="insights-lifetime"
        render={(v, stale) => (
          <Stats
            columns={4}
            stale={stale}
            items={[
              { label: 'Generated', value: v ? energyText(v.pvKwh) : PENDING, testId: 'insight-lifetime-pv' },
              { label: 'CO₂ saved', value: v ? co2Text(v.co2SavedKg) : PENDING, testId: 'insight-lifetime-co2' },
              { label: 'Trees planted', value: v ? treesText(v.trees) : PENDING, testId: 'insight-lifetime-trees' },
              { label: 'Money saved', value: v ? moneyText(v.income, v.currency) : PENDING, testId: 'insight-lifetime-income' },
            ]}
          />
        )}
      />
      <CustomRow label="Energy on" hint="Yesterday unless you pick another day, up to today." controlId={dateId}>
        <input
          id={dateId}
          type="date"
          className="input input-date"
          value={view.date ?? ''}
          max={view.today ?? undefined}
          required
          aria-describedby={`${dateId}-note`}
          data-testid="insights-day-date"
          onChange={(event) => onDate(event.currentTarget.value)}
        />
      </CustomRow>
      <PartView
        part={view.parts.day}
        loading={loading.has('day')}
        testId="insights-day"
        render={(v, stale) => (
          <>
            <Stats
              columns={3}
              stale={stale}
              items={[
                { label: 'Solar', value: v ? energyText(v.pvKwh) : PENDING, testId: 'insight-day-pv' },
                { label: 'House', value: v ? energyText(v.houseKwh) : PENDING, testId: 'insight-day-house' },
                { label: 'Battery charged', value: v ? energyText(v.batteryChargeKwh) : PENDING, testId: 'insight-day-charge' },
                { label: 'Grid import', value: v ? energyText(v.gridImportKwh) : PENDING, testId: 'insight-day-import' },
                { label: 'Grid export', value: v ? energyText(v.gridExportKwh) : PENDING, testId: 'insight-day-export' },
                { label: 'Battery discharged', value: v ? energyText(v.batteryDischargeKwh) : PENDING, testId: 'insight-day-discharge' },
              ]}
            />
            <p className="insight-foot">House is what the other totals leave (AlphaESS does not report it), the car included.</p>
          </>
        )}
      />
    </>
  )
}

function AmberInsights({
  view,
  loading,
  timeZone,
  onState,
}: {
  view: View
  loading: ReadonlySet<InsightPartName>
  timeZone: string | null
  onState(state: RenewablesState): void
}) {
  const stateId = useId()
  const allowanceId = useId()
  return (
    <>
      <CustomRow label="Grid renewables" hint="The renewable share of the state's grid, per half hour." controlId={stateId}>
        <select
          id={stateId}
          className="input select"
          aria-label="State"
          value={view.state ?? ''}
          disabled={view.state === null}
          aria-describedby={`${stateId}-note`}
          data-testid="insights-state"
          onChange={(event) => onState(event.currentTarget.value as RenewablesState)}
        >
          {view.state === null ? <option value="">{PENDING}</option> : null}
          {Object.entries(stateNames).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
      </CustomRow>
      <PartView
        part={view.parts.renewables}
        loading={loading.has('renewables')}
        testId="insights-renewables"
        render={(v, stale) =>
          v && v.intervals.length === 0 ? (
            <p className="insight-foot">Amber sent no renewables for this state just now.</p>
          ) : (
            <ol className={`insight-slots${stale ? ' is-stale' : ''}`} aria-label="Renewables by half hour">
              {(v?.intervals ?? placeholderSlots).map((slot, i) => (
                <li
                  key={slot.startMs ?? `row-${i}`}
                  className={`insight-slot${slot.kind === 'current' ? ' is-now' : ''}`}
                  data-testid="insight-renewables-slot"
                  data-kind={slot.kind ?? 'unknown'}
                >
                  <span className="insight-slot-time">
                    {slot.kind === 'current' ? 'Now' : slot.startMs !== null && timeZone ? formatClock(slot.startMs, timeZone) : DASH}
                  </span>
                  <span className="insight-slot-value num">{v ? pctText(slot.renewablesPct) : PENDING}</span>
                  <span className="insight-slot-word">{descriptorText(slot.descriptor) || '\u00a0'}</span>
                </li>
              ))}
            </ol>
          )
        }
      />
      <CustomRow
        label="API allowance"
        hint="From the rate-limit headers of Amber's last answer to Sunspill: reading it here spends no request."
        controlId={allowanceId}
        labelsGroup
      >
        {null}
      </CustomRow>
      <PartView
        part={view.parts.allowance}
        loading={loading.has('allowance')}
        testId="insights-allowance"
        render={(v, stale) => {
          const texts = v ? allowanceTexts(v) : { left: PENDING, reset: PENDING, seen: PENDING }
          return (
            <>
              <Stats
                columns={3}
                stale={stale}
                items={[
                  { label: 'Requests left', value: texts.left, testId: 'insight-allowance-left' },
                  { label: 'Window resets', value: texts.reset, testId: 'insight-allowance-reset' },
                  { label: 'Last seen', value: texts.seen, testId: 'insight-allowance-seen' },
                ]}
              />
              {v && v.seenAgoS === null ? <p className="insight-foot">Amber's answers carried no rate-limit headers.</p> : null}
            </>
          )
        }}
      />
    </>
  )
}

const placeholderSlots: Extract<Part<'renewables'>, { ok: true }>['value']['intervals'] = ['actual', 'actual', 'current', 'forecast', 'forecast'].map(
  (kind) => ({ kind: kind as 'actual', startMs: null, endMs: null, renewablesPct: null, descriptor: null }),
)
