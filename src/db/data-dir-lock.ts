/**
 * The embedded database belongs to one process at a time: PGlite has no locking of its own, and two
 * processes writing one data folder would corrupt it. A lock file with the owner's pid guards it;
 * a lock left by a process that is gone is taken over.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export class DataDirLocked extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Returns a release function; throws DataDirLocked when another live process holds the folder. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'fachwerk.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new DataDirLocked(
          `The embedded database in ${dataDir} is in use by process ${owner} (a running Fachwerk server?). ` +
            'Stop it first, or make the change through the running server’s API.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLocked(`Could not lock ${dataDir}`);
}
