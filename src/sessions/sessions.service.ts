/**
 * Sessions (Ladevorgänge): how stations report transactions, in version-neutral verbs, and how
 * staff read them. Whatever matters for money is durable before the verb resolves (the OCPP answer
 * goes out after that) and idempotent under retried and duplicated messages.
 */
import type { Logger } from 'pino';
import { assertVisible, can, requirePermission, scopeOf } from '../access/tenant-scope.js';
import type { AuthorizationDecision } from '../authorization/authorization.js';
import type { AuthorizationService } from '../authorization/authorization.service.js';
import type { Db } from '../db/database.js';
import type { OcppVersion, SessionStatus } from '../db/schema.js';
import type { LiveEvents } from '../live/live-events.js';
import type { Ctx } from '../shared/context.js';
import type { Lane, WriteBatcher } from '../shared/write-batcher.js';
import type { StationRef } from '../stations/station-state.service.js';
import { registerRange, type MeterSample } from './meter-values.js';
import { meterLane, type MeterWrite, type MeterWriteResult } from './meter-writer.js';
import {
  applyTransactionEvent,
  completeOcpp16Session,
  findChargePointId,
  findOcpp16Start,
  findSessionByTransaction,
  findSessionView,
  insertMeterRows,
  insertSession,
  insertStationEvent,
  insertTransactionEvent,
  listMeterValues,
  listSessions,
  lockStation,
  nextOcpp16TransactionId,
  type SessionFilter,
  type SessionRow,
  type SessionView,
} from './sessions.repository.js';

export interface IdTokenInput {
  value: string;
  /** 2.0.1 IdTokenEnumType; "ISO14443" for 1.6 idTags. */
  type: string;
}

/** 1.6 StartTransaction. */
export interface StartTransactionInput {
  evseId: number;
  idToken: IdTokenInput;
  meterStartWh: number;
  startedAt: Date;
  reservationId: number | null;
}

export interface StartTransactionResult {
  sessionId: string;
  transactionId: string;
  authorization: AuthorizationDecision;
  /** The same StartTransaction was stored before; its transaction id is returned again. */
  duplicate: boolean;
}

/** 1.6 StopTransaction. */
export interface StopTransactionInput {
  transactionId: string;
  meterStopWh: number;
  stoppedAt: Date;
  idToken: IdTokenInput | null;
  reason: string | null;
  /** transactionData */
  samples: MeterSample[];
  /** The request as received, kept when the transaction is unknown. */
  payload: unknown;
}

export interface StopTransactionResult {
  /** false: no session has this transaction id (recorded as a station event). */
  found: boolean;
  authorization: AuthorizationDecision | undefined;
}

/** 2.0.1 TransactionEvent. */
export interface TransactionEventInput {
  eventType: 'Started' | 'Updated' | 'Ended';
  transactionId: string;
  seqNo: number;
  timestamp: Date;
  triggerReason: string;
  offline: boolean;
  evseId: number | null;
  idToken: IdTokenInput | null;
  stoppedReason: string | null;
  remoteStartId: number | null;
  samples: MeterSample[];
  payload: unknown;
}

export interface TransactionEventResult {
  /** Present when the event carried an id token to decide on. */
  authorization: AuthorizationDecision | undefined;
  duplicate: boolean;
}

export interface MeterValuesInput {
  evseId: number | null;
  transactionId: string | null;
  samples: MeterSample[];
}

/**
 * Runs inside the transaction that completes a session (1.6 StopTransaction, 2.0.1 Ended), once per
 * session: a repeated stop never reaches it. Billing prices and books here, so a stop is acknowledged
 * only once its charge record is stored. It must not throw for business reasons (a missing tariff):
 * that would lose the stop; only database errors may abort.
 */
export interface SessionCompletionHook {
  sessionCompleted(tx: Db, ctx: Ctx, session: SessionRow): Promise<void>;
}

export interface SessionsDeps {
  db: Db;
  log: Logger;
  live: LiveEvents;
  now: () => Date;
  authorization: AuthorizationService;
  /** The shared batched writer (one transaction per round for all high-volume writes). */
  writes: WriteBatcher;
}

/** 1.6 has no offline flag: a transaction message this much older than its receipt was queued offline. */
export const LATE_REPORT_MS = 5 * 60_000;

/** 2.0.1 idToken type for "no authorization needed" (free vend): nothing to decide. */
const NO_AUTHORIZATION = 'NoAuthorization';

