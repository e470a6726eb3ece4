import { lazyPage } from '../../app/lazy-page';
import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { selfServiceMessages } from './messages';

const BalancePage = lazyPage(() => import('./BalancePage'), 'BalancePage');
const CardsPage = lazyPage(() => import('./CardsPage'), 'CardsPage');
const CompanyPage = lazyPage(() => import('./CompanyPage'), 'CompanyPage');
const InvoicesPage = lazyPage(() => import('./InvoicesPage'), 'InvoicesPage');
const MePage = lazyPage(() => import('./MePage'), 'MePage');
const SessionsPage = lazyPage(() => import('./SessionsPage'), 'SessionsPage');

/** The drivers' own area (/me), and the company admins' company (/me/company). */
export const selfServiceFeature: Feature = {
  namespace: 'self-service',
  messages: selfServiceMessages,
  routes: [
    {
      path: 'me',
      element: createElement(MePage),
      access: { kind: 'driver' },
      nav: { group: 'me', labelKey: 'nav.overview', order: 10 },
    },
    {
      path: 'me/sessions',
      element: createElement(SessionsPage),
      access: { kind: 'driver' },
      nav: { group: 'me', labelKey: 'nav.sessions', order: 20 },
    },
    {
      path: 'me/cards',
      element: createElement(CardsPage),
      access: { kind: 'driver' },
      nav: { group: 'me', labelKey: 'nav.cards', order: 30 },
    },
    {
      path: 'me/balance',
      element: createElement(BalancePage),
      access: { kind: 'driver' },
      nav: { group: 'me', labelKey: 'nav.balance', order: 40 },
    },
    {
      path: 'me/invoices',
      element: createElement(InvoicesPage),
      access: { kind: 'driver' },
      nav: { group: 'me', labelKey: 'nav.invoices', order: 50 },
    },
    {
      path: 'me/company',
      element: createElement(CompanyPage),
      access: { kind: 'companyAdmin' },
      nav: { group: 'me', labelKey: 'nav.company', order: 60 },
    },
  ],
};
