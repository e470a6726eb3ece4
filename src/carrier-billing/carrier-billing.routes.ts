/** Carrier charges (the SMS sessions' phone-bill charges), monthly credit notes and their statements. */
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
import { privacyRoutes } from '../privacy/privacy.routes.js';

const Status = StringEnum(['pending', 'charged', 'failed', 'waived'], {
  description:
    'pending: in the outbox (retried with backoff); charged; failed: refused or given up; waived: 0,00 €',
});

const CarrierChargeSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    chargeRecordId: Uuid,
    smsSessionId: Uuid,
    sessionId: Uuid,
    phone: Type.String({
      description: 'In full with sms:phone, masked otherwise; a pseudonym after retention',
    }),
    amountCents: Type.Integer({ description: 'Gross, as charged to the phone' }),
    currency: Type.String(),
    status: Status,
    adapter: Nullable(Type.String()),
    attempts: Type.Integer(),
    nextAttemptAt: Nullable(Timestamp),
    providerReference: Nullable(Type.String()),
    error: Nullable(Type.String()),
    settledAt: Nullable(Timestamp),
    creditNoteId: Nullable(Uuid),
    pseudonymisedAt: Nullable(Timestamp),
    createdAt: Timestamp,
    chargePointName: Nullable(Type.String()),
    startedAt: Timestamp,
    stoppedAt: Timestamp,
    durationSeconds: Type.Integer(),
  },
  { title: 'CarrierCharge' },
);

const DocumentSummarySchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    kind: Type.String(),
    number: Type.String({ description: 'GS-2026-000001' }),
    periodStart: Nullable(Timestamp),
    periodEnd: Nullable(Timestamp),
    issuedAt: Timestamp,
    currency: Type.String(),
    netCents: Type.Integer(),
    vatCents: Type.Integer(),
    grossCents: Type.Integer({ description: 'The payout: sessions minus the platform fee' }),
  },
  { title: 'CreditNoteSummary' },
);

const CreditNoteRunSchema = Type.Object(
  {
    month: Type.String(),
    periodStart: Timestamp,
    periodEnd: Timestamp,
    created: Type.Array(DocumentSummarySchema),
    existing: Type.Array(DocumentSummarySchema),
    skipped: Type.Array(Type.Object({ institutionId: Uuid, missing: Type.Array(Type.String()) })),
  },
  { title: 'CreditNoteRun' },
);

const toDate = (value: string | undefined) => (value === undefined ? undefined : new Date(value));
const CarrierChargeParams = Type.Object({ carrierChargeId: Uuid });

export const carrierBillingRoutes: RoutesPlugin = async (app, { services }) => {
  const carrier = services.carrierBilling;

  app.get(
    '/carrier-charges',
    {
      schema: {
        tags: ['carrier-billing'],
        summary: 'Carrier charges of SMS sessions, newest first',
        querystring: Type.Object({
          status: Type.Optional(Status),
          from: Type.Optional(TimestampInput),
          to: Type.Optional(TimestampInput),
          smsSessionId: Type.Optional(Uuid),
          creditNoteId: Type.Optional(Uuid),
          ...Paging,
        }),
        response: { 200: Type.Array(CarrierChargeSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => {
      const { limit, offset, from, to, ...filter } = request.query;
      return carrier.list(
        request.ctx,
        { ...filter, from: toDate(from), to: toDate(to) },
        { limit: limit ?? 200, offset: offset ?? 0 },
      );
    },
  );

  app.get(
    '/carrier-charges/:carrierChargeId',
    {
      schema: {
        tags: ['carrier-billing'],
        summary: 'One carrier charge with its outcome',
        params: CarrierChargeParams,
        response: { 200: CarrierChargeSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => carrier.get(request.ctx, request.params.carrierChargeId),
  );

  app.post(
    '/carrier-charges/:carrierChargeId/retry',
    {
      schema: {
        tags: ['carrier-billing'],
        summary: 'Send a failed carrier charge again (same idempotency key); audited',
        params: CarrierChargeParams,
        response: { 200: CarrierChargeSchema, ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request) => carrier.retry(request.ctx, request.params.carrierChargeId),
  );

  app.post(
    '/credit-notes/run',
    {
      schema: {
        tags: ['carrier-billing'],
        summary:
          "Issue a month's credit notes (Gutschriften) for carrier-billed SMS sessions, one per institution; running it again issues nothing twice",
        description:
          'Platform admins without institutionId run every institution. The credit notes are documents of kind credit_note (GET /documents).',
        body: Type.Object({
          // Checked by the service (422), so the pattern is in the description only.
          month: Type.String({ description: 'YYYY-MM, Europe/Berlin; the month must be over' }),
          institutionId: Type.Optional(Uuid),
        }),
        response: {
          200: CreditNoteRunSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found'),
        },
      },
    },
    async (request) => carrier.creditNotes.run(request.ctx, request.body),
  );

  app.get(
    '/documents/:documentId/statement.csv',
    {
      schema: {
        tags: ['carrier-billing'],
        summary:
          "A document's lines as CSV for spreadsheets; for a credit note the itemized statement (Einzelverbindungsnachweis)",
        params: Type.Object({ documentId: Uuid }),
        response: {
          200: {
            description: 'Semicolon, decimal comma, UTF-8 with BOM (docs/billing.md)',
            content: { 'text/csv': { schema: Type.String() } },
          },
          ...errorResponses('forbidden', 'not_found'),
        },
      },
    },
    async (request, reply) => {
      const { number, csv } = await carrier.creditNotes.statementCsv(request.ctx, request.params.documentId);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${number.replace(/[^A-Za-z0-9._-]/g, '_')}-einzelnachweis.csv"`,
        )
        .send(csv);
    },
  );

  await app.register(privacyRoutes, { services });
};
