import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/shallow'
import type { NotificationEvent, SourceStatus } from '../../src-shared/model'
import type { RemoteView } from '../../src-shared/remote'
import type { AppState } from '../store/appStore'
import { useAppStore, useRuntime } from '../store/StoreContext'
import { CloseIcon, ServerIcon, WarningIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import { accountProblems, accountProblemText, MAX_NOTIFICATION_BANNERS, notificationAction, notificationTone, remoteBanner } from './bannerModel'
import { openSettingsWindow, settingsUrl } from './openSettingsWindow'

const noSources: SourceStatus[] = []
const noNotifications: NotificationEvent[] = []

/** Things the user must know before trusting the numbers below. */
export function Banners() {
  const runtime = useRuntime()
  const { connection, loadError, hasSite, keyring, settingsProblem, notifications, dismiss, sources, openSettings } = useAppStore(
    useShallow((s) => ({
      connection: s.connection,
      loadError: s.loadError,
      hasSite: s.site !== null,
      keyring: s.site?.keyring,
      settingsProblem: s.site?.settingsProblem ?? null,
      notifications: s.notifications.length > 0 ? s.notifications : noNotifications,
      dismiss: s.dismissNotification,
      sources: s.site?.sources ?? noSources,
      openSettings: s.openSettings,
    })),
  )
  const { remote, fetchRemote } = useAppStore(useShallow((s) => ({ remote: s.remote, fetchRemote: s.fetchRemote })))
  useEffect(() => {
    // Only the desktop app can attach to a remote Sunspill; later changes arrive as remote:status.
    if (runtime === 'electron') fetchRemote().catch(() => undefined)
  }, [runtime, fetchRemote])
  const accounts = useMemo(() => accountProblemText(accountProblems(sources)), [sources])

  return (
    <div className="banners">
      {remote && remote.mode === 'remote' ? <RemoteBanner remote={remote} openSettings={openSettings} /> : null}
      {connection === 'reconnecting' ? (
        <div className="banner banner-warn" role="alert" data-testid="banner-connection">
          <span className="spinner" aria-hidden="true" />
          <span>Reconnecting to Sunspill…</span>
        </div>
      ) : null}
      {loadError && !hasSite ? (
        <div className="banner banner-error" role="alert" data-testid="banner-load-error">
          <WarningIcon size={15} className="banner-icon" />
          <span>
            <Sentence text={loadError} />
          </span>
        </div>
      ) : null}
      {keyring?.weak ? (
        <div className="banner banner-warn" role="alert" data-testid="banner-keyring">
          <WarningIcon size={15} className="banner-icon" />
          <span>{keyring.message ?? `Secrets are stored without encryption (${keyring.backend}).`}</span>
        </div>
      ) : null}
      {settingsProblem ? (
        <div className="banner banner-warn" role="alert" data-testid="banner-settings-problem">
          <WarningIcon size={15} className="banner-icon" />
          <span>
            <Sentence text={settingsProblem} />
          </span>
        </div>
      ) : null}
      {accounts ? (
        <div className="banner banner-warn banner-account" role="alert" data-testid="banner-account">
          <WarningIcon size={15} className="banner-icon" />
          <span className="banner-text" title={accounts.text}>
            {accounts.title ? <strong>{accounts.title}: </strong> : null}
            <Sentence text={accounts.text} />
            <button type="button" className="banner-action" data-testid="banner-account-open" onClick={() => void openSettingsWindow(openSettings)}>
              Open Settings
            </button>
          </span>
        </div>
      ) : null}
      {/* In the app the main process shows system notifications; a browser tab shows them here. */}
      {runtime === 'browser'
        ? notifications.slice(0, MAX_NOTIFICATION_BANNERS).map((notification) => (
            <NotificationBanner key={notification.id} notification={notification} dismiss={dismiss} />
          ))
        : null}
    </div>
  )
}

/** Where the numbers come from when another machine runs the loop, and a way to fix a lost link. */
function RemoteBanner({ remote, openSettings }: { remote: RemoteView; openSettings: AppState['openSettings'] }) {
  const { tone, fixInSettings } = remoteBanner(remote.state)
  return (
    <div className={`banner banner-${tone}`} role={tone === 'info' ? 'status' : 'alert'} data-testid="banner-remote" data-state={remote.state}>
      {/* The machine icon says where the numbers come from; coming up is not yet a problem. */}
      {remote.state === 'connected' ? (
        <ServerIcon size={15} className="banner-icon" />
      ) : remote.state === 'connecting' ? (
        <span className="spinner" aria-hidden="true" />
      ) : (
        <WarningIcon size={15} className="banner-icon" />
      )}
      <span>
        <span className="banner-text" title={remote.message}>
          <Sentence text={remote.message} />
        </span>
        {/* Below the sentence, not in it: a long one (a certificate's fingerprint) is clamped, the action never. */}
        {fixInSettings ? (
          <button type="button" className="banner-action banner-action-line" data-testid="banner-remote-open" onClick={() => void openSettingsWindow(openSettings, 'remote')}>
            Open Settings
          </button>
        ) : null}
      </span>
    </div>
  )
}

/** One notification; when it points at a settings section, a link goes there (this tab navigates). */
function NotificationBanner({ notification, dismiss }: { notification: NotificationEvent; dismiss: (id: string) => void }) {
  const action = notificationAction(notification)
  return (
    <div
      className={`banner banner-${notificationTone(notification.kind)}`}
      role="status"
      data-testid="banner-notification"
      data-kind={notification.kind}
      data-notification-id={notification.id}
    >
      <span className="banner-text" title={`${notification.title}. ${notification.body}`}>
        <strong>{notification.title}</strong> {notification.body}
        {action ? (
          <button
            type="button"
            className="banner-action"
            data-testid="banner-notification-open"
            onClick={() => {
              dismiss(notification.id)
              window.location.assign(settingsUrl(window.location.href, action.section))
            }}
          >
            {action.label}
          </button>
        ) : null}
      </span>
      <button type="button" className="icon-button banner-close" aria-label="Dismiss notification" onClick={() => dismiss(notification.id)}>
        <CloseIcon size={13} />
      </button>
    </div>
  )
}
