/** Privacy jobs on demand: the phone-number retention run (registered by carrier-billing.routes.ts). */
import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../api/route-context.js';
import { errorResponses, Nullable, StringEnum, Timestamp, Uuid } from '../api/schemas.js';

const RetentionResultSchema = Type.Object(
  {
    mode: StringEnum(['pseudonym', 'erase'], {
      description: 'pseudonym: HMAC pseudonyms (PHONE_PSEUDONYM_KEY); erase: numbers replaced by "erased"',
    }),
    cutoff: Timestamp,
    institutionId: Nullable(Uuid),
    smsSessions: Type.Integer(),
    smsMessages: Type.Integer(),
    carrierCharges: Type.Integer(),
  },
  { title: 'PhoneRetentionResult' },
);

export const privacyRoutes: RoutesPlugin = async (app, { services }) => {
  const retention = services.carrierBilling.privacy;

  app.post(
    '/privacy/phone-retention/run',
    {
      schema: {
        tags: ['privacy'],
        summary:
          'Pseudonymise the phone numbers of settled SMS sessions past PHONE_RETENTION_DAYS now (also runs daily)',
        description:
          'Platform admins: every institution, or the one named. Institution admins and accountants (sms:phone and billing:manage): their own institution.',
        body: Type.Object({ institutionId: Type.Optional(Uuid) }),
        response: {
          200: RetentionResultSchema,
          ...errorResponses('validation_failed', 'forbidden', 'not_found'),
        },
      },
    },
    async (request) => retention.run(request.ctx, request.body),
  );
};
