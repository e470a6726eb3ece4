/**
 * The frame every public page shares, as plain string functions: escaping, the document with its
 * language, landmarks (banner, navigation, main, contentinfo) and the language switch. Pages work
 * without JavaScript and load one small stylesheet.
 */
import type { Lang } from '../shared/money.js';
import { PAGE_TEXTS } from './page-texts.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text and attribute values into HTML. */
export const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export const STYLESHEET_PATH = '/public/public.css';

/** `path` with `lang=en` for English; German is the default and needs no parameter. */
export function withLang(path: string, lang: Lang): string {
  if (lang === 'de') return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=en`;
}

export interface PageFrame {
  lang: Lang;
  title: string;
  /** The same page in the other language (path without lang). */
  path: string;
  /** The page's body inside <main>, already escaped. */
  main: string;
}

export function renderPage(frame: PageFrame): string {
  const t = PAGE_TEXTS[frame.lang];
  const other: Lang = frame.lang === 'de' ? 'en' : 'de';
  const switchText = PAGE_TEXTS[other].switchTo;
  return `<!doctype html>
<html lang="${frame.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(frame.title)} – ${esc(t.brand)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<a class="skip" href="#main">${esc(t.skip)}</a>
<header class="site">
<p class="brand">${esc(t.brand)}</p>
<nav aria-label="${esc(t.languageNav)}"><a href="${esc(withLang(frame.path, other))}" hreflang="${other}" lang="${other}">${esc(switchText)}</a></nav>
</header>
<main id="main">
${frame.main}
</main>
<footer class="site"><p>${esc(t.footer)}</p></footer>
</body>
</html>
`;
}
