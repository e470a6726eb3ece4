/**
 * What the filter forms hold → what the API is asked. Pure, so the CSV link, the totals and the
 * list always ask for exactly the same set.
 */
import type { Query } from '../../api/client';
import { dayRange, monthRange } from '../../format/berlin';

/** A period: a whole month, or inclusive days (either end may be open). The month wins when set. */
export interface Period {
  month: string;
  fromDay: string;
  toDay: string;
}

export const NO_PERIOD: Period = { month: '', fromDay: '', toDay: '' };

export function periodQuery(period: Period): { from?: string; to?: string } {
  if (period.month.trim() !== '') return monthRange(period.month) ?? {};
  return dayRange(period.fromDay, period.toDay);
}

export interface SessionFilters extends Period {
  stationId: string;
  shortName: string;
  status: '' | 'active' | 'completed';
  idTag: string;
}

export const NO_SESSION_FILTERS: SessionFilters = {
  ...NO_PERIOD,
  stationId: '',
  shortName: '',
  status: '',
  idTag: '',
};

export function sessionsQuery(filters: SessionFilters): Query {
  return {
    stationId: filters.stationId,
    shortName: filters.shortName.trim(),
    status: filters.status,
    idTag: filters.idTag.trim(),
    ...periodQuery(filters),
  };
}

export interface ChargeRecordFilters extends Period {
  stationId: string;
  strategyKind: string;
  booking: string;
  kind: '' | 'session' | 'correction';
  accountId: string;
}

export const NO_CHARGE_RECORD_FILTERS: ChargeRecordFilters = {
  ...NO_PERIOD,
  stationId: '',
  strategyKind: '',
  booking: '',
  kind: '',
  accountId: '',
};

/** The same query for the list, the totals and the CSV export (paging is added by the list). */
export function chargeRecordsQuery(filters: ChargeRecordFilters): Query {
  return {
    stationId: filters.stationId,
    strategyKind: filters.strategyKind,
    booking: filters.booking,
    kind: filters.kind,
    accountId: filters.accountId,
    ...periodQuery(filters),
  };
}

export interface AuditFilters {
  action: string;
  fromDay: string;
  toDay: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { action: '', fromDay: '', toDay: '' };

export function auditQuery(filters: AuditFilters): Query {
  // The API takes lower-case dotted actions; people type "Charge_Point" or paste "charge_point.unlocked ".
  const action = filters.action.trim().toLowerCase();
  return {
    action: /^[a-z0-9_.]+$/.test(action) ? action : undefined,
    ...dayRange(filters.fromDay, filters.toDay),
  };
}

/** True when the typed action cannot be asked for (shown as a field error instead of ignored). */
export function auditActionInvalid(action: string): boolean {
  const trimmed = action.trim().toLowerCase();
  return trimmed !== '' && !/^[a-z0-9_.]+$/.test(trimmed);
}
