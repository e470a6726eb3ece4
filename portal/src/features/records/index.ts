import { lazyPage } from '../../app/lazy-page';
import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { recordsMessages } from './messages';
import './records.css';

const AlertsPage = lazyPage(() => import('./AlertsPage'), 'AlertsPage');
const AuditPage = lazyPage(() => import('./AuditPage'), 'AuditPage');
const ChargeRecordsPage = lazyPage(() => import('./ChargeRecordsPage'), 'ChargeRecordsPage');
const SessionDetailPage = lazyPage(() => import('./SessionDetailPage'), 'SessionDetailPage');
const SessionsPage = lazyPage(() => import('./SessionsPage'), 'SessionsPage');
const SmsPage = lazyPage(() => import('./SmsPage'), 'SmsPage');

/** Sessions, charge records, the SMS log, alerts and the audit trail. */
export const recordsFeature: Feature = {
  namespace: 'records',
  messages: recordsMessages,
  routes: [
    {
      path: 'sessions',
      element: createElement(SessionsPage),
      access: { kind: 'staff', permission: 'sessions:read' },
      nav: { group: 'records', labelKey: 'nav.sessions', order: 10 },
    },
    {
      path: 'sessions/:sessionId',
      element: createElement(SessionDetailPage),
      access: { kind: 'staff', permission: 'sessions:read' },
    },
    {
      path: 'charge-records',
      element: createElement(ChargeRecordsPage),
      access: { kind: 'staff', permission: 'billing:read' },
      nav: { group: 'records', labelKey: 'nav.chargeRecords', order: 20 },
    },
    {
      path: 'sms',
      element: createElement(SmsPage),
      access: { kind: 'staff', permission: 'sms:read' },
      nav: { group: 'records', labelKey: 'nav.sms', order: 30 },
    },
    {
      path: 'alerts',
      element: createElement(AlertsPage),
      access: { kind: 'staff', permission: 'sms:read' },
      nav: { group: 'records', labelKey: 'nav.alerts', order: 40 },
    },
    {
      path: 'audit',
      element: createElement(AuditPage),
      access: { kind: 'staff', permission: 'staff:manage' },
      nav: { group: 'records', labelKey: 'nav.audit', order: 50 },
    },
  ],
};
