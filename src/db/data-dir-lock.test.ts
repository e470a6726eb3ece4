import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLocked, lockDataDir } from './data-dir-lock.js';

const folder = () => mkdtempSync(path.join(tmpdir(), 'fw-lock-'));

describe('the embedded database folder lock', () => {
  it('refuses a second owner while the first holds it, and frees it on release', () => {
    const dir = folder();
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'fachwerk.lock'), 'utf8')).toBe(String(process.pid));
    // The same pid is the lock's owner; another live process is simulated by our parent's pid.
    writeFileSync(path.join(dir, 'fachwerk.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLocked);
    expect(() => lockDataDir(dir)).toThrow(/in use by process/);
    writeFileSync(path.join(dir, 'fachwerk.lock'), String(process.pid));
    release();
    expect(existsSync(path.join(dir, 'fachwerk.lock'))).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = folder();
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(path.join(dir, 'fachwerk.lock'), String(pid));
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'fachwerk.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
