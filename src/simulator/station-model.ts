/**
 * What happens at the station itself: doors, items and cables, cards and PINs, transactions and
 * their meter values, availability. Every change is queued for the CSMS through the outbox in the
 * station's OCPP dialect; nothing here knows which version that is.
 */
import type { Logger } from 'pino';
import { Compartment, statusInput, type Transaction } from './compartment.js';
import type { CsmsLink, Emit } from './csms-link.js';
import type { LocalAuthorization } from './local-authorization.js';
import type { OutboxMessage } from './outbox.js';
import type { KeypadOutcome, MeterSample, ProtocolAdapter, ReadingContext } from './protocol.js';
import type { StationSettings } from './settings.js';
import {
  SimulatorError,
  type AuthorizationStatus,
  type CompartmentSnapshot,
  type DoorState,
  type IdToken,
  type StationKind,
  type StopReason,
  type TransactionSnapshot,
} from './types.js';

export interface StationModelDeps {
  kind: StationKind;
  evses: number;
  powerW: number;
  settings: StationSettings;
  localAuth: LocalAuthorization;
  link: CsmsLink;
  protocol: () => ProtocolAdapter;
  emit: Emit;
  log: Logger;
  /** Called after every transaction end (a Reset OnIdle waits for this). */
  afterStop(): void;
}

export interface CardOutcome {
  result: 'started' | 'stopped' | 'refused';
  status?: AuthorizationStatus;
}

export class StationModel {
  readonly compartments: Compartment[];
  /** 1.6 connector 0: the charge point as a whole (ChangeAvailability on connector 0). */
  private stationOperative = true;
  /** Status last queued per connector id, so only changes are reported. */
  private readonly reported = new Map<number, string>();
  private readonly meterTimers = new Map<number, NodeJS.Timeout>();

  constructor(private readonly deps: StationModelDeps) {
    const now = Date.now();
    this.compartments = Array.from(
      { length: deps.evses },
      (_, i) => new Compartment(i + 1, deps.kind, deps.powerW, now),
    );
  }

  find(evseId: number): Compartment | undefined {
    return Number.isInteger(evseId) ? this.compartments[evseId - 1] : undefined;
  }

  require(evseId: number): Compartment {
    const compartment = this.find(evseId);
    if (compartment === undefined)
      throw new SimulatorError(`no compartment ${evseId} (1..${this.compartments.length})`);
    return compartment;
  }

  transactions(): Transaction[] {
    return this.compartments.flatMap((c) => (c.transaction === undefined ? [] : [c.transaction]));
  }

  findTransaction(transactionId: number | string): Transaction | undefined {
    return this.transactions().find(
      (tx) => tx.transactionId !== undefined && String(tx.transactionId) === String(transactionId),
    );
  }

  isIdle(): boolean {
    return this.transactions().length === 0;
  }

  remoteStartRefusal(evseId: number): string | undefined {
    const c = this.find(evseId);
    if (c === undefined) return 'unknown compartment';
    if (c.transaction !== undefined) return 'busy';
    if (!c.operative) return 'unavailable';
    // A locker starts only behind a closed door (the SMS flow: close the door, then text).
    if (c.door === 'open') return 'door open';
    return undefined;
  }

  /** A remote start without a target goes where something waits behind a closed door, else to any free place. */
  idleCompartment(): number | undefined {
    const free = this.compartments.filter((c) => this.remoteStartRefusal(c.evseId) === undefined);
    return (free.find((c) => c.occupied) ?? free[0])?.evseId;
  }

  // --- what people do at the station ---------------------------------------------------------

  openDoor(evseId: number): void {
    const c = this.requireLocker(evseId);
    if (c.door === 'locked') throw new SimulatorError(`compartment ${evseId} is locked`);
    this.setDoor(c, 'open');
  }

  /** Closing the door of a compartment that is charging locks it. */
  closeDoor(evseId: number): void {
    const c = this.requireLocker(evseId);
    if (c.door !== 'open') return;
    this.setDoor(c, 'closed');
    if (c.transaction !== undefined) this.setDoor(c, 'locked');
  }

  putItem(evseId: number): void {
    const c = this.requireLocker(evseId);
    if (c.door !== 'open') throw new SimulatorError(`compartment ${evseId}: open the door first`);
    this.setOccupied(c, true);
  }

  removeItem(evseId: number): void {
    const c = this.requireLocker(evseId);
    if (c.door !== 'open') throw new SimulatorError(`compartment ${evseId}: open the door first`);
    this.setOccupied(c, false);
  }