export class SessionsService {
  private readonly meterWriter: Lane<MeterWrite, MeterWriteResult>;
  private readonly completionHooks: SessionCompletionHook[] = [];

  constructor(private readonly deps: SessionsDeps) {
    this.meterWriter = meterLane(deps.writes, deps.live, deps.now);
  }

  /** Billing registers here (app/services.ts). */
  onSessionCompleted(hook: SessionCompletionHook): void {
    this.completionHooks.push(hook);
  }

  private async completed(tx: Db, ctx: Ctx, session: SessionRow): Promise<void> {
    for (const hook of this.completionHooks) await hook.sessionCompleted(tx, ctx, session);
  }

  // ---- station side ----

  /** 1.6 StartTransaction: a repeated one (same connector, token, time, meter) gets the same transaction id. */
  async startTransaction(
    ctx: Ctx,
    station: StationRef,
    input: StartTransactionInput,
  ): Promise<StartTransactionResult> {
    const authorization = await this.deps.authorization.authorize(ctx, {
      institutionId: station.institutionId,
      stationId: station.stationId,
      evseId: input.evseId,
      idToken: input.idToken.value,
      type: input.idToken.type,
    });
    const late = ctx.now().getTime() - input.startedAt.getTime() > LATE_REPORT_MS;
    const { session, duplicate } = await this.deps.db.transaction(async (tx) => {
      await lockStation(tx, station.stationId);
      const existing = await findOcpp16Start(tx, {
        stationId: station.stationId,
        evseId: input.evseId,
        idTag: input.idToken.value,
        startedAt: input.startedAt,
        meterStartWh: input.meterStartWh,
      });
      if (existing !== undefined) return { session: existing, duplicate: true };
      const transactionId = await nextOcpp16TransactionId(tx);
      const created = await insertSession(tx, {
        institutionId: station.institutionId,
        stationId: station.stationId,
        chargePointId: await findChargePointId(tx, station.stationId, input.evseId),
        evseId: input.evseId,
        transactionId: String(transactionId),
        ocppVersion: 'ocpp1.6',
        idTag: input.idToken.value,
        idTagType: input.idToken.type,
        authorizationStatus: authorization.status,
        authorizationReason: authorization.reason ?? null,
        tokenId: authorization.tokenId ?? null,
        smsSessionId: authorization.smsSessionId ?? null,
        startedAt: input.startedAt,
        meterStartWh: input.meterStartWh,
        offline: late,
        remoteStartId: input.reservationId,
      });
      return { session: created, duplicate: false };
    });
    const log = sessionLog(ctx, session);
    if (duplicate) log.debug('repeated StartTransaction answered with the stored transaction id');
    else {
      log.debug({ authorization: authorization.status }, 'session started');
      this.publishStarted(session);
    }
    return { sessionId: session.id, transactionId: session.transactionId, authorization, duplicate };
  }

  /** 1.6 StopTransaction: stored once; an unknown transaction id is kept as a station event, never lost. */
  async stopTransaction(
    ctx: Ctx,
    station: StationRef,
    input: StopTransactionInput,
  ): Promise<StopTransactionResult> {
    const authorization =
      input.idToken === null
        ? undefined
        : await this.deps.authorization.authorize(ctx, {
            institutionId: station.institutionId,
            stationId: station.stationId,
            idToken: input.idToken.value,
            type: input.idToken.type,
          });
    const now = ctx.now();
    const late = now.getTime() - input.stoppedAt.getTime() > LATE_REPORT_MS;
    const outcome = await this.deps.db.transaction(async (tx) => {
      await lockStation(tx, station.stationId);
      const session = await findSessionByTransaction(tx, station.stationId, input.transactionId);
      if (session === undefined) {
        await insertStationEvent(tx, {
          institutionId: station.institutionId,
          stationId: station.stationId,
          kind: 'unknown_transaction_stop',
          payload: input.payload,
          at: now,
        });
        return { kind: 'unknown' as const };
      }
      const completed = await completeOcpp16Session(tx, session.id, {
        stoppedAt: input.stoppedAt,
        meterStopWh: input.meterStopWh,
        stopReason: input.reason ?? 'Local',
        late,
        now,
      });
      if (completed === undefined) return { kind: 'repeated' as const, session };
      // Meter rows first: billing may place energy in time from them.
      await insertMeterRows(
        tx,
        input.samples.map((sample) => ({
          ...sample,
          institutionId: station.institutionId,
          stationId: station.stationId,
          sessionId: session.id,
          evseId: session.evseId,
        })),
      );
      await this.completed(tx, ctx, completed);
      return { kind: 'completed' as const, session: completed };
    });
    switch (outcome.kind) {
      case 'unknown':
        ctx.log.warn(
          { transactionId: input.transactionId },
          'StopTransaction for an unknown transaction kept as a station event',
        );
        return { found: false, authorization };
      case 'repeated':
        sessionLog(ctx, outcome.session).debug('repeated StopTransaction ignored');
        return { found: true, authorization };
      case 'completed':
        sessionLog(ctx, outcome.session).debug({ energyWh: outcome.session.energyWh }, 'session stopped');
        this.publishStopped(outcome.session);
        return { found: true, authorization };
    }
  }

