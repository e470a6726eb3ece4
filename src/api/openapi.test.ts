import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateOpenApiDocument, OPENAPI_FILE, openApiText } from './openapi.js';

/** Building the app takes seconds; both checks read the same document. */
const generating = generateOpenApiDocument();

describe('the OpenAPI document', () => {
  it('in docs/openapi.json matches the routes (run `npm run openapi` after changing a route)', async () => {
    const committed = await readFile(OPENAPI_FILE, 'utf8');
    const generated = openApiText(await generating);
    expect(generated === committed, 'docs/openapi.json is stale: run `npm run openapi`').toBe(true);
  });

  it('describes every API route with a problem+json answer for errors', async () => {
    const document = (await generating) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
      >;
    };
    const operations = Object.entries(document.paths).flatMap(([route, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(20);
    for (const { route, method, operation } of operations) {
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      expect(errors.length, `${method} ${route} documents no error answer`).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        expect(Object.keys(response.content ?? {}), `${method} ${route} ${status}`).toEqual([
          'application/problem+json',
        ]);
      }
    }
  });
});
