/**
 * What the logged-in staff member may do on the accounts pages. The server checks every request
 * again; these only keep buttons away from people who may not press them (a service technician sees
 * users and cards read-only and no money at all).
 */
import { useSession } from '../../auth/session';

export interface AccountsAccess {
  /** Change users, groups, companies and account strategies. */
  manageAccounts: boolean;
  /** Add, block, reassign and delete cards. */
  manageCards: boolean;
  /** Balances and ledgers. */
  readMoney: boolean;
  /** Top-ups, refunds and balance corrections. */
  manageMoney: boolean;
  /** Strategy and tariff names. */
  readPricing: boolean;
  /** The CSV import writes users and cards. */
  importUsers: boolean;
}

export function useAccountsAccess(): AccountsAccess {
  const { permissions } = useSession();
  const has = (p: (typeof permissions)[number]) => permissions.includes(p);
  return {
    manageAccounts: has('accounts:manage'),
    manageCards: has('tokens:manage'),
    readMoney: has('billing:read'),
    manageMoney: has('billing:manage'),
    readPricing: has('pricing:read'),
    importUsers: has('accounts:manage') && has('tokens:manage'),
  };
}
