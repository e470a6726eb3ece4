/** API shapes of the settings pages (see docs/openapi.json). */
export type StaffRole = 'platform_admin' | 'institution_admin' | 'service_technician' | 'accountant';

export interface StaffAccount {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  institutionId: string | null;
  active: boolean;
  totpEnabledAt: string | null;
  createdAt: string;
}

export interface Institution {
  id: string;
  name: string;
}

export type EmailStatus = 'queued' | 'sent' | 'failed' | 'logged';

export interface Email {
  id: string;
  institutionId: string | null;
  to: string;
  subject: string;
  text: string;
  purpose: string;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

export const INSTITUTION_ROLES: readonly StaffRole[] = [
  'institution_admin',
  'service_technician',
  'accountant',
];
