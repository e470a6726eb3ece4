/** A page with a heading and one message: not found, too many attempts. */
import type { Lang } from '../shared/money.js';
import { esc, renderPage, withLang } from './html.js';

export function renderMessagePage(
  lang: Lang,
  input: { title: string; message: string; path: string; link?: { href: string; text: string } },
): string {
  const link =
    input.link === undefined
      ? ''
      : `\n<p><a href="${esc(withLang(input.link.href, lang))}">${esc(input.link.text)}</a></p>`;
  return renderPage({
    lang,
    title: input.title,
    path: input.path,
    main: `<h1>${esc(input.title)}</h1>\n<p>${esc(input.message)}</p>${link}`,
  });
}
