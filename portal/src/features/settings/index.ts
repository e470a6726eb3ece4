import { lazyPage } from '../../app/lazy-page';
import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { settingsMessages } from './messages';
import './settings.css';

const AccountPage = lazyPage(() => import('./AccountPage'), 'AccountPage');
const EmailsPage = lazyPage(() => import('./EmailsPage'), 'EmailsPage');
const PasswordResetPage = lazyPage(() => import('./PasswordResetPage'), 'PasswordResetPage');
const SetPasswordPage = lazyPage(() => import('./SetPasswordPage'), 'SetPasswordPage');
const StaffPage = lazyPage(() => import('./StaffPage'), 'StaffPage');

/** Log-in, passwords, second factor, staff accounts, the mail log. */
export const settingsFeature: Feature = {
  namespace: 'settings',
  messages: settingsMessages,
  routes: [
    { path: 'password-reset', element: createElement(PasswordResetPage), access: { kind: 'public' } },
    { path: 'set-password/:token', element: createElement(SetPasswordPage), access: { kind: 'public' } },
    { path: 'account', element: createElement(AccountPage), access: { kind: 'anyone' } },
    {
      path: 'staff',
      element: createElement(StaffPage),
      access: { kind: 'staff', permission: 'staff:manage' },
      nav: { group: 'admin', labelKey: 'staff.nav', order: 10 },
    },
    {
      path: 'emails',
      element: createElement(EmailsPage),
      access: { kind: 'staff', permission: 'institutions:manage' },
      nav: { group: 'admin', labelKey: 'emails.nav', order: 90 },
    },
  ],
};
