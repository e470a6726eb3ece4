/** A compartment's public page (`/c/:number/:name`) as HTML. */
import { compartmentPath } from '../sms/sms.js';
import { displayNumber, smsUri } from '../labels/sms-uri.js';
import type { Lang } from '../shared/money.js';
import type { CompartmentPage } from './compartment-page.service.js';
import { esc, renderPage, withLang } from './html.js';
import { PAGE_TEXTS } from './page-texts.js';

export function renderCompartmentPage(page: CompartmentPage, lang: Lang): string {
  const t = PAGE_TEXTS[lang];
  const number = displayNumber(page.serviceNumber);
  const parts = [`<h1>${esc(t.compartmentTitle(page.shortName))}</h1>`];
  const place = page.location === null ? [] : [page.location.name, page.location.street, page.location.city];
  const where = [...place, page.stationName].filter((part) => part !== null && part !== '').join(', ');
  if (where !== '') parts.push(`<p>${esc(where)}</p>`);
  parts.push(`<section aria-labelledby="state"><h2 id="state">${esc(t.stateLabel)}</h2>
<p class="state state-${page.state}"><strong>${esc(t.states[page.state])}</strong> – ${esc(t.stateHints[page.state])}</p></section>`);
  parts.push(`<section aria-labelledby="price"><h2 id="price">${esc(t.price)}</h2>
<p>${esc(page.priceText ?? t.noPrice)}</p></section>`);
  if (page.priceText !== null && page.state !== 'out_of_order') {
    parts.push(
      `<p><a class="button" href="${esc(smsUri(page.serviceNumber, page.shortName))}">${esc(t.startBySms)}</a></p>`,
    );
  }
  parts.push(`<section aria-labelledby="howto"><h2 id="howto">${esc(t.howTo)}</h2>
<ol>${t
    .steps(page.shortName, number)
    .map((step) => `<li>${esc(step)}</li>`)
    .join('')}</ol></section>`);
  parts.push(`<p><a href="${esc(withLang('/receipt', lang))}">${esc(t.receiptLink)}</a></p>`);
  return renderPage({
    lang,
    title: t.compartmentTitle(page.shortName),
    path: compartmentPath(page.serviceNumber, page.shortName),
    main: parts.join('\n'),
  });
}
