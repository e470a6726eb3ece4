/**
 * Ending a charge by SMS: only the phone that started it may end it. The station is asked to stop;
 * a station that is offline gets the stop when it returns (pending-stops.ts), and a refused or
 * unanswered stop leaves the session running and the person told.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Ctx } from '../../shared/context.js';
import { StationOffline, StationTimeout } from '../../shared/errors.js';
import type { Conversation, FlowContext } from './flow-context.js';
import type { Reply } from './replies.js';
import * as repo from './sms-sessions.repository.js';
import type { Compartment, SmsSessionRow } from './sms-sessions.repository.js';
import type { StatusReplies } from './status-replies.js';

/** A stop asked this soon after the start may come before the station reported the transaction. */
const START_REPORT_GRACE_MS = 2 * 60_000;
/** A stop SMS this soon after the end is answered "already ended" rather than "nothing to stop". */
const RECENTLY_ENDED_MS = 60 * 60_000;
/** A stop refused within this long after the start is asked again after 0.5 s, 1 s, 2 s. */
const EARLY_STOP_WINDOW_MS = 30_000;
const EARLY_STOP_RETRY_MS = 500;
const EARLY_STOP_RETRIES = 3;

export class StopCharge {
  constructor(
    private readonly flow: FlowContext,
    private readonly status: StatusReplies,
  ) {}

  async stopOfPhone(ctx: Ctx, talk: Conversation): Promise<void> {
    const open = await repo.openSessionsOfPhone(this.flow.deps.db, talk.institutionId!, talk.phone);
    if (open.length === 0) return this.flow.reply(talk, { kind: 'nothingToStop', name: undefined });
    if (open.length > 1)
      return this.flow.reply(talk, { kind: 'stopWhich', names: open.map((s) => s.shortName) });
    const compartment = await repo.findCompartment(this.flow.deps.db, open[0]!.chargePointId);
    return this.stopCharge(ctx, talk, compartment!);
  }

  async stopCharge(ctx: Ctx, talk: Conversation, compartment: Compartment): Promise<void> {
    const { db } = this.flow.deps;
    const name = compartment.shortName;
    const open = await repo.findOpenSession(db, compartment.id);
    if (open === undefined) {
      const latest = await repo.findLatestOfPhone(db, compartment.id, talk.phone);
      const recentlyEnded =
        latest?.state === 'completed' &&
        latest.endedAt !== null &&
        ctx.now().getTime() - latest.endedAt.getTime() < RECENTLY_ENDED_MS;
      return this.flow.reply(
        talk,
        recentlyEnded ? { kind: 'alreadyEnded', name } : { kind: 'nothingToStop', name },
      );
    }
    // Only the phone that started it may end it: nothing is sent to the station for anyone else.
    if (open.phone !== talk.phone) return this.flow.reply(talk, { kind: 'notYours', name });
    if (open.state !== 'active') return this.status.answerOpen(ctx, talk, compartment, open, 'name');

    const ocpp = await repo.findOcppSession(db, open);
    const now = ctx.now();
    if (ocpp === undefined) {
      if (now.getTime() - open.createdAt.getTime() < START_REPORT_GRACE_MS)
        return this.flow.reply(talk, { kind: 'notStartedYet', name });
      // Accepted but never started: nothing locked, nothing to bill; the compartment is free again.
      const failed = await db.transaction(async (tx) => {
        const row = await repo.transition(
          tx,
          open.id,
          ['active'],
          { state: 'failed', failureReason: 'no_transaction', endedAt: now },
          now,
        );
        if (row !== undefined) await this.flow.queue(tx, ctx, talk, { kind: 'nothingToStop', name }, open.id);
        return row;
      });
      this.flow.deps.outbox.kick();
      if (failed !== undefined) this.flow.announce(failed);
      return;
    }
    if (ocpp.status === 'completed') return this.flow.reply(talk, { kind: 'alreadyEnded', name });

    const claimed = await repo.transition(
      db,
      open.id,
      ['active'],
      { state: 'stopping', stopRequestedAt: now, sessionId: ocpp.id },
      now,
    );
    // Another stop (SMS, keypad) got there first.
    if (claimed === undefined) return this.flow.reply(talk, { kind: 'stopping', name });
    this.flow.announce(claimed);
    if (!this.flow.online(compartment)) return this.deferStop(ctx, talk, compartment, claimed);

    try {
      let sent = await this.sendStop(compartment.stationId, ocpp.transactionId);
      // A stop texted right after the start may reach a 1.6 station before it has read the
      // transaction id in its StartTransaction answer: it refuses; asked again a moment later it stops.
      for (let retry = 0; sent !== 'accepted' && retry < EARLY_STOP_RETRIES; retry++) {
        if (ctx.now().getTime() - ocpp.startedAt.getTime() > EARLY_STOP_WINDOW_MS) break;
        await sleep(EARLY_STOP_RETRY_MS * 2 ** retry);
        sent = await this.sendStop(compartment.stationId, ocpp.transactionId);
      }
      // Accepted: the station ends the transaction and unlocks the door; the closing SMS follows
      // from sessionCompleted once the stop is stored and billed.
      if (sent === 'accepted') return;
      await this.undoStop(ctx, talk, claimed, { kind: 'stopRefused', name });
    } catch (error) {
      if (error instanceof StationOffline) return this.deferStop(ctx, talk, compartment, claimed);
      if (error instanceof StationTimeout)
        return this.undoStop(ctx, talk, claimed, { kind: 'stopTimeout', name });
      ctx.log.error({ err: error, smsSessionId: open.id }, 'SMS stop failed');
      return this.undoStop(ctx, talk, claimed, { kind: 'error' });
    }
  }

