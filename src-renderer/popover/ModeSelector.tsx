import { ChargeMode, chargeModeLabels, type ChargeMode as Mode } from '../../src-shared/model'

interface ModeSelectorProps {
  chargerName: string
  mode: Mode
  onSelect(mode: Mode): void
}

/**
 * A segmented control of toggle buttons (aria-pressed) rather than a radio group: every option is
 * its own Tab stop and Enter picks it, which is what a one-click popover wants.
 */
export function ModeSelector({ chargerName, mode, onSelect }: ModeSelectorProps) {
  return (
    <div className="segmented" role="group" aria-label={`Charging mode for ${chargerName}`} data-testid="charger-mode">
      {ChargeMode.options.map((option) => (
        <button
          key={option}
          type="button"
          className="segment"
          aria-pressed={option === mode}
          data-mode={option}
          onClick={() => option !== mode && onSelect(option)}
        >
          {chargeModeLabels[option]}
        </button>
      ))}
    </div>
  )
}
