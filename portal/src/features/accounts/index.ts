import { lazyPage } from '../../app/lazy-page';
import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { accountsMessages } from './messages';

const AccountDetailPage = lazyPage(() => import('./AccountDetailPage'), 'AccountDetailPage');
const AccountsPage = lazyPage(() => import('./AccountsPage'), 'AccountsPage');
const CardsPage = lazyPage(() => import('./CardsPage'), 'CardsPage');
const CompaniesPage = lazyPage(() => import('./CompaniesPage'), 'CompaniesPage');
const CompanyDetailPage = lazyPage(() => import('./CompanyDetailPage'), 'CompanyDetailPage');
const UserDetailPage = lazyPage(() => import('./UserDetailPage'), 'UserDetailPage');
const UserGroupDetailPage = lazyPage(() => import('./UserGroupDetailPage'), 'UserGroupDetailPage');
const UserGroupsPage = lazyPage(() => import('./UserGroupsPage'), 'UserGroupsPage');
const UsersImportPage = lazyPage(() => import('./UsersImportPage'), 'UsersImportPage');
const UsersPage = lazyPage(() => import('./UsersPage'), 'UsersPage');

const read = { kind: 'staff', permission: 'accounts:read' } as const;

/**
 * Users, cards, user groups, companies and payer accounts. Read for everyone with accounts:read
 * (service technicians too, without money); changes and money are gated inside the pages.
 */
export const accountsFeature: Feature = {
  namespace: 'accounts',
  messages: accountsMessages,
  routes: [
    {
      path: 'users',
      element: createElement(UsersPage),
      access: read,
      nav: { group: 'accounts', labelKey: 'nav.users', order: 10 },
    },
    {
      path: 'users/import',
      element: createElement(UsersImportPage),
      access: { kind: 'staff', permission: 'accounts:manage' },
    },
    { path: 'users/:userId', element: createElement(UserDetailPage), access: read },
    {
      path: 'cards',
      element: createElement(CardsPage),
      access: read,
      nav: { group: 'accounts', labelKey: 'nav.cards', order: 20 },
    },
    {
      path: 'user-groups',
      element: createElement(UserGroupsPage),
      access: read,
      nav: { group: 'accounts', labelKey: 'nav.groups', order: 30 },
    },
    { path: 'user-groups/:userGroupId', element: createElement(UserGroupDetailPage), access: read },
    {
      path: 'companies',
      element: createElement(CompaniesPage),
      access: read,
      nav: { group: 'accounts', labelKey: 'nav.companies', order: 40 },
    },
    { path: 'companies/:companyId', element: createElement(CompanyDetailPage), access: read },
    {
      // Payer accounts are about money: balances and ledgers need billing:read.
      path: 'accounts',
      element: createElement(AccountsPage),
      access: { kind: 'staff', permission: 'billing:read' },
      nav: { group: 'accounts', labelKey: 'nav.accounts', order: 50 },
    },
    {
      path: 'accounts/:accountId',
      element: createElement(AccountDetailPage),
      access: { kind: 'staff', permission: 'billing:read' },
    },
  ],
};
