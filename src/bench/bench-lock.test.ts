import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireBenchLock } from './bench-lock.js';

const lockFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-lock-')), 'bench.lock');

describe('one benchmark at a time', () => {
  it('takes a free lock and gives it back', async () => {
    const file = lockFile();
    const release = await acquireBenchLock(0, () => undefined, file);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
    const again = await acquireBenchLock(0, () => undefined, file);
    again();
  });

  it('takes over the lock of a process that is gone', async () => {
    const file = lockFile();
    writeFileSync(file, '999999999');
    const release = await acquireBenchLock(0, () => undefined, file);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
  });

  it('refuses to run next to a live benchmark once the wait is over', async () => {
    const file = lockFile();
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(file, String(process.ppid));
    const lines: string[] = [];
    await expect(acquireBenchLock(0, (l) => lines.push(l), file)).rejects.toThrow(/still running/);
    expect(lines[0]).toContain(`pid ${process.ppid}`);
  });
});