  plugIn(evseId: number): void {
    this.setOccupied(this.requireChargePoint(evseId), true);
  }

  plugOut(evseId: number): void {
    this.setOccupied(this.requireChargePoint(evseId), false);
  }

  /**
   * The RFID reader of a compartment: an idle compartment starts for an accepted card; the card that
   * started a transaction stops it again (and unlocks the door); any other card is refused.
   */
  async presentCard(evseId: number, uid: string): Promise<CardOutcome> {
    const c = this.require(evseId);
    const token: IdToken = { value: uid, type: 'ISO14443' };
    const running = c.transaction;
    if (running !== undefined) {
      // 1.6 §3.6 / 2.0.1 C01.FR.03: the same token ends its own transaction without asking the CSMS.
      if (running.idToken.value === uid) {
        this.stopTransaction(running, 'Local');
        return { result: 'stopped' };
      }
      const { status } = await this.authorize(token);
      return { result: 'refused', status };
    }
    if (!c.operative) return { result: 'refused' };
    const { status } = await this.authorize(token);
    if (status !== 'Accepted' || c.transaction !== undefined || !c.operative)
      return { result: 'refused', status };
    this.startTransaction(evseId, token, 'Authorized');
    return { result: 'started', status };
  }

  /**
   * The keypad: the PIN is authorized with the CSMS (type KeyCode). An accepted PIN that started a
   * running transaction (e.g. a receipt PIN) ends it; with `evseId` an accepted PIN starts there.
   */
  async typePin(pin: string, evseId?: number): Promise<KeypadOutcome> {
    if (evseId !== undefined) this.require(evseId);
    const { status } = await this.authorize({ value: pin, type: 'KeyCode' });
    if (status !== 'Accepted') return { result: 'refused', status };
    const running = this.transactions().find((tx) => tx.idToken.value === pin);
    if (running !== undefined) {
      this.stopTransaction(running, 'Local');
      return { result: 'stopped', status, evseId: running.evseId };
    }
    if (evseId !== undefined && this.remoteStartRefusal(evseId) === undefined) {
      this.startTransaction(evseId, { value: pin, type: 'KeyCode' }, 'Authorized');
      return { result: 'started', status, evseId };
    }
    return { result: 'accepted', status };
  }

  /** Online: ask the CSMS (unless pre-authorized locally); offline: the local list, then the cache (1.6 §3.5, C12-C15). */
  async authorize(token: IdToken): Promise<{ status: AuthorizationStatus; offline: boolean }> {
    const s = this.deps.settings;
    const link = this.deps.link;
    const now = new Date();
    const local = this.deps.localAuth.lookup(token.value, {
      useList: s.localAuthListEnabled,
      useCache: s.authCacheEnabled,
      now,
    });
    let status: AuthorizationStatus | undefined;
    if (link.online && link.registration === 'Accepted') {
      if (s.localPreAuthorize && local === 'Accepted') {
        status = 'Accepted';
      } else {
        try {
          const protocol = this.deps.protocol();
          const answer = protocol.parseAuthorize(
            await link.call('Authorize', protocol.authorizeRequest(token)),
          );
          status = answer.status;
          if (s.authCacheEnabled) this.deps.localAuth.remember(token.value, answer);
        } catch (error) {
          this.deps.log.warn({ err: error }, 'Authorize failed; deciding locally');
        }
      }
    }
    const offline = status === undefined;
    if (status === undefined) {
      if (local !== undefined) status = s.localAuthorizeOffline ? local : 'Unknown';
      else status = s.allowOfflineTxForUnknownId ? 'Accepted' : 'Unknown';
    }
    this.deps.emit('authorize', { idToken: token, status, offline });
    return { status, offline };
  }

  addEnergy(evseId: number, wh: number): void {
    if (!Number.isFinite(wh) || wh < 0)
      throw new SimulatorError('energy must be a non-negative number of Wh');
    const c = this.require(evseId);
    c.advanceMeter(Date.now());
    c.addEnergy(wh);
  }

  setPower(evseId: number, watts: number): void {
    if (!Number.isFinite(watts) || watts < 0)
      throw new SimulatorError('power must be a non-negative number of W');
    const c = this.require(evseId);
    c.advanceMeter(Date.now());
    c.powerW = watts;
    this.syncStatus();
  }

  // --- transactions ---------------------------------------------------------------------------

