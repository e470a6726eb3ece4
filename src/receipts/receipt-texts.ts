/** How a receipt's parts are written, shared by the page and the PDF (German first, English). */
import { decimalKwh, formatMoney, type Lang } from '../shared/money.js';
import type { ReceiptIssuer, ReceiptLine } from './receipt.js';

/** "3 × 0,50 €", "1,250 kWh × 0,30 €", or "" when the line has no unit price. */
export function lineDetail(line: ReceiptLine, currency: string, lang: Lang): string {
  if (line.unitPriceCents === null) return '';
  const price = formatMoney(line.unitPriceCents, currency, lang);
  if (line.unit === 'Wh') return `${decimalKwh(line.quantity, lang)} kWh × ${price}`;
  if (line.unit === 'minute') return `${line.quantity} min × ${price}`;
  return `${line.quantity} × ${price}`;
}

export const lineDescription = (line: ReceiptLine, lang: Lang): string =>
  line.description[lang] || line.description.de || line.description.en;

/** The issuer's address lines, as far as the billing profile has them. */
export function issuerLines(issuer: ReceiptIssuer): string[] {
  const place = [issuer.postalCode, issuer.city].filter((part) => part !== null && part !== '').join(' ');
  return [issuer.name, issuer.street ?? '', place, issuer.country === 'DE' ? '' : issuer.country].filter(
    (line) => line !== '',
  );
}

export const RECEIPT_TEXTS = {
  de: {
    receipt: 'Quittung',
    smallInvoice: 'Kleinbetragsrechnung nach § 33 UStDV',
    reference: 'Beleg-Nr.',
    date: 'Datum',
    compartment: 'Ladefach',
    location: 'Standort',
    start: 'Beginn',
    end: 'Ende',
    duration: 'Dauer',
    energy: 'Energie',
    service: (name: string) => `Leistung: Nutzung des Ladefachs ${name} (ein Ladevorgang)`,
    position: 'Position',
    detail: 'Menge',
    amount: 'Betrag',
    total: 'Gesamtbetrag (brutto)',
    vatIncluded: (rate: string, amount: string) =>
      `Im Gesamtbetrag sind ${rate} Umsatzsteuer (${amount}) enthalten.`,
    vatId: 'USt-IdNr.',
    taxNumber: 'Steuernummer',
    issuer: 'Aussteller',
    paidBy: {
      carrier: 'Bezahlt über Ihre Mobilfunkrechnung oder Ihr Prepaid-Guthaben.',
      free: 'Dieser Ladevorgang war kostenlos.',
      ledger: 'Vom Guthaben abgebucht.',
      invoice: 'Wird mit der Monatsrechnung abgerechnet.',
      none: '',
    } as Record<string, string>,
    timeZone: 'Zeiten in deutscher Zeit (Europe/Berlin).',
  },
  en: {
    receipt: 'Receipt',
    smallInvoice: 'Small-amount invoice (§ 33 UStDV)',
    reference: 'Reference',
    date: 'Date',
    compartment: 'Compartment',
    location: 'Location',
    start: 'Start',
    end: 'End',
    duration: 'Duration',
    energy: 'Energy',
    service: (name: string) => `Service: use of charging compartment ${name} (one charging session)`,
    position: 'Item',
    detail: 'Quantity',
    amount: 'Amount',
    total: 'Total (gross)',
    vatIncluded: (rate: string, amount: string) => `The total includes ${rate} VAT (${amount}).`,
    vatId: 'VAT ID',
    taxNumber: 'Tax number',
    issuer: 'Issuer',
    paidBy: {
      carrier: 'Paid through your mobile phone bill or prepaid credit.',
      free: 'This charging session was free of charge.',
      ledger: 'Debited from your balance.',
      invoice: 'Billed with the monthly invoice.',
      none: '',
    } as Record<string, string>,
    timeZone: 'Times in German time (Europe/Berlin).',
  },
} as const;
