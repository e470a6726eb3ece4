/** Reminders to pick up the device when a session runs longer than the institution allows. */
import type { FlowContext } from './flow-context.js';
import * as repo from './sms-sessions.repository.js';

const REMINDER_BATCH = 100;

export class Reminders {
  constructor(private readonly flow: FlowContext) {}

  /** One reminder to each session running longer than its institution allows (once per session). */
  async remindOverdue(): Promise<number> {
    const ctx = this.flow.systemCtx('SMS reminder');
    const now = ctx.now();
    const overdue = await repo.overdueSessions(
      this.flow.deps.db,
      now,
      this.flow.deps.config.sms.reminderAfterMinutes,
      REMINDER_BATCH,
    );
    let sent = 0;
    for (const sms of overdue) {
      const seconds = Math.floor((now.getTime() - sms.startedAt!.getTime()) / 1000);
      const done = await this.flow.deps.db.transaction(async (tx) => {
        const [marked] = await repo.markReminded(tx, sms.id, now);
        if (marked === undefined) return false;
        await this.flow.queue(
          tx,
          ctx,
          {
            institutionId: sms.institutionId,
            serviceNumber: sms.serviceNumber,
            phone: sms.phone,
            language: sms.language,
          },
          { kind: 'reminder', name: sms.shortName, durationSeconds: seconds, pin: sms.receiptPin },
          sms.id,
        );
        await this.flow.deps.alerts.raise(
          ctx,
          {
            institutionId: sms.institutionId,
            stationId: sms.stationId,
            chargePointId: sms.chargePointId,
            kind: 'session_overdue',
            severity: 'info',
            message: {
              de: `${sms.shortName} lädt seit über ${Math.floor(seconds / 60)} Minuten; Erinnerung per SMS gesendet.`,
              en: `${sms.shortName} has been charging for over ${Math.floor(seconds / 60)} minutes; SMS reminder sent.`,
            },
            payload: { smsSessionId: sms.id },
          },
          tx,
        );
        return true;
      });
      if (done) sent++;
    }
    if (sent > 0) this.flow.deps.outbox.kick();
    return sent;
  }
}
