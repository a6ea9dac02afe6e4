import { Fragment, useEffect, useState, type ComponentType } from 'react'
import { useShallow } from 'zustand/shallow'
import type { SettingsView } from '../../src-shared/contract'
import type { ChargerView } from '../../src-shared/model'
import { popoverUrl } from '../popover/openSettingsWindow'
import { useAppStore, useRuntime } from '../store/StoreContext'
import { ArrowLeftIcon, BatteryIcon, BellIcon, ChartIcon, HouseIcon, InfoIcon, PlugIcon, ServerIcon, SlidersIcon, SunIcon, UserIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import { AboutSection } from './AboutSection'
import { AccountsSection } from './AccountsSection'
import { BatterySection } from './BatterySection'
import { ChargerSection } from './ChargerSection'
import { chargerNavTestId } from './chargerPage'
import { ControlSection } from './ControlSection'
import { HistorySection } from './HistorySection'
import { NotificationsSection } from './NotificationsSection'
import { RemoteSection } from './RemoteSection'
import { chargersAfter, type SectionId } from './settingsForm'
import { SiteSection } from './SiteSection'
import { sectionFromUrl, sectionsFor, shownSection, useHashSection } from './urlSection'
import { useSettingsForms } from './useSettingsForms'

const sections: Record<SectionId, { title: string; blurb: string; icon: ComponentType<{ size?: number }> }> = {
  accounts: { title: 'Accounts', blurb: 'The homes and vendor accounts Sunspill reads from.', icon: UserIcon },
  site: { title: 'Site', blurb: 'Your supply, where the house is, and how the chargers are wired.', icon: HouseIcon },
  control: { title: 'Control', blurb: 'How the loop pours surplus solar into the car.', icon: SlidersIcon },
  battery: { title: 'Battery', blurb: 'The home battery’s own settings, read from it and written back to it.', icon: BatteryIcon },
  notifications: { title: 'Notifications', blurb: 'When Sunspill should speak up.', icon: BellIcon },
  history: { title: 'History', blurb: 'What the car took, from where, and what it cost.', icon: ChartIcon },
  remote: { title: 'Remote', blurb: 'Run the loop on this computer, or on an always-on machine with this app as its tray.', icon: ServerIcon },
  about: { title: 'About', blurb: 'Versions, files and the log, for when something needs a closer look.', icon: InfoIcon },
}

/** A section, or one charger's page. */
type Page = { kind: 'section'; id: SectionId } | { kind: 'charger'; id: string }

const noChargers: ChargerView[] = []

export function SettingsWindow() {
  const runtime = useRuntime()
  // A notification or link may ask for a section (?section=battery); Accounts otherwise, and also
  // when this runtime has no such page (Remote, in a browser).
  const [page, setPage] = useState<Page>(() => ({ kind: 'section', id: shownSection(sectionFromUrl(window.location.search), runtime) }))
  const [visit, setVisit] = useState(0)
  useHashSection((id) => {
    setPage({ kind: 'section', id: shownSection(id, runtime) })
    setVisit((n) => n + 1)
  })
  const { view, loadError, chargers } = useAppStore(
    useShallow((s) => ({ view: s.settings, loadError: s.loadError, chargers: s.site?.chargers ?? noChargers })),
  )
  const forms = useSettingsForms(view?.settings ?? null)
  const charger = page.kind === 'charger' ? chargers.find((c) => c.id === page.id) : undefined
  const header =
    page.kind === 'section'
      ? sections[page.id]
      : { title: charger?.name ?? 'Charger', blurb: 'Everything its vendor lets Sunspill change, read live from the charger.' }

  useEffect(() => {
    document.title = `${header.title} · Sunspill Settings`
  }, [header.title])

  return (
    <div className="settings-window">
      <nav className="sidebar" aria-label="Settings sections">
        <div className="sidebar-brand">
          <SunIcon size={18} className="brand-icon" />
          <span>Sunspill</span>
        </div>
        <ul className="nav-list">
          {sectionsFor(runtime).map((id) => {
            const { title, icon: Icon } = sections[id]
            return (
              <Fragment key={id}>
                <li>
                  <button
                    type="button"
                    className="nav-item"
                    aria-current={page.kind === 'section' && id === page.id ? 'page' : undefined}
                    data-testid={`settings-nav-${id}`}
                    onClick={() => {
                      setPage({ kind: 'section', id })
                      // A second click on the current section goes back to its start (e.g. the account list).
                      setVisit((n) => n + 1)
                    }}
                  >
                    <Icon size={16} />
                    {title}
                  </button>
                </li>
                {id === chargersAfter && chargers.length > 0 ? (
                  <li className="nav-group">
                    <span className="nav-group-title" id="nav-chargers">
                      Chargers
                    </span>
                    <ul className="nav-list" aria-labelledby="nav-chargers">
                      {chargers.map((c) => (
                        <li key={c.id}>
                          <button
                            type="button"
                            className="nav-item"
                            aria-current={page.kind === 'charger' && page.id === c.id ? 'page' : undefined}
                            data-testid={chargerNavTestId(c.id)}
                            title={c.name}
                            onClick={() => setPage({ kind: 'charger', id: c.id })}
                          >
                            <PlugIcon size={16} />
                            <span className="nav-text">{c.name}</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  </li>
                ) : null}
              </Fragment>
            )
          })}
        </ul>
        {runtime === 'browser' ? (
          <a className="back-link" href={popoverUrl(window.location.href)}>
            <ArrowLeftIcon size={14} />
            Back to popover
          </a>
        ) : null}
      </nav>

      <main className="settings-content" aria-labelledby="section-title">
        <header className="section-header">
          <h1 id="section-title">{header.title}</h1>
          <p className="section-blurb">{header.blurb}</p>
        </header>
        <div className="section-body">
          {view?.problem ? (
            <p className="banner banner-warn" role="alert">
              <Sentence text={view.problem} />
            </p>
          ) : null}
          {page.kind === 'charger' ? (
            charger ? (
              <ChargerSection key={page.id} chargerId={page.id} />
            ) : (
              <p className="empty-note">This charger is no longer part of the site. Its account may have been removed.</p>
            )
          ) : (
            <SectionBody key={`${page.id}-${visit}`} id={page.id} forms={forms} loadError={loadError} view={view} />
          )}
        </div>
      </main>
    </div>
  )
}

function SectionBody({
  id,
  forms,
  loadError,
  view,
}: {
  id: SectionId
  forms: ReturnType<typeof useSettingsForms>
  loadError: string | null
  view: SettingsView | null
}) {
  if (id === 'about') return <AboutSection />
  if (id === 'battery') return <BatterySection />
  if (id === 'history') return <HistorySection />
  if (id === 'remote') return <RemoteSection />
  if (id === 'accounts') return view === null && loadError ? <LoadError message={loadError} /> : <AccountsSection />
  const form = forms(id)
  if (!form) return loadError ? <LoadError message={loadError} /> : <p className="empty-note">Loading settings…</p>
  switch (id) {
    case 'site':
      return <SiteSection form={form} />
    case 'control':
      return <ControlSection form={form} />
    case 'notifications':
      return <NotificationsSection form={form} />
  }
}

function LoadError({ message }: { message: string }) {
  return (
    <p className="banner banner-error" role="alert">
      <Sentence text={message} />
    </p>
  )
}
