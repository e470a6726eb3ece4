import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession, useSessionContext } from '../auth/session';
import { useLiveStatus } from '../live/live';
import { Button } from '../ui';
import { mayOpen, type NavGroup, type PortalRoute } from './feature';
import { FEATURES } from './features';
import { LanguageSwitch } from './LanguageSwitch';

const GROUP_ORDER: NavGroup[] = ['me', 'operations', 'pricing', 'accounts', 'records', 'billing', 'admin'];

interface NavEntry {
  path: string;
  label: string;
  order: number;
}

/** The shell: skip link, header (language, account, log-out), navigation by what the role may open, main. */
export function Layout() {
  const { t } = useTranslation();
  const session = useSession();
  const { logout } = useSessionContext();
  const live = useLiveStatus();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();

  const groups = new Map<NavGroup, NavEntry[]>();
  for (const feature of FEATURES) {
    for (const route of feature.routes as PortalRoute[]) {
      if (route.nav === undefined || !mayOpen(route.access, session)) continue;
      const list = groups.get(route.nav.group) ?? [];
      list.push({
        path: `/${route.path}`,
        label: t(route.nav.labelKey, { ns: feature.namespace }),
        order: route.nav.order,
      });
      groups.set(route.nav.group, list);
    }
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <p className="brand">Fachwerk</p>
        <Button
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onPress={() => setMenuOpen(!menuOpen)}
        >
          {t('menu')}
        </Button>
        <div className="topbar-end">
          {session.kind === 'staff' && (
            <span className={`live-dot ${live ? 'live-on' : 'live-off'}`} role="status">
              <span className="visually-hidden">{live ? t('liveConnected') : t('liveDisconnected')}</span>
            </span>
          )}
          <LanguageSwitch />
          <NavLink to="/account" className="topbar-link">
            {session.name !== '' ? session.name : session.email}
          </NavLink>
          <Button onPress={() => void logout()}>{t('logout')}</Button>
        </div>
      </header>
      <div className="body">
        <nav id="main-nav" aria-label={t('mainNav')} className={`sidenav${menuOpen ? ' open' : ''}`}>
          {GROUP_ORDER.filter((group) => groups.has(group)).map((group) => (
            <div key={group} className="nav-group">
              <h2 className="nav-group-title">{t(`navGroups.${group}`)}</h2>
              <ul>
                {groups
                  .get(group)!
                  .sort((a, b) => a.order - b.order)
                  .map((entry) => (
                    <li key={entry.path}>
                      <NavLink to={entry.path} onClick={() => setMenuOpen(false)}>
                        {entry.label}
                      </NavLink>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" tabIndex={-1} key={location.pathname}>
          <Suspense
            fallback={
              <p className="loading" role="status">
                {t('loading')}
              </p>
            }
          >
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
