/**
 * Drivers (users), user groups, companies, accounting strategies and payer accounts, and the CSV
 * import and export of users and cards.
 */
import type { ServiceDeps } from '../app/services.js';

export class AccountsService {
  constructor(private readonly deps: ServiceDeps) {}
}
