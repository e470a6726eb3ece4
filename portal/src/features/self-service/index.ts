import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { BalancePage } from './BalancePage';
import { CardsPage } from './CardsPage';
import { CompanyPage } from './CompanyPage';
import { InvoicesPage } from './InvoicesPage';
import { MePage } from './MePage';
import { selfServiceMessages } from './messages';
import { SessionsPage } from './SessionsPage';

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
