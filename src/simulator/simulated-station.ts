/**
 * A simulated OCPP station (a charging locker or a charge point) that speaks 1.6J or 2.0.1 to a
 * CSMS over a real WebSocket. Tests script it (`openDoor`, `presentCard`, `typePin`, `waitFor`),
 * the demo keeps it alive, and `fachwerk simulate` runs fleets of it.
 *
 *   const sim = new SimulatedStation({ url, chargeBoxId: 'LOCKER-1', password, version: 'ocpp1.6', kind: 'locker', evses: 12 });
 *   await sim.start();                       // connected, booted, every compartment reported
 *   sim.openDoor(3); sim.putItem(3); sim.closeDoor(3);
 *   await sim.presentCard(3, '04A1B2C3');    // Authorize, then StartTransaction; the door locks
 *   await sim.waitFor('door', (e) => e.evseId === 3 && e.door === 'closed');
 */
import { EventEmitter } from 'node:events';
import { pino, type Logger } from 'pino';
import type { Transaction } from './compartment.js';
import { CsmsLink, type Emit } from './csms-link.js';
import { LocalAuthorization, type LocalEntry } from './local-authorization.js';
import type { KeypadOutcome, ProtocolAdapter, StationControl } from './protocol.js';
import { defaultSettings, type StationSettings } from './settings.js';
import { StationModel, snapshotOf, type CardOutcome } from './station-model.js';
import {
  SimulatorError,
  type CompartmentSnapshot,
  type DisplayMessage,
  type OcppVersion,
  type ReceivedCommand,
  type RegistrationStatus,
  type SentMessage,
  type SimulatedStationOptions,
  type SimulatorEvents,
  type StationKind,
  type TransactionSnapshot,
} from './types.js';
import { Protocol16 } from './v16/protocol16.js';
import { Protocol201 } from './v201/protocol201.js';

export type EventPayload<K extends keyof SimulatorEvents> = SimulatorEvents[K] extends [infer A]
  ? A
  : undefined;

const DEFAULT_WAIT_MS = 5_000;
const COMMAND_LOG_LIMIT = 1_000;
/** How long a Reset waits for queued stop messages before it cuts the connection. */
const RESET_FLUSH_MS = 5_000;

export class SimulatedStation extends EventEmitter<SimulatorEvents> {
  readonly chargeBoxId: string;
  readonly version: OcppVersion;
  readonly kind: StationKind;
  readonly evseCount: number;
  readonly log: Logger;
  private readonly settingsState: StationSettings;
  private readonly localAuth = new LocalAuthorization();
  private readonly link: CsmsLink;
  private readonly model: StationModel;
  private readonly protocol: ProtocolAdapter;
  private readonly displayMessageMap = new Map<number, DisplayMessage>();
  private lastDisplay: DisplayMessage | undefined;
  private readonly commandLog: ReceivedCommand[] = [];
  private readonly protocolErrorLog: Array<SimulatorEvents['protocolError'][0]> = [];
  private eventIdCounter = 0;
  private rebooting = false;
  private resetWhenIdle = false;
  private stopped = false;
  private readonly safeEmit: Emit;

