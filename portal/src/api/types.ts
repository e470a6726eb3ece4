/** Shapes of API answers the portal shares across pages (the OpenAPI document is the full contract). */
export type Permission =
  | 'institutions:manage'
  | 'stations:read'
  | 'stations:manage'
  | 'stations:command'
  | 'sessions:read'
  | 'tokens:manage'
  | 'staff:manage'
  | 'accounts:read'
  | 'accounts:manage'
  | 'pricing:read'
  | 'pricing:manage'
  | 'billing:read'
  | 'billing:manage'
  | 'sms:read'
  | 'sms:phone'
  | 'sms:manage';

export interface SessionInfo {
  kind: 'staff' | 'driver';
  id: string;
  name: string;
  email: string;
  institutionId: string | null;
  /** A staff role, or `driver` / `company_admin`. */
  role: string;
  permissions: Permission[];
  companyId: string | null;
  locale: 'de' | 'en' | null;
  totpEnabled: boolean;
  totpSetupRequired: boolean;
}
