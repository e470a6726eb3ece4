/**
 * Tenant isolation lives here and only here. Every service verb that reads or changes
 * tenant-owned data asks this module which institutions the actor may see, and which roles may act.
 * A resource of another institution is reported as "not found", so its existence is not revealed.
 */
import type { Actor, StaffRole } from '../shared/context.js';
import { Forbidden, NotFound, Unauthenticated } from '../shared/errors.js';

/** `all` for the platform and the system itself; otherwise exactly one institution. */
export type InstitutionScope = { kind: 'all' } | { kind: 'one'; institutionId: string };

export function scopeOf(actor: Actor): InstitutionScope {
  switch (actor.kind) {
    case 'system':
      return { kind: 'all' };
    case 'station':
    case 'driver':
      return { kind: 'one', institutionId: actor.institutionId };
    case 'staff':
      if (actor.role === 'platform_admin') return { kind: 'all' };
      if (actor.institutionId === null) throw new Unauthenticated('Staff account without institution');
      return { kind: 'one', institutionId: actor.institutionId };
  }
}

export function canSee(actor: Actor, institutionId: string): boolean {
  const scope = scopeOf(actor);
  return scope.kind === 'all' || scope.institutionId === institutionId;
}

/** Throws NotFound when the row belongs to an institution the actor may not see. */
export function assertVisible<T extends { institutionId: string }>(
  actor: Actor,
  row: T | undefined,
  what: string,
  id?: string,
): T {
  if (row === undefined || !canSee(actor, row.institutionId)) throw new NotFound(what, id);
  return row;
}

/**
 * What each role may do. Platform admins may do everything (DESIGN: "may act inside any
 * institution, with an audit trail").
 */
export type Permission =
  | 'institutions:manage'
  | 'stations:read'
  | 'stations:manage'
  | 'stations:command'
  | 'sessions:read'
  | 'tokens:manage'
  | 'staff:manage'
  /** Drivers, groups, companies and their cards: read (incl. service technicians, who help at the locker). */
  | 'accounts:read'
  | 'accounts:manage'
  /** Tariffs, events, discounts, accounting strategies: no prices for service technicians. */
  | 'pricing:read'
  | 'pricing:manage'
  /** Balances, ledgers, charge records, invoices and receipts. */
  | 'billing:read'
  /** Top-ups, refunds, corrections, invoice runs, credit-note runs. */
  | 'billing:manage'
  /** The SMS log, SMS sessions and alerts, with phone numbers masked. */
  | 'sms:read'
  /** Phone numbers in full (service desk, carrier-billing disputes). */
  | 'sms:phone'
  /** SMS numbers of the institution; test messages. */
  | 'sms:manage';

const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  platform_admin: [
    'institutions:manage',
    'stations:read',
    'stations:manage',
    'stations:command',
    'sessions:read',
    'tokens:manage',
    'staff:manage',
    'accounts:read',
    'accounts:manage',
    'pricing:read',
    'pricing:manage',
    'billing:read',
    'billing:manage',
    'sms:read',
    'sms:phone',
    'sms:manage',
  ],
  institution_admin: [
    'stations:read',
    'stations:manage',
    'stations:command',
    'sessions:read',
    'tokens:manage',
    'staff:manage',
    'accounts:read',
    'accounts:manage',
    'pricing:read',
    'pricing:manage',
    'billing:read',
    'billing:manage',
    'sms:read',
    'sms:phone',
    'sms:manage',
  ],
  service_technician: ['stations:read', 'stations:command', 'sessions:read', 'accounts:read', 'sms:read'],
  accountant: [
    'stations:read',
    'sessions:read',
    'accounts:read',
    'pricing:read',
    'billing:read',
    'billing:manage',
    'sms:read',
    'sms:phone',
  ],
};

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'system') return true;
  // Stations and drivers hold no staff permission: drivers use the self-service routes only.
  if (actor.kind === 'station' || actor.kind === 'driver') return false;
  return ROLE_PERMISSIONS[actor.role].includes(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new Forbidden(`Your role may not do this (${permission})`);
}

/** Which institution a new row goes to: the actor's own, or for the platform the one it names. */
export function targetInstitution(actor: Actor, requested: string | undefined): string {
  const scope = scopeOf(actor);
  if (scope.kind === 'one') {
    if (requested !== undefined && requested !== scope.institutionId)
      throw new NotFound('institution', requested);
    return scope.institutionId;
  }
  if (requested === undefined) throw new Forbidden('Name the institution (institutionId) to act in');
  return requested;
}

/** The self-service routes (/me/...): only a logged-in driver, and only for their own data. */
export function requireDriver(actor: Actor): Extract<Actor, { kind: 'driver' }> {
  if (actor.kind !== 'driver') throw new Forbidden('Only drivers have a self-service area');
  return actor;
}

/** Every permission of the actor, for the portal to show what it may use (the server still checks). */
export function permissionsOf(actor: Actor): Permission[] {
  if (actor.kind !== 'staff') return [];
  return [...ROLE_PERMISSIONS[actor.role]];
}
