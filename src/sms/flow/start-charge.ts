/**
 * Starting a charge by SMS: a new session holds the compartment (the open-session-per-compartment
 * unique index decides between two phones), the station is asked to start with the receipt PIN as
 * its token, and the person is told the PIN and price, or why nothing started.
 */
import type { Ctx } from '../../shared/context.js';
import { StationOffline, StationTimeout } from '../../shared/errors.js';
import { startRefusal } from './compartment-check.js';
import type { Conversation, FlowContext } from './flow-context.js';
import { randomPin, randomReceiptToken, randomRemoteStartId } from './pin.js';
import type { Reply } from './replies.js';
import * as repo from './sms-sessions.repository.js';
import type { Compartment, SmsSessionRow } from './sms-sessions.repository.js';
import type { StatusReplies } from './status-replies.js';

/** PIN collisions at one station are rare (a million PINs); a few fresh draws always suffice. */
const PIN_ATTEMPTS = 8;

export class StartCharge {
  constructor(
    private readonly flow: FlowContext,
    private readonly status: StatusReplies,
  ) {}

  async startCharge(
    ctx: Ctx,
    talk: Conversation,
    compartment: Compartment,
    how: { explicit: boolean },
  ): Promise<void> {
    const { db } = this.flow.deps;
    const name = compartment.shortName;
    // Independent reads, asked at once: the time to the start command is what a person waits for.
    const [open, transactionRunning, price] = await Promise.all([
      repo.findOpenSession(db, compartment.id),
      repo.hasActiveOcppSession(db, compartment.stationId, compartment.evseId),
      this.flow.priceText(ctx, compartment.id, talk.language),
    ]);
    if (open !== undefined)
      return this.status.answerOpen(ctx, talk, compartment, open, how.explicit ? 'start' : 'name');

    const refusal = startRefusal({
      online: this.flow.online(compartment),
      status: compartment.status,
      door: compartment.door,
      locker: compartment.stationKind === 'locker',
      transactionRunning,
      smsSessionOpen: false,
    });
    if (refusal !== undefined) return this.flow.reply(talk, { kind: refusal, name });

    // The price is part of the confirmation: without a tariff nothing starts (never a price of 0).
    if (price === undefined) {
      await this.flow.deps.alerts.raise(ctx, {
        institutionId: compartment.institutionId,
        stationId: compartment.stationId,
        chargePointId: compartment.id,
        kind: 'sms_start_failed',
        severity: 'warning',
        message: {
          de: `SMS-Start an ${name} abgelehnt: kein Tarif.`,
          en: `SMS start at ${name} refused: no tariff.`,
        },
        payload: { reason: 'no_tariff' },
      });
      return this.flow.reply(talk, { kind: 'outOfService', name });
    }

    const created = await this.createSession(ctx, talk, compartment);
    if (created.kind === 'taken')
      return this.status.answerOpen(ctx, talk, compartment, created.open, 'start');
    const sms = created.session;
    const log = ctx.log.child({ smsSessionId: sms.id, stationId: compartment.stationId });
    this.flow.announce(sms);

    let outcome: { state: 'active' } | { state: 'failed'; reason: string; reply: Reply };
    try {
      const sent = await this.flow.deps.commands.sendAsSystem('SMS start', compartment.stationId, {
        command: 'startSession',
        evseId: compartment.evseId,
        idTag: sms.receiptPin,
        idTagType: 'Central',
        remoteStartId: sms.remoteStartId ?? randomRemoteStartId(),
      });
      outcome =
        sent.result.status === 'accepted'
          ? { state: 'active' }
          : {
              state: 'failed',
              reason: `refused: ${sent.result.status}`,
              reply: { kind: 'startRefused', name },
            };
    } catch (error) {
      if (error instanceof StationOffline)
        outcome = { state: 'failed', reason: 'station_offline', reply: { kind: 'stationOffline', name } };
      else if (error instanceof StationTimeout)
        outcome = { state: 'failed', reason: 'station_timeout', reply: { kind: 'stationTimeout', name } };
      else {
        log.error({ err: error }, 'SMS start failed');
        outcome = { state: 'failed', reason: 'error', reply: { kind: 'error' } };
      }
    }

    const now = ctx.now();
    const row = await db.transaction(async (tx) => {
      if (outcome.state === 'active') {
        // The station may have reported the transaction already (linked it, state active).
        const changed = await repo.transition(
          tx,
          sms.id,
          ['starting', 'active'],
          { state: 'active', startedAt: sms.startedAt ?? now },
          now,
        );
        if (changed !== undefined)
          await this.flow.queue(
            tx,
            ctx,
            talk,
            { kind: 'confirmation', name, pin: sms.receiptPin, price },
            sms.id,
          );
        return changed;
      }
      const changed = await repo.transition(
        tx,
        sms.id,
        ['starting'],
        { state: 'failed', failureReason: outcome.reason, endedAt: now },
        now,
      );
      if (changed !== undefined) await this.flow.queue(tx, ctx, talk, outcome.reply, sms.id);
      return changed;
    });
    this.flow.deps.outbox.kick();
    if (row !== undefined) this.flow.announce(row);
    log.info(
      { state: row?.state ?? 'unchanged', outcome: outcome.state === 'failed' ? outcome.reason : 'accepted' },
      'SMS start',
    );
  }

  /** A new open session with a fresh PIN; `taken` when another one holds the compartment already. */
  private async createSession(
    ctx: Ctx,
    talk: Conversation,
    compartment: Compartment,
  ): Promise<{ kind: 'created'; session: SmsSessionRow } | { kind: 'taken'; open: SmsSessionRow }> {
    for (let attempt = 0; attempt < PIN_ATTEMPTS; attempt++) {
      const now = ctx.now();
      const row = await repo.insertSmsSession(this.flow.deps.db, {
        institutionId: compartment.institutionId,
        stationId: compartment.stationId,
        chargePointId: compartment.id,
        evseId: compartment.evseId,
        serviceNumber: talk.serviceNumber,
        phone: talk.phone,
        language: talk.language,
        receiptPin: randomPin(),
        receiptToken: randomReceiptToken(),
        remoteStartId: randomRemoteStartId(),
        state: 'starting',
        createdAt: now,
        updatedAt: now,
      });
      if (row !== undefined) return { kind: 'created', session: row };
      const open = await repo.findOpenSession(this.flow.deps.db, compartment.id);
      if (open !== undefined) return { kind: 'taken', open };
      // Otherwise the PIN was taken at this station: draw another.
    }
    throw new Error(`No free receipt PIN at station ${compartment.stationId} after ${PIN_ATTEMPTS} draws`);
  }

  /** The station reported the transaction of a started session: the session is linked to it. */
  async link(sessionId: string): Promise<void> {
    const row = await repo.linkOcppSession(this.flow.deps.db, sessionId, this.flow.deps.now());
    if (row !== undefined) this.flow.announce(row);
  }
}
