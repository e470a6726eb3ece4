/**
 * The money: a completed session is priced and frozen into a charge record and booked to its payer
 * exactly once (prepaid ledger debit, postpaid invoice line, carrier charge); top-ups, refunds and
 * corrections; monthly invoices and receipts. docs/billing.md explains the rules.
 */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import { resolvePayer } from '../accounts/payer.js';
import type { ServiceDeps } from '../app/services.js';
import { actorLabel, recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { ChargeRecordBooking, DocumentKind, LedgerEntryKind } from '../db/schema.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import type { PricedSession, PricingSubject, SessionPricer } from '../pricing/pricing.js';
import type { SessionCompletionHook } from '../sessions/sessions.service.js';
import type { SessionRow } from '../sessions/sessions.repository.js';
import type { Ctx } from '../shared/context.js';
import { uniqueViolation } from '../shared/db-errors.js';
import { Conflict, FachwerkError, NotFound, ValidationFailed } from '../shared/errors.js';
import { balanceOf } from './balance.js';
import { formatDate, MONTH_PATTERN, monthBounds } from '../shared/berlin-time.js';
import * as repo from './billing.repository.js';
import { chargeRecordsCsv } from './charge-records.csv.js';
import { takeDocumentNumber } from './document-numbers.js';
import {
  bookingFor,
  carrierChargeFor,
  chargingEndedAt,
  correctionLine,
  freezeAmounts,
  registerReadings,
  type ChargeLine,
} from './freeze.js';
import { decimalKwh, formatDuration, splitGross } from '../shared/money.js';
import {
  renderInvoicePdf,
  renderReceiptPdf,
  type InvoicePdfLine,
  type IssuerProfile,
  type RateTotal,
  type Recipient,
} from './pdf.js';

export type { ChargeRecordRow, DocumentSummary, LedgerEntryRow } from './billing.repository.js';
export type { ChargeRecordFilter, DocumentFilter } from './billing.repository.js';

type Page = { limit: number; offset: number };

/** What freezing a session came to. */
export type FreezeOutcome =
  | { kind: 'created'; record: repo.ChargeRecordRow }
  | { kind: 'existing'; record: repo.ChargeRecordRow }
  | { kind: 'unpriced'; error: unknown };

export interface BillingProfile {
  institutionId: string;
  legalName: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  vatId: string | null;
  taxNumber: string | null;
  billingEmail: string | null;
  iban: string | null;
  bic: string | null;
  currency: string;
  /** What an invoice still needs (§14 Abs. 4 UStG); empty when documents can be issued. */
  missing: string[];
}

export type BillingProfileInput = Partial<
  Pick<
    BillingProfile,
    | 'legalName'
    | 'street'
    | 'postalCode'
    | 'city'
    | 'country'
    | 'vatId'
    | 'taxNumber'
    | 'billingEmail'
    | 'iban'
    | 'bic'
  >
>;

export interface LedgerPostingInput {
  amountCents: number;
  note?: string | null;
  idempotencyKey?: string | null;
}

export interface PostingResult {
  entry: repo.LedgerEntryRow;
  /** The receipt issued for a top-up. */
  document: repo.DocumentSummary | null;
  balanceCents: number;
  /** The same idempotency key was booked before: nothing was booked again. */
  replayed: boolean;
}

export interface InvoiceRunResult {
  month: string;
  institutionId: string;
  periodStart: Date;
  periodEnd: Date;
  created: repo.DocumentSummary[];
  /** Invoices of this month issued by an earlier run. */
  existing: repo.DocumentSummary[];
  /** Accounts with something to bill whose recipient lacks what an invoice must show. */
  skipped: { accountId: string; accountNumber: string; missing: string[] }[];
}

/** Completed sessions repriced per start-up at most (the rest wait for the next start or the API). */
export const SWEEP_LIMIT = 500;
/** Sessions remembered for a cards.changed after their stop commits (a rolled-back stop never reports). */
const PENDING_LIMIT = 10_000;

export class BillingService implements SessionCompletionHook {
  /** Session id → institution: prepaid debits booked inside a stop transaction not yet reported. */
  private readonly debitedInStop = new Map<string, string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: ServiceDeps & { pricer: SessionPricer }) {
    // The completion hook runs inside the stop's transaction; SessionsService publishes
    // session.stopped only after that transaction committed, so that is when the debit is real.
    this.unsubscribe = deps.live.subscribe((event) => {
      if (event.type !== 'session.stopped') return;
      const institutionId = this.debitedInStop.get(event.sessionId);
      if (institutionId === undefined) return;
      this.debitedInStop.delete(event.sessionId);
      this.deps.live.publish({ type: 'cards.changed', institutionId });
    });
  }

  private get db(): Db {
    return this.deps.db;
  }

  close(): void {
    this.unsubscribe();
  }

  // ---- freezing and booking ----

  /** The completion hook: runs inside the transaction that completes the session, once per session. */
  async sessionCompleted(tx: Db, ctx: Ctx, session: SessionRow): Promise<void> {
    const outcome = await this.freeze(tx, ctx, session, 'system:session-completed');
    if (outcome.kind === 'created' && outcome.record.booking === 'ledger') {
      if (this.debitedInStop.size >= PENDING_LIMIT) {
        const oldest = this.debitedInStop.keys().next().value;
        if (oldest !== undefined) this.debitedInStop.delete(oldest);
      }
      this.debitedInStop.set(session.id, session.institutionId);
    }
  }

  /**
   * Prices a completed session and stores its one charge record, booked to the payer. Never throws
   * for a pricing failure: the session stays unpriced (logged) and nothing is written.
   */
  private async freeze(tx: Db, ctx: Ctx, session: SessionRow, createdBy: string): Promise<FreezeOutcome> {
    const log = ctx.log.child({ stationId: session.stationId, sessionId: session.id });
    const existing = await repo.findSessionRecord(tx, session.id);
    if (existing !== undefined) return { kind: 'existing', record: existing };
    const stoppedAt = session.stoppedAt ?? session.updatedAt;
    const station = await repo.stationBilling(tx, session.stationId);
    const stationFree = station?.authorizationMode === 'free';
    // A session started by SMS is billed to the phone: no payer account, so no user or group
    // discounts either; the price is the one the confirmation SMS quoted (docs/carrier-billing.md).
    const smsSession = await this.smsSessionOf(tx, session, log);
    const payer =
      smsSession !== undefined || session.tokenId === null
        ? undefined
        : await resolvePayer(tx, session.tokenId);
    const booking = bookingFor(stationFree, payer, smsSession !== undefined);
    const readings = registerReadings(await repo.registerRows(tx, session.id));
    const subject: PricingSubject = {
      institutionId: session.institutionId,
      stationId: session.stationId,
      chargePointId: session.chargePointId,
      userId: payer?.userId ?? null,
      userGroupId: payer?.userGroupId ?? null,
      strategyId: payer?.strategyId ?? null,
      startedAt: session.startedAt,
      stoppedAt,
      chargingEndedAt: chargingEndedAt(readings, {
        startedAt: session.startedAt,
        stoppedAt,
        meterStartWh: session.meterStartWh,
        meterStopWh: session.meterStopWh,
      }),
      energyWh: session.energyWh,
      ...(readings.length > 0 ? { energySamples: readings } : {}),
    };
    let priced: PricedSession | undefined;
    try {
      // A savepoint: whatever pricing did is undone when it fails, and the stop is still stored.
      priced = await tx.transaction((savepoint) => this.deps.pricer.priceSession(savepoint, subject));
    } catch (error) {
      const details = { err: error, chargePointId: session.chargePointId };
      if (error instanceof FachwerkError) log.warn(details, `session not priced: ${error.message}`);
      else log.error(details, 'session not priced: pricing failed unexpectedly');
      // A free station books nothing for anyone: its record is kept even without a price.
      if (!stationFree) return { kind: 'unpriced', error };
    }
    const amounts = freezeAmounts(priced, booking, stationFree ? 'station' : 'strategy');
    const record = await repo.insertChargeRecord(tx, {
      institutionId: session.institutionId,
      kind: 'session',
      sessionId: session.id,
      stationId: session.stationId,
      chargePointId: session.chargePointId,
      evseId: session.evseId,
      chargePointName: await repo.chargePointName(tx, session.chargePointId),
      idTag: session.idTag,
      tokenId: session.tokenId,
      userId: payer?.userId ?? null,
      companyId: payer?.companyId ?? null,
      accountId: payer?.accountId ?? null,
      strategyKind: booking === 'carrier' ? 'carrier' : (payer?.strategyKind ?? null),
      startedAt: session.startedAt,
      stoppedAt,
      durationSeconds: Math.max(0, Math.floor((stoppedAt.getTime() - session.startedAt.getTime()) / 1000)),
      energyWh: session.energyWh,
      tariffId: priced?.tariffId ?? null,
      tariffSnapshot: priced === undefined ? null : snapshotOf(priced),
      lines: amounts.lines,
      currency: priced?.currency ?? 'EUR',
      totalCents: amounts.totalCents,
      vatRateBp: amounts.vatRateBp,
      netCents: amounts.netCents,
      vatCents: amounts.vatCents,
      booking,
      reason: priced === undefined ? 'free station, no tariff' : null,
      createdBy,
      createdAt: ctx.now(),
    });
    if (record === undefined) {
      const winner = await repo.findSessionRecord(tx, session.id);
      return { kind: 'existing', record: winner! };
    }
    if (booking === 'carrier' && smsSession !== undefined) {
      // The outbox row, in the same transaction: committed together with the record or not at all.
      // The unique index on charge_record_id is the backstop against a second one.
      await repo.insertCarrierCharge(tx, {
        institutionId: record.institutionId,
        chargeRecordId: record.id,
        smsSessionId: smsSession.id,
        phone: smsSession.phone,
        amountCents: record.totalCents,
        currency: record.currency,
        ...carrierChargeFor(record.totalCents, ctx.now()),
        createdAt: ctx.now(),
      });
    }
    if (booking === 'ledger') {
      await repo.lockAccount(tx, record.accountId!);
      await repo.insertLedgerEntry(tx, {
        institutionId: record.institutionId,
        accountId: record.accountId!,
        kind: 'session',
        amountCents: -record.totalCents,
        currency: record.currency,
        chargeRecordId: record.id,
        createdBy,
        createdAt: ctx.now(),
      });
    }
    log.info(
      { chargeRecordId: record.id, booking, totalCents: record.totalCents, accountId: record.accountId },
      'charge record frozen',
    );
    return { kind: 'created', record };
  }

  /** The SMS session a session was started by, when it exists in the session's institution. */
  private async smsSessionOf(
    tx: Db,
    session: SessionRow,
    log: Ctx['log'],
  ): Promise<repo.SmsSessionForBilling | undefined> {
    if (session.smsSessionId === null) return undefined;
    const smsSession = await repo.findSmsSessionForBilling(tx, session.smsSessionId);
    if (smsSession === undefined || smsSession.institutionId !== session.institutionId) {
      log.error(
        { smsSessionId: session.smsSessionId },
        'SMS session of the session not found: not billed to a phone',
      );
      return undefined;
    }
    return smsSession;
  }

  /** POST /sessions/:sessionId/charge-record: prices an unpriced session; idempotent. */
  async priceSession(
    ctx: Ctx,
    sessionId: string,
  ): Promise<{ record: repo.ChargeRecordRow; created: boolean }> {
    requirePermission(ctx.actor, 'billing:manage');
    const session = assertVisible(
      ctx.actor,
      await repo.findSession(this.db, sessionId),
      'session',
      sessionId,
    );
    if (session.status !== 'completed') throw new Conflict('The session is still running', { sessionId });
    const outcome = await this.repriceOne(ctx, sessionId, actorLabel(ctx.actor));
    if (outcome.kind === 'unpriced') {
      if (outcome.error instanceof FachwerkError) throw outcome.error;
      throw outcome.error;
    }
    if (outcome.kind === 'created') {
      await recordAudit(this.db, ctx, {
        institutionId: outcome.record.institutionId,
        action: 'charge_record.priced',
        target: `charge_record:${outcome.record.id}`,
        details: { sessionId, totalCents: outcome.record.totalCents, booking: outcome.record.booking },
      });
    }
    return { record: outcome.record, created: outcome.kind === 'created' };
  }

  private async repriceOne(ctx: Ctx, sessionId: string, createdBy: string): Promise<FreezeOutcome> {
    const outcome = await this.db.transaction(async (tx) => {
      const locked = await repo.lockSession(tx, sessionId);
      if (locked === undefined) throw new NotFound('session', sessionId);
      return this.freeze(tx, ctx, locked, createdBy);
    });
    if (outcome.kind === 'created' && outcome.record.booking === 'ledger')
      this.cardsChanged(outcome.record.institutionId);
    return outcome;
  }

  /**
   * Prices completed sessions left without a charge record (e.g. no tariff at their stop), at most
   * `limit` per call, oldest first. Called at start-up (app/fachwerk.ts).
   */
  async sweepUnpriced(ctx: Ctx, limit = SWEEP_LIMIT): Promise<{ priced: number; unpriced: number }> {
    const sessions = await repo.listUnpriced(this.db, scopeOf(ctx.actor), { limit, offset: 0 });
    let priced = 0;
    for (const session of sessions) {
      const outcome = await this.repriceOne(ctx, session.sessionId, 'system:sweep');
      if (outcome.kind !== 'unpriced') priced++;
    }
    const result = { priced, unpriced: sessions.length - priced };
    if (sessions.length > 0) ctx.log.info({ ...result, limit }, 'unpriced sessions swept');
    return result;
  }

  async listUnpriced(ctx: Ctx, query: Page & { stationId?: string }) {
    requirePermission(ctx.actor, 'billing:read');
    return repo.listUnpriced(this.db, scopeOf(ctx.actor), query, query.stationId);
  }

  private cardsChanged(institutionId: string): void {
    this.deps.live.publish({ type: 'cards.changed', institutionId });
  }

  // ---- charge records ----

  async listChargeRecords(ctx: Ctx, filter: repo.ChargeRecordFilter, page: Page) {
    requirePermission(ctx.actor, 'billing:read');
    return repo.listChargeRecords(this.db, scopeOf(ctx.actor), filter, page);
  }

  /** Count, energy and money of every record the filter matches, per currency. */
  async chargeRecordTotals(ctx: Ctx, filter: repo.ChargeRecordFilter) {
    requirePermission(ctx.actor, 'billing:read');
    return repo.chargeRecordTotals(this.db, scopeOf(ctx.actor), filter);
  }

  async getChargeRecord(ctx: Ctx, id: string) {
    requirePermission(ctx.actor, 'billing:read');
    const record = assertVisible(ctx.actor, await repo.findChargeRecord(this.db, id), 'charge record', id);
    const corrections = await repo.correctionsOf(this.db, id);
    return {
      ...record,
      corrections: corrections.map((c) => c.id),
      effectiveTotalCents: record.totalCents + corrections.reduce((sum, c) => sum + c.totalCents, 0),
    };
  }

  /** CSV for spreadsheets (docs/billing.md): every record of the filter, at most 100,000. */
  async exportChargeRecords(ctx: Ctx, filter: repo.ChargeRecordFilter): Promise<string> {
    requirePermission(ctx.actor, 'billing:read');
    const rows = await repo.listChargeRecords(this.db, scopeOf(ctx.actor), filter, {
      limit: 100_000,
      offset: 0,
    });
    return chargeRecordsCsv(rows);
  }

  /** A correction is a new record pointing at the original, booked the way the original was. */
  async correctChargeRecord(
    ctx: Ctx,
    chargeRecordId: string,
    input: { amountCents?: number; deltaCents?: number; reason: string },
  ): Promise<repo.ChargeRecordRow> {
    requirePermission(ctx.actor, 'billing:manage');
    const original = assertVisible(
      ctx.actor,
      await repo.findChargeRecord(this.db, chargeRecordId),
      'charge record',
      chargeRecordId,
    );
    if ((input.amountCents === undefined) === (input.deltaCents === undefined))
      throw new ValidationFailed('Give either amountCents (the new total) or deltaCents', {
        field: 'amountCents',
      });
    if (original.kind === 'correction')
      throw new ValidationFailed('Correct the original record, not a correction', {
        field: 'chargeRecordId',
        correctsId: original.correctsId,
      });
    if (original.booking === 'none' || original.booking === 'free')
      throw new ValidationFailed(`Nothing was booked to a payer (booking ${original.booking})`, {
        field: 'chargeRecordId',
      });
    const reason = input.reason.trim();
    if (reason === '') throw new ValidationFailed('A correction needs a reason', { field: 'reason' });
    const createdBy = actorLabel(ctx.actor);
    const correction = await this.db.transaction(async (tx) => {
      await repo.lockChargeRecord(tx, original.id);
      const earlier = await repo.correctionsOf(tx, original.id);
      const current = original.totalCents + earlier.reduce((sum, c) => sum + c.totalCents, 0);
      const delta = input.amountCents !== undefined ? input.amountCents - current : input.deltaCents!;
      if (delta === 0)
        throw new ValidationFailed('The record already has this total', { field: 'amountCents' });
      if (current + delta < 0)
        throw new ValidationFailed(`The total would become negative (now ${current} cents)`, {
          field: 'amountCents',
          currentCents: current,
        });
      const split = splitGross(delta, original.vatRateBp);
      const lines: ChargeLine[] = [correctionLine(delta, reason)];
      const row = await repo.insertChargeRecord(tx, {
        ...original,
        id: undefined,
        kind: 'correction',
        correctsId: original.id,
        lines,
        totalCents: delta,
        netCents: split.netCents,
        vatCents: split.vatCents,
        reason,
        createdBy,
        createdAt: ctx.now(),
      });
      if (original.booking === 'ledger') {
        await repo.lockAccount(tx, original.accountId!);
        await repo.insertLedgerEntry(tx, {
          institutionId: original.institutionId,
          accountId: original.accountId!,
          kind: 'correction',
          amountCents: -delta,
          currency: original.currency,
          chargeRecordId: row!.id,
          note: reason,
          createdBy,
          createdAt: ctx.now(),
        });
      }
      await recordAudit(tx, ctx, {
        institutionId: original.institutionId,
        action: 'charge_record.corrected',
        target: `charge_record:${original.id}`,
        details: { correctionId: row!.id, deltaCents: delta, reason },
      });
      return row!;
    });
    if (correction.booking === 'ledger') this.cardsChanged(correction.institutionId);
    return correction;
  }

  // ---- the prepaid ledger ----

  private async visibleAccount(ctx: Ctx, accountId: string): Promise<repo.AccountInfo> {
    return assertVisible(ctx.actor, await repo.findAccount(this.db, accountId), 'account', accountId);
  }

  async balance(ctx: Ctx, accountId: string) {
    requirePermission(ctx.actor, 'billing:read');
    const account = await this.visibleAccount(ctx, accountId);
    const balanceCents = await balanceOf(this.db, accountId);
    return {
      accountId,
      institutionId: account.institutionId,
      accountNumber: account.number,
      strategyKind: account.strategyKind,
      balanceCents,
      minimumBalanceCents: account.minimumBalanceCents,
      currency: 'EUR',
      /** Prepaid: may a card of this account start a session? */
      canStart: account.strategyKind !== 'prepaid' || balanceCents >= account.minimumBalanceCents,
    };
  }

  async ledger(ctx: Ctx, accountId: string, page: Page) {
    requirePermission(ctx.actor, 'billing:read');
    await this.visibleAccount(ctx, accountId);
    return repo.listLedger(this.db, accountId, page);
  }

  /** "Aufladen von Karten": a top-up by staff, with its receipt, in one transaction. */
  topUp(ctx: Ctx, accountId: string, input: LedgerPostingInput): Promise<PostingResult> {
    return this.post(ctx, accountId, 'topup', input, () => {
      if (input.amountCents <= 0)
        throw new ValidationFailed('A top-up is a positive amount', { field: 'amountCents' });
    });
  }

  /** Money given back to the balance (e.g. for a failed session): a positive entry. */
  refund(ctx: Ctx, accountId: string, input: LedgerPostingInput): Promise<PostingResult> {
    return this.post(ctx, accountId, 'refund', input, () => {
      if (input.amountCents <= 0)
        throw new ValidationFailed('A refund is a positive amount', { field: 'amountCents' });
    });
  }

  /** A signed correction of the balance (e.g. paying out the rest when a card is returned: negative). */
  correctBalance(ctx: Ctx, accountId: string, input: LedgerPostingInput): Promise<PostingResult> {
    return this.post(ctx, accountId, 'correction', input, () => {
      if (input.amountCents === 0)
        throw new ValidationFailed('A correction is not zero', { field: 'amountCents' });
      if (input.note === undefined || input.note === null || input.note.trim() === '')
        throw new ValidationFailed('A correction needs a reason (note)', { field: 'note' });
    });
  }

  private async post(
    ctx: Ctx,
    accountId: string,
    kind: Exclude<LedgerEntryKind, 'session'>,
    input: LedgerPostingInput,
    validate: () => void,
  ): Promise<PostingResult> {
    requirePermission(ctx.actor, 'billing:manage');
    const account = await this.visibleAccount(ctx, accountId);
    validate();
    if (account.strategyKind !== 'prepaid')
      throw new ValidationFailed(`Account ${account.number} is not prepaid (${account.strategyKind})`, {
        field: 'accountId',
      });
    const key = input.idempotencyKey ?? null;
    const note = input.note?.trim() || null;
    const createdBy = actorLabel(ctx.actor);
    const now = ctx.now();
    let result: PostingResult;
    try {
      result = await this.db.transaction(async (tx) => {
        // One writer per account at a time: balances, receipts and keys stay consistent.
        await repo.lockAccount(tx, accountId);
        if (key !== null) {
          const earlier = await repo.findLedgerByKey(tx, accountId, key);
          if (earlier !== undefined) return this.replay(tx, earlier, kind, input.amountCents);
        }
        const before = await balanceOf(tx, accountId);
        let document: repo.DocumentSummary | null = null;
        if (kind === 'topup') {
          const issuer = await this.issuerOf(tx, account.institutionId);
          const recipient = await this.recipientOf(tx, accountId, account.number);
          const number = await takeDocumentNumber(tx, account.institutionId, 'receipt', now);
          const pdf = await renderReceiptPdf({
            number,
            customerNumber: account.number,
            issuedAt: now,
            issuer,
            recipient,
            currency: 'EUR',
            amountCents: input.amountCents,
            balanceAfterCents: before + input.amountCents,
            note,
          });
          document = await repo.insertDocument(tx, {
            institutionId: account.institutionId,
            kind: 'receipt',
            number,
            accountId,
            issuedAt: now,
            issuer,
            recipient,
            currency: 'EUR',
            // A prepaid balance is a multi-purpose voucher: VAT arises when it is used (§3 Abs. 15 UStG).
            netCents: input.amountCents,
            vatCents: 0,
            grossCents: input.amountCents,
            pdf,
            createdBy,
            createdAt: now,
          });
        }
        const entry = await repo.insertLedgerEntry(tx, {
          institutionId: account.institutionId,
          accountId,
          kind,
          amountCents: input.amountCents,
          currency: 'EUR',
          documentId: document?.id ?? null,
          idempotencyKey: key,
          note,
          createdBy,
          createdAt: now,
        });
        if (entry === undefined) throw new Conflict('The idempotency key was used concurrently; retry');
        if (document !== null) {
          await repo.insertDocumentLines(tx, [
            {
              documentId: document.id,
              position: 1,
              ledgerEntryId: entry.id,
              description: 'Guthabenaufladung / Balance top-up',
              quantity: '1',
              vatRateBp: 0,
              netCents: input.amountCents,
              vatCents: 0,
              grossCents: input.amountCents,
            },
          ]);
        }
        await recordAudit(tx, ctx, {
          institutionId: account.institutionId,
          action: `ledger.${kind}`,
          target: `account:${accountId}`,
          details: { entryId: entry.id, amountCents: input.amountCents, documentId: document?.id ?? null },
        });
        return { entry, document, balanceCents: before + input.amountCents, replayed: false };
      });
    } catch (error) {
      if (uniqueViolation(error) && key !== null) {
        const earlier = await repo.findLedgerByKey(this.db, accountId, key);
        if (earlier !== undefined) return this.replay(this.db, earlier, kind, input.amountCents);
      }
      throw error;
    }
    if (!result.replayed) this.cardsChanged(account.institutionId);
    return result;
  }

  private async replay(
    db: Db,
    earlier: repo.LedgerEntryRow,
    kind: LedgerEntryKind,
    amountCents: number,
  ): Promise<PostingResult> {
    if (earlier.kind !== kind || earlier.amountCents !== amountCents)
      throw new Conflict('This idempotency key was used for a different booking', {
        entryId: earlier.id,
        kind: earlier.kind,
        amountCents: earlier.amountCents,
      });
    const document =
      earlier.documentId === null ? null : ((await repo.findDocument(db, earlier.documentId)) ?? null);
    return { entry: earlier, document, balanceCents: await balanceOf(db, earlier.accountId), replayed: true };
  }

  // ---- billing profile ----

  async billingProfile(ctx: Ctx, institutionId: string): Promise<BillingProfile> {
    requirePermission(ctx.actor, 'billing:read');
    const row = assertVisible(
      ctx.actor,
      await repo.findBillingProfile(this.db, institutionId),
      'institution',
      institutionId,
    );
    return toProfile(row);
  }

  async updateBillingProfile(
    ctx: Ctx,
    institutionId: string,
    input: BillingProfileInput,
  ): Promise<BillingProfile> {
    requirePermission(ctx.actor, 'billing:manage');
    assertVisible(
      ctx.actor,
      await repo.findBillingProfile(this.db, institutionId),
      'institution',
      institutionId,
    );
    const values: BillingProfileInput = {};
    for (const [key, raw] of Object.entries(input) as [
      keyof BillingProfileInput,
      string | null | undefined,
    ][]) {
      if (raw === undefined) continue;
      const text = raw === null ? null : raw.trim() === '' ? null : raw.trim();
      (values as Record<string, string | null>)[key] = text;
    }
    if (values.country !== undefined) {
      if (values.country === null || !/^[A-Za-z]{2}$/.test(values.country))
        throw new ValidationFailed('country is an ISO 3166-1 alpha-2 code, e.g. DE', { field: 'country' });
      values.country = values.country.toUpperCase();
    }
    if (values.iban !== undefined && values.iban !== null) {
      const iban = values.iban.replace(/\s+/g, '').toUpperCase();
      if (!validIban(iban)) throw new ValidationFailed('Not a valid IBAN', { field: 'iban' });
      values.iban = iban;
    }
    if (values.vatId !== undefined && values.vatId !== null)
      values.vatId = values.vatId.replace(/\s+/g, '').toUpperCase();
    await this.db.transaction(async (tx) => {
      await repo.updateBillingProfile(tx, institutionId, values as Record<string, string | null>);
      await recordAudit(tx, ctx, {
        institutionId,
        action: 'institution.billing_profile_updated',
        target: `institution:${institutionId}`,
        details: { ...values },
      });
    });
    return toProfile((await repo.findBillingProfile(this.db, institutionId))!);
  }

  /** The issuer printed on a document; refuses with the missing fields when the profile is incomplete. */
  private async issuerOf(db: Db, institutionId: string): Promise<IssuerProfile> {
    const row = await repo.findBillingProfile(db, institutionId);
    if (row === undefined) throw new NotFound('institution', institutionId);
    const missing = missingProfileFields(row);
    if (missing.length > 0)
      throw new ValidationFailed(
        `The institution's billing profile is incomplete: ${missing.join(', ')} (PUT /institutions/${institutionId}/billing-profile)`,
        { field: 'billingProfile', missing },
      );
    return {
      legalName: row.legalName!,
      street: row.street!,
      postalCode: row.postalCode!,
      city: row.city!,
      country: row.country,
      vatId: row.vatId,
      taxNumber: row.taxNumber,
      billingEmail: row.billingEmail,
      iban: row.iban,
      bic: row.bic,
    };
  }

  private async recipientOf(db: Db, accountId: string, accountNumber: string): Promise<Recipient> {
    const holder = await repo.accountHolder(db, accountId);
    if (holder === undefined)
      return {
        name: `Konto ${accountNumber}`,
        street: null,
        postalCode: null,
        city: null,
        country: 'DE',
        vatId: null,
        email: null,
        locale: 'de',
      };
    return { ...holder, locale: holder.locale === 'en' ? 'en' : 'de' };
  }

  // ---- documents ----

  /** `period`: issued in that month (YYYY-MM, Europe/Berlin). */
  async listDocuments(
    ctx: Ctx,
    filter: { kind?: DocumentKind; accountId?: string; period?: string; from?: Date; to?: Date; q?: string },
    page: Page,
  ) {
    requirePermission(ctx.actor, 'billing:read');
    const bounds = filter.period === undefined ? undefined : monthBounds(filter.period);
    // A month and a time range together: both must hold, so the later start and the earlier end.
    const from = latest(bounds?.start, filter.from);
    const to = earliest(bounds?.end, filter.to);
    return repo.listDocuments(
      this.db,
      scopeOf(ctx.actor),
      { kind: filter.kind, accountId: filter.accountId, from, to, q: filter.q },
      page,
    );
  }

  async getDocument(ctx: Ctx, documentId: string) {
    requirePermission(ctx.actor, 'billing:read');
    const document = assertVisible(
      ctx.actor,
      await repo.findDocument(this.db, documentId),
      'document',
      documentId,
    );
    return { ...document, lines: await repo.documentLinesOf(this.db, documentId) };
  }

  async documentPdf(ctx: Ctx, documentId: string): Promise<{ number: string; pdf: Buffer }> {
    requirePermission(ctx.actor, 'billing:read');
    const row = assertVisible(
      ctx.actor,
      await repo.findDocumentPdf(this.db, documentId),
      'document',
      documentId,
    );
    return { number: row.number, pdf: row.pdf };
  }

  // ---- monthly invoices ----

  /**
   * One invoice per postpaid account with un-invoiced records up to the month's end (Europe/Berlin);
   * records that arrived late for an invoiced month go on the next month's invoice. Running a month
   * again issues nothing twice and returns what exists.
   */
  async runInvoices(ctx: Ctx, input: { month: string; institutionId?: string }): Promise<InvoiceRunResult> {
    requirePermission(ctx.actor, 'billing:manage');
    const institutionId = await resolveTargetInstitution(this.db, ctx, input.institutionId);
    if (!new RegExp(MONTH_PATTERN).test(input.month))
      throw new ValidationFailed('month is YYYY-MM (Europe/Berlin)', { field: 'month' });
    const { start, end } = monthBounds(input.month);
    const now = ctx.now();
    if (end.getTime() > now.getTime())
      throw new ValidationFailed(`The month ${input.month} is not over yet (Europe/Berlin)`, {
        field: 'month',
      });
    const issuer = await this.issuerOf(this.db, institutionId);
    const result: InvoiceRunResult = {
      month: input.month,
      institutionId,
      periodStart: start,
      periodEnd: end,
      created: [],
      existing: [],
      skipped: [],
    };
    for (const accountId of await repo.accountsToInvoice(this.db, institutionId, end)) {
      const outcome = await this.invoiceAccount(ctx, accountId, issuer, start, end);
      if (outcome.kind === 'created') result.created.push(outcome.document);
      else if (outcome.kind === 'skipped') result.skipped.push(outcome.skipped);
    }
    const createdIds = new Set(result.created.map((d) => d.id));
    result.existing = (
      await repo.listDocuments(
        this.db,
        { kind: 'one', institutionId },
        { kind: 'invoice' },
        { limit: 100_000, offset: 0 },
      )
    ).filter((d) => d.periodStart?.getTime() === start.getTime() && !createdIds.has(d.id));
    ctx.log.info(
      {
        institutionId,
        month: input.month,
        created: result.created.length,
        existing: result.existing.length,
        skipped: result.skipped.length,
      },
      'invoice run',
    );
    return result;
  }

  private async invoiceAccount(
    ctx: Ctx,
    accountId: string,
    issuer: IssuerProfile,
    start: Date,
    end: Date,
  ): Promise<
    | { kind: 'created'; document: repo.DocumentSummary }
    | { kind: 'exists' | 'empty' }
    | { kind: 'skipped'; skipped: InvoiceRunResult['skipped'][number] }
  > {
    const account = (await repo.findAccount(this.db, accountId))!;
    const now = ctx.now();
    try {
      return await this.db.transaction(async (tx) => {
        await repo.lockAccount(tx, accountId);
        if ((await repo.invoiceOfPeriod(tx, accountId, start)) !== undefined)
          return { kind: 'exists' as const };
        const records = await repo.recordsToInvoice(tx, accountId, end);
        if (records.length === 0) return { kind: 'empty' as const };
        const holder = await repo.accountHolder(tx, accountId);
        const missing = holder === undefined ? ['holder'] : missingRecipientFields(holder);
        if (missing.length > 0)
          return { kind: 'skipped' as const, skipped: { accountId, accountNumber: account.number, missing } };
        const recipient: Recipient = { ...holder!, locale: holder!.locale === 'en' ? 'en' : 'de' };
        const number = await takeDocumentNumber(tx, account.institutionId, 'invoice', now);
        const dueAt = new Date(now.getTime() + account.paymentTermDays * 86_400_000);
        const lines = records.map((record, i) => invoiceLine(record, i + 1, recipient.locale));
        const rates = rateTotals(records);
        const totals = sumRates(rates);
        const periodStart = new Date(Math.min(start.getTime(), ...records.map((r) => r.startedAt.getTime())));
        const pdf = await renderInvoicePdf({
          kind: 'invoice',
          number,
          customerNumber: account.number,
          issuedAt: now,
          dueAt,
          paymentTermDays: account.paymentTermDays,
          periodStart,
          periodEnd: end,
          issuer,
          recipient,
          currency: 'EUR',
          lines: lines.map((l) => l.pdf),
          rates,
          ...totals,
        });
        const document = await repo.insertDocument(tx, {
          institutionId: account.institutionId,
          kind: 'invoice',
          number,
          accountId,
          periodStart: start,
          periodEnd: end,
          issuedAt: now,
          dueAt,
          issuer,
          recipient,
          currency: 'EUR',
          ...totals,
          pdf,
          createdBy: actorLabel(ctx.actor),
          createdAt: now,
        });
        await repo.insertDocumentLines(
          tx,
          lines.map((l) => ({ ...l.row, documentId: document.id })),
        );
        await recordAudit(tx, ctx, {
          institutionId: account.institutionId,
          action: 'invoice.issued',
          target: `document:${document.id}`,
          details: { number, accountId, grossCents: totals.grossCents, records: records.length },
        });
        return { kind: 'created' as const, document };
      });
    } catch (error) {
      // A parallel run issued this account's invoice first.
      if (uniqueViolation(error)) return { kind: 'exists' };
      throw error;
    }
  }

  /** Storno: a cancellation document with the invoice's amounts negated; the invoice stays as issued. */
  async cancelInvoice(
    ctx: Ctx,
    documentId: string,
    input: { reason: string },
  ): Promise<repo.DocumentSummary> {
    requirePermission(ctx.actor, 'billing:manage');
    const invoice = assertVisible(
      ctx.actor,
      await repo.findDocument(this.db, documentId),
      'document',
      documentId,
    );
    if (invoice.kind !== 'invoice')
      throw new ValidationFailed(`Only invoices can be cancelled (this is a ${invoice.kind})`, {
        field: 'documentId',
      });
    const reason = input.reason.trim();
    if (reason === '') throw new ValidationFailed('A cancellation needs a reason', { field: 'reason' });
    const now = ctx.now();
    return this.db.transaction(async (tx) => {
      if (invoice.accountId !== null) await repo.lockAccount(tx, invoice.accountId);
      const earlier = await repo.cancellationOf(tx, documentId);
      if (earlier !== undefined)
        throw new Conflict(`Invoice ${invoice.number} was cancelled by ${earlier.number}`, {
          cancellationId: earlier.id,
        });
      const lines = await repo.documentLinesOf(tx, documentId);
      const records = await repo.chargeRecordsByIds(
        tx,
        lines.map((l) => l.chargeRecordId).filter((id): id is string => id !== null),
      );
      const byId = new Map(records.map((r) => [r.id, r]));
      const number = await takeDocumentNumber(tx, invoice.institutionId, 'cancellation', now);
      const recipient = invoice.recipient as Recipient;
      const rates = negateRates(
        rateTotalsOf(lines.map((l) => ({ vatRateBp: l.vatRateBp, totalCents: l.grossCents }))),
      );
      const totals = sumRates(rates);
      const pdf = await renderInvoicePdf({
        kind: 'cancellation',
        number,
        cancelsNumber: invoice.number,
        customerNumber:
          invoice.accountId === null ? '' : ((await repo.findAccount(tx, invoice.accountId))?.number ?? ''),
        issuedAt: now,
        dueAt: null,
        paymentTermDays: null,
        periodStart: invoice.periodStart ?? now,
        periodEnd: invoice.periodEnd ?? now,
        issuer: invoice.issuer as IssuerProfile,
        recipient,
        currency: invoice.currency,
        lines: lines.map((l) => {
          const record = l.chargeRecordId === null ? undefined : byId.get(l.chargeRecordId);
          return {
            position: l.position,
            startedAt: record?.startedAt ?? invoice.issuedAt,
            chargePoint: record?.chargePointName ?? '',
            durationSeconds: record?.durationSeconds ?? 0,
            energyWh: record?.energyWh ?? 0,
            description: l.description,
            vatRateBp: l.vatRateBp,
            grossCents: -l.grossCents,
          };
        }),
        rates,
        ...totals,
      });
      const document = await repo.insertDocument(tx, {
        institutionId: invoice.institutionId,
        kind: 'cancellation',
        number,
        accountId: invoice.accountId,
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        issuedAt: now,
        issuer: invoice.issuer,
        recipient: invoice.recipient,
        currency: invoice.currency,
        ...totals,
        cancelsId: invoice.id,
        pdf,
        createdBy: actorLabel(ctx.actor),
        createdAt: now,
      });
      await repo.insertDocumentLines(
        tx,
        lines.map((l) => ({
          documentId: document.id,
          position: l.position,
          description: l.description,
          quantity: l.quantity,
          vatRateBp: l.vatRateBp,
          netCents: -l.netCents,
          vatCents: -l.vatCents,
          grossCents: -l.grossCents,
        })),
      );
      await recordAudit(tx, ctx, {
        institutionId: invoice.institutionId,
        action: 'invoice.cancelled',
        target: `document:${invoice.id}`,
        details: { cancellationId: document.id, number, reason },
      });
      return document;
    });
  }
}

