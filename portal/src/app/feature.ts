import type { ReactNode } from 'react';
import type { Permission, SessionInfo } from '../api/types';
import type { Messages } from '../i18n/messages';

/** Who may open a page; the server checks again on every request. */
export type Access =
  /** Outside the log-in (e.g. the password-reset link): rendered without the shell. */
  | { kind: 'public' }
  /** Anybody logged in. */
  | { kind: 'anyone' }
  | { kind: 'staff'; permission?: Permission }
  | { kind: 'driver' }
  | { kind: 'companyAdmin' };

export type NavGroup = 'operations' | 'pricing' | 'accounts' | 'records' | 'billing' | 'admin' | 'me';

export interface PortalRoute {
  /** react-router path, e.g. `stations/:stationId`. */
  path: string;
  element: ReactNode;
  access: Access;
  /** Shown in the main navigation when set (pages with parameters have none). */
  nav?: { group: NavGroup; labelKey: string; order: number };
}

/** One area of the portal: its texts (an i18next namespace) and its pages. */
export interface Feature {
  namespace: string;
  messages: Messages;
  routes: PortalRoute[];
}

export function mayOpen(access: Access, session: SessionInfo): boolean {
  switch (access.kind) {
    case 'public':
    case 'anyone':
      return true;
    case 'staff':
      return (
        session.kind === 'staff' &&
        (access.permission === undefined || session.permissions.includes(access.permission))
      );
    case 'driver':
      return session.kind === 'driver';
    case 'companyAdmin':
      return session.kind === 'driver' && session.role === 'company_admin';
  }
}
