import { useShallow } from 'zustand/shallow'
import { formatCents } from '../../src-shared/format'
import { priceLevel } from '../lib/priceLevel'
import { useAppStore } from '../store/StoreContext'
import { PriceChart } from './PriceChart'

export function PriceSection() {
  const now = useAppStore(useShallow((s) => s.site?.price.now ?? null))
  const level = now ? priceLevel(now.descriptor) : null
  const [amount, unit] = splitUnit(formatCents(now?.perKwhCents))

  return (
    <section className="price" aria-label="Electricity price">
      <div className="price-head">
        <div className="price-now-block">
          <span className="eyebrow">Price now</span>
          <span className="price-now" data-testid="price-now">
            <span className="price-amount">{amount}</span>
            {unit ? <span className="price-unit"> {unit}</span> : null}
          </span>
        </div>
        <div className="price-side">
          {level ? (
            <span className={`level-chip level-${level.tone}`} data-testid="price-level">
              <span className="level-dot" aria-hidden="true" />
              {level.word}
            </span>
          ) : (
            <span className="level-chip level-none">No price</span>
          )}
          <span className="feed-in">
            Feed-in <span className="num">{formatCents(now?.feedInCentsPerKwh)}</span>
            {now?.renewablesPct != null ? (
              <>
                {' · '}
                <span className="num" data-testid="price-renewables">
                  {Math.round(now.renewablesPct)} %
                </span>{' '}
                renewable
              </>
            ) : null}
          </span>
        </div>
      </div>
      <PriceChart />
    </section>
  )
}

function splitUnit(formatted: string): [string, string] {
  const space = formatted.indexOf(' ')
  return space < 0 ? [formatted, ''] : [formatted.slice(0, space), formatted.slice(space + 1)]
}
