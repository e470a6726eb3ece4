/** Document and carrier-charge filters → the API's query (pure; a month goes as `period`). */
import { ApiError, type Query } from '../../api/client';
import { dayRange } from '../../format/berlin';

export interface DocumentFilters {
  kind: string;
  month: string;
  fromDay: string;
  toDay: string;
  accountId: string;
  q: string;
}

export const NO_DOCUMENT_FILTERS: DocumentFilters = {
  kind: '',
  month: '',
  fromDay: '',
  toDay: '',
  accountId: '',
  q: '',
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function documentsQuery(filters: DocumentFilters): Query {
  const month = filters.month.trim();
  return {
    kind: filters.kind,
    accountId: filters.accountId,
    q: filters.q.trim(),
    ...(MONTH.test(month) ? { period: month } : dayRange(filters.fromDay, filters.toDay)),
  };
}

export interface CarrierChargeFilters {
  status: string;
  fromDay: string;
  toDay: string;
}

export const NO_CARRIER_FILTERS: CarrierChargeFilters = { status: '', fromDay: '', toDay: '' };

export function carrierChargesQuery(filters: CarrierChargeFilters): Query {
  return { status: filters.status, ...dayRange(filters.fromDay, filters.toDay) };
}

/** Which invoices a list of documents shows as cancelled: invoice id → the cancellation's number. */
export function cancelledInvoices(documents: ReadonlyArray<{ number: string; cancelsId: string | null }>) {
  const map = new Map<string, string>();
  for (const doc of documents) if (doc.cancelsId !== null) map.set(doc.cancelsId, doc.number);
  return map;
}

/**
 * Why the server refused a run, in the portal's language where it is one of the known refusals
 * (422 on the month, 422 with `details.missing`); otherwise the server's own words.
 */
export function runRefusal(
  error: unknown,
  month: string,
  t: (key: string, values?: Record<string, string>) => string,
): Error {
  if (error instanceof ApiError && error.status === 422) {
    if (error.details?.field === 'month' && MONTH.test(month)) return new Error(t('runs.notOver', { month }));
    const missing = error.details?.missing;
    if (Array.isArray(missing)) return new Error(t('runs.refusedMissing', { fields: missing.join(', ') }));
  }
  return error instanceof Error ? error : new Error(String(error));
}
