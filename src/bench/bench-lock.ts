/**
 * One benchmark at a time per machine: two runs at once would each measure the other. A run holds a
 * lock file (with its pid) in the temp folder; a second run waits, bounded, until the first is done.
 * A lock whose process is gone is taken over.
 */
import { openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = path.join(os.tmpdir(), 'fachwerk-bench.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(file: string): number | undefined {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
    rmSync(file, { force: true });
    return tryLock(file);
  }
  return holder;
}

/** Waits until no other benchmark runs (at most `waitS`), then holds the lock; returns its release. */
export async function acquireBenchLock(
  waitS: number,
  log: (line: string) => void,
  file = LOCK_FILE,
): Promise<() => void> {
  const deadline = Date.now() + waitS * 1000;
  let holder = tryLock(file);
  if (holder !== undefined)
    log(`another benchmark is running (pid ${holder}); waiting up to ${waitS} s for it`);
  while (holder !== undefined) {
    if (Date.now() > deadline) {
      throw new Error(`another benchmark (pid ${holder}) is still running after ${waitS} s; try again later`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    holder = tryLock(file);
  }
  const release = () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
  process.once('exit', release);
  return release;
}
