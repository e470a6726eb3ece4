/**
 * Charge records as CSV for accountants who open it in Excel (German locale): semicolon-separated,
 * decimal comma, dates as TT.MM.JJJJ hh:mm:ss in Europe/Berlin, UTF-8 with a byte-order mark (so
 * Excel detects the encoding), CRLF line ends, one line per record. Amounts in euros, energy in kWh.
 */
import { stringify } from 'csv-stringify/sync';
import { formatDateTimeSeconds } from '../shared/berlin-time.js';
import type { ChargeRecordRow } from './billing.repository.js';
import { decimalCents, decimalKwh } from '../shared/money.js';

export const CSV_HEADER = [
  'Datensatz-ID',
  'Art',
  'Korrigiert Datensatz',
  'Ladevorgang-ID',
  'Station-ID',
  'Ladepunkt',
  'Karte',
  'Nutzer-ID',
  'Firma-ID',
  'Konto-ID',
  'Abrechnungsstrategie',
  'Buchung',
  'Beginn',
  'Ende',
  'Dauer (s)',
  'Energie (kWh)',
  'Tarif-ID',
  'Netto',
  'USt-Satz (%)',
  'USt',
  'Brutto',
  'Währung',
  'Grund',
  'Erstellt',
];

/** 1900 basis points → "19"; 1050 → "10,5". */
const percent = (bp: number) => decimalCents(bp).replace(/,?0+$/, '').replace(/,$/, '');

export function chargeRecordsCsv(rows: readonly ChargeRecordRow[]): string {
  const records = rows.map((r) => [
    r.id,
    r.kind === 'session' ? 'Ladevorgang' : 'Korrektur',
    r.correctsId ?? '',
    r.sessionId,
    r.stationId,
    r.chargePointName ?? '',
    r.idTag ?? '',
    r.userId ?? '',
    r.companyId ?? '',
    r.accountId ?? '',
    r.strategyKind ?? '',
    r.booking,
    formatDateTimeSeconds(r.startedAt),
    formatDateTimeSeconds(r.stoppedAt),
    String(r.durationSeconds),
    decimalKwh(r.energyWh),
    r.tariffId ?? '',
    decimalCents(r.netCents),
    percent(r.vatRateBp),
    decimalCents(r.vatCents),
    decimalCents(r.totalCents),
    r.currency,
    r.reason ?? '',
    formatDateTimeSeconds(r.createdAt),
  ]);
  return '\uFEFF' + stringify([CSV_HEADER, ...records], { delimiter: ';', record_delimiter: '\r\n' });
}
