import { useState } from 'react'
import type { ActionResult } from '../../src-shared/contract'
import type { AccountChoice } from '../../src-shared/model'
import { useAppStore } from '../store/StoreContext'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { CheckIcon, WarningIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import { Group } from './fields'
import { StaticRow, TextRow } from './rows'

type Busy = 'code' | 'bind' | 'unbind' | null

/**
 * A system shows up under an AppID only once it is bound to it: the SN and the CheckCode from the
 * inverter's label make AlphaESS e-mail a code to the system's owner, and that code binds it.
 */
export function AlphaessBinding({ accountId, systemSn, bound }: { accountId: string; systemSn: string | null; /** Systems the last Test listed. */ bound: AccountChoice[] }) {
  const runAccountAction = useAppStore((s) => s.runAccountAction)
  const [sn, setSn] = useState('')
  const [checkCode, setCheckCode] = useState('')
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState<Busy>(null)
  const [result, setResult] = useState<ActionResult | null>(null)
  const [codeSent, setCodeSent] = useState(false)
  const [confirmUnbind, setConfirmUnbind] = useState(false)
  const [unbound, setUnbound] = useState<string[]>([])
  // The system in use first, then the others the last Test listed; none already unbound here.
  const systems = [...(systemSn ? [systemSn] : []), ...bound.map((c) => c.id).filter((id) => id !== systemSn)].filter((id) => !unbound.includes(id))
  const [picked, setPicked] = useState<string | null>(null)
  const toUnbind = picked !== null && systems.includes(picked) ? picked : (systems[0] ?? null)

  async function run(kind: Exclude<Busy, null>, action: Parameters<typeof runAccountAction>[0]) {
    setBusy(kind)
    const reply = await runAccountAction(action)
    setBusy(null)
    setResult(reply)
    return reply
  }

  async function sendCode() {
    const reply = await run('code', { action: 'alphaess.requestCode', accountId, sysSn: sn.trim(), checkCode: checkCode.trim() })
    if (reply.ok) setCodeSent(true)
  }

  async function bind() {
    const reply = await run('bind', { action: 'alphaess.bind', accountId, sysSn: sn.trim(), code: code.trim() })
    if (reply.ok) {
      setCode('')
      setCheckCode('')
      setCodeSent(false)
    }
  }

  const snReady = sn.trim() !== ''

  return (
    <Group
      title="Bind a system"
      footnote="A system appears under this AppID once it is bound to it; after that, Test lists it."
    >
      <TextRow
        label="System SN"
        hint="The inverter's serial number, e.g. AL2002321010043."
        value={sn}
        mono
        className="bind-input-wide"
        testId="alphaess-sn"
        onChange={setSn}
      />
      <TextRow
        label="CheckCode"
        hint="Printed next to the SN on the inverter's label."
        value={checkCode}
        mono
        className="bind-input"
        testId="alphaess-checkcode"
        onChange={setCheckCode}
        after={
          <button
            type="button"
            className="button row-button"
            data-testid="alphaess-send-code"
            disabled={!snReady || checkCode.trim() === '' || busy !== null}
            onClick={() => void sendCode()}
          >
            {busy === 'code' ? 'Sending…' : 'Send code'}
          </button>
        }
      />
      <TextRow
        label="Verification code"
        hint={codeSent ? 'AlphaESS e-mailed it to the address the system is registered to.' : 'Press Send code first; AlphaESS e-mails it to the system’s owner.'}
        value={code}
        mono
        className="bind-input"
        testId="alphaess-code"
        onChange={setCode}
        after={
          <button
            type="button"
            className="button row-button"
            data-testid="alphaess-bind"
            disabled={!snReady || code.trim() === '' || busy !== null}
            onClick={() => void bind()}
          >
            {busy === 'bind' ? 'Binding…' : 'Bind'}
          </button>
        }
      />
      {toUnbind ? (
        <StaticRow
          label={systems.length > 1 ? 'Unbind a system' : toUnbind === systemSn ? 'Unbind the system in use' : 'Unbind the system'}
          hint={systems.length > 1 ? 'Test lists every system bound to this AppID. An unbound system is out of reach until it is bound again.' : 'Sunspill loses access to it until it is bound again.'}
          value={
            <span className="static-with-button">
              {systems.length > 1 ? (
                <select className="input select select-wide" aria-label="System to unbind" value={toUnbind} data-testid="alphaess-unbind-system" onChange={(e) => setPicked(e.currentTarget.value)}>
                  {systems.map((sn) => (
                    <option key={sn} value={sn}>
                      {sn}
                      {sn === systemSn ? ' (in use)' : ''}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="mono">{toUnbind}</span>
              )}
              <button type="button" className="button button-quiet-danger row-button" data-testid="alphaess-unbind" disabled={busy !== null} onClick={() => setConfirmUnbind(true)}>
                {busy === 'unbind' ? 'Unbinding…' : 'Unbind…'}
              </button>
            </span>
          }
        />
      ) : null}
      {result ? (
        <p className={`test-result ${result.ok ? 'test-ok' : 'test-fail'}`} role={result.ok ? 'status' : 'alert'} data-testid="alphaess-result">
          {result.ok ? <CheckIcon size={14} className="banner-icon" /> : <WarningIcon size={14} className="banner-icon" />}
          <span>
            <Sentence text={result.message} />
          </span>
        </p>
      ) : null}
      {confirmUnbind && toUnbind ? (
        <ConfirmDialog
          title={`Unbind ${toUnbind}?`}
          message={
            toUnbind === systemSn
              ? 'Sunspill can no longer read or control this system until you bind it again with a new code from AlphaESS.'
              : 'It leaves this AppID: nothing can read it through it until you bind it again with a new code from AlphaESS. The system in use is not affected.'
          }
          confirmLabel="Unbind"
          onCancel={() => setConfirmUnbind(false)}
          onConfirm={() => {
            setConfirmUnbind(false)
            const sysSn = toUnbind
            void run('unbind', { action: 'alphaess.unbind', accountId, sysSn }).then((reply) => {
              if (reply.ok) setUnbound((all) => [...all, sysSn])
            })
          }}
        />
      ) : null}
    </Group>
  )
}
