import { lazyPage } from '../../app/lazy-page';
import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { billingMessages } from './messages';

const BillingProfilePage = lazyPage(() => import('./BillingProfilePage'), 'BillingProfilePage');
const BillingRunsPage = lazyPage(() => import('./BillingRunsPage'), 'BillingRunsPage');
const CarrierChargesPage = lazyPage(() => import('./CarrierChargesPage'), 'CarrierChargesPage');
const DocumentsPage = lazyPage(() => import('./DocumentsPage'), 'DocumentsPage');

/** For accountants: documents, monthly runs, carrier charges and the billing profile. */
export const billingFeature: Feature = {
  namespace: 'billing',
  messages: billingMessages,
  routes: [
    {
      path: 'documents',
      element: createElement(DocumentsPage),
      access: { kind: 'staff', permission: 'billing:read' },
      nav: { group: 'billing', labelKey: 'nav.documents', order: 10 },
    },
    {
      path: 'billing-runs',
      element: createElement(BillingRunsPage),
      access: { kind: 'staff', permission: 'billing:manage' },
      nav: { group: 'billing', labelKey: 'nav.runs', order: 20 },
    },
    {
      path: 'carrier-charges',
      element: createElement(CarrierChargesPage),
      access: { kind: 'staff', permission: 'billing:read' },
      nav: { group: 'billing', labelKey: 'nav.carrierCharges', order: 30 },
    },
    {
      path: 'billing-profile',
      element: createElement(BillingProfilePage),
      access: { kind: 'staff', permission: 'billing:read' },
      nav: { group: 'billing', labelKey: 'nav.profile', order: 40 },
    },
  ],
};
