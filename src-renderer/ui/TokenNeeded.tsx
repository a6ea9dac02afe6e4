import { TOKEN_NEEDED_MESSAGE } from '../transport/messages'
import { SunIcon } from './icons'
import { Sentence } from './Sentence'

export function TokenNeeded() {
  return (
    <main className="token-needed">
      <div className="token-card" role="alert" data-testid="token-needed">
        <SunIcon size={28} className="brand-icon" />
        <h1>Sunspill</h1>
        <p>
          <Sentence text={TOKEN_NEEDED_MESSAGE} />
        </p>
        <p className="token-hint">Open the full address from the terminal, including the part after #.</p>
      </div>
    </main>
  )
}
