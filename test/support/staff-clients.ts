/** One logged-in API client per institution role, for tests that check who may do what. */
import type { ApiClient } from '../http/api-client.js';
import { loginClient } from '../http/api-client.js';
import { makeStaff } from './factories.js';
import type { TestServer } from './server.js';

export interface StaffClients {
  admin: ApiClient;
  technician: ApiClient;
  accountant: ApiClient;
}

export async function staffClients(server: TestServer, institutionId: string): Promise<StaffClients> {
  const client = async (role: 'institution_admin' | 'service_technician' | 'accountant') => {
    const staff = await makeStaff(server.database.db, role, institutionId);
    return loginClient(server.baseUrl, staff.email, staff.password);
  };
  return {
    admin: await client('institution_admin'),
    technician: await client('service_technician'),
    accountant: await client('accountant'),
  };
}
