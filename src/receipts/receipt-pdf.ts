/**
 * A receipt of an SMS session as PDF (pdfkit), in the style of billing's documents (billing/pdf.ts):
 * issuer top right, facts, the priced lines, the gross total with the VAT rate it includes. The PDF's
 * creation date is the charge record's, so the same receipt always gives the same file.
 */
import { pdfBytes } from '../shared/pdf-bytes.js';
import { formatDate, formatDateTime } from '../shared/berlin-time.js';
import { decimalKwh, formatDuration, formatMoney, formatPercent, type Lang } from '../shared/money.js';
import type { Receipt, ReceiptCharge } from './receipt.js';
import { issuerLines, lineDescription, lineDetail, RECEIPT_TEXTS } from './receipt-texts.js';

export type CompletedReceipt = Receipt & { charge: ReceiptCharge; startedAt: Date; endedAt: Date };

export function renderReceiptPdf(receipt: CompletedReceipt, lang: Lang): Promise<Buffer> {
  const t = RECEIPT_TEXTS[lang];
  const { charge } = receipt;
  const money = (cents: number) => formatMoney(cents, charge.currency, lang);
  return pdfBytes(
    {
      size: 'A4',
      margin: 50,
      info: {
        Title: `${t.receipt} ${receipt.compartment} ${formatDate(receipt.endedAt, lang)}`,
        Producer: 'Fachwerk',
        Creator: 'Fachwerk',
        CreationDate: charge.issuedAt,
      },
    },
    (doc) => {
      doc.font('Helvetica');

      // Issuer (§ 33 Nr. 1 UStDV: full name and address).
      doc.fontSize(9).fillColor('#333');
      let first = true;
      for (const line of issuerLines(receipt.issuer)) {
        if (first) doc.text(line, 330, 50, { width: 215 });
        else doc.text(line, { width: 215 });
        first = false;
      }
      if (receipt.issuer.vatId !== null) doc.text(`${t.vatId} ${receipt.issuer.vatId}`, { width: 215 });
      if (receipt.issuer.taxNumber !== null)
        doc.text(`${t.taxNumber} ${receipt.issuer.taxNumber}`, { width: 215 });
      doc.fillColor('#000');

      doc.fontSize(18).text(`${t.receipt} – ${receipt.compartment}`, 50, 160);
      doc.fontSize(9).fillColor('#555').text(t.smallInvoice).fillColor('#000');

      // Facts (§ 33 Nr. 2: date of issue; Nr. 3: quantity and kind of the service).
      const location = receipt.location;
      const rows: [string, string][] = [
        [t.date, formatDate(charge.issuedAt, lang)],
        [t.reference, charge.reference],
        [t.compartment, receipt.compartment],
        ...(location === null
          ? []
          : ([
              [
                t.location,
                [
                  location.name,
                  location.street,
                  [location.postalCode, location.city].filter(Boolean).join(' '),
                ]
                  .filter((part) => part !== null && part !== '')
                  .join(', '),
              ],
            ] as [string, string][])),
        [t.start, formatDateTime(receipt.startedAt, lang)],
        [t.end, formatDateTime(receipt.endedAt, lang)],
        [t.duration, formatDuration(receipt.durationSeconds ?? 0)],
        ...(receipt.energyWh === null
          ? []
          : ([[t.energy, `${decimalKwh(receipt.energyWh, lang)} kWh`]] as [string, string][])),
      ];
      let y = 215;
      doc.fontSize(9);
      for (const [label, value] of rows) {
        doc.text(`${label}:`, 50, y, { width: 110 });
        doc.text(value, 160, y, { width: 385 });
        y = Math.max(y + 13, doc.y + 2);
      }

      y += 12;
      doc.fontSize(10).text(t.service(receipt.compartment), 50, y, { width: 495 });
      y = doc.y + 10;
      doc.fontSize(8);
      doc.text(t.position, 50, y, { width: 250 });
      doc.text(t.detail, 300, y, { width: 150 });
      doc.text(t.amount, 450, y, { width: 95, align: 'right' });
      y += 13;
      doc
        .moveTo(50, y - 3)
        .lineTo(545, y - 3)
        .stroke();
      doc.fontSize(9);
      for (const line of charge.lines) {
        doc.text(lineDescription(line, lang), 50, y, { width: 245 });
        const after = doc.y;
        doc.text(lineDetail(line, charge.currency, lang), 300, y, { width: 150 });
        doc.text(money(line.amountCents), 450, y, { width: 95, align: 'right' });
        y = Math.max(after, doc.y) + 4;
      }
      doc.moveTo(50, y).lineTo(545, y).stroke();
      y += 6;
      // § 33 Nr. 4: the gross amount and the VAT rate.
      doc.font('Helvetica-Bold').fontSize(11);
      doc.text(t.total, 250, y, { width: 195 });
      doc.text(money(charge.totalCents), 445, y, { width: 100, align: 'right' });
      doc.font('Helvetica').fontSize(9);
      y = doc.y + 6;
      doc.text(t.vatIncluded(formatPercent(charge.vatRateBp, lang), money(charge.vatCents)), 50, y, {
        width: 495,
      });
      const paid = t.paidBy[charge.booking] ?? '';
      if (paid !== '') doc.text(paid, { width: 495 });
      doc.moveDown();
      doc.fillColor('#555').text(t.timeZone, { width: 495 }).fillColor('#000');
    },
  );
}
