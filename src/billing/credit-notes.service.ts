/**
 * Monthly credit notes (Gutschriften) from the platform to each institution for its carrier-billed
 * SMS sessions, with the itemized statement (Einzelverbindungsnachweis) as PDF and CSV.
 * docs/billing.md ("Credit notes") explains the rules.
 */
import { assertVisible, requirePermission, scopeOf } from '../access/tenant-scope.js';
import type { ServiceDeps } from '../app/services.js';
import { actorLabel, recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { resolveTargetInstitution } from '../institutions/institutions.service.js';
import { MONTH_PATTERN, monthBounds } from '../shared/berlin-time.js';
import type { Ctx } from '../shared/context.js';
import { uniqueViolation } from '../shared/db-errors.js';
import { ValidationFailed } from '../shared/errors.js';
import { maskPhone } from '../sms/phone.js';
import * as billingRepo from './billing.repository.js';
import { missingProfileFields } from './billing.service.js';
import { creditNoteFigures } from './credit-note.js';
import { statementCsv } from './credit-note.csv.js';
import { renderCreditNotePdf, type CreditNoteRecipient } from './credit-note.pdf.js';
import * as repo from './credit-notes.repository.js';
import { takeDocumentNumber } from './document-numbers.js';
import type { IssuerProfile } from './pdf.js';

export interface CreditNoteRunResult {
  month: string;
  periodStart: Date;
  periodEnd: Date;
  created: billingRepo.DocumentSummary[];
  /** Credit notes of this month issued by an earlier run (in the institutions of this run). */
  existing: billingRepo.DocumentSummary[];
  /** Institutions with something to pay out whose billing profile lacks what the credit note must show. */
  skipped: { institutionId: string; missing: string[] }[];
}

export class CreditNoteService {
  constructor(private readonly deps: ServiceDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  /** The platform as issuer (PLATFORM_*); the run refuses while its address or tax id is missing. */
  platformIssuer(): IssuerProfile {
    const p = this.deps.config.platform;
    const missing: string[] = [];
    if (p.street === undefined) missing.push('PLATFORM_STREET');
    if (p.postalCode === undefined) missing.push('PLATFORM_POSTAL_CODE');
    if (p.city === undefined) missing.push('PLATFORM_CITY');
    if (p.vatId === undefined && p.taxNumber === undefined)
      missing.push('PLATFORM_VAT_ID or PLATFORM_TAX_NUMBER');
    if (missing.length > 0)
      throw new ValidationFailed(`The platform's issuer details are not configured: ${missing.join(', ')}`, {
        missing,
      });
    return {
      legalName: p.legalName,
      street: p.street!,
      postalCode: p.postalCode!,
      city: p.city!,
      country: p.country,
      vatId: p.vatId ?? null,
      taxNumber: p.taxNumber ?? null,
      billingEmail: null,
      iban: null,
      bic: null,
    };
  }

  /**
   * `POST /credit-notes/run`: one credit note per institution with charged carrier charges settled
   * in the (Berlin) month and not yet paid out. A platform admin without `institutionId` runs every
   * institution. Running a month again issues nothing twice and lists what exists.
   */
  async run(ctx: Ctx, input: { month: string; institutionId?: string }): Promise<CreditNoteRunResult> {
    requirePermission(ctx.actor, 'billing:manage');
    const all = scopeOf(ctx.actor).kind === 'all' && input.institutionId === undefined;
    const only = all ? undefined : await resolveTargetInstitution(this.db, ctx, input.institutionId);
    if (!new RegExp(MONTH_PATTERN).test(input.month))
      throw new ValidationFailed('month is YYYY-MM (Europe/Berlin)', { field: 'month' });
    const { start, end } = monthBounds(input.month);
    if (end.getTime() > ctx.now().getTime())
      throw new ValidationFailed(`The month ${input.month} is not over yet (Europe/Berlin)`, {
        field: 'month',
      });
    const issuer = this.platformIssuer();
    const result: CreditNoteRunResult = {
      month: input.month,
      periodStart: start,
      periodEnd: end,
      created: [],
      existing: [],
      skipped: [],
    };
    const candidates = only !== undefined ? [only] : await repo.institutionsToCredit(this.db, start, end);
    for (const institutionId of candidates) {
      const outcome = await this.creditInstitution(ctx, institutionId, issuer, start, end);
      if (outcome.kind === 'created') result.created.push(outcome.document);
      else if (outcome.kind === 'skipped') result.skipped.push({ institutionId, missing: outcome.missing });
    }
    const createdIds = new Set(result.created.map((d) => d.id));
    const scope = only === undefined ? scopeOf(ctx.actor) : { kind: 'one' as const, institutionId: only };
    result.existing = (
      await billingRepo.listDocuments(this.db, scope, { kind: 'credit_note' }, { limit: 100_000, offset: 0 })
    ).filter((d) => d.periodStart?.getTime() === start.getTime() && !createdIds.has(d.id));
    ctx.log.info(
      {
        month: input.month,
        institutionId: only ?? 'all',
        created: result.created.length,
        existing: result.existing.length,
        skipped: result.skipped.length,
      },
      'credit note run',
    );
    return result;
  }

  private async creditInstitution(
    ctx: Ctx,
    institutionId: string,
    issuer: IssuerProfile,
    start: Date,
    end: Date,
  ): Promise<
    | { kind: 'created'; document: billingRepo.DocumentSummary }
    | { kind: 'exists' | 'empty' }
    | { kind: 'skipped'; missing: string[] }
  > {
    const now = ctx.now();
    try {
      return await this.db.transaction(async (tx) => {
        const institution = await repo.lockInstitution(tx, institutionId);
        if (institution === undefined) return { kind: 'empty' as const };
        if ((await repo.creditNoteOfPeriod(tx, institutionId, start)) !== undefined)
          return { kind: 'exists' as const };
        const sessions = await repo.chargesToCredit(tx, institutionId, start, end);
        if (sessions.length === 0) return { kind: 'empty' as const };
        const profile = (await billingRepo.findBillingProfile(tx, institutionId))!;
        const missing = missingProfileFields(profile);
        if (missing.length > 0) return { kind: 'skipped' as const, missing };
        const recipient: CreditNoteRecipient = {
          name: profile.legalName!,
          street: profile.street,
          postalCode: profile.postalCode,
          city: profile.city,
          country: profile.country,
          vatId: profile.vatId,
          taxNumber: profile.taxNumber,
          iban: profile.iban,
          email: profile.billingEmail,
          locale: 'de',
        };
        const feeBp = institution.platformFeeBp ?? this.deps.config.platform.feeBp;
        const currency = profile.currency;
        const figures = creditNoteFigures(sessions, feeBp, currency);
        const number = await takeDocumentNumber(tx, institutionId, 'credit_note', now);
        const pdf = await renderCreditNotePdf({
          number,
          issuedAt: now,
          periodStart: start,
          periodEnd: end,
          issuer,
          recipient,
          currency,
          figures,
        });
        const document = await billingRepo.insertDocument(tx, {
          institutionId,
          kind: 'credit_note',
          number,
          accountId: null,
          periodStart: start,
          periodEnd: end,
          issuedAt: now,
          issuer,
          recipient,
          currency,
          ...figures.payout,
          pdf,
          createdBy: actorLabel(ctx.actor),
          createdAt: now,
        });
        await billingRepo.insertDocumentLines(
          tx,
          figures.lines.map((line) => ({
            documentId: document.id,
            position: line.position,
            chargeRecordId: line.chargeRecordId,
            description: line.description,
            quantity: line.quantity,
            vatRateBp: line.vatRateBp,
            netCents: line.netCents,
            vatCents: line.vatCents,
            grossCents: line.grossCents,
          })),
        );
        const marked = await repo.markCredited(
          tx,
          sessions.map((s) => s.carrierChargeId),
          document.id,
        );
        if (marked !== sessions.length) throw new Error('carrier charges changed during the credit note run');
        await recordAudit(tx, ctx, {
          institutionId,
          action: 'credit_note.issued',
          target: `document:${document.id}`,
          details: {
            number,
            sessions: sessions.length,
            sessionsGrossCents: figures.sessions.grossCents,
            feeBp,
            feeGrossCents: figures.fee.grossCents,
            payoutCents: figures.payout.grossCents,
          },
        });
        return { kind: 'created' as const, document };
      });
    } catch (error) {
      // A parallel run issued this institution's credit note first.
      if (uniqueViolation(error)) return { kind: 'exists' };
      throw error;
    }
  }

  /** `GET /documents/:documentId/statement.csv`: the lines of any document; a credit note's are its sessions. */
  async statementCsv(ctx: Ctx, documentId: string): Promise<{ number: string; csv: string }> {
    requirePermission(ctx.actor, 'billing:read');
    const document = assertVisible(
      ctx.actor,
      await billingRepo.findDocument(this.db, documentId),
      'document',
      documentId,
    );
    const rows = await repo.statementRows(this.db, documentId);
    const csv = statementCsv(
      rows.map((row) => ({
        position: row.position,
        startedAt: row.startedAt,
        chargePoint: row.chargePoint,
        durationSeconds: row.durationSeconds,
        // Masked like the printed statement; a pseudonym once the retention period is over.
        maskedPhone: row.phone === null ? null : maskPhone(row.phone),
        description: row.description,
        netCents: row.netCents,
        vatRateBp: row.vatRateBp,
        vatCents: row.vatCents,
        grossCents: row.grossCents,
        currency: document.currency,
      })),
    );
    return { number: document.number, csv };
  }
}
