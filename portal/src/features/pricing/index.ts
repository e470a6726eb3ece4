import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { AssignmentsPage } from './AssignmentsPage';
import { DiscountsPage } from './DiscountsPage';
import { EventsPage } from './EventsPage';
import { pricingMessages } from './messages';
import { StrategiesPage } from './StrategiesPage';
import { TariffEditorPage } from './TariffEditorPage';
import { TariffsPage } from './TariffsPage';
import './pricing.css';

/** Prices: tariffs and where they apply, accounting strategies, price events, discounts. */
const read = { kind: 'staff', permission: 'pricing:read' } as const;

export const pricingFeature: Feature = {
  namespace: 'pricing',
  messages: pricingMessages,
  routes: [
    {
      path: 'tariffs',
      element: createElement(TariffsPage),
      access: read,
      nav: { group: 'pricing', labelKey: 'nav.tariffs', order: 10 },
    },
    {
      path: 'tariffs/new',
      element: createElement(TariffEditorPage),
      access: { kind: 'staff', permission: 'pricing:manage' },
    },
    { path: 'tariffs/assignments', element: createElement(AssignmentsPage), access: read },
    { path: 'tariffs/:tariffId', element: createElement(TariffEditorPage), access: read },
    {
      path: 'strategies',
      element: createElement(StrategiesPage),
      access: read,
      nav: { group: 'pricing', labelKey: 'nav.strategies', order: 20 },
    },
    {
      path: 'events',
      element: createElement(EventsPage),
      access: read,
      nav: { group: 'pricing', labelKey: 'nav.events', order: 30 },
    },
    {
      path: 'discounts',
      element: createElement(DiscountsPage),
      access: read,
      nav: { group: 'pricing', labelKey: 'nav.discounts', order: 40 },
    },
  ],
};