// ---- helpers ----

function snapshotOf(priced: PricedSession): unknown {
  return {
    tariff: priced.tariffSnapshot,
    tariffName: priced.tariffName,
    eventId: priced.eventId,
    discountIds: priced.discountIds,
  };
}

const REQUIRED_PROFILE = ['legalName', 'street', 'postalCode', 'city', 'country'] as const;

export function missingProfileFields(
  row: Pick<repo.BillingProfileRow, (typeof REQUIRED_PROFILE)[number] | 'vatId' | 'taxNumber'>,
): string[] {
  const missing: string[] = REQUIRED_PROFILE.filter((field) => (row[field] ?? '').trim() === '');
  if ((row.vatId ?? '').trim() === '' && (row.taxNumber ?? '').trim() === '')
    missing.push('vatId or taxNumber');
  return missing;
}

function missingRecipientFields(holder: {
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
}): string[] {
  return (['name', 'street', 'postalCode', 'city'] as const).filter((f) => (holder[f] ?? '').trim() === '');
}

function toProfile(row: repo.BillingProfileRow): BillingProfile {
  return {
    institutionId: row.institutionId,
    legalName: row.legalName,
    street: row.street,
    postalCode: row.postalCode,
    city: row.city,
    country: row.country,
    vatId: row.vatId,
    taxNumber: row.taxNumber,
    billingEmail: row.billingEmail,
    iban: row.iban,
    bic: row.bic,
    currency: row.currency,
    missing: missingProfileFields(row),
  };
}

