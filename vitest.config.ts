import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs everything on the embedded database (PGlite). With TEST_DATABASE_URL set (CI sets
 * it), a second project runs every database-backed test (`*.db.test.ts`) again on that PostgreSQL server.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'embedded', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
      },
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
