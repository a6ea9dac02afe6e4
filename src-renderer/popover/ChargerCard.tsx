import { useState } from 'react'
import { useShallow } from 'zustand/shallow'
import { formatCents, formatEnergy, formatPower } from '../../src-shared/format'
import type { ChargeMode, ChargerView } from '../../src-shared/model'
import { isSpike } from '../lib/priceLevel'
import { useAppStore } from '../store/StoreContext'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { CarIcon, WarningIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import { Switch } from '../ui/Switch'
import { CurrentLimitControl } from './CurrentLimitControl'
import { ModeSelector } from './ModeSelector'

export function ChargerCard({ charger }: { charger: ChargerView }) {
  const { spikePrice, error, setMode, setEnabled, setLimit, takeControl } = useAppStore(
    useShallow((s) => ({
      spikePrice: isSpike(s.site?.price.now) ? (s.site?.price.now?.perKwhCents ?? null) : null,
      error: s.chargerErrors[charger.id] ?? null,
      setMode: s.setChargerMode,
      setEnabled: s.setChargerEnabled,
      setLimit: s.setChargerLimit,
      takeControl: s.takeChargerControl,
    })),
  )
  const [confirmFast, setConfirmFast] = useState(false)

  function selectMode(mode: ChargeMode) {
    // Fast ignores the price; at a spike that can cost a lot, so it asks first.
    if (mode === 'fast' && spikePrice !== null) setConfirmFast(true)
    else void setMode(charger.id, mode)
  }

  return (
    <article className="charger-card" data-testid="charger-card" data-charger-id={charger.id} aria-label={charger.name}>
      <header className="charger-head">
        <CarIcon size={16} className="charger-icon" />
        <h3 className="charger-name" title={charger.name}>
          {charger.name}
        </h3>
        <span className={`charger-status status-${charger.status}`} data-testid="charger-status">
          {charger.status}
        </span>
        {charger.capabilities.switchable ? (
          <Switch
            checked={charger.enabled}
            onChange={(enabled) => void setEnabled(charger.id, enabled)}
            label={`${charger.name} on`}
            testId="charger-toggle"
          />
        ) : null}
      </header>

      <div className="charger-metrics">
        <span className="metric-power num" data-testid="charger-power">
          {formatPower(charger.powerW)}
        </span>
        <span className="metric metric-current num" title="Current the charger offers the car now">
          {formatAmps(charger.currentA)}
        </span>
        <span className="metric metric-session num" title="Energy this session">
          {formatEnergy(charger.sessionEnergyWh)} session
        </span>
        {charger.carSocPct !== null ? <span className="metric num">Car {Math.round(charger.carSocPct)} %</span> : null}
      </div>

      <ModeSelector chargerName={charger.name} mode={charger.mode} onSelect={selectMode} />
      <CurrentLimitControl charger={charger} onCommit={(limitA) => setLimit(charger.id, limitA)} />

      {charger.yielded ? (
        <div className="charger-yielded" role="status" data-testid="charger-yielded">
          <WarningIcon size={14} className="charger-yielded-icon" />
          <p className="charger-yielded-text" title={charger.yielded}>
            {charger.yielded}
          </p>
          <button type="button" className="button button-small charger-yielded-action" onClick={() => void takeControl(charger.id)} data-testid="charger-take-control">
            Take control back
          </button>
        </div>
      ) : (
        <>
          <p className="charger-reason" data-testid="charger-reason" title={charger.reason}>
            {charger.reason}
          </p>
          {charger.note ? (
            <p className="charger-note" data-testid="charger-note" title={charger.note}>
              {charger.note}
            </p>
          ) : null}
        </>
      )}
      {error ? (
        <p className="inline-error" role="alert">
          <Sentence text={error} />
        </p>
      ) : null}

      {confirmFast && spikePrice !== null ? (
        <ConfirmDialog
          title="Fast charge at a spike price?"
          message={`Fast charging now costs ${formatCents(spikePrice)}. Charge anyway?`}
          confirmLabel="Charge anyway"
          onCancel={() => setConfirmFast(false)}
          onConfirm={() => {
            setConfirmFast(false)
            void setMode(charger.id, 'fast')
          }}
        />
      ) : null}
    </article>
  )
}

function formatAmps(amps: number): string {
  return `${Number.isInteger(amps) ? amps : amps.toFixed(1)} A`
}
