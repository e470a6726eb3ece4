/**
 * A receipt as the person who charged sees it, built from plain rows: where and when, what it cost,
 * who issued it. The page (public/receipt-page.ts) and the PDF (receipt-pdf.ts) show the same data.
 *
 * A receipt is a Kleinbetragsrechnung (§ 33 UStDV): the issuer's full name and address, the date,
 * quantity and kind of the service, the gross amount and the VAT rate. An anonymous SMS session has
 * no recipient, which § 33 does not require.
 */
import { maskPhone } from '../sms/phone.js';
import type { ReceiptRows } from './receipts.repository.js';

/**
 * starting: the start is on its way to the station; running; stopping: the stop is on its way (or
 * waits for the station to come back); failed: never started, nothing charged; pricing: ended but not
 * priced yet; completed: priced, with a PDF.
 */
export type ReceiptState = 'starting' | 'running' | 'stopping' | 'failed' | 'pricing' | 'completed';

export interface ReceiptLine {
  description: { de: string; en: string };
  quantity: number;
  unit: string;
  unitPriceCents: number | null;
  amountCents: number;
}

export interface ReceiptIssuer {
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  vatId: string | null;
  taxNumber: string | null;
}

export interface ReceiptCharge {
  reference: string;
  lines: ReceiptLine[];
  currency: string;
  totalCents: number;
  vatRateBp: number;
  vatCents: number;
  netCents: number;
  /** How it is paid: carrier (phone bill), free, ... */
  booking: string;
  issuedAt: Date;
}

export interface Receipt {
  token: string;
  state: ReceiptState;
  compartment: string;
  stationName: string | null;
  location: { name: string; street: string | null; postalCode: string | null; city: string | null } | null;
  /** "+49 171 ••••567": never the full number; null once the number was pseudonymised. */
  phoneMasked: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  energyWh: number | null;
  charge: ReceiptCharge | null;
  issuer: ReceiptIssuer;
}

export function receiptState(
  rows: Pick<ReceiptRows, 'smsSession' | 'session' | 'chargeRecord'>,
): ReceiptState {
  if (rows.chargeRecord !== null) return 'completed';
  switch (rows.smsSession.state) {
    case 'starting':
      return 'starting';
    case 'active':
      return rows.session?.status === 'completed' ? 'pricing' : 'running';
    case 'stopping':
    case 'stop_pending':
      return rows.session?.status === 'completed' ? 'pricing' : 'stopping';
    case 'failed':
      return 'failed';
    case 'completed':
      return 'pricing';
  }
}

const LINE_UNITS = new Set(['unit', 'minute', 'Wh', 'session', 'day']);

/** Lines as stored in charge_records.lines (pricing PricedLine, or billing's free/correction lines). */
function toLines(value: unknown): ReceiptLine[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw): ReceiptLine[] => {
    if (typeof raw !== 'object' || raw === null) return [];
    const line = raw as Record<string, unknown>;
    const description = line.description as { de?: unknown; en?: unknown } | undefined;
    if (typeof line.amountCents !== 'number') return [];
    return [
      {
        description: {
          de: typeof description?.de === 'string' ? description.de : '',
          en: typeof description?.en === 'string' ? description.en : '',
        },
        quantity: typeof line.quantity === 'number' ? line.quantity : 1,
        unit: typeof line.unit === 'string' && LINE_UNITS.has(line.unit) ? line.unit : 'session',
        unitPriceCents: typeof line.unitPriceCents === 'number' ? line.unitPriceCents : null,
        amountCents: line.amountCents,
      },
    ];
  });
}

export function toReceipt(rows: ReceiptRows, now: Date): Receipt {
  const { smsSession, session, chargeRecord: record, institution } = rows;
  const state = receiptState(rows);
  const startedAt = record?.startedAt ?? session?.startedAt ?? smsSession.startedAt ?? null;
  const endedAt = record?.stoppedAt ?? session?.stoppedAt ?? (state === 'failed' ? null : smsSession.endedAt);
  const durationSeconds =
    record?.durationSeconds ??
    (startedAt === null || state === 'failed'
      ? null
      : Math.max(0, Math.round(((endedAt ?? now).getTime() - startedAt.getTime()) / 1000)));
  const energyWh = record?.energyWh ?? session?.energyWh ?? null;
  return {
    token: smsSession.receiptToken,
    state,
    compartment: record?.chargePointName ?? rows.shortName,
    stationName: rows.stationName,
    location:
      rows.location === null
        ? null
        : {
            name: rows.location.name,
            street: rows.location.street,
            postalCode: rows.location.postalCode,
            city: rows.location.city,
          },
    phoneMasked:
      smsSession.pseudonymisedAt === null && /^\d+$/.test(smsSession.phone)
        ? maskPhone(smsSession.phone)
        : null,
    startedAt: state === 'failed' ? null : startedAt,
    endedAt,
    durationSeconds,
    energyWh: energyWh === null || energyWh <= 0 ? null : energyWh,
    charge:
      record === null
        ? null
        : {
            reference: record.id,
            lines: toLines(record.lines),
            currency: record.currency,
            totalCents: record.totalCents,
            vatRateBp: record.vatRateBp,
            vatCents: record.vatCents,
            netCents: record.netCents,
            booking: record.booking,
            issuedAt: record.createdAt,
          },
    issuer: {
      name: (institution.legalName ?? '').trim() || institution.name,
      street: institution.street,
      postalCode: institution.postalCode,
      city: institution.city,
      country: institution.country,
      vatId: institution.vatId,
      taxNumber: institution.taxNumber,
    },
  };
}
