/**
 * Public pages for people at the locker, without log-in: the receipt page (link from the closing SMS,
 * or compartment name + receipt PIN, rate limited) with its PDF, and a compartment's page (state,
 * price, "start by SMS"). Server-rendered, German first, English at a click, accessible, no
 * JavaScript. docs/public-pages.md describes them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../app/services.js';
import { toProblem } from '../api/problem.js';
import { isCompleted } from '../receipts/receipts.service.js';
import { compartmentPath, receiptPath } from '../sms/sms.js';
import type { Lang } from '../shared/money.js';
import { AttemptLimiter, type LimitOutcome } from './attempt-limiter.js';
import { renderCompartmentPage } from './compartment-page.js';
import { STYLESHEET_PATH, withLang } from './html.js';
import { renderLookupPage, type LookupForm } from './lookup-page.js';
import { renderMessagePage } from './message-page.js';
import { PAGE_TEXTS } from './page-texts.js';
import { renderReceiptPage } from './receipt-page.js';

export interface PublicRoutesOptions {
  services: Services;
}

const stylesheet = readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/public/public.css'),
);

/** Pages carry receipt tokens in their URLs: never cached, never sent on as a referrer, never framed. */
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

const langOf = (request: FastifyRequest): Lang =>
  (request.query as { lang?: unknown } | undefined)?.lang === 'en' ? 'en' : 'de';

const LangQuery = {
  type: 'object',
  properties: { lang: { type: 'string', maxLength: 5 } },
} as const;

function page(reply: FastifyReply, status: number, html: string) {
  return reply.status(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html);
}

export const publicRoutes: FastifyPluginAsync<PublicRoutesOptions> = async (app, { services }) => {
  const { receipts, compartmentPages } = services;
  const { config, now } = services.deps;
  const perMinute = config.sms.receiptLookupsPerMinute;
  // Every name + PIN lookup counts; for receipt links only unknown tokens count (a real link never fails).
  const lookups = new AttemptLimiter(perMinute, 60_000, now);
  const tokenMisses = new AttemptLimiter(perMinute, 60_000, now);

  // The lookup form posts application/x-www-form-urlencoded; parsed here only, for this plugin's routes.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  const tooMany = (reply: FastifyReply, lang: Lang, outcome: LimitOutcome, at: string) => {
    const t = PAGE_TEXTS[lang];
    void reply.header('retry-after', String(outcome.retryAfterS));
    return page(
      reply,
      429,
      renderMessagePage(lang, {
        title: t.tooManyTitle,
        message: t.tooMany(outcome.retryAfterS),
        path: at,
        link: { href: '/receipt', text: t.back },
      }),
    );
  };

  const receiptNotFound = (reply: FastifyReply, lang: Lang, at: string) => {
    const t = PAGE_TEXTS[lang];
    return page(
      reply,
      404,
      renderMessagePage(lang, {
        title: t.notFoundTitle,
        message: t.receiptNotFound,
        path: at,
        link: { href: '/receipt', text: t.receiptLink },
      }),
    );
  };

  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, 'public page failed');
    const lang = langOf(request);
    const t = PAGE_TEXTS[lang];
    const at = request.url.split('?')[0]!;
    const message = body.status === 404 ? t.notFoundTitle : body.status >= 500 ? t.failedPage : body.title;
    return page(
      reply,
      body.status,
      renderMessagePage(lang, { title: message, message: t.failedHint, path: at }),
    );
  });

  const options = { config: { public: true }, schema: { hide: true, querystring: LangQuery } };

  app.get(STYLESHEET_PATH, { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet),
  );

  app.get<{ Params: { token: string } }>('/r/:token', options, async (request, reply) => {
    const lang = langOf(request);
    const at = receiptPath(request.params.token);
    const allowed = tokenMisses.check(request.ip);
    if (!allowed.allowed) return tooMany(reply, lang, allowed, at);
    const receipt = await receipts.byToken(request.params.token);
    if (receipt === undefined) {
      tokenMisses.hit(request.ip);
      return receiptNotFound(reply, lang, at);
    }
    return page(reply, 200, renderReceiptPage(receipt, lang));
  });

  app.get<{ Params: { token: string } }>('/r/:token/receipt.pdf', options, async (request, reply) => {
    const lang = langOf(request);
    const at = `${receiptPath(request.params.token)}/receipt.pdf`;
    const allowed = tokenMisses.check(request.ip);
    if (!allowed.allowed) return tooMany(reply, lang, allowed, at);
    const receipt = await receipts.byToken(request.params.token);
    if (receipt === undefined) {
      tokenMisses.hit(request.ip);
      return receiptNotFound(reply, lang, at);
    }
    // Running, failed or not yet priced: the page says why there is no PDF.
    if (!isCompleted(receipt)) return reply.redirect(withLang(receiptPath(receipt.token), lang), 303);
    const { pdf, filename } = await receipts.pdf(receipt.token, lang);
    return reply
      .headers(PAGE_HEADERS)
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(pdf);
  });

  app.get('/receipt', options, async (request, reply) =>
    page(reply, 200, renderLookupPage({ name: '', errors: {} }, langOf(request))),
  );

  app.post<{ Body: Record<string, unknown> | undefined }>(
    '/receipt',
    { config: { public: true }, schema: { hide: true, querystring: LangQuery } },
    async (request, reply) => {
      const lang = langOf(request);
      const t = PAGE_TEXTS[lang];
      const limit = lookups.hit(request.ip);
      if (!limit.allowed) return tooMany(reply, lang, limit, '/receipt');
      const body = request.body ?? {};
      const name = typeof body.name === 'string' ? body.name.trim().slice(0, 40) : '';
      const pin = typeof body.pin === 'string' ? body.pin.replace(/\s+/g, '') : '';
      const errors: LookupForm['errors'] = {};
      if (name === '') errors.name = t.nameMissing;
      if (!/^\d{4,10}$/.test(pin)) errors.pin = t.pinInvalid;
      if (errors.name === undefined && errors.pin === undefined) {
        const token = await receipts.lookup(name, pin);
        if (token !== undefined) return reply.redirect(withLang(receiptPath(token), lang), 303);
        errors.form = t.noMatch;
      }
      return page(reply, 422, renderLookupPage({ name, errors }, lang));
    },
  );

  app.get<{ Params: { number: string; name: string } }>(
    '/c/:number/:name',
    options,
    async (request, reply) => {
      const lang = langOf(request);
      const t = PAGE_TEXTS[lang];
      const { number, name } = request.params;
      const notFound = () =>
        page(
          reply,
          404,
          renderMessagePage(lang, {
            title: t.notFoundTitle,
            message: t.compartmentNotFound,
            path: request.url.split('?')[0]!,
          }),
        );
      if (!/^\d{3,15}$/.test(number) || name.length > 40) return notFound();
      const found = await compartmentPages.find(number, name, lang).catch((error: unknown) => {
        if (toProblem(error).status === 404) return undefined;
        throw error;
      });
      if (found === undefined) return notFound();
      if (found.kind === 'redirect')
        return reply.redirect(withLang(compartmentPath(found.serviceNumber, found.shortName), lang), 302);
      return page(reply, 200, renderCompartmentPage(found.page, lang));
    },
  );
};