  constructor(private readonly options: SimulatedStationOptions) {
    super();
    validateOptions(options);
    this.chargeBoxId = options.chargeBoxId;
    this.version = options.version;
    this.kind = options.kind;
    this.evseCount = options.evses;
    this.log = (options.log ?? pino({ level: 'silent' })).child({ chargeBoxId: options.chargeBoxId });
    this.settingsState = defaultSettings(options.meterIntervalMs ?? 60_000);
    // Events are for listeners; a listener that throws must not break the station.
    const emit: Emit = (this.safeEmit = (event, ...args) => {
      try {
        this.emit(event, ...(args as never));
      } catch (error) {
        this.log.error({ err: error, event }, 'event listener failed');
      }
    });
    this.link = new CsmsLink({
      connection: {
        url: options.url,
        chargeBoxId: options.chargeBoxId,
        password: options.password,
        version: options.version,
        reconnect: options.reconnect ?? true,
        callTimeoutMs: options.callTimeoutMs ?? 30_000,
        reconnectDelayMs: options.reconnectDelayMs ?? 250,
        log: this.log,
      },
      settings: this.settingsState,
      protocol: () => this.protocol,
      emit,
      log: this.log,
      onAccepted: () => {
        this.model.forgetReportedStatus();
        this.model.syncStatus();
        this.model.reportDoors();
      },
      onReconnected: () => this.model.syncStatus(),
      onGiveUp: (message, error) => this.log.warn({ action: message.action, err: error }, 'message dropped'),
    });
    this.model = new StationModel({
      kind: options.kind,
      evses: options.evses,
      powerW: options.powerW ?? (options.kind === 'locker' ? 250 : 11_000),
      settings: this.settingsState,
      localAuth: this.localAuth,
      link: this.link,
      protocol: () => this.protocol,
      emit,
      log: this.log,
      afterStop: () => this.onTransactionEnded(),
    });
    const control = this.control();
    this.protocol = options.version === 'ocpp1.6' ? new Protocol16(control) : new Protocol201(control);
    this.link.connection.handle(async (action, params) => {
      const outcome = await this.protocol.handleCommand(action, params);
      const command: ReceivedCommand = { action, params, response: outcome.response, at: new Date() };
      this.commandLog.push(command);
      if (this.commandLog.length > COMMAND_LOG_LIMIT) this.commandLog.shift();
      emit('command', command);
      return outcome;
    });
    this.on('protocolError', (event) => this.protocolErrorLog.push(event));
  }

  // --- lifecycle ------------------------------------------------------------------------------

  /**
   * Connects and boots. Resolves with the registration status once the CSMS answered the boot
   * (and, when Accepted, once every connector's status was acknowledged). Rejects if the first
   * connection fails (e.g. HTTP 401) unless `retry` is set, as fleets do: then it keeps trying.
   */
  async start(options: { retry?: boolean } = {}): Promise<RegistrationStatus> {
    if (this.stopped) throw new SimulatorError('a stopped station cannot start again; create a new one');
    await this.link.connect(options.retry ?? false);
    const status = await this.link.boot('PowerUp');
    if (status === 'Accepted') await this.link.outbox.whenEmpty(DEFAULT_WAIT_MS);
    return status;
  }

  /** Stops timers and closes the connection for good. Queued messages are not sent any more. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.model.dispose();
    await this.link.dispose();
  }

  /** Goes offline on purpose (clean close, no automatic reconnect). Reports keep queueing. */
  async disconnect(): Promise<void> {
    await this.link.close();
  }

  /**
   * Comes back online; resolves once everything queued while offline was delivered in order (or
   * after `timeoutMs`). Not a reboot: no BootNotification unless the station was never accepted.
   */
  async reconnect(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.link.connect(false);
    if (this.link.registration === undefined) await this.link.boot('PowerUp');
    await this.link.outbox.whenEmpty(timeoutMs);
  }

  /** Resolves once the CSMS acknowledged everything queued so far; rejects if that takes longer than `timeoutMs`. */
  async flush(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (!(await this.link.outbox.whenEmpty(timeoutMs))) {
      throw new SimulatorError(
        `${this.chargeBoxId}: ${this.link.outbox.size} messages still queued after ${timeoutMs} ms`,
      );
    }
  }

  /** Loses the network without a close handshake; the station reconnects by itself (unless `reconnect: false`). */
  dropConnection(): void {
    this.link.connection.dropConnection();
  }

  // --- state ----------------------------------------------------------------------------------

  get connected(): boolean {
    return this.link.online;
  }

  get registration(): RegistrationStatus | undefined {
    return this.link.registration;
  }

  compartment(evseId: number): CompartmentSnapshot {
    return this.model.snapshot(this.model.require(evseId));
  }

  compartments(): CompartmentSnapshot[] {
    return this.model.compartments.map((c) => this.model.snapshot(c));
  }

  get transactions(): TransactionSnapshot[] {
    return this.model.transactions().map(snapshotOf);
  }

  get lastDisplayMessage(): DisplayMessage | undefined {
    return this.lastDisplay;
  }

  get displayMessages(): DisplayMessage[] {
    return [...this.displayMessageMap.values()];
  }

