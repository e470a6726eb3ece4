/**
 * Global setup of the browser tests: builds the portal from its sources into a temporary folder,
 * so the tests never run against a stale dist/portal and parallel runs do not overwrite each other.
 * Tests read the folder with `inject('portalDir')` (test/support/portal.ts does).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    portalDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'fachwerk-portal-'));
  await build({
    configFile: path.resolve('portal/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  project.provide('portalDir', outDir);
  return async () => {
    await rm(outDir, { recursive: true, force: true });
  };
}
