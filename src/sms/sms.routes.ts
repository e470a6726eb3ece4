/**
 * SMS over HTTP: the providers' inbound webhook (public, authenticated by provider token), the SMS
 * log, the institutions' numbers and a test message for staff. See docs/sms.md.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  errorResponses,
  Nullable,
  NoContent,
  StringEnum,
  Timestamp,
  TimestampInput,
  Uuid,
} from '../api/schemas.js';
import type { RoutesPlugin } from '../api/route-context.js';
import { systemActor } from '../shared/context.js';
import { Unauthenticated } from '../shared/errors.js';
import { MAX_INBOUND_TEXT } from './gateway/sms-gateway.service.js';

/** A webhook body is one SMS: a few hundred bytes; anything near this is not an SMS. */
const INBOUND_BODY_LIMIT = 16 * 1024;

const PhoneInput = Type.String({
  minLength: 3,
  maxLength: 32,
  pattern: '^\\+?[0-9][0-9 ()./-]*$',
  description: 'e.g. +49 171 1234567, 0049 171 1234567 or the short code 841122',
});

const DIRECTIONS = ['inbound', 'outbound'] as const;
const STATUSES = ['received', 'handled', 'failed', 'queued', 'sent', 'delivered', 'undeliverable'] as const;
const KINDS = ['reply', 'confirmation', 'closing', 'reminder', 'notice'] as const;

const SmsMessageSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Nullable(Uuid),
    direction: StringEnum(DIRECTIONS),
    provider: Type.String(),
    providerMessageId: Nullable(Type.String()),
    from: Type.String({ description: 'Digits; the person’s number masked without sms:phone' }),
    to: Type.String(),
    phoneMasked: Type.Boolean(),
    text: Type.String(),
    language: Nullable(StringEnum(['de', 'en'])),
    kind: Nullable(StringEnum(KINDS)),
    status: StringEnum(STATUSES),
    segments: Nullable(Type.Integer()),
    inReplyToId: Nullable(Uuid),
    smsSessionId: Nullable(Uuid),
    attempts: Type.Integer(),
    nextAttemptAt: Nullable(Timestamp),
    error: Nullable(Type.String()),
    receivedAt: Nullable(Timestamp),
    sentAt: Nullable(Timestamp),
    deliveredAt: Nullable(Timestamp),
    createdAt: Timestamp,
  },
  { title: 'SmsMessage' },
);

const SmsNumberSchema = Type.Object(
  {
    id: Uuid,
    institutionId: Uuid,
    number: Type.String({ description: 'Digits: a short code or an international number without "+"' }),
    label: Nullable(Type.String()),
    active: Type.Boolean(),
    createdAt: Timestamp,
  },
  { title: 'SmsNumber' },
);

const ReceiveResultSchema = Type.Object({
  id: Uuid,
  duplicate: Type.Boolean({ description: 'This message id was delivered before; nothing was handled again' }),
});

const NumberParams = Type.Object({ numberId: Uuid });

/** The provider a webhook call authenticated as, set by its onRequest hook. */
const webhookProviders = new WeakMap<FastifyRequest, string>();

