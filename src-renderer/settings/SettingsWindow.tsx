import { useEffect, useState, type ComponentType } from 'react'
import { useShallow } from 'zustand/shallow'
import { popoverUrl } from '../popover/openSettingsWindow'
import { useAppStore, useRuntime } from '../store/StoreContext'
import { ArrowLeftIcon, BellIcon, InfoIcon, SlidersIcon, SunIcon, UserIcon, HouseIcon } from '../ui/icons'
import { Sentence } from '../ui/Sentence'
import { AboutSection } from './AboutSection'
import { AccountsSection } from './AccountsSection'
import { ControlSection } from './ControlSection'
import { NotificationsSection } from './NotificationsSection'
import { sectionOrder, type SectionId } from './settingsForm'
import { SiteSection } from './SiteSection'
import { useSettingsForms } from './useSettingsForms'

const sections: Record<SectionId, { title: string; blurb: string; icon: ComponentType<{ size?: number }> }> = {
  accounts: { title: 'Accounts', blurb: 'The homes and vendor accounts Sunspill reads from.', icon: UserIcon },
  site: { title: 'Site', blurb: 'Your supply, where the house is, and how the chargers are wired.', icon: HouseIcon },
  control: { title: 'Control', blurb: 'How the loop pours surplus solar into the car.', icon: SlidersIcon },
  notifications: { title: 'Notifications', blurb: 'When Sunspill should speak up.', icon: BellIcon },
  about: { title: 'About', blurb: 'Versions, files and the log, for when something needs a closer look.', icon: InfoIcon },
}

export function SettingsWindow() {
  const runtime = useRuntime()
  const [active, setActive] = useState<SectionId>('accounts')
  const { view, loadError } = useAppStore(useShallow((s) => ({ view: s.settings, loadError: s.loadError })))
  const forms = useSettingsForms(view?.settings ?? null)
  const section = sections[active]

  useEffect(() => {
    document.title = `${section.title} · Sunspill Settings`
  }, [section.title])

  return (
    <div className="settings-window">
      <nav className="sidebar" aria-label="Settings sections">
        <div className="sidebar-brand">
          <SunIcon size={18} className="brand-icon" />
          <span>Sunspill</span>
        </div>
        <ul className="nav-list">
          {sectionOrder.map((id) => {
            const { title, icon: Icon } = sections[id]
            return (
              <li key={id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={id === active ? 'page' : undefined}
                  data-testid={`settings-nav-${id}`}
                  onClick={() => setActive(id)}
                >
                  <Icon size={16} />
                  {title}
                </button>
              </li>
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
          <h1 id="section-title">{section.title}</h1>
          <p className="section-blurb">{section.blurb}</p>
        </header>
        <div className="section-body">
          {view?.problem ? (
            <p className="banner banner-warn" role="alert">
              <Sentence text={view.problem} />
            </p>
          ) : null}
          <SectionBody id={active} forms={forms} loadError={loadError} />
        </div>
      </main>
    </div>
  )
}

function SectionBody({ id, forms, loadError }: { id: SectionId; forms: ReturnType<typeof useSettingsForms>; loadError: string | null }) {
  if (id === 'about') return <AboutSection />
  const form = forms(id)
  if (!form) {
    return loadError ? (
      <p className="banner banner-error" role="alert">
        <Sentence text={loadError} />
      </p>
    ) : (
      <p className="empty-note">Loading settings…</p>
    )
  }
  switch (id) {
    case 'accounts':
      return <AccountsSection form={form} />
    case 'site':
      return <SiteSection form={form} />
    case 'control':
      return <ControlSection form={form} />
    case 'notifications':
      return <NotificationsSection form={form} />
  }
}
