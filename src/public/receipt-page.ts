/** The receipt page (`/r/:token`) as HTML, from a Receipt (receipts/receipt.ts). */
import { receiptPath } from '../sms/sms.js';
import { formatDateTime } from '../shared/berlin-time.js';
import { decimalKwh, formatDuration, formatMoney, formatPercent, type Lang } from '../shared/money.js';
import type { Receipt } from '../receipts/receipt.js';
import { issuerLines, lineDescription, lineDetail } from '../receipts/receipt-texts.js';
import { esc, renderPage, withLang } from './html.js';
import { PAGE_TEXTS } from './page-texts.js';

const row = (label: string, value: string) => `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`;

export function renderReceiptPage(receipt: Receipt, lang: Lang): string {
  const t = PAGE_TEXTS[lang];
  const path = receiptPath(receipt.token);
  const facts: string[] = [row(t.compartment, receipt.compartment)];
  if (receipt.location !== null) {
    const place = [receipt.location.postalCode, receipt.location.city].filter(Boolean).join(' ');
    facts.push(
      row(t.location, [receipt.location.name, receipt.location.street, place].filter(Boolean).join(', ')),
    );
  }
  if (receipt.startedAt !== null) facts.push(row(t.started, formatDateTime(receipt.startedAt, lang)));
  if (receipt.endedAt !== null && receipt.state !== 'running')
    facts.push(row(t.ended, formatDateTime(receipt.endedAt, lang)));
  if (receipt.durationSeconds !== null && receipt.state !== 'failed')
    facts.push(row(t.duration, formatDuration(receipt.durationSeconds)));
  if (receipt.energyWh !== null) facts.push(row(t.energy, `${decimalKwh(receipt.energyWh, lang)} kWh`));
  if (receipt.phoneMasked !== null) facts.push(row(t.phone, receipt.phoneMasked));

  const status = statusText(receipt, lang);
  const parts = [`<h1>${esc(t.receiptTitle(receipt.compartment))}</h1>`];
  if (status !== '') parts.push(`<p class="status status-${receipt.state}" role="status">${esc(status)}</p>`);
  parts.push(
    `<section aria-labelledby="details"><h2 id="details">${esc(t.details)}</h2><dl>${facts.join('')}</dl></section>`,
  );

  const charge = receipt.charge;
  if (charge !== null) {
    const money = (cents: number) => formatMoney(cents, charge.currency, lang);
    const lines = charge.lines
      .map(
        (line) =>
          `<tr><th scope="row">${esc(lineDescription(line, lang))}</th><td>${esc(lineDetail(line, charge.currency, lang))}</td><td class="num">${esc(money(line.amountCents))}</td></tr>`,
      )
      .join('');
    parts.push(`<section aria-labelledby="costs"><h2 id="costs">${esc(t.costs)}</h2>
<table><thead><tr><th scope="col">${esc(t.position)}</th><th scope="col">${esc(t.quantity)}</th><th scope="col" class="num">${esc(t.amount)}</th></tr></thead>
<tbody>${lines}</tbody>
<tfoot><tr><th scope="row" colspan="2">${esc(t.total)}<br><span class="small">${esc(t.vatIncluded(formatPercent(charge.vatRateBp, lang), money(charge.vatCents)))}</span></th><td class="num total">${esc(money(charge.totalCents))}</td></tr></tfoot>
</table></section>`);
  }
  if (receipt.state === 'completed') {
    parts.push(
      `<p><a class="button" href="${esc(withLang(`${path}/receipt.pdf`, lang))}">${esc(t.download)}</a></p>`,
    );
  }
  const issuer = receipt.issuer;
  const ids = [
    issuer.vatId === null ? '' : `${t.vatId} ${issuer.vatId}`,
    issuer.taxNumber === null ? '' : `${t.taxNumber} ${issuer.taxNumber}`,
  ].filter((line) => line !== '');
  parts.push(`<section aria-labelledby="issuer"><h2 id="issuer">${esc(t.issuer)}</h2>
<address>${[...issuerLines(issuer), ...ids].map(esc).join('<br>')}</address></section>`);
  parts.push(`<p class="small">${esc(t.timeZone)}</p>`);
  parts.push(`<p><a href="${esc(withLang('/receipt', lang))}">${esc(t.anotherReceipt)}</a></p>`);
  return renderPage({ lang, title: t.receiptTitle(receipt.compartment), path, main: parts.join('\n') });
}

function statusText(receipt: Receipt, lang: Lang): string {
  const t = PAGE_TEXTS[lang];
  switch (receipt.state) {
    case 'running':
      return `${t.running(receipt.startedAt === null ? '' : formatDateTime(receipt.startedAt, lang))} ${t.runningHint}`;
    case 'starting':
      return t.starting;
    case 'stopping':
      return t.stopping;
    case 'pricing':
      return t.pricing;
    case 'failed':
      return t.failed;
    case 'completed':
      return '';
  }
}
