/**
 * Invoices, cancellations and top-up receipts as PDF (pdfkit). The bytes are stored exactly as
 * issued (documents.pdf); the document date is the PDF's creation date, so the same input gives the
 * same file. German first; a recipient whose locale is English gets English labels.
 *
 * §14 Abs. 4 UStG on every invoice: issuer's full name and address (1), issuer's VAT id or tax
 * number (2), issue date (3), invoice number (4), quantity and kind of service (5), period of service
 * (6), net amount per VAT rate (7), VAT rate and amount (8); plus the recipient's full name and
 * address (1), the gross total, payment term and due date.
 */
import { pdfBytes } from '../shared/pdf-bytes.js';
import { formatDate, formatDateTime } from '../shared/berlin-time.js';
import { decimalKwh, formatDuration, formatMoney, formatPercent } from '../shared/money.js';

export type Locale = 'de' | 'en';

export interface IssuerProfile {
  legalName: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  vatId: string | null;
  taxNumber: string | null;
  billingEmail: string | null;
  iban: string | null;
  bic: string | null;
}

export interface Recipient {
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  vatId: string | null;
  email: string | null;
  locale: Locale;
}

export interface InvoicePdfLine {
  position: number;
  startedAt: Date;
  chargePoint: string;
  durationSeconds: number;
  energyWh: number;
  description: string;
  vatRateBp: number;
  grossCents: number;
}

