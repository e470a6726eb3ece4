/**
 * The station's standing with the CSMS: connecting (with retries), BootNotification and its
 * Accepted / Pending / Rejected answer (B01-B03, 1.6 §4.2), heartbeats at the agreed interval,
 * and the ordered outbox that holds reports until the CSMS may receive them.
 */
import type { Logger } from 'pino';
import { Outbox, type OutboxMessage } from './outbox.js';
import type { BootReason, ProtocolAdapter } from './protocol.js';
import type { StationSettings } from './settings.js';
import { StationConnection, type ConnectionOptions } from './station-connection.js';
import type { RegistrationStatus, SentMessage, SimulatorEvents } from './types.js';

export type Emit = <K extends keyof SimulatorEvents>(event: K, ...args: SimulatorEvents[K]) => void;

export interface CsmsLinkDeps {
  connection: ConnectionOptions;
  settings: StationSettings;
  protocol: () => ProtocolAdapter;
  emit: Emit;
  log: Logger;
  /** After every accepted boot: report every connector afresh. */
  onAccepted(): void;
  /** After the socket came back without a reboot: report what changed meanwhile. */
  onReconnected(): void;
  onGiveUp(message: OutboxMessage, error: Error): void;
}

/** Used when the CSMS answers Pending/Rejected with interval 0 (B02.FR.xx leaves the choice to the station). */
const DEFAULT_BOOT_RETRY_S = 30;
const MAX_RECONNECT_DELAY_MS = 30_000;
const SENT_LOG_LIMIT = 1_000;

export class CsmsLink {
  readonly connection: StationConnection;
  readonly outbox: Outbox;
  registration: RegistrationStatus | undefined;
  readonly sentLog: SentMessage[] = [];
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private bootTimer: NodeJS.Timeout | undefined;
  private booting = false;
  private started = false;
  /** An explicit connect() (start, reboot) boots by itself; only reconnects of ocpp-rpc need the boot from 'open'. */
  private connecting = false;
  private disposed = false;

  constructor(private readonly deps: CsmsLinkDeps) {
    this.connection = new StationConnection(deps.connection);
    this.outbox = new Outbox({
      send: (action, params) => this.call(action, params),
      canSend: () => this.connection.isOpen && this.registration === 'Accepted',
      maxAttempts: () => deps.settings.transactionMessageAttempts,
      retryDelayMs: (failures) => deps.settings.transactionMessageRetryIntervalS * 1000 * failures,
      onGiveUp: deps.onGiveUp,
      log: deps.log,
    });
    this.connection.on('open', () => {
      deps.emit('connected');
      if (this.registration === 'Accepted') {
        deps.onReconnected();
        this.outbox.wake();
      } else if (this.started && !this.connecting && !this.booting && this.bootTimer === undefined) {
        this.bootSafely('PowerUp');
      }
    });
    this.connection.on('close', (event) => deps.emit('disconnected', event));
    this.connection.on('protocolError', (event) => deps.emit('protocolError', event));
  }

  get online(): boolean {
    return this.connection.isOpen;
  }

  /** With `retry`, keeps trying with a growing delay until connected or disposed (a station never gives up). */
  async connect(retry: boolean): Promise<void> {
    let delay = this.deps.connection.reconnectDelayMs;
    this.connecting = true;
    try {
      for (;;) {
        try {
          await this.connection.connect();
          if (this.disposed) {
            await this.connection.close();
            throw new Error('station stopped');
          }
          this.started = true;
          return;
        } catch (error) {
          if (!retry || this.disposed) throw error;
          this.deps.log.warn({ err: error, retryInMs: delay }, 'cannot reach the CSMS');
          await sleep(delay);
          if (this.disposed) throw new Error('station stopped', { cause: error });
          delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
        }
      }
    } finally {
      this.connecting = false;
    }
  }

  async boot(reason: BootReason): Promise<RegistrationStatus> {
    this.clearBootTimer();
    const protocol = this.deps.protocol();
    this.booting = true;
    let result;
    try {
      result = protocol.parseBoot(await this.call('BootNotification', protocol.bootRequest(reason)));
    } finally {
      this.booting = false;
    }
    this.registration = result.status;
    this.deps.emit('registered', { status: result.status, intervalS: result.intervalS });
    if (result.status === 'Accepted') {
      if (result.intervalS > 0) this.deps.settings.heartbeatIntervalS = result.intervalS;
      this.restartHeartbeat();
      this.deps.onAccepted();
      this.outbox.wake();
    } else if (!this.disposed) {
      // B02.FR.01 / B03.FR.01: Pending and Rejected boot again after the interval the CSMS gave.
      const seconds = result.intervalS > 0 ? result.intervalS : DEFAULT_BOOT_RETRY_S;
      this.bootTimer = setTimeout(() => {
        this.bootTimer = undefined;
        this.bootSafely(reason);
      }, seconds * 1000);
    }
    return result.status;
  }

  async heartbeat(): Promise<void> {
    await this.call('Heartbeat', {});
  }

  restartHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    if (this.registration !== 'Accepted' || this.disposed) return;
    this.heartbeatTimer = setInterval(() => {
      if (this.online && this.registration === 'Accepted') {
        this.heartbeat().catch(() => undefined); // a missed heartbeat is reported through 'callFailed'
      }
    }, this.deps.settings.heartbeatIntervalS * 1000);
  }

  /** A call that bypasses the outbox; the CSMS's answer or failure is also emitted as an event. */
  async call(action: string, params: Record<string, unknown>): Promise<unknown> {
    try {
      const result = await this.connection.call(action, params);
      const sent: SentMessage = { action, params, result, at: new Date() };
      this.sentLog.push(sent);
      if (this.sentLog.length > SENT_LOG_LIMIT) this.sentLog.shift();
      this.deps.emit('sent', sent);
      return result;
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      this.deps.emit('callFailed', { action, params, error: err });
      throw err;
    }
  }

  /** Power cycle: drop the connection, connect again and boot with the given reason. */
  async reboot(reason: BootReason): Promise<void> {
    this.registration = undefined;
    this.stopTimers();
    await this.connection.close();
    if (this.disposed) return;
    await this.connect(true);
    await this.boot(reason);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopTimers();
    this.outbox.dispose();
    await this.connection.close();
  }

  private bootSafely(reason: BootReason): void {
    this.boot(reason).catch((error: unknown) =>
      this.deps.log.warn({ err: error }, 'BootNotification failed'),
    );
  }

  private clearBootTimer(): void {
    if (this.bootTimer !== undefined) clearTimeout(this.bootTimer);
    this.bootTimer = undefined;
  }

  private stopTimers(): void {
    this.clearBootTimer();
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