/** ISO 13616 check digits (mod 97). */
export function validIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function invoiceLine(record: repo.ChargeRecordRow, position: number, locale: 'de' | 'en') {
  const description =
    record.kind === 'correction'
      ? `${locale === 'de' ? 'Korrektur zum Ladevorgang vom' : 'Correction of the session of'} ${formatDate(record.startedAt, locale)}: ${record.reason ?? ''}`
      : '';
  const quantity = `${formatDuration(record.durationSeconds)}, ${decimalKwh(record.energyWh, locale)} kWh`;
  const pdf: InvoicePdfLine = {
    position,
    startedAt: record.startedAt,
    chargePoint: record.chargePointName ?? record.evseId?.toString() ?? '',
    durationSeconds: record.durationSeconds,
    energyWh: record.energyWh,
    description,
    vatRateBp: record.vatRateBp,
    grossCents: record.totalCents,
  };
  return {
    pdf,
    row: {
      position,
      chargeRecordId: record.id,
      description:
        `${record.kind === 'correction' ? 'Korrektur' : 'Ladevorgang'} ${record.chargePointName ?? ''} ${formatDate(record.startedAt)}${description === '' ? '' : ` – ${record.reason ?? ''}`}`.trim(),
      quantity,
      vatRateBp: record.vatRateBp,
      netCents: record.netCents,
      vatCents: record.vatCents,
      grossCents: record.totalCents,
    },
  };
}

