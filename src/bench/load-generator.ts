/**
 * The load generator: K simulated stations on plain `ws` sockets. It is built to cost the machine as
 * little as possible so the figures belong to the server: frames are pre-serialized (see frames.ts),
 * answers are matched by their first bytes (`[3,"<id>"`) and parsed only when they are a CALLERROR, a
 * boot answer or a call from the central system. Every station keeps at most one call in flight, as
 * OCPP-J requires.
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import {
  answerFor,
  buildFrameTails,
  callFrame,
  CYCLE_ACTIONS,
  type BenchProtocol,
  type FrameTails,
} from './frames.js';
import { createHistogram, record, summarize, type Histogram, type LatencySummary } from './histogram.js';

export interface StationSpec {
  chargeBoxId: string;
  protocol: BenchProtocol;
}

export interface LoadGeneratorOptions {
  /** ws://127.0.0.1:PORT/ocpp; a station connects to `${url}/${chargeBoxId}`. */
  url: string;
  password: string;
  stations: StationSpec[];
  /** A call without an answer after this long counts as a timeout and the station moves on. */
  callTimeoutMs: number;
}

export interface ConnectResult {
  attempted: number;
  /** WebSocket open and BootNotification answered Accepted. */
  booted: number;
  failed: number;
  /** Failure reason → count, e.g. "HTTP 401", "timeout", "boot Pending". */
  failures: Record<string, number>;
  durationMs: number;
  perSecond: number;
  /** From opening the TCP connection to the BootNotification answer. */
  latency: LatencySummary;
}

export interface LoadResult {
  /** Length of the measured window (after warm-up), ms. */
  windowMs: number;
  /** Calls sent in the window (open loop: calls due in the window). */
  sent: number;
  /** CALLRESULTs received in the window. */
  answered: number;
  perSecond: number;
  byAction: Record<string, number>;
  callErrors: Record<string, number>;
  timeouts: number;
  /** Answers that arrived after their call had timed out, or matched nothing. */
  unmatched: number;
  /** Calls from the central system, answered by the stations. */
  serverCalls: Record<string, number>;
  disconnects: number;
  /** Open loop: calls that were due while every station still had a call in flight. */
  skipped: number;
  latency: LatencySummary;
  histogram: Histogram;
  /** Per second of the window: answers and latency (closed loop: by answer time; open loop: by due time). */
  timeline: (LatencySummary & { second: number })[];
  /** Time to collect the answers still in flight when the phase ended. */
  drainMs: number;
  /** Open loop: the rate asked for, calls/s. */
  targetRate?: number;
}

type Mode = 'idle' | 'closed' | 'open';

interface Station {
  readonly index: number;
  readonly spec: StationSpec;
  ws: WebSocket | undefined;
  open: boolean;
  inFlight: boolean;
  /** performance.now() when the call was sent (open loop: when it was due). */
  sentAt: number;
  expectedId: string;
  action: string;
  counter: number;
  cyclePos: number;
  onBoot: ((error: string | undefined) => void) | undefined;
}

const BRACKET = 0x5b;
const QUOTE = 0x22;
const CALL = 0x32;
const RESULT = 0x33;
const ERROR = 0x34;

