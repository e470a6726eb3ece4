/**
 * Stops that waited for an offline station (stop_pending) are sent when it returns; the closing SMS
 * then tells the person that the station is back.
 */
import type { Ctx } from '../../shared/context.js';
import { StationOffline } from '../../shared/errors.js';
import type { BackgroundWork } from './background-work.js';
import type { FlowContext } from './flow-context.js';
import * as repo from './sms-sessions.repository.js';
import type { SmsSessionRow } from './sms-sessions.repository.js';

/** A pending stop the returning station refused is tried again after 1 s, 2 s, 4 s, ... (at most a minute apart). */
const PENDING_STOP_RETRY_MS = 1_000;
const PENDING_STOP_RETRIES = 8;

export class PendingStops {
  /** SMS sessions whose pending stop is being sent now (a reconnect and a boot come close together). */
  private readonly sendingStops = new Set<string>();

  constructor(
    private readonly flow: FlowContext,
    private readonly background: BackgroundWork,
  ) {}

  /** A station came back: its waiting stops are sent; the closing SMS tells the person. */
  async send(stationId: string): Promise<void> {
    const ctx = this.flow.systemCtx('SMS pending stop');
    for (const sms of await repo.pendingStopsOfStation(this.flow.deps.db, stationId)) {
      if (this.sendingStops.has(sms.id)) continue;
      this.sendingStops.add(sms.id);
      try {
        if (!(await this.sendPendingStop(ctx, sms))) this.retryPendingStop(sms, 1);
      } finally {
        this.sendingStops.delete(sms.id);
      }
    }
  }

  /**
   * Sends one waiting stop; true when it is done (accepted, or the session ended meanwhile). A station
   * just back may refuse it while it still replays what it queued offline (a 1.6 station learns the
   * transaction id only from the answer to its StartTransaction): then it is tried again shortly.
   */
  private async sendPendingStop(ctx: Ctx, sms: SmsSessionRow): Promise<boolean> {
    const log = ctx.log.child({ smsSessionId: sms.id, stationId: sms.stationId });
    const current = await repo.findSmsSession(this.flow.deps.db, sms.id);
    if (current?.state !== 'stop_pending') return true;
    const ocpp = await repo.findOcppSession(this.flow.deps.db, current);
    // Ended meanwhile (its StopTransaction was queued at the station): sessionCompleted closed it.
    if (ocpp === undefined || ocpp.status === 'completed') return true;
    try {
      const sent = await this.flow.deps.commands.sendAsSystem('SMS pending stop', sms.stationId, {
        command: 'stopSession',
        transactionId: ocpp.transactionId,
      });
      // The state stays stop_pending until the stop is stored: the closing SMS says the station is back.
      log.info({ status: sent.result.status }, 'pending SMS stop sent');
      return sent.result.status === 'accepted';
    } catch (error) {
      log.warn({ err: error }, 'pending SMS stop not sent; tried again when the station returns');
      // Offline again: the next connect sends it.
      return error instanceof StationOffline;
    }
  }

  private retryPendingStop(sms: SmsSessionRow, attempt: number): void {
    if (this.background.stopped || attempt > PENDING_STOP_RETRIES) return;
    this.background.later(Math.min(PENDING_STOP_RETRY_MS * 2 ** (attempt - 1), 60_000), () => {
      if (this.background.stopped || this.sendingStops.has(sms.id)) return;
      this.sendingStops.add(sms.id);
      const ctx = this.flow.systemCtx('SMS pending stop');
      const work = this.sendPendingStop(ctx, sms)
        .then((done) => {
          if (!done) this.retryPendingStop(sms, attempt + 1);
        })
        .finally(() => this.sendingStops.delete(sms.id));
      this.background.track(work, 'retrying a pending SMS stop failed');
    });
  }
}