  private async sendStop(stationId: string, transactionId: string): Promise<string> {
    const sent = await this.flow.deps.commands.sendAsSystem('SMS stop', stationId, {
      command: 'stopSession',
      transactionId,
    });
    return sent.result.status;
  }

  /** The stop did not happen: the session runs on (unless it ended meanwhile) and the person is told. */
  private async undoStop(ctx: Ctx, talk: Conversation, sms: SmsSessionRow, reply: Reply): Promise<void> {
    const now = ctx.now();
    const row = await this.flow.deps.db.transaction(async (tx) => {
      const changed = await repo.transition(
        tx,
        sms.id,
        ['stopping'],
        { state: 'active', stopRequestedAt: null },
        now,
      );
      if (changed !== undefined) await this.flow.queue(tx, ctx, talk, reply, sms.id);
      return changed;
    });
    this.flow.deps.outbox.kick();
    if (row !== undefined) this.flow.announce(row);
  }

  /** The station is offline: the stop waits for it (sent on reconnect), staff see an alert. */
  private async deferStop(
    ctx: Ctx,
    talk: Conversation,
    compartment: Compartment,
    sms: SmsSessionRow,
  ): Promise<void> {
    const now = ctx.now();
    const row = await this.flow.deps.db.transaction(async (tx) => {
      const changed = await repo.transition(tx, sms.id, ['stopping'], { state: 'stop_pending' }, now);
      if (changed === undefined) return undefined;
      await this.flow.queue(tx, ctx, talk, { kind: 'stopPending', name: compartment.shortName }, sms.id);
      await this.flow.deps.alerts.raise(
        ctx,
        {
          institutionId: compartment.institutionId,
          stationId: compartment.stationId,
          chargePointId: compartment.id,
          kind: 'sms_stop_pending',
          severity: 'warning',
          message: {
            de: `Ende von ${compartment.shortName} per SMS wartet: Station ${compartment.chargeBoxId} offline.`,
            en: `SMS stop of ${compartment.shortName} waits: station ${compartment.chargeBoxId} offline.`,
          },
          payload: { smsSessionId: sms.id },
        },
        tx,
      );
      return changed;
    });
    this.flow.deps.outbox.kick();
    if (row !== undefined) this.flow.announce(row);
  }
}
