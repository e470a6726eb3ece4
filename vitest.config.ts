import react from '@vitejs/plugin-react';
import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs everything on the embedded database (PGlite). With TEST_DATABASE_URL set (CI sets
 * it), a second project runs every database-backed test (`*.db.test.ts`) again on that PostgreSQL server.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
/** Browser tests (test/browser/) need Debian's Chromium; CI installs it and sets CHROMIUM_PATH. */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserTests = existsSync(chromium);
if (!browserTests) {
  const message = `Browser tests not run: no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`;
  // CI must run every test: a missing browser there is a failure, not a quiet skip.
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(message);
}

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for live state (an event, a page's refetch); on two busy cores that can take
    // seconds. A passing poll returns as soon as it holds, so only a failure waits this long.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'embedded',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/browser/**', '**/node_modules/**'],
        },
      },
      {
        // The portal's components and pure logic, in a simulated DOM.
        extends: true,
        plugins: [react()],
        test: {
          name: 'portal',
          include: ['portal/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      ...(browserTests
        ? [
            {
              extends: true as const,
              test: {
                name: 'browser',
                include: ['test/browser/**/*.test.ts'],
                globalSetup: ['test/support/portal-build.ts'],
              },
            },
          ]
        : []),
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'],
                env: { FACHWERK_TEST_DB: 'postgres' },
                globalSetup: ['test/support/postgres-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
