import type { Logger } from 'pino';

export type StaffRole = 'platform_admin' | 'institution_admin' | 'service_technician' | 'accountant';

/** Who is acting. Tenant scoping (access/tenant-scope.ts) reads only this. */
export type Actor =
  | { kind: 'staff'; staffId: string; role: StaffRole; institutionId: string | null }
  | { kind: 'station'; stationId: string; institutionId: string }
  /** A driver logged in to the portal: sees only their own (a company admin: also the company's) data. */
  | {
      kind: 'driver';
      userId: string;
      institutionId: string;
      companyId: string | null;
      companyAdmin: boolean;
    }
  | { kind: 'system'; reason: string };

/** Passed to every service verb, whichever transport called it. */
export interface Ctx {
  actor: Actor;
  now: () => Date;
  log: Logger;
}

export const systemActor = (reason: string): Actor => ({ kind: 'system', reason });
