/**
 * The OpenAPI document, generated from the route schemas of the real app. `npm run openapi` writes
 * it to docs/openapi.json; a test fails when the committed file differs (STYLE: generated
 * artefacts are committed and checked for drift).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createFachwerk } from '../app/fachwerk.js';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';

export const OPENAPI_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/openapi.json',
);

/** Builds the app on an empty in-memory database (nothing is queried) and asks it for its document. */
export async function generateOpenApiDocument(): Promise<unknown> {
  const database = await openDatabase({});
  const fachwerk = await createFachwerk({
    config: { ...loadConfig({}), port: 0, host: '127.0.0.1', logLevel: 'silent' },
    database,
    log: pino({ level: 'silent' }),
  });
  try {
    await fachwerk.app.ready();
    return fachwerk.app.swagger();
  } finally {
    await fachwerk.close();
    await database.close();
  }
}

/** Stable text: two-space JSON with a final newline, as prettier leaves it. */
export const openApiText = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;
