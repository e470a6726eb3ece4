import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, StringEnum, Timestamp, TimestampInput, Uuid } from '../api/schemas.js';
import type { TariffTargetKind } from './pricing.service.js';
import { TariffDefinitionSchema } from './tariff-definition.js';

const TARGET_KINDS = ['all', 'user', 'user_group', 'station', 'station_group'] as const;
const SOURCE_KINDS = [
  'price_event',
  'user_group',
  'charge_point',
  'station',
  'station_group',
  'location',
  'institution',
] as const;

const TariffSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    name: Type.String(),
    currency: Type.String(),
    vatRateBp: Type.Integer({ description: 'VAT in basis points (1900 = 19 %)' }),
    definition: TariffDefinitionSchema,
    active: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Tariff' },
);

const DefinitionInput = Type.Unsafe<unknown>({
  type: 'object',
  description:
    'The price components (schema TariffDefinition, see the Tariff response; docs/pricing.md). Checked field by field: a bad field answers 422 naming it.',
});

const TariffFields = {
  currency: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217, default EUR' })),
  vatRateBp: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Default 1900 (19 %)' })),
  active: Type.Optional(
    Type.Boolean({ description: 'Inactive tariffs price nothing; the next in the chain applies' }),
  ),
};
const Name = Type.String({ minLength: 1, maxLength: 200 });

const SourceSchema = Type.Object(
  { kind: StringEnum(SOURCE_KINDS), id: Uuid },
  { title: 'TariffSource', description: 'Where the tariff comes from' },
);

const AssignmentSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    targetKind: StringEnum(['institution', 'location', 'station_group', 'station', 'charge_point']),
    targetId: Uuid,
    tariffId: Uuid,
    createdAt: Timestamp,
  },
  { title: 'TariffAssignment' },
);

const PriceEventSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    name: Type.String(),
    targetKind: StringEnum(TARGET_KINDS),
    targetId: Nullable(Uuid),
    tariffId: Uuid,
    validFrom: Timestamp,
    validTo: Timestamp,
    createdAt: Timestamp,
  },
  { title: 'PriceEvent' },
);

const DiscountSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    strategyId: Uuid,
    name: Type.String(),
    targetKind: StringEnum(TARGET_KINDS),
    targetId: Nullable(Uuid),
    percentBp: Nullable(Type.Integer()),
    amountCents: Nullable(Type.Integer()),
    stackable: Type.Boolean(),
    validFrom: Nullable(Timestamp),
    validTo: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { title: 'Discount' },
);

const LineSchema = Type.Object(
  {
    kind: StringEnum([
      'start_fee',
      'time',
      'energy',
      'occupancy',
      'minimum',
      'maximum',
      'daily_cap',
      'discount',
    ]),
    description: Type.Object({ de: Type.String(), en: Type.String() }),
    quantity: Type.Number(),
    unit: StringEnum(['unit', 'minute', 'Wh', 'session', 'day']),
    unitPriceCents: Type.Optional(Type.Integer()),
    amountCents: Type.Integer({ description: 'Gross cents; negative for reductions' }),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    sourceId: Type.Optional(Type.String()),
  },
  { title: 'PricedLine' },
);

const QuoteSchema = Type.Object(
  {
    currency: Type.String(),
    lines: Type.Array(LineSchema),
    totalCents: Type.Integer(),
    vatRateBp: Type.Integer(),
    netCents: Type.Integer(),
    vatCents: Type.Integer(),
    tariffId: Uuid,
    tariffName: Type.String(),
    eventId: Nullable(Uuid),
    discountIds: Type.Array(Uuid),
    startedAt: Timestamp,
    stoppedAt: Timestamp,
    source: SourceSchema,
  },
  { title: 'Quote' },
);

const PriceTextSchema = Type.Object(
  {
    chargePointId: Uuid,
    lang: StringEnum(['de', 'en']),
    text: Type.String(),
    short: Nullable(
      Type.String({ description: 'Fits one SMS (160 GSM characters); null when nothing does' }),
    ),
    tariffId: Uuid,
    tariffName: Type.String(),
    source: SourceSchema,
  },
  { title: 'PriceText' },
);

