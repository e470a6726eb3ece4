/** Charge records, unpriced sessions, the prepaid ledger, documents, invoice runs, billing profiles. */
import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import {
  errorResponses,
  Nullable,
  Paging,
  StringEnum,
  Timestamp,
  TimestampInput,
  Uuid,
} from '../api/schemas.js';
import { MONTH_PATTERN } from '../shared/berlin-time.js';

const Booking = StringEnum(['ledger', 'invoice', 'carrier', 'free', 'none'], {
  description:
    'ledger: prepaid debit; invoice: monthly postpaid invoice; carrier: mobile-carrier billing; free: nothing due; none: no payer',
});
const StrategyKind = StringEnum(['prepaid', 'postpaid', 'carrier', 'free', 'roaming']);
const DocumentKind = StringEnum(['invoice', 'receipt', 'credit_note', 'cancellation']);
const Text = { de: Type.String(), en: Type.String() };

const ChargeLineSchema = Type.Object(
  {
    kind: Type.String({ description: 'A pricing line kind, `free` or `correction`' }),
    description: Type.Object(Text),
    quantity: Type.Number(),
    unit: Type.String(),
    unitPriceCents: Type.Optional(Type.Integer()),
    amountCents: Type.Integer(),
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
    sourceId: Type.Optional(Type.String()),
  },
  { title: 'ChargeLine' },
);

const chargeRecordProperties = {
  id: Uuid,
  institutionId: Uuid,
  kind: StringEnum(['session', 'correction']),
  sessionId: Uuid,
  correctsId: Nullable(Uuid),
  stationId: Uuid,
  chargePointId: Nullable(Uuid),
  evseId: Nullable(Type.Integer()),
  chargePointName: Nullable(Type.String()),
  idTag: Nullable(Type.String()),
  tokenId: Nullable(Uuid),
  userId: Nullable(Uuid),
  companyId: Nullable(Uuid),
  accountId: Nullable(Uuid),
  strategyKind: Nullable(StrategyKind),
  startedAt: Timestamp,
  stoppedAt: Timestamp,
  durationSeconds: Type.Integer(),
  energyWh: Type.Integer(),
  tariffId: Nullable(Uuid),
  tariffSnapshot: Type.Unknown({ description: 'The tariff exactly as it priced the record' }),
  // Stored as JSON; typed loosely here, described fully in the OpenAPI document.
  lines: Type.Unsafe<unknown>(Type.Array(ChargeLineSchema)),
  currency: Type.String(),
  totalCents: Type.Integer({ description: 'Gross; the sum of the lines. Negative only for corrections' }),
  vatRateBp: Type.Integer({ description: '1900 = 19 %' }),
  netCents: Type.Integer(),
  vatCents: Type.Integer(),
  booking: Booking,
  reason: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Timestamp,
};
const ChargeRecordSchema = Type.Object(chargeRecordProperties, { title: 'ChargeRecord' });
const ChargeRecordDetailSchema = Type.Object(
  {
    ...chargeRecordProperties,
    corrections: Type.Array(Uuid, { description: 'Correction records pointing at this one' }),
    effectiveTotalCents: Type.Integer({ description: 'The total with every correction applied' }),
  },
  { title: 'ChargeRecordDetail' },
);

const ChargeRecordTotalsSchema = Type.Object(
  {
    currency: Type.String(),
    count: Type.Integer({ description: 'Records (sessions and corrections)' }),
    energyWh: Type.Integer({ description: "The sessions' energy (corrections add none)" }),
    netCents: Type.Integer(),
    vatCents: Type.Integer(),
    totalCents: Type.Integer({ description: 'Gross: the sum of the records, corrections included' }),
  },
  { title: 'ChargeRecordTotals' },
);

const UnpricedSessionSchema = Type.Object(
  {
    sessionId: Uuid,
    institutionId: Uuid,
    stationId: Uuid,
    chargePointId: Nullable(Uuid),
    transactionId: Type.String(),
    idTag: Nullable(Type.String()),
    tokenId: Nullable(Uuid),
    startedAt: Timestamp,
    stoppedAt: Nullable(Timestamp),
    energyWh: Type.Integer(),
  },
  { title: 'UnpricedSession' },
);

const LedgerEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    institutionId: Uuid,
    accountId: Uuid,
    kind: StringEnum(['topup', 'session', 'refund', 'correction']),
    amountCents: Type.Integer({
      description: 'Signed: top-ups and refunds positive, session debits negative',
    }),
    currency: Type.String(),
    chargeRecordId: Nullable(Uuid),
    documentId: Nullable(Uuid),
    idempotencyKey: Nullable(Type.String()),
    note: Nullable(Type.String()),
    createdBy: Type.String(),
    createdAt: Timestamp,
  },
  { title: 'LedgerEntry' },
);
const LedgerLineSchema = Type.Object(
  { ...LedgerEntrySchema.properties, balanceAfterCents: Type.Integer() },
  { title: 'LedgerLine' },
);

const BalanceSchema = Type.Object(
  {
    accountId: Uuid,
    institutionId: Uuid,
    accountNumber: Type.String(),
    strategyKind: StrategyKind,
    balanceCents: Type.Integer({ description: 'The sum of the ledger entries' }),
    minimumBalanceCents: Type.Integer(),
    currency: Type.String(),
    canStart: Type.Boolean({ description: 'Prepaid: the balance is at or above the minimum' }),
  },
  { title: 'Balance' },
);

const documentProperties = {
  id: Uuid,
  institutionId: Uuid,
  kind: DocumentKind,
  number: Type.String({
    description: 'RE-2026-000001 (invoice), QU- receipt, ST- cancellation, GS- credit note',
  }),
  accountId: Nullable(Uuid),
  periodStart: Nullable(Timestamp),
  periodEnd: Nullable(Timestamp),
  issuedAt: Timestamp,
  dueAt: Nullable(Timestamp),
  issuer: Type.Unknown(),
  recipient: Type.Unknown(),
  currency: Type.String(),
  netCents: Type.Integer(),
  vatCents: Type.Integer(),
  grossCents: Type.Integer(),
  cancelsId: Nullable(Uuid),
  createdBy: Type.String(),
  createdAt: Timestamp,
};
const DocumentSchema = Type.Object(documentProperties, { title: 'Document' });
const DocumentLineSchema = Type.Object(
  {
    id: Type.Integer(),
    documentId: Uuid,
    position: Type.Integer(),
    chargeRecordId: Nullable(Uuid),
    ledgerEntryId: Nullable(Type.Integer()),
    description: Type.String(),
    quantity: Nullable(Type.String()),
    vatRateBp: Type.Integer(),
    netCents: Type.Integer(),
    vatCents: Type.Integer(),
    grossCents: Type.Integer(),
  },
  { title: 'DocumentLine' },
);
const DocumentDetailSchema = Type.Object(
  { ...documentProperties, lines: Type.Array(DocumentLineSchema) },
  { title: 'DocumentDetail' },
);

const PostingSchema = Type.Object(
  {
    entry: LedgerEntrySchema,
    document: Nullable(DocumentSchema),
    balanceCents: Type.Integer(),
    replayed: Type.Boolean({
      description: 'The idempotency key was booked before; nothing was booked again',
    }),
  },
  { title: 'LedgerPosting' },
);

const profileFields = {
  legalName: Nullable(Type.String({ maxLength: 200 })),
  street: Nullable(Type.String({ maxLength: 200 })),
  postalCode: Nullable(Type.String({ maxLength: 20 })),
  city: Nullable(Type.String({ maxLength: 100 })),
  vatId: Nullable(Type.String({ maxLength: 20, description: 'USt-IdNr., e.g. DE123456789' })),
  taxNumber: Nullable(Type.String({ maxLength: 30, description: 'Steuernummer' })),
  billingEmail: Nullable(Type.String({ maxLength: 200, format: 'email' })),
  iban: Nullable(Type.String({ maxLength: 42 })),
  bic: Nullable(Type.String({ maxLength: 11 })),
};
const BillingProfileSchema = Type.Object(
  {
    institutionId: Uuid,
    ...profileFields,
    country: Type.String(),
    currency: Type.String(),
    missing: Type.Array(Type.String(), {
      description: 'What documents still need (§14 Abs. 4 UStG); empty when invoices can be issued',
    }),
  },
  { title: 'BillingProfile' },
);

