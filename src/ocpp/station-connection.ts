/**
 * One station's live connection: what the central system knows about it (station, protocol,
 * registration) and how to call it. Kept small, as there is one per connected station.
 */
import type { EventEmitter } from 'node:events';
import type { Ctx } from '../shared/context.js';
import type { StationRef, StationRegistration } from '../stations/station-state.service.js';
import type { CallOptions, StationLink } from './connections.js';
import type { OcppProtocol } from './protocol.js';

/** The part of ocpp-rpc's RPCServerClient the central system uses (its own typings are loose). */
export interface RpcConnection extends EventEmitter {
  readonly protocol: string | undefined;
  readonly session: unknown;
  handle(
    method: string,
    handler: (call: { method: string; params: unknown; messageId: string }) => Promise<unknown>,
  ): void;
  call(
    method: string,
    params: unknown,
    options: { callTimeoutMs?: number; signal?: AbortSignal },
  ): Promise<unknown>;
  close(options?: {
    code?: number;
    reason?: string;
    force?: boolean;
    awaitPending?: boolean;
  }): Promise<unknown>;
}

export class StationConnection implements StationLink {
  /** Updated by each BootNotification; messages other than Boot/Heartbeat need 'accepted'. */
  registration: StationRegistration;

  constructor(
    readonly rpc: RpcConnection,
    readonly station: StationRef,
    readonly protocol: OcppProtocol,
    registration: StationRegistration,
    /** The station acting: actor, clock and a logger bound to the station. */
    readonly ctx: Ctx,
  ) {
    this.registration = registration;
  }

  get chargeBoxId(): string {
    return this.station.chargeBoxId;
  }

  get stationId(): string {
    return this.station.stationId;
  }

  get institutionId(): string {
    return this.station.institutionId;
  }

  /**
   * Rejects as ocpp-rpc does: an RPCError with `rpcErrorCode` for a CALLERROR (or a payload that
   * broke the schema), a TimeoutError, or an AbortError when the signal fired or the connection dropped.
   */
  call(action: string, params: unknown, options: CallOptions): Promise<unknown> {
    return this.rpc.call(action, params, {
      callTimeoutMs: options.timeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  /** Closes the connection (e.g. when a newer connection of the same station replaces it). */
  async close(reason: string): Promise<void> {
    await this.rpc.close({ code: 1000, reason });
  }
}