const PreviewTextSchema = Type.Object({
  lang: StringEnum(['de', 'en']),
  text: Type.String(),
  short: Nullable(Type.String()),
  sms: Type.String({
    description: 'What the SMS confirmation carries: the one-SMS form, or the full text when none fits',
  }),
});

const TariffPreviewSchema = Type.Object(
  {
    startedAt: Timestamp,
    stoppedAt: Timestamp,
    currency: Type.String(),
    vatRateBp: Type.Integer(),
    lines: Type.Array(LineSchema),
    totalCents: Type.Integer(),
    netCents: Type.Integer(),
    vatCents: Type.Integer(),
    priceText: Type.Object({ de: PreviewTextSchema, en: PreviewTextSchema }),
  },
  { title: 'TariffPreview' },
);

const AssignmentListSchema = Type.Object(
  {
    ...AssignmentSchema.properties,
    targetName: Nullable(
      Type.String({
        description:
          'Name of the location, group or institution; station name or charge box id; charge point short name',
      }),
    ),
  },
  { title: 'TariffAssignmentListed' },
);

const TariffParams = Type.Object({ tariffId: Uuid });
const EventParams = Type.Object({ eventId: Uuid });
const DiscountParams = Type.Object({ discountId: Uuid });
const ChargePointParams = Type.Object({ chargePointId: Uuid });
const ListQuery = Type.Object({ institutionId: Type.Optional(Uuid) });

const EventFields = {
  targetKind: StringEnum(TARGET_KINDS),
  targetId: Type.Optional(Nullable(Uuid)),
  tariffId: Uuid,
  validFrom: TimestampInput,
  validTo: TimestampInput,
};

const DiscountFields = {
  targetKind: StringEnum(TARGET_KINDS),
  targetId: Type.Optional(Nullable(Uuid)),
  percentBp: Type.Optional(
    Nullable(Type.Integer({ minimum: 1, maximum: 10_000, description: '1000 = 10 %' })),
  ),
  amountCents: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 }))),
  stackable: Type.Optional(Type.Boolean()),
  validFrom: Type.Optional(Nullable(TimestampInput)),
  validTo: Type.Optional(Nullable(TimestampInput)),
};

/** PUT/DELETE …/tariff for each level of the inheritance chain. */
const ASSIGNABLE: { path: string; param: string; kind: TariffTargetKind; label: string }[] = [
  {
    path: '/charge-points/:chargePointId/tariff',
    param: 'chargePointId',
    kind: 'charge_point',
    label: 'charge point',
  },
  { path: '/stations/:stationId/tariff', param: 'stationId', kind: 'station', label: 'station' },
  {
    path: '/station-groups/:groupId/tariff',
    param: 'groupId',
    kind: 'station_group',
    label: 'station group',
  },
  { path: '/locations/:locationId/tariff', param: 'locationId', kind: 'location', label: 'location' },
  {
    path: '/institutions/:institutionId/tariff',
    param: 'institutionId',
    kind: 'institution',
    label: 'institution',
  },
];

