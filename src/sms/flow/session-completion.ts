/**
 * The end of an SMS session: when its charge is stored and billed, the person gets the closing SMS
 * (duration, cost, receipt link). It runs inside the stop's transaction, so the SMS and its
 * announcement wait until that transaction committed.
 */
import type { Db } from '../../db/database.js';
import type { LiveEvent } from '../../live/live-events.js';
import type { SessionRow } from '../../sessions/sessions.repository.js';
import type { Ctx } from '../../shared/context.js';
import { receiptPath } from '../sms.js';
import type { FlowContext } from './flow-context.js';
import * as repo from './sms-sessions.repository.js';

export class SessionCompletion {
  /** sms.session events of completions, announced once their transaction committed. */
  private readonly completedBySession = new Map<string, LiveEvent>();

  constructor(private readonly flow: FlowContext) {}

  /** Runs inside the stop's transaction, after billing froze the charge record: queues the closing SMS. */
  async completed(tx: Db, ctx: Ctx, session: SessionRow): Promise<void> {
    const smsSessionId = session.smsSessionId ?? (await this.smsSessionOf(tx, session.id));
    if (smsSessionId === undefined) return;
    const sms = await repo.lockSmsSession(tx, smsSessionId);
    // A failed session (its start was given up) that the station started late: nothing to tell.
    if (sms === undefined || sms.state === 'completed' || sms.state === 'failed') return;
    const now = ctx.now();
    const record = await repo.chargeRecordOfSession(tx, session.id);
    const stoppedAt = session.stoppedAt ?? now;
    const durationSeconds =
      record?.durationSeconds ??
      Math.max(0, Math.round((stoppedAt.getTime() - session.startedAt.getTime()) / 1000));
    const completed = await repo.transition(
      tx,
      sms.id,
      repo.OPEN_STATES,
      {
        state: 'completed',
        endedAt: stoppedAt,
        sessionId: session.id,
        startedAt: sms.startedAt ?? session.startedAt,
      },
      now,
    );
    if (completed === undefined) return;
    const compartment = await repo.findCompartment(tx, sms.chargePointId);
    await this.flow.queue(
      tx,
      ctx,
      {
        institutionId: sms.institutionId,
        serviceNumber: sms.serviceNumber,
        phone: sms.phone,
        language: sms.language,
      },
      {
        kind: 'closing',
        name: compartment?.shortName ?? '',
        durationSeconds,
        cost: record === undefined ? null : { cents: record.totalCents, currency: record.currency },
        // The receipt page speaks the language the person texted in.
        receiptUrl: `${this.flow.deps.config.publicUrl}${receiptPath(sms.receiptToken)}${sms.language === 'en' ? '?lang=en' : ''}`,
        afterPendingStop: sms.state === 'stop_pending',
      },
      sms.id,
    );
    // Sent and announced once the stop committed (SessionsService publishes session.stopped then).
    this.completedBySession.set(session.id, this.flow.sessionEvent(completed));
  }

  private async smsSessionOf(tx: Db, sessionId: string): Promise<string | undefined> {
    const [row] = await repo.smsSessionsOfOcppSession(tx, sessionId);
    return row?.id;
  }

  /** The stop of `sessionId` committed (session.stopped): its closing SMS is sent and the end announced. */
  committed(sessionId: string): void {
    const completed = this.completedBySession.get(sessionId);
    if (completed !== undefined) {
      this.completedBySession.delete(sessionId);
      this.flow.deps.outbox.kick();
      this.flow.deps.live.publish(completed);
    }
  }
}