const increment = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export class LoadGenerator {
  private readonly stations: Station[];
  private tails: Record<BenchProtocol, FrameTails>;
  private energyWh = 1_000;
  private readonly tailTimer: NodeJS.Timeout;
  private readonly sweepTimer: NodeJS.Timeout;

  private mode: Mode = 'idle';
  private running = false;
  private windowStart = 0;
  private windowEnd = 0;
  private stats = LoadGenerator.emptyStats();

  constructor(private readonly options: LoadGeneratorOptions) {
    this.stations = options.stations.map((spec, index) => ({
      index,
      spec,
      ws: undefined,
      open: false,
      inFlight: false,
      sentAt: 0,
      expectedId: '',
      action: '',
      counter: 0,
      cyclePos: index % CYCLE_ACTIONS.length,
      onBoot: undefined,
    }));
    this.tails = this.buildTails();
    this.tailTimer = setInterval(() => {
      this.energyWh += 10;
      this.tails = this.buildTails();
    }, 1_000);
    this.sweepTimer = setInterval(() => this.sweepTimeouts(), 500);
  }

  private buildTails(): Record<BenchProtocol, FrameTails> {
    const now = new Date();
    return {
      'ocpp1.6': buildFrameTails('ocpp1.6', now, this.energyWh),
      'ocpp2.0.1': buildFrameTails('ocpp2.0.1', now, this.energyWh),
    };
  }

  private static emptyStats() {
    return {
      sent: 0,
      answered: 0,
      byAction: {} as Record<string, number>,
      callErrors: {} as Record<string, number>,
      timeouts: 0,
      unmatched: 0,
      serverCalls: {} as Record<string, number>,
      disconnects: 0,
      skipped: 0,
      histogram: createHistogram(),
      perSecond: [] as Histogram[],
    };
  }

  get connectedCount(): number {
    let n = 0;
    for (const s of this.stations) if (s.open) n += 1;
    return n;
  }

  // ---- connect and boot -------------------------------------------------------------------

  async connectAll(options: { concurrency: number; timeoutMs: number }): Promise<ConnectResult> {
    const histogram = createHistogram();
    const failures: Record<string, number> = {};
    let booted = 0;
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < this.stations.length) {
        const station = this.stations[next++]!;
        const t0 = performance.now();
        const failure = await this.connectOne(station, options.timeoutMs);
        if (failure === undefined) {
          booted += 1;
          record(histogram, (performance.now() - t0) * 1000);
        } else {
          increment(failures, failure);
          station.ws?.terminate();
          station.open = false;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, this.stations.length) }, worker));
    const durationMs = performance.now() - started;
    return {
      attempted: this.stations.length,
      booted,
      failed: this.stations.length - booted,
      failures,
      durationMs: Math.round(durationMs),
      perSecond: Math.round((booted / durationMs) * 1000 * 10) / 10,
      latency: summarize(histogram),
    };
  }

  private connectOne(station: Station, timeoutMs: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (failure: string | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        station.onBoot = undefined;
        resolve(failure);
      };
      const timer = setTimeout(() => done('timeout'), timeoutMs);
      const password = this.options.password;
      const ws = new WebSocket(
        `${this.options.url}/${encodeURIComponent(station.spec.chargeBoxId)}`,
        [station.spec.protocol],
        {
          headers: {
            authorization: `Basic ${Buffer.from(`${station.spec.chargeBoxId}:${password}`).toString('base64')}`,
          },
          perMessageDeflate: false,
          skipUTF8Validation: true,
          handshakeTimeout: timeoutMs,
        },
      );
      station.ws = ws;
      ws.on('unexpected-response', (_req, res) => {
        done(`HTTP ${res.statusCode ?? '?'}`);
        res.resume();
        ws.terminate();
      });
      ws.on('error', (error: NodeJS.ErrnoException) => done(`error ${error.code ?? error.message}`));
      ws.on('close', () => {
        if (station.open) this.stats.disconnects += 1;
        station.open = false;
        station.inFlight = false;
        done('closed during boot');
      });
      ws.on('message', (data: Buffer) => this.onFrame(station, data));
      ws.on('open', () => {
        if (ws.protocol !== station.spec.protocol) {
          done(`subprotocol "${ws.protocol}"`);
          return;
        }
        station.open = true;
        station.onBoot = done;
        this.send(station, 'BootNotification', this.tails[station.spec.protocol].boot, performance.now());
      });
    });
  }

  // ---- frames -------------------------------------------------------------------------------

  private send(station: Station, action: string, tail: string, sentAt: number): void {
    const id = (station.counter++).toString(36);
    station.expectedId = id;
    station.action = action;
    station.inFlight = true;
    station.sentAt = sentAt;
    station.ws!.send(callFrame(id, tail));
  }

  private sendNextInCycle(station: Station, sentAt: number): void {
    const pos = station.cyclePos;
    station.cyclePos = (pos + 1) % CYCLE_ACTIONS.length;
    this.send(station, CYCLE_ACTIONS[pos]!, this.tails[station.spec.protocol].cycle[pos]!, sentAt);
    if (sentAt >= this.windowStart && sentAt < this.windowEnd) this.stats.sent += 1;
  }

  private onFrame(station: Station, data: Buffer): void {
    const type = data[1];
    if (data[0] !== BRACKET || (type !== RESULT && type !== ERROR && type !== CALL)) {
      this.stats.unmatched += 1;
      return;
    }
    if (type === CALL) {
      this.answerServerCall(station, data);
      return;
    }
    const id = station.expectedId;
    const matches =
      station.inFlight && data[4 + id.length] === QUOTE && data.toString('latin1', 4, 4 + id.length) === id;
    if (!matches) {
      this.stats.unmatched += 1;
      return;
    }
    const now = performance.now();
    station.inFlight = false;
    if (station.onBoot !== undefined) {
      const answer = JSON.parse(data.toString()) as [number, string, { status?: string } | string];
      const status =
        type === RESULT && typeof answer[2] === 'object'
          ? answer[2].status
          : `CALLERROR ${String(answer[2])}`;
      station.onBoot(status === 'Accepted' ? undefined : `boot ${status}`);
      return;
    }
    // Closed loop: answers that arrive in the window. Open loop: calls that were due in the window.
    const at = this.mode === 'open' ? station.sentAt : now;
    const inWindow = at >= this.windowStart && at < this.windowEnd;
    if (inWindow) {
      if (type === RESULT) {
        this.stats.answered += 1;
        increment(this.stats.byAction, station.action);
        const micros = (now - station.sentAt) * 1000;
        record(this.stats.histogram, micros);
        const second = Math.floor((at - this.windowStart) / 1000);
        record((this.stats.perSecond[second] ??= createHistogram()), micros);
      } else {
        const answer = JSON.parse(data.toString()) as [number, string, string, string];
        increment(this.stats.callErrors, `${station.action}: ${answer[2]} ${answer[3]}`.slice(0, 160));
      }
    }
    if (this.running && this.mode === 'closed' && station.open) this.sendNextInCycle(station, now);
  }

  private answerServerCall(station: Station, data: Buffer): void {
    try {
      const [, id, action, params] = JSON.parse(data.toString()) as [number, string, string, unknown];
      increment(this.stats.serverCalls, action);
      station.ws?.send(JSON.stringify([3, id, answerFor(action, params)]));
    } catch {
      this.stats.unmatched += 1;
    }
  }

  private sweepTimeouts(): void {
    const deadline = performance.now() - this.options.callTimeoutMs;
    for (const station of this.stations) {
      if (!station.inFlight || station.onBoot !== undefined || station.sentAt >= deadline) continue;
      station.inFlight = false;
      this.stats.timeouts += 1;
      if (this.running && this.mode === 'closed' && station.open)
        this.sendNextInCycle(station, performance.now());
    }
  }

  // ---- load phases --------------------------------------------------------------------------

  /** Every station sends its next call as soon as the previous one is answered. */
  async closedLoop(options: { durationMs: number; warmupMs: number }): Promise<LoadResult> {
    this.beginPhase('closed', options.warmupMs, options.durationMs);
    const now = performance.now();
    for (const station of this.stations)
      if (station.open && !station.inFlight) this.sendNextInCycle(station, now);
    await sleep(options.warmupMs + options.durationMs);
    return this.endPhase(options.durationMs);
  }

  /**
   * Calls at a fixed total rate, spread round-robin over the stations (a station still waiting for an
   * answer is passed over). Latency counts from the moment a call was due, so a late send (a busy
   * load generator) counts against the result rather than hiding in it.
   */
  async openLoop(options: { rate: number; durationMs: number; warmupMs: number }): Promise<LoadResult> {
    this.beginPhase('open', options.warmupMs, options.durationMs);
    const start = performance.now();
    const end = this.windowEnd;
    const interval = 1000 / options.rate;
    let due = 0;
    let cursor = 0;
    const n = this.stations.length;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        while (start + due * interval <= now) {
          const dueAt = start + due * interval;
          due += 1;
          if (dueAt >= end) {
            resolve();
            return;
          }
          let sent = false;
          for (let tries = 0; tries < n; tries++) {
            const station = this.stations[cursor]!;
            cursor = cursor + 1 === n ? 0 : cursor + 1;
            if (station.open && !station.inFlight) {
              this.sendNextInCycle(station, dueAt);
              sent = true;
              break;
            }
          }
          if (!sent && dueAt >= this.windowStart) this.stats.skipped += 1;
        }
        setTimeout(tick, 1);
      };
      tick();
    });
    const result = await this.endPhase(options.durationMs);
    return { ...result, targetRate: options.rate };
  }

  private beginPhase(mode: Mode, warmupMs: number, durationMs: number): void {
    this.stats = LoadGenerator.emptyStats();
    this.mode = mode;
    this.running = true;
    this.windowStart = performance.now() + warmupMs;
    this.windowEnd = this.windowStart + durationMs;
  }

  private async endPhase(durationMs: number): Promise<LoadResult> {
    this.running = false;
    // Answers still in flight when the window closed are collected but not counted.
    const drainStart = performance.now();
    const drainDeadline = drainStart + this.options.callTimeoutMs + 1_000;
    while (this.stations.some((s) => s.inFlight && s.open) && performance.now() < drainDeadline)
      await sleep(20);
    const drainMs = Math.round(performance.now() - drainStart);
    this.mode = 'idle';
    const s = this.stats;
    return {
      windowMs: durationMs,
      sent: s.sent,
      answered: s.answered,
      perSecond: Math.round((s.answered / durationMs) * 1000),
      byAction: s.byAction,
      callErrors: s.callErrors,
      timeouts: s.timeouts,
      unmatched: s.unmatched,
      serverCalls: s.serverCalls,
      disconnects: s.disconnects,
      skipped: s.skipped,
      latency: summarize(s.histogram),
      histogram: s.histogram,
      timeline: Array.from({ length: s.perSecond.length }, (_, second) => ({
        second,
        ...summarize(s.perSecond[second] ?? createHistogram()),
      })),
      drainMs,
    };
  }

  /** Closes every connection (WebSocket close handshake) and waits, bounded, until all are gone. */
  async disconnectAll(timeoutMs: number): Promise<number> {
    const closing: Promise<void>[] = [];
    for (const station of this.stations) {
      const ws = station.ws;
      station.open = false;
      station.inFlight = false;
      if (ws === undefined || ws.readyState === WebSocket.CLOSED) continue;
      closing.push(new Promise<void>((resolve) => ws.once('close', () => resolve())));
      ws.close(1000);
    }
    await Promise.race([Promise.all(closing), sleep(timeoutMs)]);
    let left = 0;
    for (const station of this.stations) {
      if (station.ws !== undefined && station.ws.readyState !== WebSocket.CLOSED) {
        left += 1;
        station.ws.terminate();
      }
    }
    return left;
  }

  async close(): Promise<void> {
    clearInterval(this.tailTimer);
    clearInterval(this.sweepTimer);
    for (const station of this.stations) {
      station.open = false;
      station.ws?.terminate();
    }
    await sleep(50);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
