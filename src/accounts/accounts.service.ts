/**
 * Drivers (users), user groups, companies, accounting strategies and payer accounts, and the CSV
 * import and export of users and cards. One service per aggregate, reached through this one.
 */
import type { ServiceDeps } from '../app/services.js';
import { CompaniesService } from './companies.service.js';
import { PayerAccountsService } from './payer-accounts.service.js';
import { StrategiesService } from './strategies.service.js';
import { UserGroupsService } from './user-groups.service.js';
import { UsersTransferService } from './users-transfer.service.js';
import { UsersService } from './users.service.js';

export class AccountsService {
  readonly strategies: StrategiesService;
  readonly accounts: PayerAccountsService;
  readonly users: UsersService;
  readonly userGroups: UserGroupsService;
  readonly companies: CompaniesService;
  readonly transfer: UsersTransferService;

  constructor(deps: ServiceDeps) {
    this.strategies = new StrategiesService(deps);
    this.accounts = new PayerAccountsService(deps);
    this.users = new UsersService(deps);
    this.userGroups = new UserGroupsService(deps);
    this.companies = new CompaniesService(deps);
    this.transfer = new UsersTransferService(deps);
  }
}