export const smsRoutes: RoutesPlugin = async (app, { services }) => {
  const gateway = services.smsGateway;

  app.post(
    '/sms/inbound',
    {
      config: { public: true },
      bodyLimit: INBOUND_BODY_LIMIT,
      // Before the body is read: an unknown caller learns nothing about the body's rules.
      onRequest: async (request) => {
        const provider = gateway.inboundProvider(request.headers.authorization);
        if (provider === undefined) throw new Unauthenticated('Unknown or missing SMS provider token');
        webhookProviders.set(request, provider);
      },
      schema: {
        tags: ['sms'],
        summary: 'Inbound SMS from a provider (idempotent on the provider message id)',
        description:
          'Authenticated with `Authorization: Bearer <token>` of SMS_INBOUND_TOKENS; the token’s name is the ' +
          'provider. The same `id` twice answers the same message id with `duplicate: true`.',
        security: [],
        body: Type.Object({
          from: PhoneInput,
          to: PhoneInput,
          text: Type.String({ minLength: 1, maxLength: MAX_INBOUND_TEXT }),
          id: Type.String({ minLength: 1, maxLength: 200, description: 'The provider’s message id' }),
          receivedAt: Type.Optional(TimestampInput),
        }),
        response: { 200: ReceiveResultSchema, ...errorResponses('validation_failed') },
      },
    },
    async (request) => {
      const provider = webhookProviders.get(request)!;
      const { from, to, text, id, receivedAt } = request.body;
      const ctx = {
        actor: systemActor(`sms webhook ${provider}`),
        now: services.deps.now,
        log: request.log as unknown as Logger,
      };
      return gateway.receive(ctx, {
        provider,
        providerMessageId: id,
        from,
        to,
        text,
        ...(receivedAt === undefined ? {} : { receivedAt: new Date(receivedAt) }),
      });
    },
  );

  app.post(
    '/sms/test-inbound',
    {
      schema: {
        tags: ['sms'],
        summary: 'Simulate an inbound SMS to one of the institution’s numbers (provider "portal")',
        body: Type.Object({
          from: PhoneInput,
          to: PhoneInput,
          text: Type.String({ minLength: 1, maxLength: MAX_INBOUND_TEXT }),
        }),
        response: { 200: ReceiveResultSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => gateway.testInbound(request.ctx, request.body),
  );

  app.get(
    '/sms/messages',
    {
      schema: {
        tags: ['sms'],
        summary: 'The SMS log, newest first (phone numbers masked without sms:phone)',
        querystring: Type.Object({
          direction: Type.Optional(StringEnum(DIRECTIONS)),
          status: Type.Optional(StringEnum(STATUSES)),
          phone: Type.Optional(Type.String({ minLength: 3, maxLength: 32, description: 'Needs sms:phone' })),
          smsSessionId: Type.Optional(Uuid),
          before: Type.Optional(TimestampInput),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Array(SmsMessageSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => {
      const { direction, status, phone, smsSessionId, before, limit } = request.query;
      return gateway.log.list(request.ctx, {
        limit: limit ?? 100,
        ...(direction === undefined ? {} : { direction }),
        ...(status === undefined ? {} : { status }),
        ...(phone === undefined ? {} : { phone }),
        ...(smsSessionId === undefined ? {} : { smsSessionId }),
        ...(before === undefined ? {} : { before: new Date(before) }),
      });
    },
  );

  app.get(
    '/sms/messages/:messageId',
    {
      schema: {
        tags: ['sms'],
        summary: 'One SMS',
        params: Type.Object({ messageId: Uuid }),
        response: { 200: SmsMessageSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => gateway.log.get(request.ctx, request.params.messageId),
  );

  app.get(
    '/sms/numbers',
    {
      schema: {
        tags: ['sms'],
        summary: 'The numbers people text (short codes, long numbers)',
        response: { 200: Type.Array(SmsNumberSchema), ...errorResponses('forbidden') },
      },
    },
    async (request) => gateway.numbers.list(request.ctx),
  );

  app.get(
    '/sms/numbers/:numberId',
    {
      schema: {
        tags: ['sms'],
        summary: 'One SMS number',
        params: NumberParams,
        response: { 200: SmsNumberSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => gateway.numbers.get(request.ctx, request.params.numberId),
  );

  app.post(
    '/sms/numbers',
    {
      schema: {
        tags: ['sms'],
        summary: 'Register a number (unique across all institutions; audited)',
        body: Type.Object({
          number: PhoneInput,
          label: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          institutionId: Type.Optional(Uuid),
        }),
        response: { 201: SmsNumberSchema, ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      const { number, label, institutionId } = request.body;
      const created = await gateway.numbers.create(request.ctx, {
        number,
        ...(label === undefined ? {} : { label }),
        ...(institutionId === undefined ? {} : { institutionId }),
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/sms/numbers/:numberId',
    {
      schema: {
        tags: ['sms'],
        summary: 'Relabel, deactivate or reactivate a number (audited)',
        params: NumberParams,
        body: Type.Object({
          label: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          active: Type.Optional(Type.Boolean()),
        }),
        response: { 200: SmsNumberSchema, ...errorResponses('forbidden', 'not_found') },
      },
    },
    async (request) => {
      const { label, active } = request.body;
      return gateway.numbers.update(request.ctx, request.params.numberId, {
        ...(label === undefined ? {} : { label }),
        ...(active === undefined ? {} : { active }),
      });
    },
  );

  app.delete(
    '/sms/numbers/:numberId',
    {
      schema: {
        tags: ['sms'],
        summary: 'Delete a number; refused while open SMS sessions use it (deactivate instead; audited)',
        params: NumberParams,
        response: { 204: NoContent, ...errorResponses('forbidden', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await gateway.numbers.remove(request.ctx, request.params.numberId);
      return reply.status(204).send(null);
    },
  );
};
