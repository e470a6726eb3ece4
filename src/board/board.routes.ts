/**
 * The live board at `/`: three static files (public/board/) on top of the REST API and its event
 * stream. Read once at start; served without authentication (the data behind them is not).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/board');

const FILES = [
  { url: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { url: '/board/board.js', file: 'board.js', type: 'text/javascript; charset=utf-8' },
  { url: '/board/board.css', file: 'board.css', type: 'text/css; charset=utf-8' },
] as const;

export const boardRoutes: FastifyPluginAsync = async (app) => {
  for (const { url, file, type } of FILES) {
    const body = readFileSync(path.join(folder, file));
    app.get(url, { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'no-cache').send(body),
    );
  }
};
