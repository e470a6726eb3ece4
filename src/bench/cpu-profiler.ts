/**
 * `--profile`: a V8 CPU profile and a sampled allocation profile of the server for each bench phase
 * on its own (connect, closed loop, open loop, reconnect), taken through the inspector in the server
 * process, so a profile shows one kind of load and not a whole run. The allocation profile keeps
 * objects the garbage collector already took, so it shows what makes the collector work. Open the
 * files in Chrome DevTools or summarize them with profile-summary.ts.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

export class PhaseProfiler {
  private readonly session = new Session();
  private running = false;

  constructor() {
    this.session.connect();
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.session.post('Profiler.enable');
    await this.session.post('HeapProfiler.enable');
    await this.session.post('HeapProfiler.startSampling', {
      samplingInterval: 64 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    await this.session.post('Profiler.start');
    this.running = true;
  }

  /** Stops the profiles started last and writes them to `<base>.cpuprofile` and `<base>.heapprofile`. */
  async stop(base: string): Promise<string[]> {
    if (!this.running) throw new Error('no profile is running');
    const { profile } = await this.session.post('Profiler.stop');
    const { profile: heap } = await this.session.post('HeapProfiler.stopSampling');
    this.running = false;
    const files = [`${base}.cpuprofile`, `${base}.heapprofile`];
    await writeFile(files[0]!, JSON.stringify(profile));
    await writeFile(files[1]!, JSON.stringify(heap));
    return files;
  }
}