const InvoiceRunSchema = Type.Object(
  {
    month: Type.String(),
    institutionId: Uuid,
    periodStart: Timestamp,
    periodEnd: Timestamp,
    created: Type.Array(DocumentSchema),
    existing: Type.Array(DocumentSchema),
    skipped: Type.Array(
      Type.Object({ accountId: Uuid, accountNumber: Type.String(), missing: Type.Array(Type.String()) }),
    ),
  },
  { title: 'InvoiceRun' },
);

const ChargeRecordQuery = {
  from: Type.Optional(TimestampInput),
  to: Type.Optional(TimestampInput),
  stationId: Type.Optional(Uuid),
  chargePointId: Type.Optional(Uuid),
  accountId: Type.Optional(Uuid),
  userId: Type.Optional(Uuid),
  companyId: Type.Optional(Uuid),
  sessionId: Type.Optional(Uuid),
  booking: Type.Optional(Booking),
  kind: Type.Optional(StringEnum(['session', 'correction'])),
  strategyKind: Type.Optional(StrategyKind),
};

const PostingBody = (description: string, minimum?: number) =>
  Type.Object({
    amountCents: Type.Integer({
      description,
      ...(minimum === undefined ? {} : { minimum }),
      maximum: 10_000_000,
      minimum: minimum ?? -10_000_000,
    }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    idempotencyKey: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'A retry with the same key books once' }),
    ),
  });

const toDate = (value: string | undefined) => (value === undefined ? undefined : new Date(value));
const page = (q: { limit?: number; offset?: number }) => ({ limit: q.limit ?? 200, offset: q.offset ?? 0 });
const ChargeRecordParams = Type.Object({ chargeRecordId: Uuid });
const AccountParams = Type.Object({ accountId: Uuid });
const DocumentParams = Type.Object({ documentId: Uuid });