export const pricingRoutes: RoutesPlugin = async (app, { services }) => {
  const pricing = services.pricing;

  // ---- tariffs ----
  app.get(
    '/tariffs',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Tariffs (price modules)',
        querystring: ListQuery,
        response: { 200: Type.Array(TariffSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => pricing.listTariffs(request.ctx, request.query),
  );

  app.post(
    '/tariffs',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Create a tariff',
        body: Type.Object({
          institutionId: Type.Optional(Uuid),
          name: Name,
          definition: DefinitionInput,
          ...TariffFields,
        }),
        response: {
          201: TariffSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await pricing.createTariff(request.ctx, request.body)),
  );

  app.post(
    '/tariffs/preview',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Price a draft tariff before saving it: a hypothetical session and the SMS price text',
        description:
          'Nothing is stored. The definition is checked like a write (422 naming the field); the session is priced by the billing engine without events or discounts, and the price texts are those the SMS confirmation would carry.',
        body: Type.Object({
          definition: DefinitionInput,
          currency: TariffFields.currency,
          vatRateBp: TariffFields.vatRateBp,
          durationMinutes: Type.Integer({
            minimum: 0,
            description: 'Length of the session, at most 31 days',
          }),
          energyWh: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
          startAt: Type.Optional(TimestampInput),
        }),
        response: { 200: TariffPreviewSchema, ...errorResponses('validation_failed', 'forbidden') },
      },
    },
    async (request) => pricing.previewTariff(request.ctx, request.body),
  );

  app.get(
    '/tariff-assignments',
    {
      schema: {
        tags: ['pricing'],
        summary:
          'Where tariffs are assigned (institution, locations, station groups, stations, charge points)',
        querystring: Type.Object({ institutionId: Type.Optional(Uuid), tariffId: Type.Optional(Uuid) }),
        response: { 200: Type.Array(AssignmentListSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => pricing.listAssignments(request.ctx, request.query),
  );

  app.get(
    '/tariffs/:tariffId',
    {
      schema: {
        tags: ['pricing'],
        summary: 'One tariff',
        params: TariffParams,
        response: { 200: TariffSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => pricing.getTariff(request.ctx, request.params.tariffId),
  );

  app.patch(
    '/tariffs/:tariffId',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Change a tariff (audited: who changed which price)',
        params: TariffParams,
        body: Type.Object({
          name: Type.Optional(Name),
          definition: Type.Optional(DefinitionInput),
          ...TariffFields,
        }),
        response: {
          200: TariffSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'conflict'),
        },
      },
    },
    async (request) => pricing.updateTariff(request.ctx, request.params.tariffId, request.body),
  );

  app.delete(
    '/tariffs/:tariffId',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Delete a tariff nothing uses (otherwise deactivate it)',
        params: TariffParams,
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await pricing.deleteTariff(request.ctx, request.params.tariffId);
      return reply.status(204).send(null);
    },
  );

  // ---- assignments ----
  for (const target of ASSIGNABLE) {
    const params = Type.Object({ [target.param]: Uuid });
    const idOf = (p: unknown) => (p as Record<string, string>)[target.param]!;
    app.put(
      target.path,
      {
        schema: {
          tags: ['pricing'],
          summary: `Set the ${target.label}'s tariff`,
          params,
          body: Type.Object({ tariffId: Uuid }),
          response: { 200: AssignmentSchema, ...errorResponses('forbidden', 'not_found') },
        },
      },
      async (request) =>
        pricing.assignTariff(request.ctx, target.kind, idOf(request.params), request.body.tariffId),
    );
    app.delete(
      target.path,
      {
        schema: {
          tags: ['pricing'],
          summary: `Remove the ${target.label}'s own tariff (it inherits again)`,
          params,
          response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found') },
        },
      },
      async (request, reply) => {
        await pricing.unassignTariff(request.ctx, target.kind, idOf(request.params));
        return reply.status(204).send(null);
      },
    );
  }

  app.get(
    '/charge-points/:chargePointId/tariff',
    {
      schema: {
        tags: ['pricing'],
        summary: "The charge point's tariff from its inheritance chain, and where it comes from",
        description:
          'Without user-group tariffs and price events (they depend on the driver and the time; see the quote). tariff is null when none applies.',
        params: ChargePointParams,
        response: {
          200: Type.Object(
            { chargePointId: Uuid, tariff: Nullable(TariffSchema), source: Nullable(SourceSchema) },
            { title: 'EffectiveTariff' },
          ),
          ...errorResponses('forbidden', 'not_found'),
        },
      },
    },
    async (request) => pricing.effectiveTariff(request.ctx, request.params.chargePointId),
  );

  app.get(
    '/charge-points/:chargePointId/quote',
    {
      schema: {
        tags: ['pricing'],
        summary: 'What a session here would cost ("3 h 20 min from now"), priced exactly as billing does',
        params: ChargePointParams,
        querystring: Type.Object({
          duration: Type.Optional(
            Type.String({ pattern: '^P', description: 'ISO 8601 duration, e.g. PT3H20M (default PT1H)' }),
          ),
          energyWh: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
          at: Type.Optional(TimestampInput),
          userId: Type.Optional(Uuid),
        }),
        response: {
          200: QuoteSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found', 'tariff_not_found'),
        },
      },
    },
    async (request) => pricing.quote(request.ctx, request.params.chargePointId, request.query),
  );

  app.get(
    '/charge-points/:chargePointId/price-text',
    {
      schema: {
        tags: ['pricing'],
        summary: 'The plain-language price of a charge point now (German or English), with a one-SMS form',
        params: ChargePointParams,
        querystring: Type.Object({ lang: Type.Optional(StringEnum(['de', 'en'])) }),
        response: { 200: PriceTextSchema, ...errorResponses('forbidden', 'not_found', 'tariff_not_found') },
      },
    },
    async (request) =>
      pricing.priceText(request.ctx, request.params.chargePointId, request.query.lang ?? 'de'),
  );

  // ---- price events ----
  app.get(
    '/price-events',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Price events (time-bounded tariffs for users, groups, stations or station groups)',
        querystring: ListQuery,
        response: { 200: Type.Array(PriceEventSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => pricing.listPriceEvents(request.ctx, request.query),
  );

  app.post(
    '/price-events',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Create a price event',
        body: Type.Object({ institutionId: Type.Optional(Uuid), name: Name, ...EventFields }),
        response: { 201: PriceEventSchema, ...errorResponses('validation_failed', 'forbidden', 'not_found') },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await pricing.createPriceEvent(request.ctx, request.body)),
  );

  app.get(
    '/price-events/:eventId',
    {
      schema: {
        tags: ['pricing'],
        summary: 'One price event',
        params: EventParams,
        response: { 200: PriceEventSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => pricing.getPriceEvent(request.ctx, request.params.eventId),
  );

  app.patch(
    '/price-events/:eventId',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Change a price event',
        params: EventParams,
        body: Type.Partial(Type.Object({ name: Name, ...EventFields })),
        response: { 200: PriceEventSchema, ...errorResponses('validation_failed', 'forbidden', 'not_found') },
      },
    },
    async (request) => pricing.updatePriceEvent(request.ctx, request.params.eventId, request.body),
  );

  app.delete(
    '/price-events/:eventId',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Delete a price event',
        params: EventParams,
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request, reply) => {
      await pricing.deletePriceEvent(request.ctx, request.params.eventId);
      return reply.status(204).send(null);
    },
  );

  // ---- discounts ----
  app.get(
    '/discounts',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Discounts (inside accounting strategies)',
        querystring: Type.Object({ institutionId: Type.Optional(Uuid), strategyId: Type.Optional(Uuid) }),
        response: { 200: Type.Array(DiscountSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => pricing.listDiscounts(request.ctx, request.query),
  );

  app.post(
    '/discounts',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Create a discount in an accounting strategy (percent or fixed amount)',
        body: Type.Object({ strategyId: Uuid, name: Name, ...DiscountFields }),
        response: { 201: DiscountSchema, ...errorResponses('validation_failed', 'forbidden', 'not_found') },
      },
    },
    async (request, reply) => reply.status(201).send(await pricing.createDiscount(request.ctx, request.body)),
  );

  app.get(
    '/discounts/:discountId',
    {
      schema: {
        tags: ['pricing'],
        summary: 'One discount',
        params: DiscountParams,
        response: { 200: DiscountSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => pricing.getDiscount(request.ctx, request.params.discountId),
  );

  app.patch(
    '/discounts/:discountId',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Change a discount',
        params: DiscountParams,
        body: Type.Partial(Type.Object({ name: Name, ...DiscountFields })),
        response: { 200: DiscountSchema, ...errorResponses('validation_failed', 'forbidden', 'not_found') },
      },
    },
    async (request) => pricing.updateDiscount(request.ctx, request.params.discountId, request.body),
  );

  app.delete(
    '/discounts/:discountId',
    {
      schema: {
        tags: ['pricing'],
        summary: 'Delete a discount',
        params: DiscountParams,
        response: { 204: Type.Null(), ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request, reply) => {
      await pricing.deleteDiscount(request.ctx, request.params.discountId);
      return reply.status(204).send(null);
    },
  );
};
