/**
 * The credit note (Gutschrift) PDF, in the style of the invoices (pdf.ts): issued by the platform to
 * the institution, with the itemized statement (Einzelverbindungsnachweis) of its SMS sessions, the
 * platform fee deducted and the payout. German with English in brackets where a person reads it.
 *
 * §14 Abs. 4 UStG as for an invoice, with the roles of a Gutschrift (§14 Abs. 2 Satz 2): the word
 * "Gutschrift" (Nr. 10), the supplying institution's name, address and VAT id or tax number, the
 * issuing platform's name and address, date, number, period, kind and quantity of service, net per
 * rate, VAT rate and amount.
 */
import { formatDate, formatDateTime } from '../shared/berlin-time.js';
import { formatDuration, formatMoney, formatPercent } from '../shared/money.js';
import type { CreditNoteFigures } from './credit-note.js';
import {
  ensureRoom,
  tableHeader,
  facts,
  issuerBlock,
  recipientBlock,
  render,
  type IssuerProfile,
  type Recipient,
} from './pdf.js';

export interface CreditNoteRecipient extends Recipient {
  taxNumber: string | null;
  iban: string | null;
}

export interface CreditNotePdfInput {
  number: string;
  issuedAt: Date;
  periodStart: Date;
  /** Exclusive. */
  periodEnd: Date;
  issuer: IssuerProfile;
  recipient: CreditNoteRecipient;
  currency: string;
  figures: CreditNoteFigures;
}

export function renderCreditNotePdf(input: CreditNotePdfInput): Promise<Buffer> {
  const money = (cents: number) => formatMoney(cents, input.currency, 'de');
  const { figures, recipient } = input;
  const lastDay = new Date(input.periodEnd.getTime() - 1);
  return render(`Gutschrift ${input.number}`, input.issuedAt, (doc) => {
    issuerBlock(doc, input.issuer, 'de');
    recipientBlock(doc, recipient, input.issuer);
    const rows: [string, string][] = [
      ['Gutschriftsnummer', input.number],
      ['Datum', formatDate(input.issuedAt)],
      ['Leistungszeitraum', `${formatDate(input.periodStart)} – ${formatDate(lastDay)}`],
    ];
    if (recipient.vatId !== null) rows.push(['USt-IdNr. des Leistenden', recipient.vatId]);
    if (recipient.taxNumber !== null) rows.push(['Steuernr. des Leistenden', recipient.taxNumber]);
    let y = facts(doc, rows, 230);
    doc.fontSize(16).text(`Gutschrift ${input.number}`, 50, Math.max(y, 300));
    doc.fontSize(9).text('Credit note (self-billed invoice, § 14 (2) sentence 2 UStG)');
    doc.moveDown(0.5);
    doc.text(
      `Gutschrift im Sinne von § 14 Abs. 2 Satz 2 UStG über Ladeleistungen (Ladevorgänge per SMS, abgerechnet über den Mobilfunkanbieter), die ${recipient.name} im Leistungszeitraum erbracht hat, laut Einzelverbindungsnachweis.`,
      50,
      doc.y,
      { width: 495 },
    );
    y = doc.y + 10;
    doc.fontSize(10).text('Einzelverbindungsnachweis (itemized statement)', 50, y);
    y = doc.y + 6;
    const cols = [50, 80, 175, 245, 300, 410, 455];
    const header = ['Pos.', 'Datum, Beginn', 'Ladefach', 'Dauer', 'Telefon', 'USt', 'Betrag (brutto)'];
    y = tableHeader(doc, cols, header, y);
    for (const line of figures.lines.filter((l) => l.kind === 'session')) {
      y = ensureRoom(doc, y, 14);
      const cells = [
        String(line.position),
        formatDateTime(line.startedAt!),
        line.chargePoint ?? '',
        formatDuration(line.durationSeconds ?? 0),
        line.maskedPhone ?? '',
        formatPercent(line.vatRateBp, 'de'),
        money(line.grossCents),
      ];
      cells.forEach((text, i) => doc.text(text, cols[i]!, y, { width: (cols[i + 1] ?? 545) - cols[i]! - 4 }));
      y += 11;
    }
    y = ensureRoom(doc, y + 6, 200);
    doc.moveTo(50, y).lineTo(545, y).stroke();
    y += 6;
    doc.fontSize(9);
    const total = (label: string, value: string) => {
      doc.text(label, 220, y, { width: 240 });
      doc.text(value, 460, y, { width: 85, align: 'right' });
      y += 13;
    };
    const heading = (text: string) => {
      doc.font('Helvetica-Bold').text(text, 220, y, { width: 325 });
      doc.font('Helvetica');
      y += 13;
    };
    heading('Ladeleistungen des Leistenden (sessions)');
    for (const rate of figures.sessionRates) {
      total(`Nettobetrag ${formatPercent(rate.vatRateBp, 'de')}`, money(rate.netCents));
      total(`Umsatzsteuer ${formatPercent(rate.vatRateBp, 'de')}`, money(rate.vatCents));
    }
    total('Summe Ladeleistungen (brutto)', money(figures.sessions.grossCents));
    y += 4;
    const fee = figures.fee;
    heading(`abzüglich Plattformgebühr ${formatPercent(fee.feeBp, 'de')} (platform fee)`);
    total('Nettobetrag', money(-fee.netCents));
    total(`Umsatzsteuer ${formatPercent(fee.vatRateBp, 'de')}`, money(-fee.vatCents));
    total('Plattformgebühr (brutto)', money(-fee.grossCents));
    y += 4;
    doc.font('Helvetica-Bold');
    total('Auszahlungsbetrag (payout)', money(figures.payout.grossCents));
    doc.font('Helvetica');
    y += 10;
    doc.text(
      'Die ausgewiesene Umsatzsteuer auf die Ladeleistungen schuldet der Leistende. Die Plattformgebühr ist eine Leistung des Ausstellers an den Leistenden; sie wird mit der Gutschrift verrechnet.',
      50,
      y,
      { width: 495 },
    );
    doc.text(
      'The VAT on the sessions is owed by the supplier (the institution). The platform fee is a service of the issuer and is set off against this credit note.',
      { width: 495 },
    );
    if (recipient.iban !== null) {
      doc.moveDown(0.5);
      doc.text(`Der Auszahlungsbetrag wird auf IBAN ${recipient.iban} überwiesen (paid out to this IBAN).`, {
        width: 495,
      });
    }
    doc.moveDown(0.5);
    doc.text(
      'Widerspricht der Leistende dieser Gutschrift, verliert sie ihre Wirkung als Rechnung (§ 14 Abs. 2 Satz 3 UStG).',
      { width: 495 },
    );
  });
}