export const billingRoutes: RoutesPlugin = async (app, { services }) => {
  const billing = services.billing;

  app.get(
    '/charge-records',
    {
      schema: {
        tags: ['billing'],
        summary: 'Charge records (CDRs), newest stop first',
        querystring: Type.Object({ ...ChargeRecordQuery, ...Paging }),
        response: { 200: Type.Array(ChargeRecordSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => {
      const { limit, offset, from, to, ...filter } = request.query;
      return billing.listChargeRecords(
        request.ctx,
        { ...filter, from: toDate(from), to: toDate(to) },
        page({ limit, offset }),
      );
    },
  );

  app.get(
    '/charge-records/export',
    {
      schema: {
        tags: ['billing'],
        summary: 'Charge records as CSV for spreadsheets (semicolon, decimal comma, UTF-8 with BOM)',
        querystring: Type.Object(ChargeRecordQuery),
        response: {
          200: {
            description: 'One line per record (docs/billing.md)',
            content: { 'text/csv': { schema: Type.String() } },
          },
          ...errorResponses('forbidden'),
        },
      },
    },
    async (request, reply) => {
      const { from, to, ...filter } = request.query;
      const csv = await billing.exportChargeRecords(request.ctx, {
        ...filter,
        from: toDate(from),
        to: toDate(to),
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="ladevorgaenge.csv"')
        .send(csv);
    },
  );

  app.get(
    '/charge-records/totals',
    {
      schema: {
        tags: ['billing'],
        summary: 'Count, energy and money of every charge record the filters match, per currency',
        querystring: Type.Object(ChargeRecordQuery),
        response: { 200: Type.Array(ChargeRecordTotalsSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => {
      const { from, to, ...filter } = request.query;
      return billing.chargeRecordTotals(request.ctx, { ...filter, from: toDate(from), to: toDate(to) });
    },
  );

  app.get(
    '/charge-records/unpriced',
    {
      schema: {
        tags: ['billing'],
        summary: 'Completed sessions without a charge record (pricing failed, e.g. no tariff)',
        querystring: Type.Object({ stationId: Type.Optional(Uuid), ...Paging }),
        response: { 200: Type.Array(UnpricedSessionSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) =>
      billing.listUnpriced(request.ctx, { ...page(request.query), stationId: request.query.stationId }),
  );

  app.get(
    '/charge-records/:chargeRecordId',
    {
      schema: {
        tags: ['billing'],
        summary: 'One charge record with its corrections',
        params: ChargeRecordParams,
        response: { 200: ChargeRecordDetailSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => billing.getChargeRecord(request.ctx, request.params.chargeRecordId),
  );

  app.post(
    '/charge-records/:chargeRecordId/corrections',
    {
      schema: {
        tags: ['billing'],
        summary: 'Correct a charge record: a new correction record, booked like the original',
        params: ChargeRecordParams,
        body: Type.Object({
          amountCents: Type.Optional(
            Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'The new total (gross)' }),
          ),
          deltaCents: Type.Optional(
            Type.Integer({ minimum: -10_000_000, maximum: 10_000_000, description: 'The change (gross)' }),
          ),
          reason: Type.String({ minLength: 1, maxLength: 500 }),
        }),
        response: {
          201: ChargeRecordSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found'),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await billing.correctChargeRecord(request.ctx, request.params.chargeRecordId, request.body)),
  );

  app.post(
    '/sessions/:sessionId/charge-record',
    {
      schema: {
        tags: ['billing'],
        summary: 'Price a completed session left unpriced; answers the existing record when there is one',
        params: Type.Object({ sessionId: Uuid }),
        response: {
          200: ChargeRecordSchema,
          201: ChargeRecordSchema,
          ...errorResponses('forbidden', 'not_found', 'conflict', 'tariff_not_found', 'not_supported'),
        },
      },
    },
    async (request, reply) => {
      const { record, created } = await billing.priceSession(request.ctx, request.params.sessionId);
      return reply.status(created ? 201 : 200).send(record);
    },
  );

  app.get(
    '/accounts/:accountId/balance',
    {
      schema: {
        tags: ['billing'],
        summary: "A payer account's prepaid balance (the sum of its ledger)",
        params: AccountParams,
        response: { 200: BalanceSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => billing.balance(request.ctx, request.params.accountId),
  );

  app.get(
    '/accounts/:accountId/ledger',
    {
      schema: {
        tags: ['billing'],
        summary: 'The prepaid ledger, newest first, with the balance after each entry',
        params: AccountParams,
        querystring: Type.Object(Paging),
        response: { 200: Type.Array(LedgerLineSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => billing.ledger(request.ctx, request.params.accountId, page(request.query)),
  );

  const posting = (
    path: string,
    summary: string,
    body: ReturnType<typeof PostingBody>,
    verb: 'topUp' | 'refund' | 'correctBalance',
  ) =>
    app.post(
      path,
      {
        schema: {
          tags: ['billing'],
          summary,
          params: AccountParams,
          body,
          response: {
            200: PostingSchema,
            201: PostingSchema,
            ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
          },
        },
      },
      async (request, reply) => {
        const result = await billing[verb](request.ctx, request.params.accountId, request.body);
        return reply.status(result.replayed ? 200 : 201).send(result);
      },
    );
  posting(
    '/accounts/:accountId/top-ups',
    'Top up a prepaid balance (Aufladen von Karten), with a receipt',
    PostingBody('Cents paid in, > 0', 1),
    'topUp',
  );
  posting(
    '/accounts/:accountId/refunds',
    'Give money back to a prepaid balance (e.g. for a failed session)',
    PostingBody('Cents credited, > 0', 1),
    'refund',
  );
  posting(
    '/accounts/:accountId/corrections',
    'Correct a prepaid balance by a signed amount (note required)',
    PostingBody('Signed cents, not 0; negative e.g. to pay out the rest of a balance'),
    'correctBalance',
  );

  app.get(
    '/institutions/:institutionId/billing-profile',
    {
      schema: {
        tags: ['billing'],
        summary: "The institution's billing profile: what its invoices and receipts print as issuer",
        params: Type.Object({ institutionId: Uuid }),
        response: { 200: BillingProfileSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => billing.billingProfile(request.ctx, request.params.institutionId),
  );

  app.put(
    '/institutions/:institutionId/billing-profile',
    {
      schema: {
        tags: ['billing'],
        summary: 'Change the billing profile (fields left out stay as they are; null clears)',
        params: Type.Object({ institutionId: Uuid }),
        body: Type.Object({
          ...Object.fromEntries(Object.entries(profileFields).map(([k, v]) => [k, Type.Optional(v)])),
          country: Type.Optional(
            Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2' }),
          ),
        }),
        response: {
          200: BillingProfileSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found'),
        },
      },
    },
    async (request) =>
      billing.updateBillingProfile(
        request.ctx,
        request.params.institutionId,
        request.body as Record<string, string | null>,
      ),
  );

  app.get(
    '/documents',
    {
      schema: {
        tags: ['billing'],
        summary:
          'Invoices, receipts, cancellations and credit notes, newest first; issued in a month or time range',
        querystring: Type.Object({
          kind: Type.Optional(DocumentKind),
          accountId: Type.Optional(Uuid),
          period: Type.Optional(
            Type.String({
              pattern: MONTH_PATTERN,
              description: 'Issued in this month (YYYY-MM, Europe/Berlin)',
            }),
          ),
          from: Type.Optional(TimestampInput),
          to: Type.Optional(TimestampInput),
          q: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 100,
              description: "Part of the number or of the recipient's name, any case",
            }),
          ),
          ...Paging,
        }),
        response: { 200: Type.Array(DocumentSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => {
      const { limit, offset, from, to, ...filter } = request.query;
      return billing.listDocuments(
        request.ctx,
        { ...filter, from: toDate(from), to: toDate(to) },
        page({ limit, offset }),
      );
    },
  );

  app.get(
    '/documents/:documentId',
    {
      schema: {
        tags: ['billing'],
        summary: 'One document with its lines',
        params: DocumentParams,
        response: { 200: DocumentDetailSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => billing.getDocument(request.ctx, request.params.documentId),
  );

  app.get(
    '/documents/:documentId/pdf',
    {
      schema: {
        tags: ['billing'],
        summary: 'The document as issued (PDF)',
        params: DocumentParams,
        response: {
          200: {
            description: 'The PDF exactly as issued',
            content: {
              'application/pdf': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
            },
          },
          ...errorResponses('forbidden', 'not_found'),
        },
      },
    },
    async (request, reply) => {
      const { number, pdf } = await billing.documentPdf(request.ctx, request.params.documentId);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/documents/:documentId/cancellation',
    {
      schema: {
        tags: ['billing'],
        summary: 'Cancel an invoice (Storno): a new cancellation document negating it',
        params: DocumentParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: {
          201: DocumentSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await billing.cancelInvoice(request.ctx, request.params.documentId, request.body)),
  );

  app.post(
    '/invoices/run',
    {
      schema: {
        tags: ['billing'],
        summary: "Issue a month's postpaid invoices (one per account); running it again issues nothing twice",
        body: Type.Object({
          // Checked by the service (422), so the pattern is in the description only.
          month: Type.String({ description: 'YYYY-MM, Europe/Berlin' }),
          institutionId: Type.Optional(Uuid),
        }),
        response: {
          200: InvoiceRunSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found'),
        },
      },
    },
    async (request) => billing.runInvoices(request.ctx, request.body),
  );
};
