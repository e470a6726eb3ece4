/**
 * `/api/v1/me`: the drivers' own area. Only a logged-in driver may call these (staff get 403), and
 * only for their own rows (a company admin also for their company's); anybody else's id is a 404.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, Paging, StringEnum, Timestamp, Uuid } from '../api/schemas.js';

const StrategyKind = StringEnum(['prepaid', 'postpaid', 'carrier', 'free', 'roaming']);
const BilledTo = StringEnum(['own', 'company', 'none'], {
  description: 'Who pays for the driver’s charging: their own account, their company, or nobody yet',
});

const ProfileSchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    locale: StringEnum(['de', 'en']),
    street: Nullable(Type.String()),
    postalCode: Nullable(Type.String()),
    city: Nullable(Type.String()),
    country: Type.String(),
    company: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
    companyAdmin: Type.Boolean(),
    billedTo: BilledTo,
    accountNumber: Nullable(
      Type.String({ description: 'The customer number the driver’s charging is billed under' }),
    ),
  },
  { title: 'MyProfile' },
);

const CostSchema = Type.Object(
  {
    cents: Type.Integer({ description: 'Gross, as the driver pays it' }),
    currency: Type.String(),
    final: Type.Boolean({ description: 'false while the session runs: the cost so far' }),
    asOf: Timestamp,
  },
  { title: 'MySessionCost' },
);

const sessionProperties = {
  id: Uuid,
  status: StringEnum(['active', 'completed']),
  startedAt: Timestamp,
  stoppedAt: Nullable(Timestamp),
  durationSeconds: Type.Integer(),
  energyWh: Type.Integer(),
  stationName: Nullable(Type.String()),
  compartment: Nullable(Type.String({ description: 'The compartment’s or charge point’s short name' })),
  card: Nullable(Type.Object({ id: Uuid, value: Type.String(), label: Nullable(Type.String()) })),
  driverName: Nullable(Type.String()),
  cost: Nullable(CostSchema),
};
const SessionSchema = Type.Object(sessionProperties, { title: 'MySession' });
const SessionDetailSchema = Type.Object(
  {
    ...sessionProperties,
    lines: Type.Array(
      Type.Object({
        kind: Type.String(),
        description: Type.Object({ de: Type.String(), en: Type.String() }),
        quantity: Type.Number(),
        unit: Type.String(),
        unitPriceCents: Type.Optional(Type.Integer()),
        amountCents: Type.Integer(),
      }),
      { description: 'The priced lines (so far, while running)' },
    ),
  },
  { title: 'MySessionDetail' },
);

const cardProperties = {
  id: Uuid,
  value: Type.String(),
  type: Type.String(),
  label: Nullable(Type.String()),
  status: StringEnum(['accepted', 'blocked']),
  expiresAt: Nullable(Timestamp),
};
const CardSchema = Type.Object(cardProperties, { title: 'MyCard' });
const CompanyCardSchema = Type.Object(
  {
    ...cardProperties,
    holder: Type.Object({ kind: StringEnum(['company', 'user']), name: Type.String() }),
    master: Type.Boolean(),
  },
  { title: 'MyCompanyCard' },
);

const BalanceSchema = Type.Object(
  {
    billedTo: BilledTo,
    companyName: Nullable(Type.String()),
    accountNumber: Nullable(Type.String()),
    strategyKind: Nullable(StrategyKind),
    balanceCents: Nullable(Type.Integer({ description: 'Prepaid accounts of the driver only' })),
    minimumBalanceCents: Nullable(Type.Integer()),
    canStart: Nullable(Type.Boolean()),
    currency: Type.String(),
  },
  { title: 'MyBalance' },
);

const LedgerLineSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: StringEnum(['topup', 'session', 'refund', 'correction']),
    amountCents: Type.Integer({ description: 'Signed: top-ups and refunds positive, sessions negative' }),
    currency: Type.String(),
    balanceAfterCents: Type.Integer(),
    note: Nullable(Type.String()),
    documentId: Nullable(Uuid),
    chargeRecordId: Nullable(Uuid),
    createdAt: Timestamp,
  },
  { title: 'MyLedgerLine' },
);

const DocumentSchema = Type.Object(
  {
    id: Uuid,
    kind: StringEnum(['invoice', 'receipt', 'cancellation']),
    number: Type.String(),
    periodStart: Nullable(Timestamp),
    periodEnd: Nullable(Timestamp),
    issuedAt: Timestamp,
    dueAt: Nullable(Timestamp),
    currency: Type.String(),
    netCents: Type.Integer(),
    vatCents: Type.Integer(),
    grossCents: Type.Integer(),
    cancelsId: Nullable(Uuid),
  },
  { title: 'MyDocument' },
);

const CompanySchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    street: Nullable(Type.String()),
    postalCode: Nullable(Type.String()),
    city: Nullable(Type.String()),
    country: Type.String(),
    email: Nullable(Type.String()),
    vatId: Nullable(Type.String()),
    status: StringEnum(['active', 'suspended']),
    accountNumber: Type.String(),
    strategy: Type.Object({ name: Type.String(), kind: StrategyKind, paymentTermDays: Type.Integer() }),
    masterCard: Nullable(CardSchema),
    memberCount: Type.Integer(),
    balanceCents: Nullable(Type.Integer({ description: 'Prepaid companies only' })),
    currency: Type.String(),
  },
  { title: 'MyCompany' },
);

const SessionQuery = Type.Object({ ...Paging, status: Type.Optional(StringEnum(['active', 'completed'])) });
const PageQuery = Type.Object(Paging);
const page = (query: { limit?: number; offset?: number }) => ({
  limit: query.limit ?? 200,
  offset: query.offset ?? 0,
});
const PdfResponse = {
  description: 'The PDF exactly as issued',
  content: { 'application/pdf': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};

const sendPdf = (reply: FastifyReply, { number, pdf }: { number: string; pdf: Buffer }) =>
  reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`)
    .send(pdf);

const tags = ['self-service'];
const driverErrors = errorResponses('forbidden');

export const selfServiceRoutes: RoutesPlugin = async (app, { services }) => {
  const self = services.selfService;

  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'The logged-in driver: name, e-mail, language, company, customer number',
        response: { 200: ProfileSchema, ...driverErrors },
      },
    },
    async (request) => self.profile(request.ctx),
  );

  app.patch(
    '/me',
    {
      schema: {
        tags,
        summary: 'Change the own language (SMS, e-mails, documents) or phone number',
        body: Type.Object({
          locale: Type.Optional(StringEnum(['de', 'en'])),
          phone: Type.Optional(Nullable(Type.String({ minLength: 3, maxLength: 32 }))),
        }),
        response: { 200: ProfileSchema, ...errorResponses('validation_failed', 'forbidden') },
      },
    },
    async (request) => self.updateProfile(request.ctx, request.body),
  );

  app.get(
    '/me/sessions',
    {
      schema: {
        tags,
        summary:
          'The driver’s sessions (those of their cards), newest first; a running one with its cost so far',
        querystring: SessionQuery,
        response: { 200: Type.Array(SessionSchema), ...driverErrors },
      },
    },
    async (request) => self.sessions(request.ctx, { ...page(request.query), status: request.query.status }),
  );

  app.get(
    '/me/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'One of the driver’s sessions with its priced lines',
        params: Type.Object({ sessionId: Uuid }),
        response: { 200: SessionDetailSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => self.session(request.ctx, request.params.sessionId),
  );

  app.get(
    '/me/cards',
    {
      schema: {
        tags,
        summary: 'The driver’s cards',
        response: { 200: Type.Array(CardSchema), ...driverErrors },
      },
    },
    async (request) => self.cards(request.ctx),
  );

  app.post(
    '/me/cards/:tokenId/block',
    {
      schema: {
        tags,
        summary: 'Block an own card at once (lost or stolen); only the operator can unblock it',
        description: 'Blocking a blocked card again changes nothing and answers the card.',
        params: Type.Object({ tokenId: Uuid }),
        response: { 200: CardSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => self.blockCard(request.ctx, request.params.tokenId),
  );

  app.get(
    '/me/balance',
    {
      schema: {
        tags,
        summary: 'The prepaid balance, or who pays instead (company members: their company)',
        response: { 200: BalanceSchema, ...driverErrors },
      },
    },
    async (request) => self.balance(request.ctx),
  );

  app.get(
    '/me/ledger',
    {
      schema: {
        tags,
        summary: 'The own account’s ledger, newest first, with the balance after each entry',
        querystring: PageQuery,
        response: { 200: Type.Array(LedgerLineSchema), ...driverErrors },
      },
    },
    async (request) => self.ledger(request.ctx, page(request.query)),
  );

  app.get(
    '/me/documents',
    {
      schema: {
        tags,
        summary: 'Invoices, receipts and cancellations issued to the driver’s own account',
        querystring: PageQuery,
        response: { 200: Type.Array(DocumentSchema), ...driverErrors },
      },
    },
    async (request) => self.documents(request.ctx, page(request.query)),
  );

  app.get(
    '/me/documents/:documentId/pdf',
    {
      schema: {
        tags,
        summary: 'One of the driver’s documents as issued (PDF)',
        params: Type.Object({ documentId: Uuid }),
        response: { 200: PdfResponse, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request, reply) => sendPdf(reply, await self.documentPdf(request.ctx, request.params.documentId)),
  );

  app.get(
    '/me/company',
    {
      schema: {
        tags,
        summary: 'Company admins: the company, its master card and accounting strategy',
        response: { 200: CompanySchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => self.company(request.ctx),
  );

  app.get(
    '/me/company/cards',
    {
      schema: {
        tags,
        summary: 'Company admins: every card of the company and its members',
        response: { 200: Type.Array(CompanyCardSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => self.companyCards(request.ctx),
  );

  app.post(
    '/me/company/cards/:tokenId/block',
    {
      schema: {
        tags,
        summary: 'Company admins: block a card of the company or of a member at once',
        params: Type.Object({ tokenId: Uuid }),
        response: { 200: CardSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => self.blockCompanyCard(request.ctx, request.params.tokenId),
  );

  app.get(
    '/me/company/sessions',
    {
      schema: {
        tags,
        summary: 'Company admins: the sessions of the company’s cards, newest first',
        querystring: SessionQuery,
        response: { 200: Type.Array(SessionSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) =>
      self.companySessions(request.ctx, { ...page(request.query), status: request.query.status }),
  );

  app.get(
    '/me/company/documents',
    {
      schema: {
        tags,
        summary: 'Company admins: the collective bill (documents issued to the company’s account)',
        querystring: PageQuery,
        response: { 200: Type.Array(DocumentSchema), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => self.companyDocuments(request.ctx, page(request.query)),
  );

  app.get(
    '/me/company/documents/:documentId/pdf',
    {
      schema: {
        tags,
        summary: 'Company admins: one of the company’s documents as issued (PDF)',
        params: Type.Object({ documentId: Uuid }),
        response: { 200: PdfResponse, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request, reply) =>
      sendPdf(reply, await self.companyDocumentPdf(request.ctx, request.params.documentId)),
  );
};