/**
 * VAT per rate on the invoice's gross sum of that rate (not the sum of the lines' rounded VAT), so
 * net + VAT = gross per rate exactly (docs/billing.md).
 */
function rateTotalsOf(items: { vatRateBp: number; totalCents: number }[]): RateTotal[] {
  const gross = new Map<number, number>();
  for (const item of items) gross.set(item.vatRateBp, (gross.get(item.vatRateBp) ?? 0) + item.totalCents);
  return [...gross.entries()]
    .sort(([a], [b]) => b - a)
    .map(([vatRateBp, grossCents]) => ({ vatRateBp, grossCents, ...splitGross(grossCents, vatRateBp) }));
}

const rateTotals = (records: repo.ChargeRecordRow[]) => rateTotalsOf(records);

function negateRates(rates: RateTotal[]): RateTotal[] {
  return rates.map((r) => ({
    vatRateBp: r.vatRateBp,
    netCents: -r.netCents,
    vatCents: -r.vatCents,
    grossCents: -r.grossCents,
  }));
}

function sumRates(rates: RateTotal[]): { netCents: number; vatCents: number; grossCents: number } {
  return rates.reduce(
    (sum, r) => ({
      netCents: sum.netCents + r.netCents,
      vatCents: sum.vatCents + r.vatCents,
      grossCents: sum.grossCents + r.grossCents,
    }),
    { netCents: 0, vatCents: 0, grossCents: 0 },
  );
}

export type { ChargeRecordBooking, DocumentKind };

function latest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}
