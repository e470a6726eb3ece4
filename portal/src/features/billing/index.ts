import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { BillingProfilePage } from './BillingProfilePage';
import { BillingRunsPage } from './BillingRunsPage';
import { CarrierChargesPage } from './CarrierChargesPage';
import { DocumentsPage } from './DocumentsPage';
import { billingMessages } from './messages';

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
