/**
 * Serves the built portal (dist/portal, from `npm run build`) at `/`: hashed assets with a long
 * cache, and index.html for every other page address so the browser's router takes over. API, OCPP
 * and the server-rendered public pages keep their own routes; unknown /api addresses stay 404s.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { problem, PROBLEM_CONTENT_TYPE } from '../api/problem.js';

/** src/portal-host/ and dist/portal-host/ are both two levels below the package root. */
export const DEFAULT_PORTAL_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../dist/portal',
);

/** Addresses that are never portal pages, so a typo there answers like the API, not with HTML. */
const NOT_PORTAL = /^\/(api|ocpp|health)(\/|$)/;

/**
 * The portal runs no inline script; react-aria sets style attributes, hence 'unsafe-inline' for
 * styles only. QR codes and images come from the same origin or data: URLs.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fachwerk</title></head>
<body><main><h1>Fachwerk</h1><p>The portal is not built yet: run <code>npm run build</code>.
The API is at <a href="/api/docs">/api/docs</a>.</p></main></body></html>`;

export const portalHostRoutes: FastifyPluginAsync<{ portalDir: string | undefined }> = async (
  app,
  options,
) => {
  const root = options.portalDir ?? DEFAULT_PORTAL_DIR;
  const built = existsSync(path.join(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: false,
      // Built next to each asset by portal/precompress.ts; chosen by the browser's Accept-Encoding.
      preCompressed: true,
      setHeaders: (response, filePath) => {
        void response.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  }

  const page = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (NOT_PORTAL.test(url)) {
      return reply
        .status(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send(problem('not_found', `No route ${request.method} ${url}`));
    }
    void reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin');
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  };
  app.get('/', { config: { public: true }, schema: { hide: true } }, page);
  app.get('/*', { config: { public: true }, schema: { hide: true } }, page);
};
