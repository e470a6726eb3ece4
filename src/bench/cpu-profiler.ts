/**
 * `--profile`: a V8 CPU profile of the server for each bench phase on its own (connect, closed loop,
 * open loop), taken through the inspector in the server process, so a profile shows one kind of
 * load and not a whole run. Open the files in Chrome DevTools (Performance) or speedscope.
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
    await this.session.post('Profiler.start');
    this.running = true;
  }

  /** Stops the profile started last and writes it to `file`. */
  async stop(file: string): Promise<string> {
    if (!this.running) throw new Error('no profile is running');
    const { profile } = await this.session.post('Profiler.stop');
    this.running = false;
    await writeFile(file, JSON.stringify(profile));
    return file;
  }
}
