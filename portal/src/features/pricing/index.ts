import { lazyPage } from '../../app/lazy-page';
import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { pricingMessages } from './messages';
import './pricing.css';

const AssignmentsPage = lazyPage(() => import('./AssignmentsPage'), 'AssignmentsPage');
const DiscountsPage = lazyPage(() => import('./DiscountsPage'), 'DiscountsPage');
const EventsPage = lazyPage(() => import('./EventsPage'), 'EventsPage');
const StrategiesPage = lazyPage(() => import('./StrategiesPage'), 'StrategiesPage');
const TariffEditorPage = lazyPage(() => import('./TariffEditorPage'), 'TariffEditorPage');
const TariffsPage = lazyPage(() => import('./TariffsPage'), 'TariffsPage');

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
