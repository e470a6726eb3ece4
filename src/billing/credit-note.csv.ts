/**
 * The itemized statement (Einzelverbindungsnachweis) of a document as CSV for Excel with German
 * settings, like charge-records.csv.ts: semicolon, decimal comma, Berlin times, UTF-8 with BOM,
 * CRLF. One row per document line; for a credit note the sessions with their masked phone, then the
 * platform fee.
 */
import { stringify } from 'csv-stringify/sync';
import { formatDateTimeSeconds } from '../shared/berlin-time.js';
import { decimalCents } from '../shared/money.js';

export const STATEMENT_HEADER = [
  'Pos.',
  'Beginn',
  'Ladefach',
  'Dauer (min)',
  'Telefon',
  'Beschreibung',
  'Netto',
  'USt-Satz (%)',
  'USt',
  'Brutto',
  'Währung',
];

export interface StatementRow {
  position: number;
  startedAt: Date | null;
  chargePoint: string | null;
  durationSeconds: number | null;
  maskedPhone: string | null;
  description: string;
  netCents: number;
  vatRateBp: number;
  vatCents: number;
  grossCents: number;
  currency: string;
}

/** 1900 basis points → "19"; 1050 → "10,5". */
const percent = (bp: number) => decimalCents(bp).replace(/,?0+$/, '').replace(/,$/, '');

/** Minutes with one decimal ("65,5"): what a spreadsheet sums. */
const minutes = (seconds: number) => {
  const tenths = Math.round(seconds / 6);
  return `${Math.floor(tenths / 10)},${tenths % 10}`;
};

export function statementCsv(rows: readonly StatementRow[]): string {
  const records = rows.map((r) => [
    String(r.position),
    r.startedAt === null ? '' : formatDateTimeSeconds(r.startedAt),
    r.chargePoint ?? '',
    r.durationSeconds === null ? '' : minutes(r.durationSeconds),
    r.maskedPhone ?? '',
    r.description,
    decimalCents(r.netCents),
    percent(r.vatRateBp),
    decimalCents(r.vatCents),
    decimalCents(r.grossCents),
    r.currency,
  ]);
  return '\uFEFF' + stringify([STATEMENT_HEADER, ...records], { delimiter: ';', record_delimiter: '\r\n' });
}