  startTransaction(
    evseId: number,
    idToken: IdToken,
    trigger: 'Authorized' | 'RemoteStart',
    remoteStartId?: number,
  ): Transaction {
    const c = this.require(evseId);
    if (c.transaction !== undefined) throw new SimulatorError(`compartment ${evseId} is busy`);
    const now = Date.now();
    c.advanceMeter(now);
    const protocol = this.deps.protocol();
    const tx: Transaction = {
      evseId,
      transactionId: protocol.newTransactionId(),
      idToken,
      startedAt: new Date(now),
      meterStartWh: c.energyWh,
      startTrigger: trigger,
      ...(remoteStartId === undefined ? {} : { remoteStartId }),
      startedOffline: !this.deps.link.online,
      nextSeqNo: 0,
      ended: false,
    };
    c.transaction = tx;
    c.finishing = false;
    if (c.door === 'closed') this.setDoor(c, 'locked');
    this.enqueue(protocol.transactionStarted(tx, this.sampleOf(c, now, 'Transaction.Begin')));
    this.startMeterTimer(c);
    this.syncStatus();
    this.deps.emit('transactionStarted', snapshotOf(tx));
    return tx;
  }

  /** Ends the transaction, unlocks the door (it stays closed until someone opens it) and applies a scheduled availability change. */
  stopTransaction(tx: Transaction, reason: StopReason): void {
    if (tx.ended) return;
    tx.ended = true;
    const c = this.require(tx.evseId);
    const now = Date.now();
    const sample = this.sampleOf(c, now, 'Transaction.End');
    this.stopMeterTimer(c);
    c.transaction = undefined;
    c.finishing = c.occupied;
    this.enqueue(this.deps.protocol().transactionEnded(tx, sample, reason));
    if (c.door === 'locked') this.setDoor(c, 'closed');
    if (c.pendingOperative !== undefined) {
      c.operative = c.pendingOperative;
      c.pendingOperative = undefined;
    }
    this.syncStatus();
    this.deps.emit('transactionStopped', { ...snapshotOf(tx), reason, meterStopWh: sample.energyWh });
    this.deps.afterStop();
  }

  deauthorize(tx: Transaction): void {
    if (!tx.ended && this.deps.settings.stopTxOnInvalidId) this.stopTransaction(tx, 'DeAuthorized');
  }

  stopAll(reason: StopReason): void {
    for (const tx of this.transactions()) this.stopTransaction(tx, reason);
  }

  /** UnlockConnector on a locker: the door springs open. A charge point's cable lock has nothing to report. */
  unlock(evseId: number): void {
    const c = this.require(evseId);
    if (c.door !== null) this.setDoor(c, 'open');
  }

  /** 1.6 §5.2 / 2.0.1 G03: Inoperative while charging is Scheduled and applied when the transaction ends. */
  setAvailability(evseIds: number[] | undefined, operative: boolean): 'Accepted' | 'Scheduled' {
    const targets = evseIds === undefined ? this.compartments : evseIds.map((id) => this.require(id));
    if (evseIds === undefined) this.stationOperative = operative;
    let scheduled = false;
    for (const c of targets) {
      if (!operative && c.transaction !== undefined) {
        c.pendingOperative = false;
        scheduled = true;
      } else {
        c.operative = operative;
        c.pendingOperative = undefined;
      }
    }
    this.syncStatus();
    return scheduled ? 'Scheduled' : 'Accepted';
  }

  // --- reporting ------------------------------------------------------------------------------

  sample(evseId: number, context: ReadingContext): MeterSample {
    return this.sampleOf(this.require(evseId), Date.now(), context);
  }

  statusOf(c: Compartment): string {
    return this.deps.protocol().connectorStatus(statusInput(c));
  }

  /** Queues a StatusNotification for every connector whose status differs from the one last queued. */
  syncStatus(): void {
    for (const [id, status] of this.currentStatuses()) {
      if (this.reported.get(id) !== status) this.queueStatus(id, status);
    }
  }

  /** Queues the current status even if unchanged (TriggerMessage StatusNotification). */
  reportStatus(connectorIds?: number[]): void {
    for (const [id, status] of this.currentStatuses()) {
      if (connectorIds === undefined || connectorIds.includes(id)) this.queueStatus(id, status);
    }
  }

  /** Queues the state of every locker door (after a boot). */
  reportDoors(): void {
    const at = new Date();
    for (const c of this.compartments) {
      if (c.door !== null) this.enqueue(this.deps.protocol().doorReport(c.evseId, c.door, at));
    }
  }

  /** After a boot the CSMS knows nothing: the next sync reports every connector. */
  forgetReportedStatus(): void {
    this.reported.clear();
  }

  restartMeterTimers(): void {
    for (const c of this.compartments) {
      this.stopMeterTimer(c);
      if (c.transaction !== undefined) this.startMeterTimer(c);
    }
  }

