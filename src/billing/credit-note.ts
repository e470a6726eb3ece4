/**
 * A credit note (Gutschrift) to an institution for its carrier-billed SMS sessions of a month, as
 * plain data: the itemized lines (Einzelverbindungsnachweis), the platform fee as a line of its own,
 * and the totals. No IO; credit-notes.service.ts feeds it.
 *
 * VAT, as docs/billing.md explains: the institution supplies the charging to the platform, which
 * collected the gross price from the phone bill; the credit note is the institution's invoice for
 * that supply, issued by the platform as the recipient (§14 Abs. 2 Satz 2 UStG), so the sessions'
 * VAT is the institution's. The fee is the platform's own service (standard rate), deducted on the
 * same document. Every amount is integer cents; each column of the totals is the sum of the lines.
 */
import { formatDateTime } from '../shared/berlin-time.js';
import { formatMoney, formatPercent, mulDivRoundHalfUp, splitGross } from '../shared/money.js';
import { maskPhone } from '../sms/phone.js';

/** The platform fee is a service taxed at the German standard rate. */
export const PLATFORM_FEE_VAT_BP = 1900;

export interface CreditNoteSession {
  chargeRecordId: string;
  carrierChargeId: string;
  startedAt: Date;
  chargePointName: string | null;
  durationSeconds: number;
  phone: string;
  /** Gross as charged to the phone (= the charge record's total). */
  grossCents: number;
  /** The record's own frozen split. */
  netCents: number;
  vatCents: number;
  vatRateBp: number;
}

export interface CreditNoteLine {
  position: number;
  kind: 'session' | 'fee';
  chargeRecordId: string | null;
  description: string;
  quantity: string | null;
  vatRateBp: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
  /** Session lines: what the itemized statement shows. */
  startedAt: Date | null;
  chargePoint: string | null;
  durationSeconds: number | null;
  maskedPhone: string | null;
}

export interface Amounts {
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface CreditNoteFigures {
  lines: CreditNoteLine[];
  /** The sessions (the institution's supply), per VAT rate, highest rate first. */
  sessionRates: (Amounts & { vatRateBp: number })[];
  sessions: Amounts;
  /** The platform fee as a positive amount (it is deducted). */
  fee: Amounts & { feeBp: number; vatRateBp: number };
  /** What the institution is paid: sessions − fee; also the document's totals (= the sum of the lines). */
  payout: Amounts;
}

const sum = (items: Amounts[]): Amounts =>
  items.reduce(
    (total, a) => ({
      netCents: total.netCents + a.netCents,
      vatCents: total.vatCents + a.vatCents,
      grossCents: total.grossCents + a.grossCents,
    }),
    { netCents: 0, vatCents: 0, grossCents: 0 },
  );

/** "Plattformgebühr 10 % von 12,34 €". */
export function feeDescription(feeBp: number, basisCents: number, currency: string): string {
  return `Plattformgebühr ${formatPercent(feeBp, 'de')} von ${formatMoney(basisCents, currency, 'de')} / Platform fee`;
}

export function creditNoteFigures(
  sessions: readonly CreditNoteSession[],
  feeBp: number,
  currency: string,
): CreditNoteFigures {
  const ordered = [...sessions].sort(
    (a, b) =>
      a.startedAt.getTime() - b.startedAt.getTime() || a.carrierChargeId.localeCompare(b.carrierChargeId),
  );
  const lines: CreditNoteLine[] = ordered.map((s, i) => {
    const maskedPhone = maskPhone(s.phone);
    return {
      position: i + 1,
      kind: 'session',
      chargeRecordId: s.chargeRecordId,
      description:
        `Ladevorgang ${s.chargePointName ?? ''} ${formatDateTime(s.startedAt)} · ${maskedPhone}`.replace(
          /\s+/g,
          ' ',
        ),
      quantity: null,
      vatRateBp: s.vatRateBp,
      netCents: s.netCents,
      vatCents: s.vatCents,
      grossCents: s.grossCents,
      startedAt: s.startedAt,
      chargePoint: s.chargePointName,
      durationSeconds: s.durationSeconds,
      maskedPhone,
    };
  });
  const sessionTotals = sum(lines);
  // Half up on the gross collected, like every rounding of money here (shared/money.ts).
  const feeGross = mulDivRoundHalfUp(sessionTotals.grossCents, feeBp, 10_000);
  const feeSplit = splitGross(feeGross, PLATFORM_FEE_VAT_BP);
  const fee = { ...feeSplit, grossCents: feeGross, feeBp, vatRateBp: PLATFORM_FEE_VAT_BP };
  if (feeGross !== 0) {
    lines.push({
      position: lines.length + 1,
      kind: 'fee',
      chargeRecordId: null,
      description: feeDescription(feeBp, sessionTotals.grossCents, currency),
      quantity: null,
      vatRateBp: PLATFORM_FEE_VAT_BP,
      netCents: -fee.netCents,
      vatCents: -fee.vatCents,
      grossCents: -fee.grossCents,
      startedAt: null,
      chargePoint: null,
      durationSeconds: null,
      maskedPhone: null,
    });
  }
  const byRate = new Map<number, Amounts[]>();
  for (const line of lines)
    if (line.kind === 'session') byRate.set(line.vatRateBp, [...(byRate.get(line.vatRateBp) ?? []), line]);
  const sessionRates = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([vatRateBp, items]) => ({ vatRateBp, ...sum(items) }));
  return { lines, sessionRates, sessions: sessionTotals, fee, payout: sum(lines) };
}
