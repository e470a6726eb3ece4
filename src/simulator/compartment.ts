/**
 * One compartment of a locker or one connector of a charge point: door, what is plugged in,
 * availability, the energy meter and the running transaction. Plain state; the station decides
 * what to report.
 */
import type { DoorState, IdToken, StationKind } from './types.js';

export interface Transaction {
  evseId: number;
  /** 1.6: assigned by the CSMS in StartTransaction.conf; 2.0.1: a uuid chosen here. */
  transactionId: number | string | undefined;
  idToken: IdToken;
  startedAt: Date;
  meterStartWh: number;
  startTrigger: 'Authorized' | 'RemoteStart';
  remoteStartId?: number;
  startedOffline: boolean;
  /** 2.0.1 TransactionEvent.seqNo of the next message of this transaction. */
  nextSeqNo: number;
  /** Set when the transaction has ended; late answers (e.g. a deauthorizing StartTransaction.conf) are then ignored. */
  ended: boolean;
}

export class Compartment {
  door: DoorState | null;
  occupied = false;
  operative = true;
  /** A ChangeAvailability answered Scheduled; applied when the transaction ends. */
  pendingOperative: boolean | undefined;
  /** The transaction ended while something was still plugged in (1.6 Finishing). */
  finishing = false;
  transaction: Transaction | undefined;
  private meterWh = 0;
  private meterAt: number;

  constructor(
    readonly evseId: number,
    readonly kind: StationKind,
    public powerW: number,
    now: number,
  ) {
    this.door = kind === 'locker' ? 'closed' : null;
    this.meterAt = now;
  }

  /** Energy flows only while a transaction runs and something is plugged in. */
  get charging(): boolean {
    return this.transaction !== undefined && this.occupied && this.powerW > 0;
  }

  get currentPowerW(): number {
    return this.charging ? this.powerW : 0;
  }

  /** Brings the register up to `now`; call before any change to `charging` and before every reading. */
  advanceMeter(now: number): number {
    if (now > this.meterAt) {
      this.meterWh += meterIncrementWh(this.currentPowerW, now - this.meterAt);
      this.meterAt = now;
    }
    return this.energyWh;
  }

  /** Integer Wh, as the register is reported. */
  get energyWh(): number {
    return Math.floor(this.meterWh);
  }

  addEnergy(wh: number): void {
    this.meterWh += wh;
  }
}

export function meterIncrementWh(powerW: number, elapsedMs: number): number {
  return elapsedMs <= 0 || powerW <= 0 ? 0 : (powerW * elapsedMs) / 3_600_000;
}

/** Values of OCPP 1.6 ChargePointStatus a compartment can be in (Reserved/Faulted are not simulated). */
export type Status16 = 'Available' | 'Preparing' | 'Charging' | 'SuspendedEV' | 'Finishing' | 'Unavailable';

export interface StatusInput {
  kind: StationKind;
  occupied: boolean;
  operative: boolean;
  finishing: boolean;
  inTransaction: boolean;
  powerW: number;
}

/** OCPP 1.6 §4.9 / §7.7: the connector's state as a 1.6 charge point reports it. */
export function status16(c: StatusInput): Status16 {
  if (c.inTransaction) {
    // A charge point waits for the cable (Preparing); a locker's socket is live but nothing draws.
    if (!c.occupied) return c.kind === 'charge_point' ? 'Preparing' : 'SuspendedEV';
    return c.powerW > 0 ? 'Charging' : 'SuspendedEV';
  }
  // An Inoperative connector becomes Unavailable only once it is idle (Scheduled change).
  if (!c.operative) return 'Unavailable';
  if (c.occupied) return c.finishing ? 'Finishing' : 'Preparing';
  return 'Available';
}

export type Status201 = 'Available' | 'Occupied' | 'Unavailable';

/** OCPP 2.0.1 ConnectorStatusEnumType: Occupied while something is plugged in or a transaction runs. */
export function status201(c: StatusInput): Status201 {
  if (c.inTransaction) return 'Occupied';
  if (!c.operative) return 'Unavailable';
  return c.occupied ? 'Occupied' : 'Available';
}

export function statusInput(c: Compartment): StatusInput {
  return {
    kind: c.kind,
    occupied: c.occupied,
    operative: c.operative,
    finishing: c.finishing,
    inTransaction: c.transaction !== undefined,
    powerW: c.powerW,
  };
}
