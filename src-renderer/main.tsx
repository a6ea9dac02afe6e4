import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App, viewFromSearch } from './App'
import { bindApi } from './store/bindApi'
import { createAppStore } from './store/appStore'
import { AppProvider } from './store/StoreContext'
import { selectTransport } from './transport/selectTransport'
import './styles/base.css'
import './styles/popover.css'
import './styles/settings.css'

const transport = selectTransport(window)
const store = createAppStore(transport.api, transport.connection.get())
// Once, outside React: see bindApi.
bindApi(transport.api, store, transport.connection)

const view = viewFromSearch(window.location.search)
document.documentElement.dataset.view = view
document.documentElement.dataset.runtime = transport.runtime
document.title = view === 'settings' ? 'Sunspill Settings' : 'Sunspill'

const root = document.getElementById('root')
if (!root) throw new Error('index.html lost its #root element')
createRoot(root).render(
  <StrictMode>
    <AppProvider store={store} runtime={transport.runtime}>
      <App view={view} />
    </AppProvider>
  </StrictMode>,
)