  /**
   * 2.0.1 TransactionEvent, in whatever order and however often they arrive: each (transaction,
   * seqNo) is stored once; an Updated or Ended event of an unknown transaction creates its session
   * (the Started event may come later or never, e.g. after an offline period).
   */
  async transactionEvent(
    ctx: Ctx,
    station: StationRef,
    input: TransactionEventInput,
  ): Promise<TransactionEventResult> {
    const decide = input.idToken !== null && input.idToken.type !== NO_AUTHORIZATION;
    if (input.eventType === 'Updated' && !decide && input.remoteStartId === null) {
      // The common case, periodic meter values of a running transaction: batched.
      const result = await this.meterWriter.add({
        institutionId: station.institutionId,
        stationId: station.stationId,
        evseId: input.evseId,
        transactionId: input.transactionId,
        samples: input.samples,
        event: {
          seqNo: input.seqNo,
          eventType: input.eventType,
          triggerReason: input.triggerReason,
          offline: input.offline,
          timestamp: input.timestamp,
          payload: input.payload,
        },
      });
      if (result !== 'unknown_transaction')
        return { authorization: undefined, duplicate: result === 'duplicate' };
    }
    const authorization = decide
      ? await this.deps.authorization.authorize(ctx, {
          institutionId: station.institutionId,
          stationId: station.stationId,
          ...(input.evseId === null ? {} : { evseId: input.evseId }),
          idToken: input.idToken!.value,
          type: input.idToken!.type,
        })
      : undefined;
    const now = ctx.now();
    const range = registerRange(input.samples);
    const outcome = await this.deps.db.transaction(async (tx) => {
      await lockStation(tx, station.stationId);
      let session = await findSessionByTransaction(tx, station.stationId, input.transactionId);
      const chargePointId = await findChargePointId(tx, station.stationId, input.evseId);
      let created = false;
      if (session === undefined) {
        session = await insertSession(tx, {
          institutionId: station.institutionId,
          stationId: station.stationId,
          chargePointId,
          evseId: input.evseId,
          transactionId: input.transactionId,
          ocppVersion: 'ocpp2.0.1',
          status: 'active',
          startedAt: input.timestamp,
          meterStartWh: range?.minWh ?? null,
        });
        created = true;
      }
      const fresh = await insertTransactionEvent(tx, {
        sessionId: session.id,
        seqNo: input.seqNo,
        eventType: input.eventType,
        triggerReason: input.triggerReason,
        offline: input.offline,
        timestamp: input.timestamp,
        payload: input.payload ?? {},
      });
      if (!fresh) return { session, duplicate: true, created, wasActive: session.status === 'active' };
      const wasActive = session.status === 'active';
      const tokenDecided = decide && authorization !== undefined;
      const updated = await applyTransactionEvent(tx, session.id, {
        timestamp: input.timestamp,
        seqNo: input.seqNo,
        offline: input.offline,
        evseId: input.evseId,
        chargePointId,
        idTag: tokenDecided ? input.idToken!.value : null,
        idTagType: tokenDecided ? input.idToken!.type : null,
        authorizationStatus: tokenDecided ? authorization.status : null,
        authorizationReason: tokenDecided ? (authorization.reason ?? null) : null,
        tokenId: tokenDecided ? (authorization.tokenId ?? null) : null,
        smsSessionId: tokenDecided ? (authorization.smsSessionId ?? null) : null,
        remoteStartId: input.remoteStartId,
        registerMinWh: range?.minWh ?? null,
        registerMaxWh: range?.maxWh ?? null,
        ended: input.eventType === 'Ended' ? { stoppedReason: input.stoppedReason ?? 'Local' } : null,
        now,
      });
      await insertMeterRows(
        tx,
        input.samples.map((sample) => ({
          ...sample,
          institutionId: station.institutionId,
          stationId: station.stationId,
          sessionId: session.id,
          evseId: updated.evseId,
        })),
      );
      if (wasActive && updated.status === 'completed') await this.completed(tx, ctx, updated);
      return { session: updated, duplicate: false, created, wasActive };
    });
    const log = sessionLog(ctx, outcome.session);
    if (outcome.duplicate) {
      log.debug({ seqNo: input.seqNo }, 'repeated TransactionEvent ignored');
      return { authorization, duplicate: true };
    }
    if (outcome.created) {
      if (input.eventType !== 'Started')
        log.info({ eventType: input.eventType }, 'session created from a late event');
      this.publishStarted(outcome.session);
    }
    if (outcome.wasActive && outcome.session.status === 'completed') this.publishStopped(outcome.session);
    else if (outcome.session.status === 'active' && !outcome.created) {
      this.deps.live.publish({
        type: 'session.updated',
        institutionId: outcome.session.institutionId,
        stationId: outcome.session.stationId,
        sessionId: outcome.session.id,
        energyWh: outcome.session.energyWh,
      });
    }
    return { authorization, duplicate: false };
  }

