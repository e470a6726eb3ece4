import { EventEmitter } from 'node:events';

/**
 * Live state changes, fanned out to whoever listens (the portal's event stream, later NATS for a
 * cluster). Every event names its institution so listeners can filter by tenant.
 */
export type LiveEvent =
  | { type: 'station.connected'; institutionId: string; stationId: string; chargeBoxId: string }
  | { type: 'station.disconnected'; institutionId: string; stationId: string; chargeBoxId: string }
  | { type: 'station.booted'; institutionId: string; stationId: string; registration: string }
  | {
      type: 'chargePoint.status';
      institutionId: string;
      stationId: string;
      evseId: number;
      status: string;
      errorCode: string | null;
    }
  | { type: 'chargePoint.door'; institutionId: string; stationId: string; evseId: number; door: string }
  | {
      type: 'session.started';
      institutionId: string;
      stationId: string;
      sessionId: string;
      evseId: number | null;
    }
  | { type: 'session.updated'; institutionId: string; stationId: string; sessionId: string; energyWh: number }
  /**
   * Something that decides whether cards may charge changed (a card, its holder, company, strategy or
   * prepaid balance): local authorization lists are brought up to date (local-list/).
   */
  | { type: 'cards.changed'; institutionId: string }
  /** An SMS was stored (inbound) or changed state (outbound: queued, sent, delivered, failed). */
  | {
      type: 'sms.message';
      institutionId: string;
      messageId: string;
      direction: 'inbound' | 'outbound';
      status: string;
      smsSessionId: string | null;
    }
  /** An SMS session changed state (starting, active, stopping, stop_pending, completed, failed). */
  | { type: 'sms.session'; institutionId: string; smsSessionId: string; chargePointId: string; state: string }
  | { type: 'alert.raised'; institutionId: string; alertId: string; kind: string; stationId: string | null }
  | {
      type: 'session.stopped';
      institutionId: string;
      stationId: string;
      sessionId: string;
      energyWh: number;
    };

export class LiveEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open portal tab is a listener.
    this.emitter.setMaxListeners(0);
  }

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
