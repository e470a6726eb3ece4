/**
 * CPU time of other processes by name, read from /proc (Linux only; elsewhere it reports nothing):
 * the PostgreSQL backends the server talks to, and whatever else keeps the machine busy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

/** CPU microseconds used so far, per process id. */
export type CpuSnapshot = Map<number, number>;

/**
 * CPU used so far by each process `match` picks by command name and command line, or undefined
 * where /proc is not available.
 */
export function cpuSnapshot(match: (comm: string, cmdline: string) => boolean): CpuSnapshot | undefined {
  if (os.platform() !== 'linux') return undefined;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const snapshot: CpuSnapshot = new Map();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ...": comm may contain spaces, so split after the last parenthesis.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!match(comm, cmdline)) continue;
      // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
      const fields = stat.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      snapshot.set(Number(entry), (ticks / TICKS_PER_SECOND) * 1_000_000);
    } catch {
      // The process ended while we read it.
    }
  }
  return snapshot;
}

/**
 * CPU microseconds used between two snapshots. Processes that started in between count in full; a
 * process that ended in between took its time with it (so this is a lower bound).
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): number {
  let micros = 0;
  for (const [pid, used] of after) micros += Math.max(0, used - (before.get(pid) ?? 0));
  return micros;
}

/** The PostgreSQL processes that serve `database`, and the server-wide writers (WAL, checkpoints). */
export function postgresCpu(database: string): CpuSnapshot | undefined {
  return cpuSnapshot(
    (comm, cmdline) =>
      comm === 'postgres' &&
      (cmdline.includes(` ${database} `) ||
        /walwriter|checkpointer|background writer|wal writer/.test(cmdline)),
  );
}

/** Busy CPU microseconds of the whole machine so far (all cores). */
export function machineBusyMicros(): { busy: number; total: number } {
  let busy = 0;
  let idle = 0;
  for (const c of os.cpus()) {
    busy += c.times.user + c.times.nice + c.times.sys + c.times.irq;
    idle += c.times.idle;
  }
  // os.cpus() times are milliseconds.
  return { busy: busy * 1000, total: (busy + idle) * 1000 };
}