  /** Meter values (1.6 MeterValues, 2.0.1 MeterValues): batched, stored before the promise resolves. */
  async recordMeterValues(ctx: Ctx, station: StationRef, input: MeterValuesInput): Promise<void> {
    if (input.samples.length === 0) return;
    const result = await this.meterWriter.add({
      institutionId: station.institutionId,
      stationId: station.stationId,
      evseId: input.evseId,
      transactionId: input.transactionId,
      samples: input.samples,
    });
    if (result === 'unknown_transaction') {
      ctx.log.warn(
        { transactionId: input.transactionId },
        'meter values of an unknown transaction stored without a session',
      );
    }
  }

  /** Everything batched so far is written. */
  async flush(): Promise<void> {
    await this.deps.writes.drain();
  }

  // ---- read side ----

  async list(
    ctx: Ctx,
    filter: SessionFilter,
    page: { limit: number; offset: number },
  ): Promise<SessionView[]> {
    requirePermission(ctx.actor, 'sessions:read');
    const rows = await listSessions(this.deps.db, scopeOf(ctx.actor), filter, page);
    return rows.map((row) => hideReceiptPin(ctx.actor, row));
  }

  async get(ctx: Ctx, sessionId: string): Promise<SessionView> {
    requirePermission(ctx.actor, 'sessions:read');
    const row = assertVisible(
      ctx.actor,
      await findSessionView(this.deps.db, sessionId),
      'session',
      sessionId,
    );
    return hideReceiptPin(ctx.actor, row);
  }

  async meterValues(ctx: Ctx, sessionId: string, page: { limit: number; offset: number }) {
    await this.get(ctx, sessionId);
    return listMeterValues(this.deps.db, sessionId, page);
  }

  private publishStarted(session: SessionRow): void {
    this.deps.live.publish({
      type: 'session.started',
      institutionId: session.institutionId,
      stationId: session.stationId,
      sessionId: session.id,
      evseId: session.evseId,
    });
  }

  private publishStopped(session: SessionRow): void {
    this.deps.live.publish({
      type: 'session.stopped',
      institutionId: session.institutionId,
      stationId: session.stationId,
      sessionId: session.id,
      energyWh: session.energyWh,
    });
  }
}

function sessionLog(ctx: Ctx, session: { id: string; transactionId: string }): Logger {
  return ctx.log.child({ sessionId: session.id, transactionId: session.transactionId });
}

export type { SessionFilter, SessionView, SessionStatus, OcppVersion };

/**
 * A session started by SMS carries the receipt PIN as its id token, and the PIN opens the
 * compartment while the session runs: only roles that manage SMS (admins) see it, as in the SMS log.
 */
export const MASKED_RECEIPT_PIN = '••••••';

export function hideReceiptPin(actor: Ctx['actor'], row: SessionView): SessionView {
  if (row.smsSessionId === null || row.idTag === null || can(actor, 'sms:manage')) return row;
  return { ...row, idTag: MASKED_RECEIPT_PIN };
}