export interface RateTotal {
  vatRateBp: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface InvoicePdfInput {
  kind: 'invoice' | 'cancellation';
  number: string;
  /** The invoice a cancellation cancels. */
  cancelsNumber?: string;
  customerNumber: string;
  issuedAt: Date;
  dueAt: Date | null;
  paymentTermDays: number | null;
  periodStart: Date;
  /** Exclusive end (the first instant after the period). */
  periodEnd: Date;
  issuer: IssuerProfile;
  recipient: Recipient;
  currency: string;
  lines: InvoicePdfLine[];
  rates: RateTotal[];
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface ReceiptPdfInput {
  number: string;
  customerNumber: string;
  issuedAt: Date;
  issuer: IssuerProfile;
  recipient: Recipient;
  currency: string;
  amountCents: number;
  balanceAfterCents: number;
  note: string | null;
}

const LABELS = {
  de: {
    invoice: 'Rechnung',
    cancellation: 'Stornorechnung',
    receipt: 'Quittung über eine Guthabenaufladung',
    number: 'Rechnungsnummer',
    receiptNumber: 'Quittungsnummer',
    cancels: 'Storniert Rechnung',
    date: 'Rechnungsdatum',
    receiptDate: 'Datum',
    period: 'Leistungszeitraum',
    customer: 'Kundennummer',
    vatId: 'USt-IdNr.',
    taxNumber: 'Steuernummer',
    recipientVatId: 'USt-IdNr. des Leistungsempfängers',
    pos: 'Pos.',
    start: 'Datum, Beginn',
    chargePoint: 'Ladepunkt',
    duration: 'Dauer',
    energy: 'Energie (kWh)',
    rate: 'USt',
    amount: 'Betrag (brutto)',
    service: 'Leistung: Nutzung von Ladepunkten (Ladevorgänge) laut Aufstellung',
    net: 'Nettobetrag',
    vat: 'Umsatzsteuer',
    gross: 'Gesamtbetrag (brutto)',
    payment: (due: string, days: number) => `Zahlbar ohne Abzug innerhalb von ${days} Tagen bis zum ${due}.`,
    transfer: (iban: string, bic: string | null, number: string) =>
      `Bitte überweisen Sie den Betrag auf IBAN ${iban}${bic === null ? '' : ` (BIC ${bic})`} unter Angabe der Rechnungsnummer ${number}.`,
    cancellationNote: 'Diese Stornorechnung hebt die genannte Rechnung vollständig auf.',
    received: 'Erhalten',
    balanceAfter: 'Guthaben nach der Aufladung',
    voucher:
      'Aufladung eines Guthabens (Mehrzweck-Gutschein, § 3 Abs. 15 UStG): Die Umsatzsteuer entsteht erst bei der Einlösung; sie wird für die Ladevorgänge ausgewiesen.',
    note: 'Vermerk',
    page: 'Seite',
  },
  en: {
    invoice: 'Invoice',
    cancellation: 'Cancellation invoice',
    receipt: 'Receipt for a balance top-up',
    number: 'Invoice number',
    receiptNumber: 'Receipt number',
    cancels: 'Cancels invoice',
    date: 'Invoice date',
    receiptDate: 'Date',
    period: 'Period of service',
    customer: 'Customer number',
    vatId: 'VAT ID',
    taxNumber: 'Tax number',
    recipientVatId: "Recipient's VAT ID",
    pos: 'No.',
    start: 'Date, start',
    chargePoint: 'Charge point',
    duration: 'Duration',
    energy: 'Energy (kWh)',
    rate: 'VAT',
    amount: 'Amount (gross)',
    service: 'Service: use of charge points (charging sessions) as itemised',
    net: 'Net amount',
    vat: 'VAT',
    gross: 'Total (gross)',
    payment: (due: string, days: number) => `Payable without deduction within ${days} days, by ${due}.`,
    transfer: (iban: string, bic: string | null, number: string) =>
      `Please transfer the amount to IBAN ${iban}${bic === null ? '' : ` (BIC ${bic})`}, quoting invoice number ${number}.`,
    cancellationNote: 'This cancellation invoice fully cancels the invoice named above.',
    received: 'Received',
    balanceAfter: 'Balance after the top-up',
    voucher:
      'Top-up of a balance (multi-purpose voucher, § 3 (15) UStG): VAT arises when it is redeemed and is shown for the charging sessions.',
    note: 'Note',
    page: 'Page',
  },
} as const;

export function render(
  title: string,
  issuedAt: Date,
  draw: (doc: PDFKit.PDFDocument) => void,
): Promise<Buffer> {
  return pdfBytes(
    {
      size: 'A4',
      margin: 50,
      info: { Title: title, Producer: 'Fachwerk', Creator: 'Fachwerk', CreationDate: issuedAt },
    },
    (doc) => {
      doc.font('Helvetica');
      draw(doc);
    },
  );
}

export function issuerBlock(doc: PDFKit.PDFDocument, issuer: IssuerProfile, locale: Locale): void {
  const l = LABELS[locale];
  doc.fontSize(9).fillColor('#333');
  doc.text(issuer.legalName, 330, 50, { width: 215 });
  doc.text(issuer.street, { width: 215 });
  doc.text(`${issuer.postalCode} ${issuer.city}`, { width: 215 });
  doc.text(issuer.country, { width: 215 });
  if (issuer.vatId !== null) doc.text(`${l.vatId} ${issuer.vatId}`, { width: 215 });
  if (issuer.taxNumber !== null) doc.text(`${l.taxNumber} ${issuer.taxNumber}`, { width: 215 });
  if (issuer.billingEmail !== null) doc.text(issuer.billingEmail, { width: 215 });
  doc.fillColor('#000');
}

export function recipientBlock(doc: PDFKit.PDFDocument, recipient: Recipient, issuer: IssuerProfile): void {
  doc
    .fontSize(7)
    .text(`${issuer.legalName} · ${issuer.street} · ${issuer.postalCode} ${issuer.city}`, 50, 140);
  doc.fontSize(10).text(recipient.name, 50, 155, { width: 260 });
  if (recipient.street !== null) doc.text(recipient.street, { width: 260 });
  if (recipient.postalCode !== null || recipient.city !== null)
    doc.text(`${recipient.postalCode ?? ''} ${recipient.city ?? ''}`.trim(), { width: 260 });
  if (recipient.country !== issuer.country) doc.text(recipient.country, { width: 260 });
}

export function facts(doc: PDFKit.PDFDocument, rows: [string, string][], y: number): number {
  doc.fontSize(9);
  let at = y;
  for (const [label, value] of rows) {
    doc.text(`${label}:`, 330, at, { width: 110 });
    doc.text(value, 440, at, { width: 105 });
    at += 13;
  }
  return at;
}

/** A table's header row at `y` with a rule under it; returns where the first row goes. */
export function tableHeader(
  doc: PDFKit.PDFDocument,
  cols: readonly number[],
  header: readonly string[],
  y: number,
): number {
  doc.fontSize(8);
  header.forEach((text, i) => doc.text(text, cols[i]!, y, { width: (cols[i + 1] ?? 545) - cols[i]! - 4 }));
  const next = y + 14;
  doc
    .moveTo(50, next - 3)
    .lineTo(545, next - 3)
    .stroke();
  return next;
}

export function ensureRoom(doc: PDFKit.PDFDocument, y: number, needed: number): number {
  if (y + needed < doc.page.height - 60) return y;
  doc.addPage();
  return 50;
}

/** An invoice (Rechnung) or a cancellation (Stornorechnung). */
export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const locale = input.recipient.locale;
  const l = LABELS[locale];
  const money = (cents: number) => formatMoney(cents, input.currency, locale);
  const lastDay = new Date(input.periodEnd.getTime() - 1);
  return render(`${l[input.kind]} ${input.number}`, input.issuedAt, (doc) => {
    issuerBlock(doc, input.issuer, locale);
    recipientBlock(doc, input.recipient, input.issuer);
    const rows: [string, string][] = [
      [input.kind === 'invoice' ? l.number : l.number, input.number],
      [l.date, formatDate(input.issuedAt, locale)],
      [l.period, `${formatDate(input.periodStart, locale)} – ${formatDate(lastDay, locale)}`],
      [l.customer, input.customerNumber],
    ];
    if (input.cancelsNumber !== undefined) rows.splice(1, 0, [l.cancels, input.cancelsNumber]);
    if (input.recipient.vatId !== null) rows.push([l.recipientVatId, input.recipient.vatId]);
    let y = facts(doc, rows, 230);
    doc.fontSize(16).text(`${l[input.kind]} ${input.number}`, 50, Math.max(y, 300));
    y = doc.y + 6;
    doc.fontSize(9).text(l.service, 50, y);
    if (input.kind === 'cancellation') doc.text(l.cancellationNote);
    y = doc.y + 10;
    const cols = [50, 80, 175, 270, 330, 400, 445];
    const header = [l.pos, l.start, l.chargePoint, l.duration, l.energy, l.rate, l.amount];
    y = tableHeader(doc, cols, header, y);
    for (const line of input.lines) {
      y = ensureRoom(doc, y, 26);
      const cells = [
        String(line.position),
        formatDateTime(line.startedAt, locale),
        line.chargePoint,
        formatDuration(line.durationSeconds),
        decimalKwh(line.energyWh, locale),
        formatPercent(line.vatRateBp, locale),
        money(line.grossCents),
      ];
      cells.forEach((text, i) => doc.text(text, cols[i]!, y, { width: (cols[i + 1] ?? 545) - cols[i]! - 4 }));
      y += 11;
      if (line.description !== '') {
        doc.fillColor('#555').text(line.description, cols[1]!, y, { width: 440 });
        doc.fillColor('#000');
        y = doc.y + 3;
      }
    }
    y = ensureRoom(doc, y + 6, 40 + input.rates.length * 30);
    doc.moveTo(50, y).lineTo(545, y).stroke();
    y += 6;
    doc.fontSize(9);
    const total = (label: string, value: string) => {
      doc.text(label, 300, y, { width: 160 });
      doc.text(value, 460, y, { width: 85, align: 'right' });
      y += 13;
    };
    for (const rate of input.rates) {
      total(`${l.net} ${formatPercent(rate.vatRateBp, locale)}`, money(rate.netCents));
      total(`${l.vat} ${formatPercent(rate.vatRateBp, locale)}`, money(rate.vatCents));
    }
    doc.font('Helvetica-Bold');
    total(l.gross, money(input.grossCents));
    doc.font('Helvetica');
    y += 10;
    if (input.kind === 'invoice' && input.dueAt !== null && input.paymentTermDays !== null) {
      doc.text(l.payment(formatDate(input.dueAt, locale), input.paymentTermDays), 50, y, { width: 495 });
      if (input.issuer.iban !== null)
        doc.text(l.transfer(input.issuer.iban, input.issuer.bic, input.number), { width: 495 });
    }
  });
}

/** A receipt (Quittung) for a balance top-up by staff. */
export function renderReceiptPdf(input: ReceiptPdfInput): Promise<Buffer> {
  const locale = input.recipient.locale;
  const l = LABELS[locale];
  const money = (cents: number) => formatMoney(cents, input.currency, locale);
  return render(`${l.receipt} ${input.number}`, input.issuedAt, (doc) => {
    issuerBlock(doc, input.issuer, locale);
    recipientBlock(doc, input.recipient, input.issuer);
    const y = facts(
      doc,
      [
        [l.receiptNumber, input.number],
        [l.receiptDate, formatDateTime(input.issuedAt, locale)],
        [l.customer, input.customerNumber],
      ],
      230,
    );
    doc.fontSize(16).text(`${l.receipt} ${input.number}`, 50, Math.max(y, 300));
    doc.moveDown();
    doc.fontSize(11).text(`${l.received}: ${money(input.amountCents)}`);
    doc.fontSize(9).text(`${l.balanceAfter}: ${money(input.balanceAfterCents)}`);
    if (input.note !== null) doc.text(`${l.note}: ${input.note}`);
    doc.moveDown();
    doc.text(l.voucher, { width: 495 });
  });
}
