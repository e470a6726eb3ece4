/**
 * Where a server spent its CPU, or what it allocated, from the profiles written by `--profile`: self
 * time (bytes) by package or by our own folder, and inclusive time (bytes) by function. Run it on a file:
 *   npx tsx src/bench/profile-summary.ts bench-profiles/fachwerk-postgres-closedLoop.cpuprofile [filter]
 *   npx tsx src/bench/profile-summary.ts bench-profiles/fachwerk-postgres-closedLoop.heapprofile [filter]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  /** % of the busy (non-idle) time. */
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  /** Self time by package (node_modules), by our folder (src/x, dist/x), by runtime part. */
  byPackage: Share[];
  /** Inclusive time by function (a function counts once per sample however deep it recurses). */
  byFunction: Share[];
}

function packageOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(garbage collector)';
  if (url.startsWith('wasm://')) return 'WebAssembly (PGlite)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(src|dist)\/([^/]+)\//.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  return url === '' ? `(native) ${functionName}` : url;
}

function functionOf(node: ProfileNode): string {
  const { url, functionName, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/(node_modules|src|dist)\//, '$1/').replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

export function summarizeProfile(profile: CpuProfile, filter = ''): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, micros] of self) {
    const node = nodes.get(id)!;
    const pkg = packageOf(node);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    if (pkg === '(idle)') continue;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = functionOf(nodes.get(cur)!);
      if (seen.has(name)) continue;
      seen.add(name);
      byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    }
  }
  const idle = byPackage.get('(idle)') ?? 0;
  byPackage.delete('(idle)');
  const busy = Math.max(1, total - idle);
  const shares = (m: Map<string, number>) =>
    [...m]
      .map(([name, micros]) => ({
        name,
        ms: Math.round(micros / 1000),
        percent: Math.round((micros / busy) * 1000) / 10,
      }))
      .sort((a, b) => b.ms - a.ms);
  return {
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    byPackage: shares(byPackage),
    byFunction: shares(byFunction).filter((s) => s.name.includes(filter)),
  };
}

interface HeapNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children: HeapNode[];
}

/** A sampled allocation profile (`.heapprofile`), summarized like a CPU profile with bytes for microseconds. */
export function summarizeHeapProfile(profile: { head: HeapNode }, filter = ''): ProfileSummary {
  const nodes: ProfileNode[] = [];
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let nextId = 1;
  const walk = (node: HeapNode): number => {
    const id = nextId++;
    const entry: ProfileNode = { id, callFrame: node.callFrame, children: [] };
    nodes.push(entry);
    if (node.selfSize > 0) {
      samples.push(id);
      timeDeltas.push(node.selfSize);
    }
    for (const child of node.children) entry.children!.push(walk(child));
    return id;
  };
  walk(profile.head);
  return summarizeProfile({ nodes, samples, timeDeltas }, filter);
}

/** For a heap profile the unit is KB where a CPU profile has ms (both are a thousandth of the raw unit). */
function print(summary: ProfileSummary, limit: number, unit: 'ms' | 'KB'): void {
  const line = (s: Share) =>
    `${String(s.ms).padStart(8)} ${unit} ${s.percent.toFixed(1).padStart(5)} %  ${s.name}`;
  process.stdout.write(
    [
      unit === 'ms'
        ? `total ${summary.totalMs} ms, idle ${summary.idleMs} ms, busy ${summary.totalMs - summary.idleMs} ms`
        : `allocated ${summary.totalMs} KB (sampled, including what the garbage collector took)`,
      '',
      unit === 'ms' ? 'self time by package:' : 'allocated by package:',
      ...summary.byPackage.slice(0, limit).map(line),
      '',
      unit === 'ms' ? 'inclusive time by function:' : 'allocated inside function (inclusive):',
      ...summary.byFunction.slice(0, limit * 2).map(line),
      '',
    ].join('\n'),
  );
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, filter = ''] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: profile-summary <file.cpuprofile> [function filter]\n');
    process.exitCode = 2;
  } else {
    const data = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile | { head: HeapNode };
    if ('head' in data) {
      print(summarizeHeapProfile(data, filter), 25, 'KB');
    } else {
      print(summarizeProfile(data, filter), 25, 'ms');
    }
  }
}
