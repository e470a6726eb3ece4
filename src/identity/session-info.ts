/**
 * What the portal learns about the logged-in person: who they are, what they may use, and whether
 * they must first enrol a second factor. The server checks every request anyway; this only shapes
 * the navigation.
 */
import { permissionsOf, type Permission } from '../access/tenant-scope.js';
import type { Actor } from '../shared/context.js';

export interface SessionInfo {
  kind: 'staff' | 'driver';
  id: string;
  name: string;
  email: string;
  institutionId: string | null;
  /** Staff role, or `driver` / `company_admin`. */
  role: string;
  permissions: Permission[];
  /** Drivers: their company, when they belong to one. */
  companyId: string | null;
  /** The language the person chose last (drivers: their SMS/e-mail language). */
  locale: 'de' | 'en' | null;
  totpEnabled: boolean;
  /** Set for a platform admin without a second factor when TOTP_REQUIRED_FOR_PLATFORM_ADMINS is on. */
  totpSetupRequired: boolean;
}

export interface SessionSubject {
  id: string;
  name: string;
  email: string | null;
  locale?: 'de' | 'en';
  totpEnabledAt?: Date | null;
}

export function sessionInfo(actor: Actor, subject: SessionSubject, totpRequired: boolean): SessionInfo {
  const totpEnabled = subject.totpEnabledAt !== undefined && subject.totpEnabledAt !== null;
  if (actor.kind === 'driver') {
    return {
      kind: 'driver',
      id: subject.id,
      name: subject.name,
      email: subject.email ?? '',
      institutionId: actor.institutionId,
      role: actor.companyAdmin ? 'company_admin' : 'driver',
      permissions: [],
      companyId: actor.companyId,
      locale: subject.locale ?? null,
      totpEnabled: false,
      totpSetupRequired: false,
    };
  }
  if (actor.kind !== 'staff') throw new Error(`No portal session for a ${actor.kind}`);
  return {
    kind: 'staff',
    id: subject.id,
    name: subject.name,
    email: subject.email ?? '',
    institutionId: actor.institutionId,
    role: actor.role,
    permissions: permissionsOf(actor),
    companyId: null,
    locale: null,
    totpEnabled,
    totpSetupRequired: totpRequired && actor.role === 'platform_admin' && !totpEnabled,
  };
}