  /** Actions queued for the CSMS and not yet acknowledged, oldest first. */
  get pendingMessages(): string[] {
    return this.link.outbox.pending();
  }

  /** Calls the CSMS answered (the latest 1000), oldest first. */
  get sentMessages(): readonly SentMessage[] {
    return this.link.sentLog;
  }

  /** Commands the CSMS sent and the answers given (the latest 1000), oldest first. */
  get receivedCommands(): readonly ReceivedCommand[] {
    return this.commandLog;
  }

  /** Schema violations seen on this connection; a correct CSMS leaves this empty. */
  get protocolErrors(): ReadonlyArray<SimulatorEvents['protocolError'][0]> {
    return this.protocolErrorLog;
  }

  get settings(): Readonly<StationSettings> {
    return { ...this.settingsState };
  }

  get localListVersion(): number {
    return this.localAuth.version;
  }

  get localListSize(): number {
    return this.localAuth.listSize;
  }

  /** The local list's entry for a card, as the CSMS last sent it. */
  localListEntry(token: string): Readonly<LocalEntry> | undefined {
    return this.localAuth.listEntry(token);
  }

  // --- what people do -------------------------------------------------------------------------

  openDoor(evseId: number): void {
    this.model.openDoor(evseId);
  }

  closeDoor(evseId: number): void {
    this.model.closeDoor(evseId);
  }

  putItem(evseId: number): void {
    this.model.putItem(evseId);
  }

  removeItem(evseId: number): void {
    this.model.removeItem(evseId);
  }

  plugIn(evseId: number): void {
    this.model.plugIn(evseId);
  }

  plugOut(evseId: number): void {
    this.model.plugOut(evseId);
  }

  presentCard(evseId: number, uid: string): Promise<CardOutcome> {
    return this.model.presentCard(evseId, uid);
  }

  typePin(pin: string, evseId?: number): Promise<KeypadOutcome> {
    return this.model.typePin(pin, evseId);
  }

  /** Adds energy to a compartment's meter at once, for exact amounts in billing tests. */
  addEnergy(evseId: number, wh: number): void {
    this.model.addEnergy(evseId, wh);
  }

  /** Changes the power drawn while charging (0 = the battery is full). */
  setPower(evseId: number, watts: number): void {
    this.model.setPower(evseId, watts);
  }

  // --- scripting ------------------------------------------------------------------------------