  snapshot(c: Compartment): CompartmentSnapshot {
    c.advanceMeter(Date.now());
    return {
      evseId: c.evseId,
      door: c.door,
      occupied: c.occupied,
      operative: c.operative,
      status: this.statusOf(c),
      energyWh: c.energyWh,
      powerW: c.currentPowerW,
      transaction: c.transaction === undefined ? undefined : snapshotOf(c.transaction),
    };
  }

  dispose(): void {
    for (const c of this.compartments) this.stopMeterTimer(c);
  }

  private currentStatuses(): Array<[number, string]> {
    const statuses: Array<[number, string]> = [];
    if (this.deps.protocol().reportsStationConnector) {
      statuses.push([0, this.stationOperative ? 'Available' : 'Unavailable']);
    }
    for (const c of this.compartments) statuses.push([c.evseId, this.statusOf(c)]);
    return statuses;
  }

  private queueStatus(connectorId: number, status: string): void {
    this.reported.set(connectorId, status);
    this.enqueue(this.deps.protocol().statusNotification(connectorId, status, new Date()));
    this.deps.emit('status', { evseId: connectorId, status });
  }

  private setOccupied(c: Compartment, occupied: boolean): void {
    if (c.occupied === occupied) return;
    const now = Date.now();
    c.advanceMeter(now);
    c.occupied = occupied;
    if (!occupied) c.finishing = false;
    this.deps.emit('occupancy', { evseId: c.evseId, occupied });
    const tx = c.transaction;
    if (tx !== undefined) {
      // 1.6 StopTransactionOnEVSideDisconnect / 2.0.1 TxCtrlr.StopTxOnEVSideDisconnect.
      if (!occupied && this.deps.settings.stopTxOnEvSideDisconnect) {
        this.stopTransaction(tx, 'EVDisconnected');
        return;
      }
      this.enqueue(
        this.deps.protocol().transactionUpdated(tx, this.sampleOf(c, now, 'Trigger'), 'ChargingStateChanged'),
      );
    }
    this.syncStatus();
  }

  private setDoor(c: Compartment, door: DoorState): void {
    const previous = c.door;
    if (previous === null || previous === door) return;
    c.door = door;
    this.enqueue(this.deps.protocol().doorChanged(c.evseId, previous, door, new Date()));
    this.deps.emit('door', { evseId: c.evseId, door });
  }

  private enqueue(message: OutboxMessage | undefined): void {
    if (message !== undefined) this.deps.link.outbox.push(message);
  }

  private sampleOf(c: Compartment, now: number, context: ReadingContext): MeterSample {
    c.advanceMeter(now);
    return { at: new Date(now), energyWh: c.energyWh, powerW: c.currentPowerW, context };
  }

  private startMeterTimer(c: Compartment): void {
    const interval = this.deps.settings.meterIntervalMs;
    if (interval <= 0) return;
    this.meterTimers.set(
      c.evseId,
      setInterval(() => {
        const tx = c.transaction;
        if (tx === undefined) return;
        const sample = this.sampleOf(c, Date.now(), 'Sample.Periodic');
        this.enqueue(this.deps.protocol().transactionUpdated(tx, sample, 'Periodic'));
        this.deps.emit('meter', {
          evseId: c.evseId,
          energyWh: sample.energyWh,
          powerW: sample.powerW,
          transactionId: tx.transactionId,
        });
      }, interval),
    );
  }

  private stopMeterTimer(c: Compartment): void {
    const timer = this.meterTimers.get(c.evseId);
    if (timer !== undefined) clearInterval(timer);
    this.meterTimers.delete(c.evseId);
  }

  private requireLocker(evseId: number): Compartment {
    const c = this.require(evseId);
    if (c.door === null) throw new SimulatorError('a charge point has no doors; use plugIn/plugOut');
    return c;
  }

  private requireChargePoint(evseId: number): Compartment {
    const c = this.require(evseId);
    if (c.door !== null)
      throw new SimulatorError('a locker compartment is used with openDoor/putItem/removeItem');
    return c;
  }
}

export function snapshotOf(tx: Transaction): TransactionSnapshot {
  return {
    evseId: tx.evseId,
    transactionId: tx.transactionId,
    idToken: { ...tx.idToken },
    startedAt: tx.startedAt,
    meterStartWh: tx.meterStartWh,
    ...(tx.remoteStartId === undefined ? {} : { remoteStartId: tx.remoteStartId }),
    startedOffline: tx.startedOffline,
  };
}
