/**
 * Which stations are connected to this node, and a way to call them. The command service and the
 * central system share one registry; in a cluster, a command for a station held by another node is
 * forwarded there (later), so callers only ever see `StationLink`.
 */
import type { OcppProtocol } from './protocol.js';

export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** One live station connection. */
export interface StationLink {
  readonly chargeBoxId: string;
  readonly stationId: string;
  readonly institutionId: string;
  readonly protocol: OcppProtocol;
  /** Sends a CALL and resolves with the CALLRESULT payload; rejects with the CALLERROR or on timeout. */
  call(action: string, params: unknown, options: CallOptions): Promise<unknown>;
}

export class ConnectionRegistry {
  private readonly links = new Map<string, StationLink>();

  get(chargeBoxId: string): StationLink | undefined {
    return this.links.get(chargeBoxId);
  }

  /** Returns the link it replaced, if any (a second connection with the same id replaces the first). */
  set(link: StationLink): StationLink | undefined {
    const previous = this.links.get(link.chargeBoxId);
    this.links.set(link.chargeBoxId, link);
    return previous;
  }

  /** Removes the link only if it is still the current one, so a replaced connection closing late changes nothing. */
  delete(link: StationLink): boolean {
    if (this.links.get(link.chargeBoxId) !== link) return false;
    this.links.delete(link.chargeBoxId);
    return true;
  }

  get size(): number {
    return this.links.size;
  }

  chargeBoxIds(): string[] {
    return [...this.links.keys()];
  }
}