  /** Resolves with the next event of this kind that satisfies `predicate`; rejects after `timeoutMs`. */
  waitFor<K extends keyof SimulatorEvents>(
    event: K,
    predicate: (payload: EventPayload<K>) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<EventPayload<K>> {
    return new Promise((resolve, reject) => {
      const listener = (...args: unknown[]): void => {
        const payload = args[0] as EventPayload<K>;
        let matches: boolean;
        try {
          matches = predicate(payload);
        } catch (error) {
          cleanup();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (!matches) return;
        cleanup();
        resolve(payload);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new SimulatorError(
            `${this.chargeBoxId}: no matching '${String(event)}' event within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off(event, listener as never);
      };
      this.on(event, listener as never);
    });
  }

  /** Polls `condition` until it holds; for state that may already have changed before the call. */
  async waitUntil(condition: () => boolean, timeoutMs = DEFAULT_WAIT_MS, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new SimulatorError(`${this.chargeBoxId}: ${what} not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  // --- raw access for negative tests ----------------------------------------------------------

  /** Any call, outside the ordered queue; schema-checked (strict mode), so only valid payloads leave. */
  call(action: string, params: Record<string, unknown> = {}): Promise<unknown> {
    return this.link.call(action, params);
  }

  /** Writes a frame unchecked; for a CALL resolves with the CSMS's CALLRESULT / CALLERROR frame. */
  sendRaw(frame: string | unknown[], timeoutMs?: number): Promise<unknown[] | undefined> {
    return this.link.connection.sendRaw(frame, timeoutMs);
  }

  // --- internals ------------------------------------------------------------------------------

  private control(): StationControl {
    const model = this.model;
    const link = this.link;
    return {
      kind: this.kind,
      evseCount: this.evseCount,
      settings: this.settingsState,
      localAuth: this.localAuth,
      identity: {
        vendor: this.options.vendor ?? 'Fachwerk',
        model: this.options.model ?? (this.kind === 'locker' ? 'SimLocker' : 'SimCharger'),
        serialNumber: this.options.serialNumber ?? this.chargeBoxId.slice(0, 25),
        firmwareVersion: 'sim-1.0',
      },
      get online() {
        return link.online;
      },
      get registration() {
        return link.registration;
      },
      compartment: (evseId) => model.find(evseId),
      compartments: () => model.compartments,
      findTransaction: (id) => model.findTransaction(id),
      remoteStartRefusal: (evseId) => model.remoteStartRefusal(evseId),
      idleCompartment: () => model.idleCompartment(),
      startTransaction: (evseId, idToken, trigger, remoteStartId) =>
        model.startTransaction(evseId, idToken, trigger, remoteStartId),
      stopTransaction: (tx: Transaction, reason) => model.stopTransaction(tx, reason),
      deauthorize: (tx) => model.deauthorize(tx),
      unlock: (evseId) => model.unlock(evseId),
      setAvailability: (evseIds, operative) => model.setAvailability(evseIds, operative),
      isIdle: () => model.isIdle(),
      reboot: (reason) => this.reboot(reason),
      rebootWhenIdle: () => {
        this.resetWhenIdle = true;
      },
      sendBoot: async (reason) => {
        await link.boot(reason);
      },
      sendHeartbeat: () => link.heartbeat(),
      reportStatus: (ids) => model.reportStatus(ids),
      sample: (evseId, context) => model.sample(evseId, context),
      enqueue: (message) => {
        if (message !== undefined) link.outbox.push(message);
      },
      pendingActions: () => link.outbox.pending(),
      call: (action, params) => link.call(action, params),
      settingsChanged: () => {
        link.restartHeartbeat();
        model.restartMeterTimers();
      },
      setDisplayMessage: (message) => {
        this.displayMessageMap.set(message.id, message);
        this.lastDisplay = message;
        this.safeEmit('displayMessage', message);
      },
      clearDisplayMessage: (id) => {
        const existed = this.displayMessageMap.delete(id);
        if (existed && this.lastDisplay?.id === id) this.lastDisplay = undefined;
        return existed;
      },
      displayMessages: () => [...this.displayMessageMap.values()],
      nextEventId: () => ++this.eventIdCounter,
    };
  }

  /** 1.6 §5.14 / 2.0.1 B11-B12: stop everything, deliver the stops if possible, then power-cycle and boot again. */
  private async reboot(reason: 'SoftReset' | 'HardReset'): Promise<void> {
    if (this.rebooting || this.stopped) return;
    this.rebooting = true;
    this.resetWhenIdle = false;
    try {
      this.safeEmit('reset', { type: reason });
      this.model.stopAll(reason);
      if (this.link.online && this.link.registration === 'Accepted')
        await this.link.outbox.whenEmpty(RESET_FLUSH_MS);
      await this.link.reboot('RemoteReset');
    } catch (error) {
      if (!this.stopped) this.log.error({ err: error }, 'reboot failed');
    } finally {
      this.rebooting = false;
    }
  }

  private onTransactionEnded(): void {
    if (this.resetWhenIdle && this.model.isIdle()) {
      this.resetWhenIdle = false;
      // Let the Ended event be queued first; the reboot then flushes it before cutting the connection.
      setImmediate(() => void this.reboot('SoftReset'));
    }
  }
}

function validateOptions(options: SimulatedStationOptions): void {
  if (!Number.isInteger(options.evses) || options.evses < 1)
    throw new SimulatorError('evses must be a positive integer');
  if (options.version !== 'ocpp1.6' && options.version !== 'ocpp2.0.1') {
    throw new SimulatorError(`unknown OCPP version ${String(options.version)}`);
  }
  if (options.kind !== 'locker' && options.kind !== 'charge_point') {
    throw new SimulatorError(`unknown station kind ${String(options.kind)}`);
  }
  if (options.chargeBoxId.length === 0) throw new SimulatorError('chargeBoxId must not be empty');
  if (!/^wss?:\/\//.test(options.url))
    throw new SimulatorError(`url must start with ws:// or wss://: ${options.url}`);
}
