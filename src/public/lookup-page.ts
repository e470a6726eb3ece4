/** The receipt lookup form (`/receipt`): compartment name and receipt PIN, errors tied to their fields. */
import type { Lang } from '../shared/money.js';
import { esc, renderPage, withLang } from './html.js';
import { PAGE_TEXTS } from './page-texts.js';

export interface LookupForm {
  name: string;
  /** Never echoed back into the page: a PIN is re-typed. */
  errors: { name?: string; pin?: string; form?: string };
}

export function renderLookupPage(form: LookupForm, lang: Lang): string {
  const t = PAGE_TEXTS[lang];
  const { errors } = form;
  const has = errors.name !== undefined || errors.pin !== undefined || errors.form !== undefined;
  const parts = [`<h1>${esc(t.lookupTitle)}</h1>`];
  if (has) {
    const items = [
      errors.form === undefined ? '' : `<li>${esc(errors.form)}</li>`,
      errors.name === undefined ? '' : `<li><a href="#name">${esc(errors.name)}</a></li>`,
      errors.pin === undefined ? '' : `<li><a href="#pin">${esc(errors.pin)}</a></li>`,
    ].join('');
    parts.push(
      `<div class="errors" role="alert" aria-labelledby="error-title" id="form-error"><h2 id="error-title">${esc(t.errorSummary)}</h2><ul>${items}</ul></div>`,
    );
  }
  parts.push(`<p>${esc(t.lookupIntro)}</p>`);
  // A wrong pair marks both fields: which of the two is wrong is not revealed.
  const field = (id: 'name' | 'pin', label: string, hint: string, extra: string, value: string) => {
    const own = errors[id];
    const invalid = own !== undefined || errors.form !== undefined;
    const described = [
      `${id}-hint`,
      own === undefined ? '' : `${id}-error`,
      errors.form === undefined ? '' : 'form-error',
    ]
      .filter(Boolean)
      .join(' ');
    return `<div class="field${invalid ? ' invalid' : ''}">
<label for="${id}">${esc(label)}</label>
<p class="hint" id="${id}-hint">${esc(hint)}</p>
${own === undefined ? '' : `<p class="error" id="${id}-error">${esc(own)}</p>`}
<input id="${id}" name="${id}" ${extra} value="${esc(value)}" aria-describedby="${described}"${invalid ? ' aria-invalid="true"' : ''} required>
</div>`;
  };
  parts.push(`<form method="post" action="${esc(withLang('/receipt', lang))}" novalidate>
${field('name', t.nameLabel, t.nameHint, 'type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40"', form.name)}
${field('pin', t.pinLabel, t.pinHint, 'type="text" inputmode="numeric" autocomplete="off" maxlength="12"', '')}
<button type="submit">${esc(t.submit)}</button>
</form>`);
  return renderPage({ lang, title: t.lookupTitle, path: '/receipt', main: parts.join('\n') });
}
